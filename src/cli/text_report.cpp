#include "cli/text_report.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "utf8.hpp"

namespace replylint::cli {
namespace {

struct LineInfo {
  size_t number;  // 1-based
  size_t column;  // 1-based, in code points
  std::string_view line;
  size_t line_start;  // byte offset of the line in the reply
};

// Where bytes of valid UTF-8 `text` sit: line, column and the line's text. Asked
// in increasing order (findings are sorted), it goes on from the last answer, so a
// long reply with many findings is located in one pass.
class Locator {
 public:
  explicit Locator(std::string_view text) : text_(text) {}

  LineInfo at(size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < pos_) *this = Locator(text_);
    for (; pos_ < offset; ++pos_) {
      if (text_[pos_] == '\n') {
        ++info_.number;
        info_.line_start = pos_ + 1;
        info_.column = 1;
      } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
        ++info_.column;
      }
    }
    if (line_of_ != info_.line_start) {
      size_t line_end = text_.find('\n', info_.line_start);
      if (line_end == std::string_view::npos) line_end = text_.size();
      info_.line = text_.substr(info_.line_start, line_end - info_.line_start);
      if (!info_.line.empty() && info_.line.back() == '\r') info_.line.remove_suffix(1);
      line_of_ = info_.line_start;
    }
    return info_;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  LineInfo info_{1, 1, {}, 0};
  size_t line_of_ = SIZE_MAX;  // line_start that info_.line was found for
};

// Tabs and other controls would shift the underline: show them as one space.
std::string printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
  return out;
}

std::string severity_label(Severity s, const Style& style) {
  switch (s) {
    case Severity::error: return style.red("error");
    case Severity::warning: return style.yellow("warning");
    case Severity::info: return style.cyan("info");
  }
  return "warning";
}

std::string verdict_label(Verdict v, const Style& style) {
  const std::string text(to_string(v));
  switch (v) {
    case Verdict::send: return style.green(text);
    case Verdict::revise: return style.yellow(text);
    case Verdict::block: return style.red(text);
  }
  return text;
}

void write_finding(std::ostream& out, const std::string& location, std::string_view reply,
                   Locator& locator, const Finding& f, const Style& style) {
  // Offsets point into the original bytes; the report shows the repaired text.
  const LineInfo at = locator.at(f.span.start);
  out << style.bold(location + ":" + std::to_string(at.number) + ":" + std::to_string(at.column) +
                    ":")
      << ' ' << severity_label(f.severity, style) << ": " << style.bold(f.message) << ' '
      << style.dim("[" + f.rule + "]") << '\n';

  const std::string gutter = std::to_string(at.number);
  const std::string pad(gutter.size(), ' ');
  out << ' ' << style.dim(gutter + " |") << ' ' << printable(at.line) << '\n';
  const size_t lead = display_width(reply.substr(at.line_start, f.span.start - at.line_start));
  const size_t line_end = at.line_start + at.line.size();
  const size_t span_end = std::min(f.span.end, line_end);
  const size_t width =
      std::max<size_t>(1, display_width(reply.substr(f.span.start, span_end - f.span.start)));
  std::string marker(width, '~');
  marker[0] = '^';
  out << ' ' << style.dim(pad + " |") << ' ' << std::string(lead, ' ') << style.green(marker)
      << '\n';
  out << ' ' << pad << " = " << style.bold("suggestion:") << ' ' << f.suggestion << '\n';
}

std::string format_confidence(double c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", c);
  return buffer;
}

}  // namespace

void write_text_report(std::ostream& out, const std::string& location,
                       const std::string& reply_bytes, const Analysis& a, const Style& style) {
  // Spans are byte offsets into the original; the report shows a repaired copy,
  // which is the original itself whenever the input is valid UTF-8.
  const RepairedText repaired = repair_utf8(reply_bytes);
  auto shown = [&](const Finding& f) {
    Finding copy = f;
    copy.span.start = repaired.repaired_offset(f.span.start);
    copy.span.end = repaired.repaired_offset(f.span.end);
    return copy;
  };
  Locator locator(repaired.text);
  for (const Finding& f : a.findings)
    write_finding(out, location, repaired.text, locator, shown(f), style);
  for (const Finding& s : a.signals) {
    const LineInfo at = locator.at(shown(s).span.start);
    out << style.bold(location + ":" + std::to_string(at.number) + ":" + std::to_string(at.column) +
                      ":")
        << ' ' << style.green("+ " + s.category) << ": \"" << s.text << "\" "
        << style.dim("[" + s.rule + "]") << '\n';
  }
  out << style.bold(location + ":") << " authenticity " << a.scores.authenticity << ", ownership "
      << a.scores.ownership << " -> " << verdict_label(a.verdict, style) << ' '
      << style.dim("(" + a.lang + ", " + a.language.method + ", confidence " +
                   format_confidence(a.language.confidence) +
                   (a.language.note.empty() ? "" : "; " + a.language.note) + ")")
      << '\n';
}

}  // namespace replylint::cli
