#include "fast_breaks.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

#include "utf8.hpp"

namespace replylint {
namespace {

// One code point of the text: its class for the rules and where it starts.
struct Unit {
  uint8_t cls;
  uint32_t offset;
};

// The code points of a text as the rules see them. Two forms, so that pure ASCII
// text (most replies) is classified by a table lookup per byte, in place.
struct AsciiUnits {
  const uint8_t* bytes;
  const std::array<uint8_t, 128>& table;
  size_t n;
  size_t size() const { return n; }
  uint8_t cls(size_t k) const { return table[bytes[k]]; }
  uint32_t offset(size_t k) const { return static_cast<uint32_t>(k); }
};

struct DecodedUnits {
  const std::vector<Unit>& units;
  size_t size() const { return units.size(); }
  uint8_t cls(size_t k) const { return units[k].cls; }
  uint32_t offset(size_t k) const { return units[k].offset; }
};

// Whether a table refuses some ASCII character.
bool refuses_ascii(const std::array<uint8_t, 128>& ascii) {
  return std::find(ascii.begin(), ascii.end(), uint8_t{0}) != ascii.end();
}

// 1 when `text` is ASCII and every byte has a class, 0 when it is refused, 2 when
// it holds non-ASCII (decode it). `refuses`: whether `ascii` refuses a character;
// when not (the sentence rules), only the high bits need a look.
int check_ascii(std::string_view text, const std::array<uint8_t, 128>& ascii, bool refuses) {
  if (!refuses) return is_ascii(text) ? 1 : 2;
  for (const char ch : text) {
    const auto c = static_cast<uint8_t>(ch);
    if (c >= 0x80) return 2;
    if (ascii[c] == 0) return 0;
  }
  return 1;
}

// Decodes `text` into units classified by `classify`. False when a code point is
// refused (class 0).
template <typename Classify>
bool decode_units(std::string_view text, const std::array<uint8_t, 128>& ascii, Classify classify,
                  std::vector<Unit>& units) {
  units.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    const auto start = static_cast<uint32_t>(i);
    uint8_t cls;
    if (s[i] < 0x80) {
      cls = ascii[s[i++]];
    } else {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      cls = c < 0 ? 0 : classify(c);
    }
    if (cls == 0) return false;
    units.push_back({cls, start});
  }
  return true;
}

// Runs `breaks(units)` over the classified code points of `text`; false when one
// is refused.
template <typename Classify, typename Breaks>
bool with_units(std::string_view text, const std::array<uint8_t, 128>& ascii, bool refuses,
                Classify classify, Breaks breaks) {
  switch (check_ascii(text, ascii, refuses)) {
    case 0: return false;
    case 1:
      breaks(AsciiUnits{reinterpret_cast<const uint8_t*>(text.data()), ascii, text.size()});
      return true;
    default: break;
  }
  thread_local std::vector<Unit> units;
  if (!decode_units(text, ascii, classify, units)) return false;
  breaks(DecodedUnits{units});
  return true;
}

template <typename Classify>
std::array<uint8_t, 128> ascii_table(Classify classify) {
  std::array<uint8_t, 128> t{};
  for (UChar32 c = 0; c < 128; ++c) t[static_cast<size_t>(c)] = classify(c);
  return t;
}

// Characters ICU hands to a dictionary break engine (Thai, CJK, ...): their
// boundaries do not follow the rules below.
bool is_dictionary_character(UChar32 c) {
  if (c < 0x80) return false;
  if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return true;
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  if (c >= 0xAC00 && c <= 0xD7A3) return true;  // Hangul syllables
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return U_FAILURE(status) || script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
         script == USCRIPT_KATAKANA;
}

// ---- words (UAX #29 word boundaries as ICU's root rules state them) -----------

enum WordClass : uint8_t {
  kWordRefused,
  kWordNone,  // before the start and past the end
  kWordOther,
  kWordNewline,
  kWordSpace,
  kWordLetter,
  kWordNumeric,
  kWordMidLetter,
  kWordMidNum,
  kWordMidNumLet,  // also Single_Quote: ICU's rules treat both the same
  kWordExtendNumLet,
};

uint8_t word_class(UChar32 c) {
  if (c == '@') return kWordLetter;  // ICU's root rules add it to ALetter (e-mail addresses)
  if (is_dictionary_character(c)) return kWordRefused;
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_LF: return kWordNewline;
    case U_WB_WSEGSPACE: return kWordSpace;
    case U_WB_ALETTER: return kWordLetter;
    case U_WB_NUMERIC: return kWordNumeric;
    // ICU's root rules take the colons out of MidLetter (CLDR: only Swedish and
    // Finnish join words across a colon).
    case U_WB_MIDLETTER:
      return c == 0x3A || c == 0xFE55 || c == 0xFF1A ? kWordOther : kWordMidLetter;
    case U_WB_MIDNUM: return kWordMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE: return kWordMidNumLet;
    case U_WB_EXTENDNUMLET: return kWordExtendNumLet;
    case U_WB_DOUBLE_QUOTE:  // only Hebrew rules use it, and Hebrew is refused
    case U_WB_OTHER: return kWordOther;
    default: return kWordRefused;  // CR, Newline, Extend, Format, ZWJ, RI, kana, Hebrew
  }
}

