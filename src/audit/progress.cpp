#include "audit/progress.hpp"

#include <cstdio>
#include <string>

namespace replylint::audit {

std::string format_duration(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

void Progress::update(uint64_t records, uint64_t bytes_read) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(records) / elapsed : 0;
  const double mbps = elapsed > 0 ? static_cast<double>(bytes_read) / 1e6 / elapsed : 0;
  char line[160];
  if (total_ && *total_ > 0) {
    const double fraction =
        std::min(1.0, static_cast<double>(bytes_read) / static_cast<double>(*total_));
    constexpr int width = 24;
    std::string bar(static_cast<size_t>(fraction * width), '#');
    bar.resize(width, '.');
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    std::snprintf(line, sizeof line,
                  "\r[%s] %3.0f%%  %llu records  %.0f/s  %.1f MB/s  ETA %s \x1b[K", bar.c_str(),
                  fraction * 100, static_cast<unsigned long long>(records), rate, mbps,
                  format_duration(eta).c_str());
  } else {
    std::snprintf(line, sizeof line, "\r%llu records  %.0f/s  %.1f MB/s  %s \x1b[K",
                  static_cast<unsigned long long>(records), rate, mbps,
                  format_duration(elapsed).c_str());
  }
  err_ << line << std::flush;
}

void Progress::finish() {
  if (enabled_ && drawn_) err_ << "\r\x1b[K" << std::flush;
}

}  // namespace replylint::audit
