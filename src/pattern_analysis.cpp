#include "pattern_analysis.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <optional>

#include "utf8.hpp"

namespace replylint {

namespace {

// A finite set of strings larger than this is treated as unknown: its cross
// products with its neighbours would only grow.
constexpr size_t kMaxStrings = 64;
// At most this many requirements are looked for per pattern.
constexpr size_t kMaxRequirements = 3;
// A character class of at most this many characters counts as their set.
constexpr uint32_t kMaxClassMembers = 8;
// Code point ranges, at most, of a Perl class (\d \s \w and their negations:
// \W has five) and of a POSIX one ([:alpha:] and the like); a Unicode class
// (\p{...}) can have hundreds, and makes a pattern's size unknown.
constexpr size_t kPerlClassRanges = 6;
constexpr size_t kPosixClassRanges = 8;
constexpr size_t kUnknownRanges = PatternAnalysis::kUnbounded;

struct Node {
  enum class Kind { literal, one_char, empty_check, concat, alternation, repeat };
  Kind kind = Kind::concat;
  std::string text;                  // literal: its bytes
  bool may_be_space = false;         // one_char: whether ' ' is one of the characters
  std::vector<std::string> members;  // one_char: its characters, when few (else empty)
  std::bitset<256> first_bytes;      // one_char: the bytes its characters can begin with
  size_t ranges = 0;                 // one_char: at most this many code point ranges
  int min = 1;                       // repeat
  int max = 1;                       // repeat; kMany: unbounded
  std::vector<Node> kids;
  // Every string the node can match, when there are few (see find_strings).
  std::optional<std::vector<std::string>> strings;

  static constexpr int kMany = -1;
};

size_t add_capped(size_t a, size_t b) {
  return a > PatternAnalysis::kUnbounded - b ? PatternAnalysis::kUnbounded : a + b;
}

size_t multiply_capped(size_t a, size_t b) {
  return b != 0 && a > PatternAnalysis::kUnbounded / b ? PatternAnalysis::kUnbounded : a * b;
}

Node literal(std::string text) {
  Node n;
  n.kind = Node::Kind::literal;
  n.text = std::move(text);
  return n;
}

using Bytes = std::bitset<256>;

Bytes all_bytes() {
  return Bytes().set();
}

// The ASCII bytes from `lo` to `hi`, and, when the range reaches past ASCII,
// every byte that can begin a longer UTF-8 sequence.
Bytes bytes_of_range(uint32_t lo, uint32_t hi) {
  Bytes b;
  for (uint32_t c = lo; c <= hi && c < 0x80; ++c) b.set(c);
  if (hi >= 0x80)
    for (size_t c = 0xC0; c < 0x100; ++c) b.set(c);
  return b;
}

Node one_char(bool may_be_space, size_t ranges, Bytes first_bytes = all_bytes()) {
  Node n;
  n.kind = Node::Kind::one_char;
  n.may_be_space = may_be_space;
  n.ranges = ranges;
  n.first_bytes = first_bytes;
  return n;
}

// Appends `n` to a concatenation: a concatenation dissolves into its parts and
// neighbouring literals join, so runs of literal text are seen whole.
void append(Node& concat, Node n) {
  if (n.kind == Node::Kind::concat) {
    for (Node& k : n.kids) append(concat, std::move(k));
  } else if (n.kind == Node::Kind::literal && !concat.kids.empty() &&
             concat.kids.back().kind == Node::Kind::literal) {
    concat.kids.back().text += n.text;
  } else {
    concat.kids.push_back(std::move(n));
  }
}

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// Reads the RE2 syntax that rules use; anything else fails the parse, and the
// pattern is then treated as unknown.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  std::optional<Node> parse() {
    Node n;
    if (!alternation(n) || i_ != p_.size()) return std::nullopt;
    return n;
  }

  // Whether a group captures: the tree leaves that out, RE2's program does not.
  bool captures() const { return captures_; }

 private:
  bool at_end() const { return i_ >= p_.size(); }
  char peek() const { return p_[i_]; }

  bool alternation(Node& out) {
    std::vector<Node> branches(1);
    if (!concatenation(branches.back())) return false;
    while (!at_end() && peek() == '|') {
      ++i_;
      branches.emplace_back();
      if (!concatenation(branches.back())) return false;
    }
    for (Node& b : branches) {
      if (b.kind == Node::Kind::concat && b.kids.size() == 1) b = Node(std::move(b.kids.front()));
    }
    if (branches.size() == 1) {
      out = std::move(branches.front());
    } else {
      out.kind = Node::Kind::alternation;
      out.kids = std::move(branches);
    }
    return true;
  }

  bool concatenation(Node& out) {
    out.kind = Node::Kind::concat;
    while (!at_end() && peek() != '|' && peek() != ')') {
      if (plain_text(out)) continue;
      Node n;
      if (!atom(n) || !quantifiers(n)) return false;
      append(out, std::move(n));
    }
    return true;
  }

