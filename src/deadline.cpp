#include "deadline.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "pattern_analysis.hpp"

namespace replylint {

using namespace std::chrono;

namespace {

// A word list, matched against a whole token: its fragments are regexes, but
// mostly they spell out a few words, and looking a token up among those is
// cheaper than starting RE2 on it (the analyser asks for every word).
class WordList {
 public:
  explicit WordList(const std::vector<std::string>& fragments) {
    if (fragments.empty()) return;
    std::string alternation = "(?:";
    for (size_t i = 0; i < fragments.size(); ++i) alternation += (i ? "|" : "") + fragments[i];
    alternation += ")";
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(alternation, options);
    if (!re->ok()) return;
    words_ = literal_strings(alternation);
    if (!words_) re_ = std::move(re);
  }

  bool matches(std::string_view token) const {
    if (words_) return std::binary_search(words_->begin(), words_->end(), token);
    return re_ && RE2::FullMatch(token, *re_);
  }

 private:
  std::optional<std::vector<std::string>> words_;  // sorted
  std::unique_ptr<RE2> re_;                        // when the words are not few
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// A clock time: 12:00, 12.30, 17u, 5pm, 9am. Returns minutes after midnight.
std::optional<int> clock_time(std::string_view t, bool& pm_suffix) {
  pm_suffix = false;
  int h = 0, m = 0;
  size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) && i < 2)
    h = h * 10 + (t[i++] - '0');
  if (i == 0) return std::nullopt;
  bool marked = false;
  if (i + 3 <= t.size() && (t[i] == ':' || t[i] == '.') && all_digits(t.substr(i + 1, 2))) {
    m = (t[i + 1] - '0') * 10 + (t[i + 2] - '0');
    i += 3;
    marked = true;
  }
  const std::string_view rest = t.substr(i);
  if (rest == "pm") {
    pm_suffix = true;
    marked = true;
  } else if (rest == "am" || rest == "u" || rest == "h") {
    marked = true;
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  if (!marked || h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

sys_days add_business_days(sys_days day, int n) {
  while (n > 0) {
    day += days{1};
    const unsigned wd = weekday{day}.iso_encoding();  // 1 = Monday
    if (wd <= 5) --n;
  }
  return day;
}

}  // namespace

struct DeadlineReader::Lists {
  WordList self, team, today, tomorrow, day_after, business_days, days, hours, within, afternoon;
  std::vector<WordList> weekdays;  // Monday first
};

DeadlineReader::DeadlineReader(const PromiseVocabulary& w)
    : lists_(std::make_unique<Lists>(Lists{WordList(w.self),
                                           WordList(w.team),
                                           WordList(w.today),
                                           WordList(w.tomorrow),
                                           WordList(w.day_after_tomorrow),
                                           WordList(w.business_days),
                                           WordList(w.days),
                                           WordList(w.hours),
                                           WordList(w.within),
                                           WordList(w.afternoon),
                                           {}})) {
  for (const auto& day : w.weekdays) lists_->weekdays.emplace_back(std::vector<std::string>{day});
}

DeadlineReader::~DeadlineReader() = default;
DeadlineReader::DeadlineReader(DeadlineReader&&) noexcept = default;
DeadlineReader& DeadlineReader::operator=(DeadlineReader&&) noexcept = default;

bool DeadlineReader::is_self(std::string_view token) const {
  return lists_->self.matches(token);
}
bool DeadlineReader::is_team(std::string_view token) const {
  return lists_->team.matches(token);
}

std::optional<LocalTime> DeadlineReader::resolve(const std::vector<std::string>& tokens,
                                                 const LocalTime& sent) const {
  const Lists& l = *lists_;
  LocalTime out{sent.day, -1};
  bool anchored = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    const std::string next = i + 1 < tokens.size() ? tokens[i + 1] : std::string();
    if (l.today.matches(t)) {
      out.day = sent.day;
      anchored = true;
    } else if (l.tomorrow.matches(t)) {
      out.day = sent.day + days{1};
      anchored = true;
    } else if (l.day_after.matches(t)) {
      out.day = sent.day + days{2};
      anchored = true;
    } else if (all_digits(t) && t.size() <= 3 && !next.empty()) {
      const int n = std::stoi(t);
      const bool duration = (i > 0 && l.within.matches(tokens[i - 1])) || n > 24;
      if (l.business_days.matches(next)) {
        out.day = add_business_days(sent.day, n);
        anchored = true;
        ++i;
      } else if (l.days.matches(next)) {
        out.day = sent.day + days{n};
        anchored = true;
        ++i;
      } else if (l.hours.matches(next)) {
        if (duration && sent.minutes >= 0) {
          const int total = sent.minutes + n * 60;
          out.day = sent.day + days{total / (24 * 60)};
          out.minutes = total % (24 * 60);
        } else if (!duration) {
          out.minutes = n * 60;
        } else {
          out.day = sent.day + days{(n + 23) / 24};
        }
        anchored = true;
        ++i;
      }
    } else {
      for (size_t k = 0; k < l.weekdays.size(); ++k) {
        if (!l.weekdays[k].matches(t)) continue;
        // The next such day after the day the reply was sent.
        const unsigned today = weekday{sent.day}.iso_encoding();
        int ahead = static_cast<int>(k + 1) - static_cast<int>(today);
        if (ahead <= 0) ahead += 7;
        out.day = sent.day + days{ahead};
        anchored = true;
      }
      bool pm = false;
      if (auto minutes = clock_time(t, pm)) {
        const bool afternoon = pm || l.afternoon.matches(next);
        out.minutes = *minutes + (afternoon && *minutes < 12 * 60 ? 12 * 60 : 0);
        anchored = true;
      }
    }
  }
  if (!anchored) return std::nullopt;
  return out;
}

std::optional<LocalTime> parse_sent_at(std::string_view text) {
  if (text.empty()) return std::nullopt;  // most replies come without one
  int y = 0, mo = 0, d = 0, h = -1, mi = 0;
  const std::string s(text);
  const int fields = std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d", &y, &mo, &d, &h, &mi);
  if (fields < 3) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  LocalTime t{sys_days{ymd}, -1};
  if (fields == 5 && h >= 0 && h < 24 && mi >= 0 && mi < 60) t.minutes = h * 60 + mi;
  return t;
}

std::string format_local_time(const LocalTime& t) {
  const year_month_day ymd{t.day};
  char buffer[32];
  if (t.minutes >= 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  t.minutes / 60, t.minutes % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  }
  return buffer;
}

}  // namespace replylint
