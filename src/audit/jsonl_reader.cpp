#include "audit/jsonl_reader.hpp"

namespace replylint::audit {

namespace {

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

bool JsonlReader::next(RawRecord& record) {
  bool overlong = false;
  if (!input_.getline(record.text, kMaxRecordBytes, overlong)) return false;
  record.line = ++line_;
  record.bytes = record.text.size() + 1;
  record.fields.clear();
  record.error.clear();
  if (!record.text.empty() && record.text.back() == '\r') record.text.pop_back();
  if (line_ == 1) strip_bom(record.text);
  if (overlong) {
    record.error = record_too_long_message();
    record.text.clear();
  } else if (is_blank(record.text)) {
    record.error = "empty line";
  }
  return true;
}

}  // namespace replylint::audit