  // Appends a run of ordinary characters that no quantifier follows straight
  // to the concatenation's last literal: most of a pattern is plain words.
  bool plain_text(Node& concat) {
    const size_t start = i_;
    size_t end = start;
    while (end < p_.size() && !is_special(p_[end])) ++end;
    // A quantifier applies to the last character alone: leave it to atom().
    if (end < p_.size() && is_quantifier(p_[end])) {
      while (end > start && (static_cast<unsigned char>(p_[end - 1]) & 0xC0) == 0x80) --end;
      if (end > start) --end;
    }
    if (end == start) return false;
    if (concat.kids.empty() || concat.kids.back().kind != Node::Kind::literal)
      concat.kids.push_back(literal(""));
    concat.kids.back().text.append(p_.substr(start, end - start));
    i_ = end;
    return true;
  }

  static bool is_quantifier(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }
  static bool is_special(char c) {
    return is_quantifier(c) || c == '\\' || c == '(' || c == ')' || c == '[' || c == '|' ||
           c == '.' || c == '^' || c == '$';
  }

  bool quantifiers(Node& n) {
    while (!at_end()) {
      int min = 0, max = 0;
      const char c = peek();
      if (c == '*') {
        min = 0, max = Node::kMany;
        ++i_;
      } else if (c == '+') {
        min = 1, max = Node::kMany;
        ++i_;
      } else if (c == '?') {
        min = 0, max = 1;
        ++i_;
      } else if (c == '{') {
        if (!counted(min, max)) return false;
      } else {
        return true;
      }
      if (!at_end() && peek() == '?') ++i_;  // non-greedy: the same strings
      Node r;
      r.kind = Node::Kind::repeat;
      r.min = min;
      r.max = max;
      r.kids.push_back(std::move(n));
      n = std::move(r);
    }
    return true;
  }

  bool number(int& out) {
    const size_t start = i_;
    out = 0;
    while (!at_end() && peek() >= '0' && peek() <= '9' && i_ - start < 5)
      out = out * 10 + (p_[i_++] - '0');
    return i_ > start;
  }

  bool counted(int& min, int& max) {
    ++i_;  // '{'
    if (!number(min)) return false;
    max = min;
    if (!at_end() && peek() == ',') {
      ++i_;
      max = Node::kMany;
      if (!at_end() && peek() != '}' && !number(max)) return false;
    }
    if (at_end() || peek() != '}' || (max != Node::kMany && max < min)) return false;
    ++i_;
    return true;
  }

  bool atom(Node& out) {
    const char c = peek();
    if (c == '(') return group(out);
    if (c == '[') return char_class(out);
    if (c == '\\') return escape(out);
    if (c == '*' || c == '+' || c == '?' || c == '{') return false;
    ++i_;
    if (c == '.') {
      out = one_char(true, 2, all_bytes().reset('\n'));  // [^\n]
    } else if (c == '^' || c == '$') {
      out.kind = Node::Kind::empty_check;
    } else {
      std::string text(1, c);
      // A quantifier after a multi-byte character repeats the whole character.
      while (!at_end() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80) text += p_[i_++];
      out = literal(std::move(text));
    }
    return true;
  }

  bool group(Node& out) {
    ++i_;  // '('
    if (p_.substr(i_, 2) == "?:") {
      i_ += 2;
    } else if (p_.substr(i_, 3) == "?P<" || p_.substr(i_, 2) == "?<") {
      const size_t close = p_.find('>', i_);
      if (close == std::string_view::npos) return false;
      i_ = close + 1;
      captures_ = true;
    } else if (!at_end() && peek() == '?') {
      return false;  // flags change what characters match
    } else {
      captures_ = true;
    }
    if (!alternation(out) || at_end() || peek() != ')') return false;
    ++i_;
    return true;
  }

