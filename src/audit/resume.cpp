#include "audit/resume.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace replylint::audit {

using json = nlohmann::ordered_json;

namespace {

// Longer output records are not ours: analysis records stay far below this.
constexpr size_t kMaxOutputRecord = 64u << 20;

std::string where(const std::string& path, uint64_t number) {
  return path + " (record " + std::to_string(number) + ")";
}

// The fields of one CSV output row (delimiter ',', RFC 4180 quotes).
std::vector<std::string> split_csv_row(const std::string& row) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < row.size(); ++i) {
    const char c = row[i];
    if (quoted) {
      if (c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

bool parse_line_number(const std::string& text, uint64_t& line) {
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  line = std::stoull(text);
  return line > 0;
}

Finding finding_from_json(const json& j) {
  Finding f;
  f.rule = j.at("rule").get<std::string>();
  f.category = j.at("category").get<std::string>();
  f.dimension = parse_dimension(j.at("dimension").get<std::string>()).value_or(f.dimension);
  f.severity = parse_severity(j.at("severity").get<std::string>()).value_or(f.severity);
  f.message = j.at("message").get<std::string>();
  f.suggestion = j.at("suggestion").get<std::string>();
  f.text = j.at("text").get<std::string>();
  const json& span = j.at("span");
  f.span.start = span.at("start").get<size_t>();
  f.span.end = span.at("end").get<size_t>();
  f.span.start_utf16 = span.at("start_utf16").get<size_t>();
  f.span.end_utf16 = span.at("end_utf16").get<size_t>();
  return f;
}

}  // namespace

ExistingOutput::ExistingOutput(const std::string& path, OutputFormat format, bool with_input)
    : path_(path), format_(format), buffer_(1u << 20, '\0') {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    has_header_ = false;
    done_ = true;
    return;
  }
  if (std::filesystem::is_directory(path, ec)) throw ResumeError(path + " is a directory");
  file_.open(path, std::ios::binary);
  if (!file_) throw ResumeError(path + ": cannot read the file");

  // The first bytes say which format the file is in (the buffer holds 1 MiB).
  fill();
  const std::string start = buffer_.substr(0, std::min<size_t>(end_, 64));
  const bool csv_one = start.rfind("line,id,", 0) == 0;
  const bool csv_several = start.rfind("input,line,id,", 0) == 0;
  if (format == OutputFormat::jsonl) {
    if (csv_one || csv_several)
      throw ResumeError(path +
                        " holds CSV output: resume with the format it was written in "
                        "(--format csv)");
    return;
  }
  const std::string header = csv_header(with_input);
  const std::string found = buffer_.substr(0, std::min(end_, header.size()));
  if (found == header) {
    pos_ = header.size();
    complete_ = header.size();
    return;
  }
  if (end_ < header.size() && header.rfind(found, 0) == 0) {  // the header was cut short
    has_header_ = false;
    torn_ = found.size();
    done_ = true;
    return;
  }
  if (!start.empty() && start[0] == '{')
    throw ResumeError(path +
                      " holds JSON Lines: resume with the format it was written in "
                      "(--format jsonl)");
  if (csv_several && !with_input)
    throw ResumeError(path +
                      " has an input column: it was written from several inputs, this run has "
                      "one");
  if (csv_one && with_input)
    throw ResumeError(path +
                      " has no input column: it was written from one input, this run has "
                      "several");
  throw ResumeError(path + " does not start with the CSV header replylint audit writes");
}

bool ExistingOutput::fill() {
  if (!file_.is_open()) return false;
  file_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  end_ = static_cast<size_t>(file_.gcount());
  pos_ = 0;
  return end_ > 0;
}

bool ExistingOutput::next(std::string& record) {
  if (done_) return false;
  record.clear();
  const bool csv = format_ == OutputFormat::csv;
  bool quoted = false;
  while (pos_ < end_ || fill()) {
    // Up to the record's end in this buffer: JSONL a '\n', CSV a '\n' outside quotes.
    size_t stop = pos_;
    bool found = false;
    if (!csv) {
      const void* nl = std::memchr(buffer_.data() + pos_, '\n', end_ - pos_);
      stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data()) : end_;
      found = nl != nullptr;
    } else {
      for (; stop < end_; ++stop) {
        if (buffer_[stop] == '"') quoted = !quoted;  // a doubled quote toggles twice
        if (buffer_[stop] == '\n' && !quoted) {
          found = true;
          break;
        }
      }
    }
    if (record.size() + (stop - pos_) > kMaxOutputRecord)
      throw ResumeError(where(path_, records_ + 1) +
                        " is over 64 MiB: not a record replylint audit wrote");
    record.append(buffer_, pos_, stop - pos_);
    pos_ = found ? stop + 1 : stop;
    if (!found) continue;
    if (csv) {
      if (record.empty() || record.back() != '\r')
        throw ResumeError(where(path_, records_ + 1) +
                          " does not end in \\r\\n: not a CSV row replylint audit wrote");
      record.pop_back();
    }
    complete_ += record.size() + (csv ? 2 : 1);
    ++records_;
    return true;
  }
  torn_ = record.size();  // the file ended before the record did
  record.clear();
  done_ = true;
  return false;
}