constexpr int32_t kStatusNone = 0;
constexpr int32_t kStatusNumber = 100;
constexpr int32_t kStatusLetter = 200;

bool is_letter_mid(uint8_t c) {
  return c == kWordMidLetter || c == kWordMidNumLet;
}
bool is_number_mid(uint8_t c) {
  return c == kWordMidNum || c == kWordMidNumLet;
}

// The status of a segment that is one code point (or starts with one that no rule
// joined to what follows yet).
int32_t single_status(uint8_t cls) {
  if (cls == kWordLetter) return kStatusLetter;
  if (cls == kWordNumeric) return kStatusNumber;
  return kStatusNone;
}

// Whether code points `a` and `b` (between `before` and `after`) stay in one
// segment, and if so the status of the rule that joins them (the status a
// segment ending at `b` gets).
inline bool word_join(uint8_t before, uint8_t a, uint8_t b, uint8_t after, int32_t& status) {
  if (a == kWordSpace && b == kWordSpace) return status = kStatusNone, true;  // WB3d
  switch (b) {
    case kWordLetter:
      if (a == kWordLetter || a == kWordNumeric || a == kWordExtendNumLet ||
          (is_letter_mid(a) && before == kWordLetter)) {  // WB5, WB7, WB10, WB13b
        return status = kStatusLetter, true;
      }
      return false;
    case kWordNumeric:
      if (a == kWordLetter || a == kWordNumeric || a == kWordExtendNumLet ||
          (is_number_mid(a) && before == kWordNumeric)) {  // WB8, WB9, WB11, WB13b
        return status = kStatusNumber, true;
      }
      return false;
    case kWordExtendNumLet:  // WB13a
      if (a == kWordNumeric) return status = kStatusNumber, true;
      if (a == kWordLetter || a == kWordExtendNumLet) return status = kStatusLetter, true;
      return false;
    default: break;
  }
  // WB6, WB12: a middle character joins when the same kind follows it. Its status
  // is never read: the segment cannot end on it.
  if (a == kWordLetter && is_letter_mid(b) && after == kWordLetter) return true;
  if (a == kWordNumeric && is_number_mid(b) && after == kWordNumeric) return true;
  return false;
}