  // A code point written as \x{...} or \xHH, after the "\x".
  bool hex(uint32_t& cp) {
    cp = 0;
    if (!at_end() && peek() == '{') {
      ++i_;
      size_t digits = 0;
      while (!at_end() && peek() != '}' && digits < 7) {
        if (!hex_digit(peek(), cp)) return false;
        ++i_, ++digits;
      }
      // A surrogate is no character: leave such a pattern to RE2.
      if (at_end() || digits == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
      ++i_;
      return true;
    }
    for (int k = 0; k < 2; ++k) {
      if (at_end() || !hex_digit(peek(), cp)) return false;
      ++i_;
    }
    return true;
  }

  static bool hex_digit(char c, uint32_t& cp) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) return false;
    cp = cp * 16 + static_cast<uint32_t>(v);
    return true;
  }

  // One escaped character or class: a literal code point in `cp`, or a class
  // with what it says about the space.
  enum class Escaped { code_point, with_space, without_space, unknown_class, empty_check, bad };

  Escaped escaped(uint32_t& cp) {
    ++i_;  // '\'
    if (at_end()) return Escaped::bad;
    const char c = p_[i_++];
    // RE2's Perl classes are ASCII; their negations hold every other character.
    Bytes perl;
    if (c == 's' || c == 'S') {
      for (char b : {'\t', '\n', '\f', '\r', ' '}) perl.set(static_cast<unsigned char>(b));
    } else if (c == 'd' || c == 'D') {
      perl = bytes_of_range('0', '9');
    } else if (c == 'w' || c == 'W') {
      perl = bytes_of_range('0', '9') | bytes_of_range('a', 'z') | bytes_of_range('A', 'Z');
      perl.set('_');
    }
    class_bytes_ = c == 'S' || c == 'D' || c == 'W' ? ~perl : perl;
    switch (c) {
      case 's':
      case 'D':
      case 'W': return Escaped::with_space;
      case 'S':
      case 'd':
      case 'w': return Escaped::without_space;
      case 'b':
      case 'B':
      case 'A':
      case 'z': return Escaped::empty_check;
      case 'x': return hex(cp) ? Escaped::code_point : Escaped::bad;
      case 'n': cp = '\n'; return Escaped::code_point;
      case 't': cp = '\t'; return Escaped::code_point;
      case 'r': cp = '\r'; return Escaped::code_point;
      case 'f': cp = '\f'; return Escaped::code_point;
      case 'v': cp = '\v'; return Escaped::code_point;
      case 'a': cp = '\a'; return Escaped::code_point;
      case 'p':
      case 'P':
        class_bytes_ = all_bytes();
        if (!at_end() && peek() == '{') {
          const size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) return Escaped::bad;
          i_ = close + 1;
        } else if (!at_end()) {
          ++i_;
        }
        return Escaped::unknown_class;
      default:
        if (!is_ascii_punct(c)) return Escaped::bad;
        cp = static_cast<unsigned char>(c);
        return Escaped::code_point;
    }
  }

  bool escape(Node& out) {
    uint32_t cp = 0;
    switch (escaped(cp)) {
      case Escaped::code_point: {
        std::string text;
        append_utf8(text, static_cast<char32_t>(cp));
        out = literal(std::move(text));
        return true;
      }
      case Escaped::with_space: out = one_char(true, kPerlClassRanges, class_bytes_); return true;
      case Escaped::unknown_class: out = one_char(true, kUnknownRanges, class_bytes_); return true;
      case Escaped::without_space:
        out = one_char(false, kPerlClassRanges, class_bytes_);
        return true;
      case Escaped::empty_check: out.kind = Node::Kind::empty_check; return true;
      case Escaped::bad: return false;
    }
    return false;
  }

  // A code point of the pattern's UTF-8, for class members; false for bytes
  // that are not UTF-8 (RE2 refuses them).
  bool code_point(uint32_t& cp) {
    const size_t start = i_;
    cp = decode_utf8(p_, i_);
    return cp != 0xFFFD || p_.substr(start, i_ - start) == "\xEF\xBF\xBD";
  }

  bool char_class(Node& out) {
    ++i_;  // '['
    bool negated = false;
    if (!at_end() && peek() == '^') negated = true, ++i_;
    bool surely_space = false;  // a member is the space
    bool maybe_space = false;   // a member might be
    bool listable = !negated;   // every member is known, in `members`
    std::vector<std::string> members;
    Bytes bytes;                      // the bytes the members can begin with
    size_t ranges = negated ? 1 : 0;  // a negation adds at most one range
    bool first = true;
    while (!at_end() && (peek() != ']' || first)) {
      first = false;
      if (p_.substr(i_, 2) == "[:") {
        const size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return false;
        i_ = close + 2;
        ranges = add_capped(ranges, kPosixClassRanges);
        maybe_space = true;
        listable = false;
        bytes = all_bytes();
        continue;
      }
      uint32_t lo = 0;
      if (peek() == '\\') {
        switch (escaped(lo)) {
          case Escaped::code_point: break;
          case Escaped::with_space:
            surely_space = true;
            listable = false;
            ranges = add_capped(ranges, kPerlClassRanges);
            bytes |= class_bytes_;
            continue;
          case Escaped::without_space:
            listable = false;
            ranges = add_capped(ranges, kPerlClassRanges);
            bytes |= class_bytes_;
            continue;
          case Escaped::unknown_class:
            maybe_space = true;
            listable = false;
            ranges = kUnknownRanges;
            bytes = all_bytes();
            continue;
          case Escaped::empty_check:
          case Escaped::bad: return false;
        }
      } else if (!code_point(lo)) {
        return false;
      }
      uint32_t hi = lo;
      if (p_.substr(i_, 1) == "-" && p_.substr(i_ + 1, 1) != "]" && i_ + 1 < p_.size()) {
        ++i_;
        if (peek() == '\\') {
          if (escaped(hi) != Escaped::code_point) return false;
        } else if (!code_point(hi)) {
          return false;
        }
      }
      ranges = add_capped(ranges, 1);
      if (hi >= lo) bytes |= bytes_of_range(lo, hi);
      if (lo <= ' ' && ' ' <= hi) surely_space = true;
      if (hi < lo || hi - lo >= kMaxClassMembers) listable = false;
      for (uint32_t cp = lo; listable && cp <= hi; ++cp) {
        members.emplace_back();
        append_utf8(members.back(), static_cast<char32_t>(cp));
        if (members.size() > kMaxClassMembers) listable = false;
      }
    }
    if (at_end()) return false;
    ++i_;  // ']'
    // A negated class holds every character outside its members: every byte
    // but its ASCII members may begin one.
    if (negated) bytes = ~(bytes & bytes_of_range(0, 0x7F));
    out = one_char(negated ? !surely_space : (surely_space || maybe_space), ranges, bytes);
    if (listable) out.members = std::move(members);
    return true;
  }

  std::string_view p_;
  size_t i_ = 0;
  bool captures_ = false;
  Bytes class_bytes_;  // set by escaped() for a class: the bytes its characters begin with
};

