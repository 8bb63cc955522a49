// `replylint audit`: the command line of the batch audit (src/audit/ does the work).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "audit/audit_run.hpp"
#include "cli/commands.hpp"

namespace replylint::cli {

CLI::App* add_audit_command(CLI::App& app, audit::AuditOptions& o) {
  auto* cmd = app.add_subcommand(
      "audit",
      "Audit many replies: JSONL or CSV (plain or gzip) in, one output record per input record "
      "out, in order; optional HTML report and summary JSON");
  cmd->fallthrough();
  cmd->add_option("inputs", o.inputs, "JSONL or CSV files, plain or gzip; - or none: stdin");
  cmd->add_option("-o,--output", o.output,
                  "Output records to FILE, - for stdout (default: stdout, unless --report or "
                  "--summary is given)");
  cmd->add_option("--format", o.format, "Output records: jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  cmd->add_option("--report", o.report, "Write the HTML report to FILE.html");
  cmd->add_option("--summary", o.summary, "Write the aggregates as JSON to FILE.json");
  cmd->add_option("-j,--threads", o.threads, "Analysis threads (default: all hardware threads)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--field", o.fields,
                  "Map input names to the record contract, e.g. reply=text,customer=question "
                  "(repeatable; nested JSON: agent=user.name)")
      ->allow_extra_args(false);
  cmd->add_option("--input-format", o.input_format,
                  "auto (by extension: .csv/.tsv[.gz] is CSV), jsonl or csv")
      ->check(CLI::IsMember({"auto", "jsonl", "csv"}))
      ->capture_default_str();
  cmd->add_option("--lang", o.lang, "Language of the replies: auto, nl or en")
      ->capture_default_str();
  cmd->add_flag("--agent-from-signoff", o.agent_from_signoff,
                "Without an agent field, read the agent from the sign-off (^MY, *AA, - Laura)");
  cmd->add_option("--agent-pattern", o.agent_pattern,
                  "Without an agent field, the agent is this RE2 pattern's first group");
  cmd->add_option("--period", o.period, "Time series per week or month (auto: by the date span)")
      ->check(CLI::IsMember({"auto", "week", "month"}))
      ->capture_default_str();
  cmd->add_option("--progress", o.progress,
                  "Progress on stderr: auto (when a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--title", o.title, "Title of the HTML report");
  cmd->add_flag("--resume", o.resume,
                "Continue a run that was stopped: keep the complete records already in "
                "--output FILE (checked against their input records), cut off an incomplete "
                "last one and append the rest; same inputs and options as the first run");
  return cmd;
}

int run_audit_command(const Analyzer& analyzer, audit::AuditOptions options, const CLI::App& cmd,
                      Io& io) {
  options.output_given = cmd.count("--output") > 0;
  const bool err_is_tty = &io.err == &std::cerr && isatty(STDERR_FILENO) == 1;
  try {
    const audit::AuditOutcome outcome =
        audit::run_audit(analyzer, options, {io.in, io.out, io.err, err_is_tty});
    if (options.resume) {
      io.err << "replylint: audit: resumed " << options.output << ": kept " << outcome.resumed
             << " records";
      if (outcome.cut_off_bytes > 0)
        io.err << ", cut off an incomplete record (" << outcome.cut_off_bytes << " bytes)";
      io.err << ", appended " << outcome.records - outcome.resumed << '\n';
    }
    if (outcome.errors > 0) {
      io.err << "replylint: audit: " << outcome.errors << " of " << outcome.records
             << " records could not be analysed (their error records give line and reason)\n";
      return kFailed;
    }
    return kOk;
  } catch (const audit::AuditSetupError& e) {
    io.err << "replylint: error: " << e.what() << '\n';
    return kUsage;
  }
}

}  // namespace replylint::cli
