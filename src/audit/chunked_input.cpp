#include "audit/chunked_input.hpp"

#include <cstring>

namespace replylint::audit {

bool ChunkedInput::fill() {
  pos_ = 0;
  end_ = source_.read(buffer_.data(), buffer_.size());
  return end_ > 0;
}

bool ChunkedInput::getline(std::string& line, size_t limit, bool& overlong) {
  line.clear();
  overlong = false;
  bool any = false;
  while (true) {
    if (pos_ == end_ && !fill()) return any;
    any = true;
    const char* start = buffer_.data() + pos_;
    const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    const size_t len = nl ? static_cast<size_t>(nl - start) : end_ - pos_;
    if (line.size() + len > limit) {
      overlong = true;
      line.append(start, std::min(len, limit - std::min(limit, line.size())));
    } else {
      line.append(start, len);
    }
    pos_ += len;
    if (nl) {
      ++pos_;
      return true;
    }
  }
}

}  // namespace replylint::audit