// --- what a node can match ---------------------------------------------------

size_t max_spaces(const Node& n) {
  switch (n.kind) {
    case Node::Kind::literal:
      return static_cast<size_t>(std::count(n.text.begin(), n.text.end(), ' '));
    case Node::Kind::one_char: return n.may_be_space ? 1 : 0;
    case Node::Kind::empty_check: return 0;
    case Node::Kind::concat: {
      size_t sum = 0;
      for (const Node& k : n.kids) sum = add_capped(sum, max_spaces(k));
      return sum;
    }
    case Node::Kind::alternation: {
      size_t most = 0;
      for (const Node& k : n.kids) most = std::max(most, max_spaces(k));
      return most;
    }
    case Node::Kind::repeat: {
      const size_t each = max_spaces(n.kids.front());
      if (each == 0) return 0;
      if (n.max == Node::kMany) return PatternAnalysis::kUnbounded;
      size_t sum = 0;
      for (int i = 0; i < n.max; ++i) sum = add_capped(sum, each);
      return sum;
    }
  }
  return PatternAnalysis::kUnbounded;
}

bool has_empty_check(const Node& n) {
  if (n.kind == Node::Kind::empty_check) return true;
  return std::any_of(n.kids.begin(), n.kids.end(), has_empty_check);
}

bool nullable(const Node& n) {
  switch (n.kind) {
    case Node::Kind::literal: return n.text.empty();
    case Node::Kind::one_char: return false;
    case Node::Kind::empty_check: return true;
    case Node::Kind::concat: return std::all_of(n.kids.begin(), n.kids.end(), nullable);
    case Node::Kind::alternation: return std::any_of(n.kids.begin(), n.kids.end(), nullable);
    case Node::Kind::repeat: return n.min == 0 || nullable(n.kids.front());
  }
  return true;
}

// The bytes a non-empty match of kids [first, end) of a concatenation can
// begin with; every byte when they can all be empty, since then whatever
// follows the concatenation comes next.
Bytes first_bytes(const std::vector<Node>& kids, size_t first);

Bytes first_bytes(const Node& n) {
  switch (n.kind) {
    case Node::Kind::literal:
      return n.text.empty() ? Bytes() : Bytes().set(static_cast<unsigned char>(n.text[0]));
    case Node::Kind::one_char: return n.first_bytes;
    case Node::Kind::empty_check: return Bytes();
    case Node::Kind::concat: {
      Bytes b;
      for (const Node& k : n.kids) {
        b |= first_bytes(k);
        if (!nullable(k)) break;
      }
      return b;
    }
    case Node::Kind::alternation: {
      Bytes b;
      for (const Node& k : n.kids) b |= first_bytes(k);
      return b;
    }
    case Node::Kind::repeat: return n.max == 0 ? Bytes() : first_bytes(n.kids.front());
  }
  return all_bytes();
}

Bytes first_bytes(const std::vector<Node>& kids, size_t first) {
  Bytes b;
  for (size_t k = first; k < kids.size(); ++k) {
    b |= first_bytes(kids[k]);
    if (!nullable(kids[k])) return b;
  }
  return all_bytes();
}

// RE2 instructions, at least, that `n` compiles to: a byte of a literal takes
// one; a code point range of a class takes a few, kRangeInstructions covers the
// widest in UTF-8; an alternative, an empty-width check and a repetition
// operator take one or two; a counted repetition repeats its node.
constexpr size_t kRangeInstructions = 32;
constexpr size_t kRepeatInstructions = 3;