namespace {

// The top-level fields of a JSONL output record that tie it to its input record.
struct TopLevel {
  bool object = false;
  std::optional<uint64_t> line;
  bool has_input = false, has_error = false;
  std::optional<std::string> input, id;
  std::string error;
};

// Reads them without building the JSON tree (most of a record is its findings).
class TopLevelSax {
 public:
  explicit TopLevelSax(TopLevel& top) : top_(top) {}
  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(json::number_integer_t) { return value(); }
  bool number_unsigned(json::number_unsigned_t n) {
    if (depth_ == 1 && key_ == "line") top_.line = n;
    return value();
  }
  bool number_float(json::number_float_t, const json::string_t&) { return value(); }
  bool string(json::string_t& s) {
    if (depth_ == 1) {
      if (key_ == "input") top_.input = s;
      if (key_ == "id") top_.id = s;
      if (key_ == "error") top_.error = s;
    }
    return value();
  }
  bool binary(json::binary_t&) { return value(); }
  bool start_object(std::size_t) {
    if (depth_ == 0) top_.object = true;
    value();
    ++depth_;
    return true;
  }
  bool end_object() {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    value();
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    return true;
  }
  bool key(json::string_t& k) {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  bool value() {
    if (depth_ == 1) {
      if (key_ == "input") top_.has_input = true;
      if (key_ == "error") top_.has_error = true;
    }
    return true;
  }
  TopLevel& top_;
  int depth_ = 0;
  std::string key_;
};

}  // namespace

OutputKey parse_output_record(const std::string& record, OutputFormat format, bool with_input,
                              bool whole, const std::string& path, uint64_t number) {
  OutputKey key;
  if (format == OutputFormat::csv) {
    std::vector<std::string> fields = split_csv_row(record);
    const size_t first = with_input ? 1 : 0;
    if (fields.size() != 14 + first || !parse_line_number(fields[first], key.line))
      throw ResumeError(where(path, number) + " is not a CSV row replylint audit wrote");
    if (with_input) key.input = std::move(fields[0]);
    key.id = std::move(fields[first + 1]);
    key.error = std::move(fields.back());
    key.failed = !key.error.empty();
    return key;
  }
  TopLevel top;
  bool parsed = true;
  if (whole) {
    try {
      key.json = json::parse(record);
    } catch (const json::parse_error&) {
      parsed = false;
    }
    const json& j = key.json;
    if (parsed && j.is_object()) {
      top.object = true;
      if (auto it = j.find("line"); it != j.end() && it->is_number_unsigned())
        top.line = it->get<uint64_t>();
      if (auto it = j.find("input"); it != j.end()) {
        top.has_input = true;
        if (it->is_string()) top.input = it->get<std::string>();
      }
      if (auto it = j.find("id"); it != j.end() && it->is_string()) top.id = it->get<std::string>();
      if (auto it = j.find("error"); it != j.end()) {
        top.has_error = true;
        top.error = it->is_string() ? it->get<std::string>() : it->dump();
      }
    }
  } else {
    TopLevelSax sax(top);
    parsed = json::sax_parse(record, &sax);
  }
  if (!parsed)
    throw ResumeError(where(path, number) + " is not JSON: not a record replylint audit wrote");
  if (!top.object || !top.line || *top.line == 0)
    throw ResumeError(where(path, number) + " has no \"line\": not a record replylint audit wrote");
  key.line = *top.line;
  if (top.has_input != with_input) {
    throw ResumeError(where(path, number) +
                      (with_input ? " has no \"input\": it was written from one input, this run "
                                    "has several"
                                  : " has an \"input\": it was written from several inputs, this "
                                    "run has one"));
  }
  if (with_input) {
    if (!top.input)
      throw ResumeError(where(path, number) + " has an \"input\" that is not a string");
    key.input = std::move(top.input);
  }
  if (top.id) key.id = std::move(*top.id);
  key.failed = top.has_error;
  key.error = std::move(top.error);
  return key;
}

void restore_from_output(const json& j, AuditRecord& r) {
  if (auto e = j.find("error"); e != j.end()) {
    r.error = e->get<std::string>();
    return;
  }
  Analysis& a = r.analysis;
  a.id = r.id;
  a.lang = j.at("lang").get<std::string>();
  a.scores.authenticity = j.at("scores").at("authenticity").get<int>();
  a.scores.ownership = j.at("scores").at("ownership").get<int>();
  const std::string verdict = j.at("verdict").get<std::string>();
  a.verdict = verdict == "block"    ? Verdict::block
              : verdict == "revise" ? Verdict::revise
                                    : Verdict::send;
  for (const json& f : j.at("findings")) a.findings.push_back(finding_from_json(f));
  for (const json& s : j.at("signals")) a.signals.push_back(finding_from_json(s));
  if (auto p = j.find("promises"); p != j.end()) r.promises = *p;
}

}  // namespace replylint::audit
