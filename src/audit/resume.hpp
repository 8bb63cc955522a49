// `replylint audit --resume`: reading back the output an interrupted run left.
// The output holds one record per input record, in input order, so its k-th
// complete record belongs to the k-th input record. A record is complete when its
// line ends: a kill can cut the last write short, and what follows the last
// complete record is cut off before the run appends the rest.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "audit/audit_record.hpp"
#include "audit/output_format.hpp"

namespace replylint::audit {

// The existing output can not be resumed from (wrong format, other input, ...).
class ResumeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The complete records of an existing output file, one at a time.
class ExistingOutput {
 public:
  // A missing or empty file has no records (the run starts from the beginning).
  // CSV: the header must be the one this run writes (`with_input`: several
  // inputs); a header cut short counts as none. Throws ResumeError.
  ExistingOutput(const std::string& path, OutputFormat format, bool with_input);

  // The next complete record (JSONL: the line without '\n'; CSV: the row without
  // "\r\n"); false when there is none left. Throws ResumeError.
  bool next(std::string& record);

  // After next() returned false: where the complete records end (the append
  // position), and how many bytes of an incomplete record follow.
  uint64_t complete_bytes() const { return complete_; }
  uint64_t torn_bytes() const { return torn_; }
  // Whether the header is in place (CSV; JSONL: always).
  bool has_header() const { return has_header_; }
  uint64_t records() const { return records_; }
  const std::string& path() const { return path_; }

 private:
  int get() {
    if (pos_ == end_ && !fill()) return -1;
    return static_cast<unsigned char>(buffer_[pos_++]);
  }
  bool fill();

  std::string path_;
  OutputFormat format_;
  std::ifstream file_;
  std::string buffer_;
  size_t pos_ = 0, end_ = 0;
  uint64_t complete_ = 0, torn_ = 0, records_ = 0;
  bool has_header_ = true, done_ = false;
};

// What an output record says about the input record it came from.
struct OutputKey {
  uint64_t line = 0;
  std::optional<std::string> input;  // only when the run has several inputs
  std::string id;
  bool failed = false;          // an error record
  std::string error;            // its reason
  nlohmann::ordered_json json;  // JSONL: the whole record
};

// Parses one record of the existing output; `whole`: keep the JSON (JSONL), not
// only the fields that tie it to its input record; `number` (1-based) is for
// messages. Throws ResumeError when it is not an audit output record of this format.
OutputKey parse_output_record(const std::string& record, OutputFormat format, bool with_input,
                              bool whole, const std::string& path, uint64_t number);

// A JSONL output record back into the AuditRecord the summary needs (analysis,
// promises, agent, channel, sent_at; the reply text comes from the input).
void restore_from_output(const nlohmann::ordered_json& j, AuditRecord& record);

}  // namespace replylint::audit
