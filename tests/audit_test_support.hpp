// Helpers for the audit tests: temporary files, gzip fixtures, and the CLI in process.
#pragma once

#include <string>
#include <vector>

namespace replylint::audit_test {

// The audit's input fixtures, with a trailing slash.
inline const std::string kFixtures = std::string(REPLYLINT_SOURCE_DIR) + "/tests/fixtures/audit/";

// A fresh path in a per-process temporary directory.
std::string temp_path(const std::string& name);

// Writes `data` gzip-compressed; `append` adds a second gzip member.
void write_gzip(const std::string& path, const std::string& data, bool append);

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

// `replylint --rules <fixture rules> ARGS...` with `input` on stdin.
CliRun run_cli(std::vector<std::string> args, const std::string& input = "");

std::vector<std::string> lines(const std::string& text);

}  // namespace replylint::audit_test