size_t instructions(const Node& n) {
  switch (n.kind) {
    case Node::Kind::literal: return n.text.size();
    case Node::Kind::one_char: return multiply_capped(n.ranges, kRangeInstructions);
    case Node::Kind::empty_check: return 1;
    case Node::Kind::concat:
    case Node::Kind::alternation: {
      size_t sum = n.kids.size() + 1;
      for (const Node& k : n.kids) sum = add_capped(sum, instructions(k));
      return sum;
    }
    case Node::Kind::repeat: {
      const size_t each = add_capped(instructions(n.kids.front()), kRepeatInstructions);
      const int copies = n.max == Node::kMany ? std::max(n.min, 1) : std::max(n.max, 1);
      return add_capped(multiply_capped(each, static_cast<size_t>(copies)), kRepeatInstructions);
    }
  }
  return PatternAnalysis::kUnbounded;
}

// The instructions of the wrapped pattern's program around `n`: its edge
// spaces, the loop an unanchored search starts with, and its ends.
constexpr size_t kProgramOverhead = 16;

ProgramBound bound_of(const Node& n) {
  return {add_capped(instructions(n), kProgramOverhead), nullable(n)};
}

// Whether every non-empty match of `n` starts (front) or ends (back) with a space.
bool edge_is_space(const Node& n, bool front) {
  switch (n.kind) {
    case Node::Kind::literal:
      return !n.text.empty() && (front ? n.text.front() : n.text.back()) == ' ';
    case Node::Kind::one_char:
      return !n.members.empty() && std::all_of(n.members.begin(), n.members.end(),
                                               [](const auto& m) { return m == " "; });
    case Node::Kind::empty_check: return true;
    case Node::Kind::concat: {
      const size_t count = n.kids.size();
      for (size_t i = 0; i < count; ++i) {
        const Node& k = n.kids[front ? i : count - 1 - i];
        if (!edge_is_space(k, front)) return false;
        if (!nullable(k)) return true;
      }
      return true;
    }
    case Node::Kind::alternation:
      return std::all_of(n.kids.begin(), n.kids.end(),
                         [&](const Node& k) { return edge_is_space(k, front); });
    case Node::Kind::repeat: return edge_is_space(n.kids.front(), front);
  }
  return false;
}

using Strings = std::vector<std::string>;

void dedupe(Strings& s) {
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
}

// How many strings the cross product of kids [first, last]'s strings holds,
// or kMaxStrings + 1 when more (or when one of them has no strings).
size_t product_size(const std::vector<Node>& kids, size_t first, size_t last) {
  size_t product = 1;
  for (size_t k = first; k <= last; ++k) {
    if (!kids[k].strings) return kMaxStrings + 1;
    product *= kids[k].strings->size();
    if (product > kMaxStrings) return kMaxStrings + 1;
  }
  return product;
}

// Calls `visit` with every string of kids [first, last] one after another (a
// string of each), the first kid's varying slowest, until `visit` returns
// false. Each string is built in one reused buffer: most are only looked at.
// The kids, first <= last < kids.size(), must all have strings.
template <typename Visit>
void for_each_product(const std::vector<Node>& kids, size_t first, size_t last, Visit visit) {
  thread_local std::vector<size_t> at;    // per kid: which of its strings
  thread_local std::vector<size_t> ends;  // per kid: where its string ends in `text`
  thread_local std::string text;
  const size_t count = last + 1 - first;
  for (size_t k = first; k <= last; ++k)
    if (kids[k].strings->empty()) return;
  at.assign(count, 0);
  ends.assign(count, 0);
  text.clear();
  size_t from = 0;  // kids [from, count) need their strings appended
  while (true) {
    text.resize(from == 0 ? 0 : ends[from - 1]);
    for (size_t i = from; i < count; ++i) {
      text += (*kids[first + i].strings)[at[i]];
      ends[i] = text.size();
    }
    if (!visit(std::string_view(text))) return;
    size_t i = count;
    while (i > 0 && at[i - 1] + 1 == kids[first + i - 1].strings->size()) at[--i] = 0;
    if (i == 0) return;
    ++at[i - 1];
    from = i - 1;
  }
}

// The strings of kids [first, last] one after another, as for_each_product
// visits them.
Strings product_strings(const std::vector<Node>& kids, size_t first, size_t last) {
  Strings out;
  out.reserve(product_size(kids, first, last));
  for_each_product(kids, first, last, [&](std::string_view s) {
    out.emplace_back(s);
    return true;
  });
  return out;
}

