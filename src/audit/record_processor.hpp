// The work a pool thread does on a batch of raw records: decode each through the
// field map into a Reply, analyse it, and render its output record. Every record
// gives exactly one result; anything that goes wrong becomes an error record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analyzer.hpp"
#include "audit/audit_record.hpp"
#include "audit/field_map.hpp"
#include "audit/output_format.hpp"
#include "audit/record_reader.hpp"
#include "audit/signoff_agent.hpp"

namespace replylint::audit {

// One input as the workers see it.
struct InputContext {
  std::string name;
  InputFormat format = InputFormat::jsonl;
  std::optional<CsvColumns> csv;  // CSV only
};

struct Batch {
  const InputContext* input = nullptr;
  std::vector<RawRecord> raw;
  std::vector<AuditRecord> records;
  std::string output;  // the rendered output records, in order
  // --resume: the output records already written for the first existing.size()
  // raw records (those are checked and counted, not written again), and the
  // number of the first of them in the existing output (from 1).
  std::vector<std::string> existing;
  uint64_t existing_first = 0;
  uint64_t bytes_read = 0;  // input bytes read when the batch was made (for progress)
};

struct ProcessorOptions {
  std::string lang = "auto";           // as `check --lang`: overrides the records' own unless auto
  std::optional<OutputFormat> output;  // nullopt: no output records (report only)
  bool summary = true;                 // keep what the summary needs (text, signature, day)
  const SignoffAgent* signoff = nullptr;
  bool name_inputs = false;  // several inputs: records say which
  std::string resume_path;   // --resume: the output file read back (for messages)
};

class RecordProcessor {
 public:
  RecordProcessor(const Analyzer& analyzer, const FieldMap& fields, ProcessorOptions options)
      : analyzer_(analyzer), fields_(fields), options_(std::move(options)) {}

  // Fills batch.records and batch.output from batch.raw (which it empties).
  void process(Batch& batch) const;

  // One record (decode + analyse); the result's error says why it failed.
  AuditRecord analyse(const RawRecord& raw, const InputContext& input) const;

  // --resume: a record whose output record `existing` (number `number`) is already
  // written. Checks that the two belong together (line, input, id; ResumeError when
  // not) and, when the summary is wanted, gives the record it needs: JSONL from the
  // output record and the input's text, CSV (whose rows lack the findings) by
  // analysing it again.
  AuditRecord replay(const RawRecord& raw, const std::string& existing, uint64_t number,
                     const InputContext& input) const;

 private:
  bool decode(const RawRecord& raw, const InputContext& input, AuditRecord& out) const;

  const Analyzer& analyzer_;
  const FieldMap& fields_;
  ProcessorOptions options_;
};

}  // namespace replylint::audit
