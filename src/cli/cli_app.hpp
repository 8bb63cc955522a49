// The replylint command line: parses arguments and dispatches to a command.
// In-process (streams passed in) so tests can drive it like a user would.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace replylint::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool out_is_tty = false;
};

// Exit codes: 0 ok, 1 a reply failed --fail-on, a rule test failed or audit records
// could not be analysed, 2 usage, config, rule or input errors.
enum ExitCode { kOk = 0, kFailed = 1, kUsage = 2 };

// `args` includes the program name, like argv.
int run(const std::vector<std::string>& args, Io io);

}  // namespace replylint::cli