template <typename Units>
void word_breaks(const Units& u, uint32_t end, std::vector<WordBoundary>& out) {
  const size_t m = u.size();
  if (m == 0) return;
  uint8_t before = kWordNone, a = u.cls(0), b = m > 1 ? u.cls(1) : uint8_t{kWordNone};
  int32_t status = single_status(a);
  for (size_t k = 1; k < m; ++k) {
    if (a == kWordLetter && b == kWordLetter) {
      // Inside a run of letters nothing breaks (WB5): skip to its last letter,
      // the code point before k when this one ends the run.
      size_t last = k;
      while (last + 1 < m && u.cls(last + 1) == kWordLetter) ++last;
      status = kStatusLetter;
      k = last;
      before = kWordLetter;
      b = k + 1 < m ? u.cls(k + 1) : uint8_t{kWordNone};
      continue;
    }
    const uint8_t after = k + 1 < m ? u.cls(k + 1) : uint8_t{kWordNone};
    int32_t joined = kStatusNone;
    if (word_join(before, a, b, after, joined)) {
      status = joined;
    } else {
      out.push_back({u.offset(k), status});
      status = single_status(b);
    }
    before = a;
    a = b;
    b = after;
  }
  out.push_back({end, status});
}

// ---- sentences (UAX #29 sentence boundaries) ----------------------------------

// The separators and terminators first and together: the scan outside a
// terminator's tail looks for either with one comparison.
enum SentenceClass : uint8_t {
  kSentRefused,
  kSentCR,
  kSentLF,
  kSentSep,
  kSentATerm,
  kSentSTerm,
  kSentOther,
  kSentSp,
  kSentLower,
  kSentUpper,
  kSentOLetter,
  kSentNumeric,
  kSentClose,
  kSentSContinue,
};

uint8_t sentence_class(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
    case U_SB_OTHER: return kSentOther;
    case U_SB_CR: return kSentCR;
    case U_SB_LF: return kSentLF;
    case U_SB_SEP: return kSentSep;
    case U_SB_SP: return kSentSp;
    case U_SB_LOWER: return kSentLower;
    case U_SB_UPPER: return kSentUpper;
    case U_SB_OLETTER: return kSentOLetter;
    case U_SB_NUMERIC: return kSentNumeric;
    case U_SB_ATERM: return kSentATerm;
    case U_SB_STERM: return kSentSTerm;
    case U_SB_CLOSE: return kSentClose;
    case U_SB_SCONTINUE: return kSentSContinue;
    default: return kSentRefused;  // Extend and Format attach to what precedes them (SB5)
  }
}

bool is_para_sep(uint8_t c) {
  return c == kSentSep || c == kSentCR || c == kSentLF;
}
bool is_sa_term(uint8_t c) {
  return c == kSentATerm || c == kSentSTerm;
}
bool is_para_sep_or_sa_term(uint8_t c) {
  return static_cast<uint8_t>(c - kSentCR) <= kSentSTerm - kSentCR;
}

template <typename Units>
void sentence_breaks(const Units& u, uint32_t end, std::vector<uint32_t>& out) {
  const size_t m = u.size();
  if (m == 0) return;  // ICU: no boundary after the start of an empty text
  // The text before code point k ends in SATerm Close* (phase 1) or SATerm Close*
  // Sp+ (phase 2); `aterm` when that terminator is a full stop.
  int phase = 0;
  bool aterm = false;
  // SB8 looks ahead past non-letters for a lower-case letter; every start inside
  // one scanned stretch gets the same answer, so a stretch is scanned once.
  size_t lower_scan_end = 0;
  bool lower_follows = false;
  for (size_t k = 1; k < m; ++k) {
    if (phase == 0) {
      // Outside a terminator's tail only a terminator or a separator can lead to
      // a break (SB4, SB998): skip to the next one.
      while (k < m && !is_para_sep_or_sa_term(u.cls(k - 1))) ++k;
      if (k == m) break;
    }
    const uint8_t a = u.cls(k - 1);
    if (is_sa_term(a)) {
      phase = 1;
      aterm = a == kSentATerm;
    } else if (a == kSentClose && phase == 1) {
    } else if (a == kSentSp && phase >= 1) {
      phase = 2;
    } else {
      phase = 0;
      if (!is_para_sep(a)) continue;
    }
    const uint8_t b = u.cls(k);
    bool brk = false;
    if (a == kSentCR && b == kSentLF) {  // SB3
    } else if (is_para_sep(a)) {         // SB4
      brk = true;
    } else if (a == kSentATerm && b == kSentNumeric) {  // SB6
    } else if (a == kSentATerm && b == kSentUpper && k >= 2 &&
               (u.cls(k - 2) == kSentUpper || u.cls(k - 2) == kSentLower)) {  // SB7
    } else {
      if (aterm && k > lower_scan_end) {
        size_t j = k;
        for (; j < m; ++j) {
          const uint8_t c = u.cls(j);
          if (c == kSentOLetter || c == kSentUpper || c == kSentLower || is_para_sep(c) ||
              is_sa_term(c)) {
            break;
          }
        }
        lower_scan_end = j;
        lower_follows = j < m && u.cls(j) == kSentLower;
      }
      if (aterm && lower_follows) {                                  // SB8
      } else if (b == kSentSContinue || is_sa_term(b)) {             // SB8a
      } else if (phase == 1 && (b == kSentClose || b == kSentSp)) {  // SB9
      } else if (b == kSentSp || is_para_sep(b)) {                   // SB9, SB10
      } else {
        brk = true;  // SB11
      }
    }
    if (brk) out.push_back(u.offset(k));
  }
  out.push_back(end);
}

