#include "analysis_json_writer.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "utf8.hpp"

namespace replylint {
namespace {}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (!is_valid_utf8(s)) {  // nlohmann's replacement of bad bytes, exactly
    out += nlohmann::ordered_json(std::string(s))
               .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return;
  }
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  // Runs of bytes that need no escape are appended whole: a byte at a time,
  // std::string's out-of-line append was most of writing a finding.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

namespace {

// Doubles as nlohmann writes them ("0.64", "1.0"): rare enough to ask it.
void append_double(std::string& out, double d) {
  out += nlohmann::ordered_json(d).dump();
}

double two_decimals(double d) {
  return std::round(d * 100) / 100;
}

// Writes `[a,b,c]`, each item by `item(out, element)`.
template <typename List, typename Item>
void append_array(std::string& out, const List& list, Item item) {
  out += '[';
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    item(out, list[i]);
  }
  out += ']';
}

// Writes `{"a":1,"b":2}` one member at a time.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  std::string& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += k;
    out_ += "\":";
    return out_;
  }
  void string(std::string_view k, std::string_view v) { append_json_string(key(k), v); }
  void number(std::string_view k, size_t v) { key(k) += std::to_string(v); }
  void integer(std::string_view k, int v) { key(k) += std::to_string(v); }
  void real(std::string_view k, double v) { append_double(key(k), v); }
  void string_or_null(std::string_view k, std::string_view v) {
    if (v.empty()) {
      key(k) += "null";
    } else {
      string(k, v);
    }
  }
  void strings(std::string_view k, const std::vector<std::string>& list) {
    append_array(key(k), list, append_json_string);
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void append_span(std::string& out, const Span& s) {
  ObjectWriter o(out);
  o.number("start", s.start);
  o.number("end", s.end);
  o.number("start_utf16", s.start_utf16);
  o.number("end_utf16", s.end_utf16);
}

void append_finding(std::string& out, const Finding& f) {
  ObjectWriter o(out);
  o.string("rule", f.rule);
  o.string("category", f.category);
  o.string("dimension", to_string(f.dimension));
  o.string("severity", to_string(f.severity));
  o.string("message", f.message);
  o.string("suggestion", f.suggestion);
  o.string("text", f.text);
  append_span(o.key("span"), f.span);
}

void append_promise(std::string& out, const Promise& p) {
  ObjectWriter o(out);
  o.string("who", p.who);
  o.string("what", p.what);
  o.string_or_null("deadline_text", p.deadline_text);
  o.string_or_null("deadline", p.deadline);
  append_span(o.key("span"), p.span);
}

}  // namespace

void append_analysis_json(std::string& out, const Analysis& a) {
  ObjectWriter o(out);
  o.string("id", a.id);
  o.string("lang", a.lang);
  {
    ObjectWriter language(o.key("language"));
    language.string("detected", a.language.lang);
    language.real("confidence", two_decimals(a.language.confidence));
    language.string("method", a.language.method);
    if (!a.language.also.empty()) language.strings("also", a.language.also);
    if (!a.language.note.empty()) language.string("note", a.language.note);
  }
  {
    ObjectWriter scores(o.key("scores"));
    scores.integer("authenticity", a.scores.authenticity);
    scores.integer("ownership", a.scores.ownership);
  }
  o.string("verdict", to_string(a.verdict));
  append_array(o.key("findings"), a.findings, append_finding);
  append_array(o.key("signals"), a.signals, append_finding);
  append_array(o.key("promises"), a.promises, append_promise);
  if (a.empathy_sandwich) o.key("empathy_sandwich") += "true";
  if (a.context.present) {
    ObjectWriter context(o.key("context"));
    context.real("engagement", two_decimals(a.context.engagement));
    context.strings("customer_details", a.context.details);
    context.strings("missed", a.context.missed);
    context.real("repeat_similarity", two_decimals(a.context.repeat_similarity));
  }
}

std::string analysis_json_line(const Analysis& analysis) {
  std::string out;
  out.reserve(1024);
  append_analysis_json(out, analysis);
  return out;
}

}  // namespace replylint