// Sets every node's `strings`, bottom up: every string it can match, when few.
void find_strings(Node& n) {
  for (Node& k : n.kids) find_strings(k);
  n.strings.reset();
  switch (n.kind) {
    case Node::Kind::literal: n.strings = Strings{n.text}; break;
    case Node::Kind::one_char:
      if (!n.members.empty()) {
        n.strings = n.members;
        dedupe(*n.strings);
      }
      break;
    case Node::Kind::empty_check: n.strings = Strings{""}; break;  // more than it matches: safe
    case Node::Kind::concat:
      // Not deduplicated: two ways to spell one string are rare, and the
      // literals are deduplicated once at the end.
      if (n.kids.empty()) {
        n.strings = Strings{""};
      } else if (product_size(n.kids, 0, n.kids.size() - 1) <= kMaxStrings) {
        n.strings = product_strings(n.kids, 0, n.kids.size() - 1);
      }
      break;
    case Node::Kind::alternation: {
      size_t total = 0;
      for (const Node& k : n.kids) {
        total += k.strings ? k.strings->size() : kMaxStrings + 1;
        if (total > kMaxStrings) return;  // before copying any: vocabularies are long
      }
      Strings all;
      all.reserve(total);
      for (const Node& k : n.kids) all.insert(all.end(), k.strings->begin(), k.strings->end());
      dedupe(all);
      n.strings = std::move(all);
      break;
    }
    case Node::Kind::repeat: {
      const Node& once = n.kids.front();
      if (n.max != 1 || !once.strings) return;
      Strings all = *once.strings;
      if (n.min == 0) all.push_back("");
      dedupe(all);
      n.strings = std::move(all);
      break;
    }
  }
}

// --- which literals every match contains -------------------------------------

// How good a requirement is. Lower cost first: a rough chance that a text
// meets it by chance; then fewer literals to check; then longer ones, which
// are checked as cheaply and tell more.
struct Score {
  double cost = 0;
  size_t literals = 0;
  size_t bytes = 0;

  bool operator<(const Score& o) const {
    if (cost != o.cost) return cost < o.cost;
    if (literals != o.literals) return literals < o.literals;
    return bytes > o.bytes;
  }
  void add(const Score& o) {
    cost += o.cost;
    literals += o.literals;
    bytes += o.bytes;
  }
};

struct Requirement {
  std::vector<KeyedLiteral> literals;
  Score score;
};

struct Key {
  size_t offset;
  size_t length;
  KeyPlace place;
  size_t word_bytes = 0;  // of the whole literal: its bytes that are no space
};

// The key of literal `s`: its longest pair of whole words next to each other
// (few literals share one), else its longest whole word of kPartKeyLength bytes
// or more, else the start or end of its longest cut-off word (four bytes of it
// when it has them: many more words end in "en" than in "rden"), else its longest
// short word. `left`/`right`: whether a space always precedes/follows `s` in a
// match. None when no word of `s` is bounded by a space on either side.
std::optional<Key> choose_key(std::string_view s, bool left, bool right) {
  constexpr size_t kPart = KeyedLiteral::kPartKeyLength;
  std::optional<Key> key;
  // 4: two whole words, 3: a long whole word, 2: part of a word, 1: a short word
  size_t best_rank = 0;
  size_t best_length = 0;
  size_t whole_start = std::string_view::npos;  // of the whole word just before, if
  size_t whole_end = 0;                         // it ended here
  size_t word_bytes = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    const size_t length = i - start;
    word_bytes += length;
    const bool space_before = start > 0 || left;
    const bool space_after = i < s.size() || right;
    const bool whole = space_before && space_after;
    const bool pair = whole && whole_start != std::string_view::npos && whole_end + 1 == start;
    const size_t previous = whole_start;
    whole_start = whole ? start : std::string_view::npos;
    whole_end = i;
    if (pair && (best_rank < 4 || i - previous > best_length)) {
      best_rank = 4;
      best_length = i - previous;
      key = Key{previous, i - previous, KeyPlace::word_pair};
    }
    size_t rank = 0;
    if (whole) {
      rank = length >= kPart ? 3 : 1;
    } else if ((space_before || space_after) && length >= kPart) {
      rank = 2;
    }
    if (rank == 0 || rank < best_rank || (rank == best_rank && length <= best_length)) continue;
    best_rank = rank;
    best_length = length;
    const size_t part =
        length >= KeyedLiteral::kLongPartKeyLength ? KeyedLiteral::kLongPartKeyLength : kPart;
    if (rank != 2) {
      key = Key{start, length, KeyPlace::word};
    } else if (space_before) {
      key = Key{start, part, KeyPlace::word_start};
    } else {
      key = Key{i - part, part, KeyPlace::word_end};
    }
  }
  if (key) key->word_bytes = word_bytes;
  return key;
}

// 2^-n for n = 0..30, exactly: ldexp's answers without its call.
constexpr auto kHalvings = [] {
  std::array<double, 31> out{};
  double value = 1.0;
  for (double& v : out) {
    v = value;
    value /= 2;
  }
  return out;
}();

