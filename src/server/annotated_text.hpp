// LanguageTool's annotated text (the `data` parameter of /v2/check): a document as
// text parts and markup parts. Only text and markup's `interpretAs` are checked;
// offsets in the answer point into the whole document, markup included.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace replylint::server {

class AnnotatedText {
 public:
  // A document without markup: offsets map to themselves.
  static AnnotatedText plain(std::string_view utf8);
  // Parses {"annotation": [{"text": ...}, {"markup": ..., "interpretAs": ...}]}.
  // On a bad document returns false and names the place in `error`.
  static bool parse(std::string_view json, AnnotatedText& out, std::string& error);

  // What the rules see, in UTF-16 code units.
  const std::u16string& checked() const { return checked_; }

  // A range [start, end) of checked() as a range of the original document.
  // A range that covers markup covers all of it.
  size_t original_start(size_t start) const;
  size_t original_end(size_t start, size_t end) const;

 private:
  struct Part {
    size_t checked_start = 0;
    size_t checked_length = 0;
    size_t original_start = 0;
    size_t original_length = 0;
    bool markup = false;
  };
  std::u16string checked_;
  std::vector<Part> parts_;  // those that put something in checked(), in order
  size_t original_length_ = 0;

  const Part* part_at(size_t checked_offset) const;
  void add(std::u16string_view checked, size_t original_length, bool markup);
};

}  // namespace replylint::server
