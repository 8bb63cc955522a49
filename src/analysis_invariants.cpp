#include "analysis_invariants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "utf8.hpp"

namespace replylint {
namespace {

// One decoded unit: a character, or one maximal invalid subsequence (U+FFFD).
struct Unit {
  size_t length;
  char32_t code_point;
};

// WHATWG "UTF-8 decode" step: the bounds of the second byte depend on the lead
// (no overlongs, no surrogates, nothing above U+10FFFF); a byte outside them
// ends the invalid unit without being part of it.
Unit next_unit(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return {1, lead};
  size_t need = 0;
  unsigned char lower = 0x80, upper = 0xBF;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    cp = lead & 0x0F;
    if (lead == 0xE0) lower = 0xA0;
    if (lead == 0xED) upper = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    cp = lead & 0x07;
    if (lead == 0xF0) lower = 0x90;
    if (lead == 0xF4) upper = 0x8F;
  } else {
    return {1, 0xFFFD};
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return {k, 0xFFFD};
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (c < lower || c > upper) return {k, 0xFFFD};
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (c & 0x3F);
  }
  return {need + 1, cp};
}

size_t utf16_units(char32_t cp) {
  return cp >= 0x10000 ? 2 : 1;
}

// Printable ASCII as is, everything else escaped, cut at `limit` bytes.
std::string preview(std::string_view s, size_t limit) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  if (s.size() > limit) out += "...";
  return out;
}

// One span end to check against the decoding: where it claims to be.
struct Offset {
  size_t byte;
  size_t utf16;
  std::string what;  // "finding 2 (rule x) start"
};

class Checker {
 public:
  Checker(std::string_view reply, const Analysis& analysis, const ScoringConfig& scoring)
      : reply_(reply), analysis_(analysis), scoring_(scoring) {}

  std::vector<std::string> run() {
    check_items(analysis_.findings, "finding");
    check_items(analysis_.signals, "signal");
    for (size_t i = 0; i < analysis_.promises.size(); ++i) {
      const Promise& p = analysis_.promises[i];
      check_span(p.span, p.what, "promise " + std::to_string(i));
    }
    check_offsets();
    check_scores();
    return std::move(violations_);
  }

 private:
  void fail(std::string text) { violations_.push_back(std::move(text)); }

  void check_items(const std::vector<Finding>& items, const std::string& kind) {
    std::map<std::string, size_t> category_end;
    for (size_t i = 0; i < items.size(); ++i) {
      const Finding& f = items[i];
      const std::string name = kind + " " + std::to_string(i) + " (" + f.rule + ")";
      check_span(f.span, f.text, name);
      if (i > 0 && f.span.start < items[i - 1].span.start)
        fail(name + " starts before the " + kind + " listed before it: not in reply order");
      // Overlapping items of one category are merged into one.
      auto [it, first] = category_end.try_emplace(f.category, f.span.end);
      if (!first) {
        if (f.span.start < it->second)
          fail(name + " overlaps an earlier " + kind + " of category " + f.category);
        it->second = std::max(it->second, f.span.end);
      }
    }
  }

  void check_span(const Span& span, const std::string& text, const std::string& name) {
    const std::string where =
        name + " span [" + std::to_string(span.start) + ", " + std::to_string(span.end) + ")";
    if (span.start > span.end) return fail(where + " ends before it starts");
    if (span.end > reply_.size())
      return fail(where + " ends beyond the reply (" + std::to_string(reply_.size()) + " bytes)");
    if (span.start == span.end) fail(where + " is empty");
    if (span.start_utf16 > span.end_utf16)
      fail(where + " has UTF-16 end " + std::to_string(span.end_utf16) + " before its start " +
           std::to_string(span.start_utf16));
    offsets_.push_back({span.start, span.start_utf16, name + " start"});
    offsets_.push_back({span.end, span.end_utf16, name + " end"});
    // Exactly the original bytes for valid UTF-8; decoded as a browser would otherwise.
    const std::string expected =
        decode_utf8_whatwg(reply_.substr(span.start, span.end - span.start));
    if (text != expected)
      fail(where + ": text \"" + preview(text, 80) + "\" is not the reply's \"" +
           preview(expected, 80) + "\"");
  }

