// Reads a deadline from the words of a timeframe ("morgen vóór 12 uur", "binnen
// 2 werkdagen", "by Friday 5pm") relative to when the reply was sent.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rule_pack.hpp"

namespace re2 {
class RE2;
}

namespace replylint {

struct LocalTime {
  std::chrono::sys_days day;
  int minutes = -1;  // minutes after midnight; -1 when only the day is known
};

// "2026-03-02T09:14:00", "2026-03-02 09:14", "2026-03-02" (a zone suffix is
// ignored: deadlines are read in the sender's local time).
std::optional<LocalTime> parse_sent_at(std::string_view text);

// "2026-03-03T12:00", or "2026-03-03" when no time of day is known.
std::string format_local_time(const LocalTime& t);

class DeadlineReader {
 public:
  explicit DeadlineReader(const PromiseVocabulary& words);
  ~DeadlineReader();
  DeadlineReader(DeadlineReader&&) noexcept;
  DeadlineReader& operator=(DeadlineReader&&) noexcept;

  // `tokens`: the normalised tokens of the timeframe. Empty when it names no moment.
  std::optional<LocalTime> resolve(const std::vector<std::string>& tokens,
                                   const LocalTime& sent) const;

  bool is_self(std::string_view token) const;
  bool is_team(std::string_view token) const;

 private:
  struct Lists;
  std::unique_ptr<Lists> lists_;
};

}  // namespace replylint