// A rough chance that a text contains the literal `key` was chosen for: each byte of a word
// halves it, so short words are everywhere and several words are rare. A key
// that is part of a word is looked up by two bytes, which many words share.
double chance_of(const Key& key) {
  const bool part = key.place == KeyPlace::word_start || key.place == KeyPlace::word_end;
  return (part ? 2.0 : 1.0) * kHalvings[std::min<size_t>(key.word_bytes, 30)];
}

// The score of kids [first, last]'s strings as a requirement; none when one of
// them has no key. Adds in the order keyed() does, so the two agree exactly.
std::optional<Score> keyed_score(const std::vector<Node>& kids, size_t first, size_t last,
                                 bool left, bool right) {
  Score score;
  bool all_keyed = true;
  for_each_product(kids, first, last, [&](std::string_view s) {
    const auto key = choose_key(s, left, right);
    if (key) score.add({chance_of(*key), 1, s.size()});
    all_keyed = key.has_value();
    return all_keyed;
  });
  if (!all_keyed) return std::nullopt;
  return score;
}

// `strings` with their keys; none when one of them has no key.
std::optional<Requirement> keyed(const Strings& strings, bool left, bool right) {
  Requirement req;
  for (const std::string& s : strings) {
    const auto key = choose_key(s, left, right);
    if (!key) return std::nullopt;
    req.score.add({chance_of(*key), 1, s.size()});
    req.literals.push_back({s, key->offset, key->length, key->place});
  }
  return req;
}

void keep_better(std::optional<Requirement>& best, std::optional<Requirement> candidate) {
  if (candidate && (!best || candidate->score < best->score)) best = std::move(candidate);
}

std::optional<Requirement> requirement(const Node& n, bool left, bool right);

// A requirement met by kids [first, last] of a concatenation: the literals of
// a run of kids with few strings, built only when chosen, or what one kid
// requires.
struct Option {
  Score score;
  size_t first;
  size_t last;
  bool left = false;  // a run's edges
  bool right = false;
  std::optional<Requirement> of_kid;
};

// Whether a space always comes right after (`after`) or before kid i of
// concatenation `n` in a match: the nearest kid on that side that cannot be
// empty decides, and `outside` does when they all can.
bool space_beside(const Node& n, size_t i, bool after, bool outside) {
  const size_t count = n.kids.size();
  for (size_t k = 1; after ? i + k < count : k <= i; ++k) {
    const Node& kid = n.kids[after ? i + k : i - k];
    if (!edge_is_space(kid, after)) return false;
    if (!nullable(kid)) return true;
  }
  return outside;
}

// Every requirement found among a concatenation's kids and runs of kids.
std::vector<Option> concat_options(const Node& n, bool left, bool right) {
  const size_t count = n.kids.size();
  std::vector<char> space_before(count), space_after(count);
  for (size_t i = 0; i < count; ++i) {
    space_before[i] = space_beside(n, i, false, left);
    space_after[i] = space_beside(n, i, true, right);
  }
  std::vector<Option> options;
  for (size_t a = 0; a < count; ++a) {
    if (!n.kids[a].strings) {
      if (auto req = requirement(n.kids[a], space_before[a], space_after[a])) {
        const Score score = req->score;
        options.push_back({score, a, a, false, false, std::move(req)});
      }
      continue;
    }
    // Runs of kids with few strings: their cross product is a literal set.
    size_t product = 1;
    for (size_t b = a; b < count && n.kids[b].strings; ++b) {
      product *= n.kids[b].strings->size();
      if (product > kMaxStrings) break;
      if (auto score = keyed_score(n.kids, a, b, space_before[a], space_after[b]))
        options.push_back({*score, a, b, bool(space_before[a]), bool(space_after[b]), {}});
    }
  }
  return options;
}

// The requirement an option stands for.
Requirement build(const Node& concat, Option& o) {
  if (o.of_kid) return std::move(*o.of_kid);
  Requirement req = *keyed(product_strings(concat.kids, o.first, o.last), o.left, o.right);
  // What the kids after the run begin with follows its literals.
  const Bytes next = first_bytes(concat.kids, o.last + 1);
  for (KeyedLiteral& literal : req.literals) literal.next = next;
  return req;
}

std::optional<Requirement> concat_requirement(const Node& n, bool left, bool right) {
  std::vector<Option> options = concat_options(n, left, right);
  if (options.empty()) return std::nullopt;
  auto best = std::min_element(options.begin(), options.end(),
                               [](const Option& a, const Option& b) { return a.score < b.score; });
  return build(n, *best);
}

