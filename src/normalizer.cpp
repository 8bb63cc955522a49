#include "normalizer.hpp"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <stdexcept>

namespace replylint {
namespace {

// Typographic variants ICU's NFKC leaves alone; folding them lets one pattern
// match "don't", "don’t" and "don´t".
char fold_punctuation(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x02BC:
    case 0x02BB:
    case 0x00B4:
    case 0x0060:
    case 0x2039:
    case 0x203A: return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0x00AB:
    case 0x00BB: return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
    case 0x2E3A:
    case 0x2E3B: return '-';
    default: return 0;
  }
}

bool is_line_break(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

// Controls other than white space (NUL, escape, ...) and the zero-width space
// separate words like a space does.
bool is_space_like(char32_t c) {
  if (c < 0x80) return c <= 0x20 || c == 0x7F;
  if (c == 0x200B) return true;
  return u_isUWhiteSpace(static_cast<UChar32>(c)) ||
         u_charType(static_cast<UChar32>(c)) == U_CONTROL_CHAR;
}

// Pass 1 over valid UTF-8: lower-case ASCII letters (what case folding does to
// them, so that ASCII text needs no pass 2), fold punctuation, drop
// default-ignorables (zero-width spaces, soft hyphens, joiners: NFKC_Casefold
// removes them anyway, and removing them here keeps the white-space collapse
// exact), collapse white space runs into one space (or one newline when the run
// holds a line break), trim both ends.
// Returns whether the result is ASCII. Writes in place into buffers sized for
// the input, never outgrown: each output byte stands for at least one input byte.
bool fold_and_collapse(std::string_view src, std::string& out, std::vector<uint32_t>& begin,
                       std::vector<uint32_t>& end) {
  out.resize(src.size());
  begin.resize(src.size());
  end.resize(src.size());

  bool ascii = true;
  bool in_space = false;
  bool space_has_break = false;
  uint32_t space_begin = 0, space_end = 0;
  size_t n = 0;
  // Raw pointers: a store through a char reference could alias a vector's own
  // pointer, which the compiler would then reload for every byte.
  char* const out_bytes = out.data();
  uint32_t* const begins = begin.data();
  uint32_t* const ends = end.data();
  auto emit = [&](char byte, uint32_t b, uint32_t e) {
    out_bytes[n] = byte;
    begins[n] = b;
    ends[n] = e;
    ++n;
  };
  // A white-space run ends before a character: one space (or newline) for it,
  // none at the start.
  auto end_space = [&] {
    if (in_space && n > 0) emit(space_has_break ? '\n' : ' ', space_begin, space_end);
    in_space = false;
  };

  auto printable_ascii = [](char ch) {
    const auto b = static_cast<unsigned char>(ch);
    return b > 0x20 && b < 0x7F;
  };
  size_t pos = 0;
  while (pos < src.size()) {
    const auto start = static_cast<uint32_t>(pos);
    if (printable_ascii(src[pos])) {
      // Most of a reply: runs of printable ASCII, each byte its own.
      end_space();
      do {
        const char ch = src[pos];
        emit(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch,
             static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + 1));
        ++pos;
      } while (pos < src.size() && printable_ascii(src[pos]));
      continue;
    }
    const auto lead = static_cast<unsigned char>(src[pos]);
    char32_t c;
    if (lead < 0x80) {
      c = lead;
      ++pos;
    } else {
      c = decode_utf8(src, pos);
    }
    const auto stop = static_cast<uint32_t>(pos);

    if (is_space_like(c)) {
      if (!in_space) {
        in_space = true;
        space_has_break = false;
        space_begin = start;
      }
      space_has_break = space_has_break || is_line_break(c);
      space_end = stop;
      continue;
    }
    if (c >= 0x80 &&
        u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      continue;
    }
    end_space();
    if (c < 0x80) {
      emit(static_cast<char>(c), start, stop);
    } else if (char folded = fold_punctuation(c)) {
      emit(folded, start, stop);
    } else {
      ascii = false;
      for (uint32_t k = start; k < stop; ++k) emit(src[k], start, stop);
    }
  }
  out.resize(n);
  begin.resize(n);
  end.resize(n);
  return ascii;
}

}  // namespace

Normalizer::Normalizer() {
  UErrorCode status = U_ZERO_ERROR;
  nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status));
  }
}

NormalizedText Normalizer::normalize(std::string_view input) const {
  NormalizedText out;
  normalize(input, out);
  return out;
}

void Normalizer::normalize(std::string_view input, NormalizedText& out) const {
  repair_utf8(input, out.source);
  // The common case, ASCII, is folded straight into `out`, reusing its buffers.
  out.ascii = fold_and_collapse(out.source.text, out.text, out.begin, out.end);
  if (out.ascii) return;
  thread_local std::string folded;
  thread_local std::vector<uint32_t> fbegin, fend;
  folded.swap(out.text);
  fbegin.swap(out.begin);
  fend.swap(out.end);

  out.text.clear();
  out.text.reserve(folded.size() + folded.size() / 8);
  icu::StringByteSink<std::string> sink(&out.text);
  icu::Edits edits;
  UErrorCode status = U_ZERO_ERROR;
  nfkc_cf_->normalizeUTF8(0, folded, sink, &edits, status);
  if (U_FAILURE(status)) {  // only on allocation failure: keep the folded text unnormalised
    out.text = folded;
    out.begin = fbegin;
    out.end = fend;
    return;
  }

  out.begin.assign(out.text.size(), 0);
  out.end.assign(out.text.size(), 0);
  auto it = edits.getFineIterator();
  while (it.next(status)) {
    const auto src = static_cast<size_t>(it.sourceIndex());
    const auto dst = static_cast<size_t>(it.destinationIndex());
    const auto old_len = static_cast<size_t>(it.oldLength());
    const auto new_len = static_cast<size_t>(it.newLength());
    if (!it.hasChange()) {
      for (size_t k = 0; k < new_len; ++k) {
        out.begin[dst + k] = fbegin[src + k];
        out.end[dst + k] = fend[src + k];
      }
    } else if (new_len > 0) {
      // A pure insertion (no source bytes) borrows the range of its neighbour.
      const size_t first = old_len > 0 ? src : (src > 0 ? src - 1 : 0);
      const size_t last = old_len > 0 ? src + old_len - 1 : first;
      for (size_t k = 0; k < new_len; ++k) {
        out.begin[dst + k] = fbegin[first];
        out.end[dst + k] = fend[last];
      }
    }
  }
}

}  // namespace replylint
