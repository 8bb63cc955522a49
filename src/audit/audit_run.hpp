// `replylint audit` without the command line: reads every input in batches,
// analyses them on a pool of threads, writes one output record per input record
// in input order (one write per batch), and builds the summary and the HTML
// report. `resume` continues a run that was killed: the records already in the
// output file are checked against their input records and kept, an incomplete
// last record is cut off, and the rest is appended, so the output ends up the
// same as an uninterrupted run's.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "analyzer.hpp"

namespace replylint::audit {

struct AuditOptions {
  std::vector<std::string> inputs;  // "-" is standard input; none: stdin
  std::string output;               // "-" stdout, a file, or "" (none)
  bool output_given = false;        // without --output: stdout unless a report or summary is asked
  std::string format = "jsonl";     // jsonl | csv
  std::string report;               // HTML report file
  std::string summary;              // summary JSON file
  size_t threads = 0;               // 0: all hardware threads
  std::vector<std::string> fields;  // --field specs
  std::string input_format = "auto";  // auto | jsonl | csv
  std::string lang = "auto";
  bool agent_from_signoff = false;
  std::string agent_pattern;
  std::string period = "auto";    // auto | week | month
  std::string progress = "auto";  // auto | always | never
  std::string title;
  size_t batch_records = 256;
  bool resume = false;  // --resume: needs an output file
};

struct AuditStreams {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool err_is_tty = false;
};

struct AuditOutcome {
  uint64_t records = 0;
  uint64_t errors = 0;
  uint64_t resumed = 0;        // --resume: records already in the output, kept
  uint64_t cut_off_bytes = 0;  // --resume: bytes of an incomplete record cut off
};

// A problem with the run itself (options, inputs or outputs that can not be used).
class AuditSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws AuditSetupError; everything wrong with single records becomes error records.
AuditOutcome run_audit(const Analyzer& analyzer, const AuditOptions& options, AuditStreams io);

}  // namespace replylint::audit
