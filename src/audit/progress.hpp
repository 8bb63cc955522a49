// A progress line on stderr while an audit runs (only on a terminal): records,
// records per second, MB/s and, when the input size is known, percent and ETA.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace replylint::audit {

class Progress {
 public:
  Progress(std::ostream& err, bool enabled, std::optional<uint64_t> total_bytes)
      : err_(err), enabled_(enabled), total_(total_bytes) {}

  // Called after each written batch; redraws at most five times a second.
  void update(uint64_t records, uint64_t bytes_read);
  // Clears the line.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& err_;
  bool enabled_;
  std::optional<uint64_t> total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
  bool drawn_ = false;
};

// A duration as "1:05" or "2:03:00".
std::string format_duration(double seconds);

}  // namespace replylint::audit
