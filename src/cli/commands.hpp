// The commands behind the command line, each given a ready analyser.
#pragma once

#include <string>
#include <vector>

#include "analyzer.hpp"
#include "audit/audit_run.hpp"
#include "cli/cli_app.hpp"
#include "cli/terminal.hpp"

namespace CLI {
class App;
}

namespace replylint::cli {

struct CheckOptions {
  std::vector<std::string> inputs;  // files, "-" for stdin; none: stdin
  std::string text;                 // --text: the reply itself
  std::string lang = "auto";
  std::string customer_file;
  std::string thread_file;        // JSON array of {"role", "text"}, oldest first
  std::string sent_at;            // when the reply is sent (ISO 8601), for deadlines
  std::string format = "text";    // text | json
  std::string fail_on = "block";  // revise | block | never
  ColorMode color = ColorMode::automatic;
  bool jsonl = false;  // read every input as JSON Lines
};

int run_check(const Analyzer& analyzer, const CheckOptions& options, Io& io);

int run_rules_list(const Analyzer& analyzer, const std::string& format, const std::string& lang,
                   Io& io);
int run_rules_test(const Analyzer& analyzer, Io& io);
int run_calibrate(const Analyzer& analyzer, const std::vector<std::string>& files,
                  const std::string& format, Io& io);
int run_explain(const Analyzer& analyzer, const std::string& rule_id, const std::string& format,
                Io& io);

// `audit`: its options are declared on `app` into `options`.
CLI::App* add_audit_command(CLI::App& app, audit::AuditOptions& options);
int run_audit_command(const Analyzer& analyzer, audit::AuditOptions options, const CLI::App& cmd,
                      Io& io);

}  // namespace replylint::cli
