// Buffered access to an input's bytes, by line (JSON Lines) or by byte (CSV).
#pragma once

#include <string>

#include "audit/byte_source.hpp"

namespace replylint::audit {

class ChunkedInput {
 public:
  explicit ChunkedInput(ByteSource& source) : source_(source), buffer_(1u << 20, '\0') {}
  // The next line without its '\n'; false at the end. A line over `limit` bytes
  // is cut there (the rest is skipped) and `overlong` is set.
  bool getline(std::string& line, size_t limit, bool& overlong);
  // The next byte, or -1 at the end.
  int get() {
    if (pos_ == end_ && !fill()) return -1;
    return static_cast<unsigned char>(buffer_[pos_++]);
  }
  int peek() {
    if (pos_ == end_ && !fill()) return -1;
    return static_cast<unsigned char>(buffer_[pos_]);
  }
  ByteSource& source() { return source_; }
  // Bytes read from the source but not handed out yet.
  size_t buffered() const { return end_ - pos_; }

 private:
  bool fill();
  ByteSource& source_;
  std::string buffer_;
  size_t pos_ = 0, end_ = 0;
};

}  // namespace replylint::audit