// Requirements a match meets all of: the best one, then the best of those on
// other parts of the concatenation, so each tells something the others do not.
// A run of kids from the first one spells how every match begins; when there is
// one, the best such run is among them, first, and `leading` is set.
std::vector<Requirement> independent_requirements(const Node& concat, bool& leading) {
  std::vector<Option> options = concat_options(concat, false, false);
  std::stable_sort(options.begin(), options.end(),
                   [](const Option& a, const Option& b) { return a.score < b.score; });
  std::vector<Option*> taken;
  auto apart = [](const Option& a, const Option& b) {
    return a.last < b.first || b.last < a.first;
  };
  for (Option& o : options) {
    if (taken.size() == kMaxRequirements) break;
    if (std::all_of(taken.begin(), taken.end(), [&](const Option* t) { return apart(o, *t); }))
      taken.push_back(&o);
  }
  // Knowing where a match begins is worth a requirement more than the cap. A
  // run from the start also stands for a requirement inside it: each of its
  // strings contains one of that requirement's.
  auto lead = std::find_if(options.begin(), options.end(), [&](const Option& o) {
    return o.first == 0 && std::all_of(taken.begin(), taken.end(), [&](const Option* t) {
             return apart(o, *t) || t->last <= o.last;
           });
  });
  leading = lead != options.end();
  if (leading) {
    std::erase_if(taken, [&](const Option* t) { return !apart(*lead, *t); });
    taken.insert(taken.begin(), &*lead);
  }
  std::vector<Requirement> out;
  for (Option* o : taken) out.push_back(build(concat, *o));
  return out;
}

std::optional<Requirement> requirement(const Node& n, bool left, bool right) {
  std::optional<Requirement> best;
  if (n.strings) best = keyed(*n.strings, left, right);
  switch (n.kind) {
    case Node::Kind::concat: keep_better(best, concat_requirement(n, left, right)); break;
    case Node::Kind::alternation: {
      Requirement all;
      for (const Node& k : n.kids) {
        auto part = requirement(k, left, right);
        if (!part) return best;
        all.score.add(part->score);
        all.literals.insert(all.literals.end(), std::make_move_iterator(part->literals.begin()),
                            std::make_move_iterator(part->literals.end()));
      }
      keep_better(best, std::move(all));
      break;
    }
    case Node::Kind::repeat: {
      if (n.min == 0) break;
      // Past the first time round, a repeat's own edges border it.
      const Node& once = n.kids.front();
      const bool many = n.max != 1;
      keep_better(best, requirement(once, left && (!many || edge_is_space(once, false)),
                                    right && (!many || edge_is_space(once, true))));
      break;
    }
    default: break;
  }
  return best;
}

}  // namespace

namespace {

// The alternatives of `n`, alternations inside alternations included.
void add_branches(Node n, std::vector<Node>& out) {
  if (n.kind != Node::Kind::alternation) {
    out.push_back(std::move(n));
    return;
  }
  for (Node& k : n.kids) add_branches(std::move(k), out);
}

PatternAnalysis::Branch analyse_branch(Node branch) {
  PatternAnalysis::Branch out;
  // The matcher runs " (?:p) ": a match begins and ends at a space.
  Node wrapped;
  wrapped.kind = Node::Kind::concat;
  append(wrapped, literal(" "));
  append(wrapped, std::move(branch));
  append(wrapped, literal(" "));
  find_strings(wrapped);
  const bool checks = has_empty_check(wrapped);
  if (!checks) out.max_spaces = max_spaces(wrapped);
  std::vector<Requirement> found;
  if (wrapped.strings && !checks) {
    // Every string the branch matches, each starting and ending with a space.
    if (auto all = keyed(*wrapped.strings, false, false)) {
      found.push_back(std::move(*all));
      out.exact = true;
    }
  }
  if (!out.exact) found = independent_requirements(wrapped, out.leading);
  for (Requirement& req : found) {
    std::vector<KeyedLiteral>& literals = out.requirements.emplace_back(std::move(req.literals));
    std::sort(literals.begin(), literals.end(),
              [](const auto& a, const auto& b) { return a.text < b.text; });
    literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
  }
  return out;
}

}  // namespace

PatternAnalysis analyse_pattern(std::string_view p) {
  PatternAnalysis out;
  Parser parser(p);
  std::optional<Node> parsed = parser.parse();
  if (!parsed) {
    out.branches.emplace_back();
  } else {
    if (!parser.captures()) out.bound = bound_of(*parsed);
    // Each alternative has words of its own to require, all of them at once.
    std::vector<Node> branches;
    add_branches(std::move(*parsed), branches);
    for (Node& branch : branches) out.branches.push_back(analyse_branch(std::move(branch)));
  }
  return out;
}

std::optional<ProgramBound> program_bound(std::string_view p) {
  Parser parser(p);
  std::optional<Node> parsed = parser.parse();
  if (!parsed || parser.captures()) return std::nullopt;
  return bound_of(*parsed);
}

std::optional<std::vector<std::string>> literal_strings(std::string_view p) {
  std::optional<Node> parsed = Parser(p).parse();
  if (!parsed || has_empty_check(*parsed)) return std::nullopt;
  find_strings(*parsed);
  if (parsed->strings) dedupe(*parsed->strings);
  return std::move(parsed->strings);
}

}  // namespace replylint
