// The audit's output records: JSON Lines (the analysis contract plus agent,
// channel, sent_at and the input line) or flat CSV rows for spreadsheets.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "audit/audit_record.hpp"

namespace replylint::audit {

enum class OutputFormat { jsonl, csv };

// `analysis_json` is to_json(record.analysis) (the caller has it already).
// Error records are {"line", "id" (when readable), "error"}. `input` is named
// only when the run has several inputs (line numbers restart per input).
nlohmann::ordered_json output_record(const AuditRecord& record,
                                     nlohmann::ordered_json analysis_json,
                                     const std::string* input);

// Appends output_record(record, to_json(record.analysis), input) as one line of
// JSON without its newline, written straight from the analysis.
void append_jsonl_record(std::string& out, const AuditRecord& record, const std::string* input);

// The CSV header line and one row per record, each ending in "\r\n" (RFC 4180).
std::string csv_header(bool with_input);
void append_csv_row(std::string& out, const AuditRecord& record, const std::string* input);

// One RFC 4180 field: quoted when it holds a delimiter, quote or line break.
void append_csv_field(std::string& out, std::string_view value);

}  // namespace replylint::audit
