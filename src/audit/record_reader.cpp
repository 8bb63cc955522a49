#include "audit/record_reader.hpp"

#include <algorithm>

#include "audit/csv_reader.hpp"
#include "audit/jsonl_reader.hpp"

namespace replylint::audit {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void strip_bom(std::string& s) {
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);
}

std::string record_too_long_message() {
  return "record longer than " + std::to_string(kMaxRecordBytes >> 20) + " MiB";
}

std::unique_ptr<RecordReader> make_reader(InputFormat format, ByteSource& source) {
  if (format == InputFormat::csv) return std::make_unique<CsvReader>(source);
  return std::make_unique<JsonlReader>(source);
}

InputFormat guess_format(const std::string& path) {
  std::string p = path;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ends_with(p, ".gz")) p.resize(p.size() - 3);
  return ends_with(p, ".csv") || ends_with(p, ".tsv") ? InputFormat::csv : InputFormat::jsonl;
}

}  // namespace replylint::audit
