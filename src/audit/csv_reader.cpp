#include "audit/csv_reader.hpp"

#include <algorithm>

namespace replylint::audit {

CsvReader::CsvReader(ByteSource& source) : input_(source) {
  // The header row comes back whole (quotes kept, quoted line breaks included) with
  // delimiter '\0', so the delimiter can be counted before the header is split.
  std::string first;
  {
    std::vector<std::string> row;
    std::string error;
    size_t bytes = 0;
    delimiter_ = '\0';
    if (!read_row(row, error, bytes)) return;  // an empty input: no header, no records
    first = row.empty() ? std::string() : row[0];
  }
  strip_bom(first);
  size_t best = 0;
  delimiter_ = ',';
  for (char d : {',', ';', '\t'}) {
    const auto n = static_cast<size_t>(std::count(first.begin(), first.end(), d));
    if (n > best) best = n, delimiter_ = d;
  }
  // Split the header on the delimiter, honouring quotes.
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < first.size(); ++i) {
    const char c = first[i];
    if (quoted) {
      if (c == '"' && i + 1 < first.size() && first[i + 1] == '"')
        field += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter_) {
      header_.push_back(field), field.clear();
    } else {
      field += c;
    }
  }
  header_.push_back(field);
  for (auto& h : header_) {
    const size_t b = h.find_first_not_of(" \t"), e = h.find_last_not_of(" \t");
    h = b == std::string::npos ? std::string() : h.substr(b, e - b + 1);
  }
}

bool CsvReader::read_row(std::vector<std::string>& fields, std::string& error, size_t& bytes) {
  fields.clear();
  error.clear();
  bytes = 0;
  int c = input_.get();
  if (c < 0) return false;
  const uint64_t start_line = line_;
  std::string field;
  size_t stored = 0;
  bool in_quotes = false, was_quoted = false, after_quote = false, too_long = false;
  // With delimiter '\0' (header sniffing) quotes are kept so the header can be re-split.
  const bool raw = delimiter_ == '\0';
  auto keep = [&](char ch) {
    if (stored >= kMaxRecordBytes) {
      too_long = true;
      return;
    }
    field += ch;
    ++stored;
  };
  auto finish_field = [&] {
    fields.push_back(std::move(field));
    field.clear();
    was_quoted = after_quote = false;
  };
  for (;; c = input_.get()) {
    if (c < 0) {
      if (in_quotes) {
        error = "unterminated quoted field (its quote opens on line " + std::to_string(start_line) +
                " and never closes)";
      }
      break;
    }
    ++bytes;
    const char ch = static_cast<char>(c);
    if (in_quotes) {
      if (ch == '"') {
        if (raw) keep(ch);
        if (input_.peek() == '"') {
          input_.get();
          ++bytes;
          keep('"');
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (ch == '\n') ++line_;
        keep(ch);
      }
      continue;
    }
    if (ch == '\n') {
      ++line_;
      break;
    }
    if (ch == '\r' && input_.peek() == '\n') continue;
    if (!raw && ch == delimiter_) {
      finish_field();
    } else if (ch == '"' && (raw || (field.empty() && !was_quoted))) {
      in_quotes = was_quoted = true;
      if (raw) keep(ch);
    } else {
      if (after_quote && error.empty() && !raw) {
        error = "text after a closing quote (a quote inside a field must be doubled: \"\")";
      }
      keep(ch);
    }
  }
  const bool empty_line = fields.empty() && field.empty() && !was_quoted;
  finish_field();
  if (too_long) error = record_too_long_message();
  if (empty_line && error.empty()) error = "empty line";
  return true;
}

bool CsvReader::next(RawRecord& record) {
  record.line = line_;
  record.text.clear();
  if (!read_row(record.fields, record.error, record.bytes)) return false;
  if (record.error.empty() && record.fields.size() != header_.size()) {
    record.error = "expected " + std::to_string(header_.size()) +
                   " fields (as in the header), found " + std::to_string(record.fields.size());
  }
  return true;
}

}  // namespace replylint::audit