const std::array<uint8_t, 128>& ascii_word_classes() {
  static const std::array<uint8_t, 128> table = ascii_table(word_class);
  return table;
}

}  // namespace

bool fast_word_boundaries(std::string_view text, std::vector<WordBoundary>& out) {
  const std::array<uint8_t, 128>& ascii = ascii_word_classes();
  static const bool refuses = refuses_ascii(ascii);
  out.clear();
  const auto end = static_cast<uint32_t>(text.size());
  return with_units(text, ascii, refuses, word_class,
                    [&](const auto& units) { word_breaks(units, end, out); });
}

// The rules of word_breaks as they apply to ASCII without refused characters,
// a segment at a time: runs of letters, digits and underscores (WB5-WB13b, with
// a middle character joining where the same kind stands on both sides), runs of
// spaces (WB3d), and every other character alone.
void ascii_word_boundaries(std::string_view text, std::vector<WordBoundary>& out) {
  const std::array<uint8_t, 128>& classes = ascii_word_classes();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  auto cls = [&](size_t k) { return classes[s[k] & 0x7F]; };
  auto wordish = [](uint8_t c) {
    return c == kWordLetter || c == kWordNumeric || c == kWordExtendNumLet;
  };
  out.clear();
  size_t k = 0;
  while (k < n) {
    const uint8_t first = cls(k);
    size_t e = k + 1;
    int32_t status = single_status(first);
    if (first == kWordSpace) {
      while (e < n && cls(e) == kWordSpace) ++e;
    } else if (wordish(first)) {
      uint8_t last = first;  // the class of s[e - 1]
      while (e < n) {
        const uint8_t c = cls(e);
        if (c == kWordLetter || c == kWordNumeric) {
          status = c == kWordLetter ? kStatusLetter : kStatusNumber;
        } else if (c == kWordExtendNumLet) {
          status = last == kWordNumeric ? kStatusNumber : kStatusLetter;
        } else if (e + 1 < n && last != kWordExtendNumLet && cls(e + 1) == last &&
                   (last == kWordLetter ? is_letter_mid(c) : is_number_mid(c))) {
          ++e;  // the middle character, then what it joins to
          status = last == kWordLetter ? kStatusLetter : kStatusNumber;
          ++e;
          continue;
        } else {
          break;
        }
        last = c;
        ++e;
      }
    }
    out.push_back({static_cast<uint32_t>(e), status});
    k = e;
  }
}

bool fast_sentence_boundaries(std::string_view text, std::vector<uint32_t>& out) {
  static const std::array<uint8_t, 128> ascii = ascii_table(sentence_class);
  static const bool refuses = refuses_ascii(ascii);
  out.clear();
  const auto end = static_cast<uint32_t>(text.size());
  return with_units(text, ascii, refuses, sentence_class,
                    [&](const auto& units) { sentence_breaks(units, end, out); });
}

}  // namespace replylint