  // One pass over the reply answers every offset: on a unit boundary, and the
  // UTF-16 length of the prefix before it.
  void check_offsets() {
    std::stable_sort(offsets_.begin(), offsets_.end(),
                     [](const Offset& a, const Offset& b) { return a.byte < b.byte; });
    size_t pos = 0, units = 0;
    for (const Offset& o : offsets_) {
      while (pos < o.byte) {
        const Unit u = next_unit(reply_, pos);
        if (pos + u.length > o.byte) break;
        pos += u.length;
        units += utf16_units(u.code_point);
      }
      if (pos != o.byte) {
        fail(o.what + " at byte " + std::to_string(o.byte) +
             " is inside a UTF-8 sequence (or invalid sequence) starting at byte " +
             std::to_string(pos));
      } else if (units != o.utf16) {
        fail(o.what + " at byte " + std::to_string(o.byte) + " says UTF-16 offset " +
             std::to_string(o.utf16) + ", but the text before it is " + std::to_string(units) +
             " UTF-16 units");
      }
    }
  }

  void check_scores() {
    const Scores& s = analysis_.scores;
    for (const auto& [name, score] :
         {std::pair{"authenticity", s.authenticity}, std::pair{"ownership", s.ownership}}) {
      if (score < 0 || score > 100)
        fail(std::string(name) + " score " + std::to_string(score) + " is outside 0..100");
    }
    const int lowest = std::min(s.authenticity, s.ownership);
    const bool has_error =
        std::any_of(analysis_.findings.begin(), analysis_.findings.end(),
                    [](const Finding& f) { return f.severity == Severity::error; });
    const Verdict expected = lowest < scoring_.block_below                 ? Verdict::block
                             : lowest < scoring_.revise_below || has_error ? Verdict::revise
                                                                           : Verdict::send;
    if (analysis_.verdict != expected)
      fail("verdict " + std::string(to_string(analysis_.verdict)) +
           " does not follow from scores " + std::to_string(s.authenticity) + "/" +
           std::to_string(s.ownership) + (has_error ? " and an error finding" : "") +
           ": expected " + std::string(to_string(expected)));
    auto unit_interval = [&](double v, const std::string& name) {
      if (!(v >= 0 && v <= 1)) fail(name + " " + std::to_string(v) + " is outside 0..1");
    };
    unit_interval(analysis_.language.confidence, "language confidence");
    unit_interval(analysis_.context.engagement, "context engagement");
    unit_interval(analysis_.context.repeat_similarity, "context repeat_similarity");
  }

  std::string_view reply_;
  const Analysis& analysis_;
  const ScoringConfig& scoring_;
  std::vector<Offset> offsets_;
  std::vector<std::string> violations_;
};

}  // namespace

std::string decode_utf8_whatwg(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    const Unit u = next_unit(bytes, i);
    append_utf8(out, u.code_point);
    i += u.length;
  }
  return out;
}

std::vector<std::string> check_analysis_invariants(std::string_view reply, const Analysis& analysis,
                                                   const ScoringConfig& scoring) {
  return Checker(reply, analysis, scoring).run();
}

void enforce_analysis_invariants(std::string_view reply, const Analysis& analysis,
                                 const ScoringConfig& scoring) {
  const std::vector<std::string> violations = check_analysis_invariants(reply, analysis, scoring);
  if (violations.empty()) return;
  std::fprintf(stderr,
               "replylint: internal error: the analysis of reply \"%s\" (%zu bytes) breaks its "
               "invariants:\n",
               preview(analysis.id, 80).c_str(), reply.size());
  for (const std::string& v : violations) std::fprintf(stderr, "  - %s\n", v.c_str());
  std::fprintf(stderr, "  reply: \"%s\"\n", preview(reply, 400).c_str());
  std::abort();
}

}  // namespace replylint
