#include "cli/cli_app.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/serve_command.hpp"
#include "rules_location.hpp"

namespace replylint::cli {
namespace {

struct CommonOptions {
  std::vector<std::string> rule_dirs;
  std::string config_path;
};

// The config named by --config, else ./replylint.json when there is one.
Config load_config(const CommonOptions& common) {
  if (!common.config_path.empty()) return Config::load(common.config_path);
  std::error_code ec;
  if (std::filesystem::is_regular_file("replylint.json", ec)) return Config::load("replylint.json");
  return Config{};
}

Analyzer load_analyzer(const CommonOptions& common, bool honour_disables) {
  Config config = load_config(common);
  if (!honour_disables) {
    config.disabled_rules.clear();
    config.disabled_categories.clear();
  }
  std::vector<std::filesystem::path> dirs(common.rule_dirs.begin(), common.rule_dirs.end());
  if (dirs.empty()) dirs = default_rule_dirs();
  return Analyzer::load(dirs, std::move(config));
}

}  // namespace

int run(const std::vector<std::string>& args, Io io) {
  CLI::App app{
      "replylint: finds scripted, deflecting and evasive phrasing in webcare replies\n"
      "(Dutch and English) and scores each reply for authenticity and ownership.",
      "replylint"};
  app.set_version_flag("--version", std::string("replylint ") + REPLYLINT_VERSION);
  app.require_subcommand(1);

  CommonOptions common;
  app.add_option("--rules", common.rule_dirs,
                 "Rule directory (repeatable); default: the shipped packs, or $REPLYLINT_RULES")
      ->check(CLI::ExistingDirectory);
  app.add_option("--config", common.config_path,
                 "Config file (default: ./replylint.json if present)")
      ->check(CLI::ExistingFile);

  CheckOptions check;
  std::string color = "auto";
  auto* check_cmd = app.add_subcommand(
      "check", "Check replies: FILE is one reply, FILE.jsonl one per line, - is stdin");
  check_cmd->fallthrough();
  check_cmd->add_option("inputs", check.inputs,
                        "Reply files (.jsonl: one JSON record per line); - or none: stdin");
  check_cmd->add_option("-t,--text", check.text, "Check this reply text");
  check_cmd->add_option("--lang", check.lang, "Language of the replies: auto, nl or en")
      ->capture_default_str();
  check_cmd
      ->add_option("--customer", check.customer_file,
                   "File with the customer's message being answered")
      ->check(CLI::ExistingFile);
  check_cmd
      ->add_option("--thread", check.thread_file,
                   "JSON file with the earlier messages: [{\"role\": \"customer\"|\"agent\", "
                   "\"text\": ...}]")
      ->check(CLI::ExistingFile);
  check_cmd->add_option("--sent-at", check.sent_at,
                        "When the reply is sent (ISO 8601), to date its promises; default: now");
  check_cmd
      ->add_option("--format", check.format,
                   "Output: text or json (one JSON object per reply per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  check_cmd
      ->add_option("--fail-on", check.fail_on,
                   "Exit 1 when a reply's verdict is this or worse: revise, block, never")
      ->check(CLI::IsMember({"revise", "block", "never"}))
      ->capture_default_str();
  check_cmd->add_option("--color", color, "Colour: auto (terminal, no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  check_cmd->add_flag("--jsonl", check.jsonl,
                      "Read every input (also stdin) as JSON Lines records");

  auto* rules_cmd = app.add_subcommand("rules", "List the rules or run their examples");
  rules_cmd->fallthrough();
  rules_cmd->require_subcommand(1);
  std::string list_format = "text", list_lang = "all";
  auto* list_cmd = rules_cmd->add_subcommand("list", "List every loaded rule");
  list_cmd->fallthrough();
  list_cmd->add_option("--format", list_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  list_cmd->add_option("--lang", list_lang, "Only this language's rules (default: all)");
  auto* test_cmd =
      rules_cmd->add_subcommand("test", "Run every rule's match and no_match examples");
  test_cmd->fallthrough();

  std::string explain_id, explain_format = "text";
  auto* explain_cmd = app.add_subcommand(
      "explain", "Explain a rule: what it flags, why it hurts, what to write instead");
  explain_cmd->fallthrough();
  explain_cmd->add_option("rule", explain_id, "Rule id, e.g. nl.deflection.third-party")
      ->required();
  explain_cmd->add_option("--format", explain_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  std::vector<std::string> calibrate_files;
  std::string calibrate_format = "text";
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate", "Measure the scores and categories against a labelled corpus (JSONL)");
  calibrate_cmd->fallthrough();
  calibrate_cmd->add_option("corpus", calibrate_files, "Labelled JSONL files (corpus/*.jsonl)")
      ->required()
      ->check(CLI::ExistingFile);
  calibrate_cmd->add_option("--format", calibrate_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand(
      "serve", "Serve the check over HTTP: JSON API, LanguageTool API, playground page");
  serve_cmd->fallthrough();
  add_serve_options(*serve_cmd, serve);

  audit::AuditOptions audit_options;
  auto* audit_cmd = add_audit_command(app, audit_options);

  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, io.out, io.err);
    return code == 0 ? kOk : kUsage;
  }

  try {
    if (*check_cmd) {
      check.color = color == "always"  ? ColorMode::always
                    : color == "never" ? ColorMode::never
                                       : ColorMode::automatic;
      return run_check(load_analyzer(common, true), check, io);
    }
    if (*list_cmd) return run_rules_list(load_analyzer(common, true), list_format, list_lang, io);
    if (*test_cmd) return run_rules_test(load_analyzer(common, false), io);
    if (*calibrate_cmd)
      return run_calibrate(load_analyzer(common, true), calibrate_files, calibrate_format, io);
    if (*explain_cmd)
      return run_explain(load_analyzer(common, false), explain_id, explain_format, io);
    if (*serve_cmd) return run_serve([&] { return load_analyzer(common, true); }, serve, io);
    if (*audit_cmd)
      return run_audit_command(load_analyzer(common, true), audit_options, *audit_cmd, io);
  } catch (const RuleError& e) {
    for (const auto& p : e.problems()) io.err << "replylint: error: " << p << '\n';
    return kUsage;
  } catch (const std::exception& e) {
    io.err << "replylint: error: " << e.what() << '\n';
    return kUsage;
  }
  return kUsage;
}

}  // namespace replylint::cli
