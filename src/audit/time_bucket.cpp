#include "audit/time_bucket.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace replylint::audit {

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
int days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void civil_from_days(int z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

namespace {

// A date part: digits, or a month name (English or Dutch, first three letters).
struct Part {
  int value = 0;
  int digits = 0;  // 0 for a month name
};

int month_from_name(std::string_view word) {
  static const std::array<const char*, 12> en = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  static const std::array<const char*, 12> nl = {"jan", "feb", "maa", "apr", "mei", "jun",
                                                 "jul", "aug", "sep", "okt", "nov", "dec"};
  if (word.size() < 3) return 0;
  std::string w;
  for (size_t i = 0; i < 3; ++i)
    w += static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
  for (int i = 0; i < 12; ++i) {
    if (w == en[i] || w == nl[i]) return i + 1;
  }
  return 0;
}

bool valid(int y, int m, int d) {
  static const std::array<int, 12> days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1970 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
         !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

}  // namespace

std::optional<int> parse_day(std::string_view s) {
  // Unix seconds (or milliseconds).
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos && s.size() >= 9 &&
      s.size() <= 13) {
    long long v = std::stoll(std::string(s));
    if (s.size() >= 12) v /= 1000;
    return static_cast<int>(v / 86400);
  }
  // The first three parts, separated by '-', '/', '.' or ' ', before any time.
  std::vector<Part> parts;
  size_t i = 0;
  while (i < s.size() && parts.size() < 3) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c)) {
      Part p;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && p.digits < 5) {
        p.value = p.value * 10 + (s[i] - '0');
        ++p.digits, ++i;
      }
      parts.push_back(p);
    } else if (std::isalpha(c)) {
      const size_t start = i;
      while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
      const int month = month_from_name(s.substr(start, i - start));
      if (month == 0) {
        if (!parts.empty()) return std::nullopt;  // "Tue, 05 Mar": skip a leading weekday
        continue;
      }
      parts.push_back({month, 0});
    } else if (c == '-' || c == '/' || c == '.' || c == ' ' || c == ',') {
      ++i;
    } else {
      break;
    }
    if (i < s.size() && (s[i] == 'T' || s[i] == ':') && parts.size() < 3) return std::nullopt;
  }
  if (parts.size() < 3) return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (parts[0].digits == 4) {  // year first: 2024-03-05, 2015-Oct-1
    y = parts[0].value, m = parts[1].value, d = parts[2].value;
  } else if (parts[2].digits == 4) {  // day first: 05-03-2024, 5 Mar 2024
    d = parts[0].value, m = parts[1].value, y = parts[2].value;
    if (parts[0].digits == 0) std::swap(d, m);  // Mar 5 2024
  } else {
    return std::nullopt;
  }
  if (!valid(y, m, d)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string iso_date(int day) {
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

int period_start(int day, Period period) {
  if (period == Period::month) {
    int y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    return days_from_civil(y, m, 1);
  }
  const int weekday = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
  return day - weekday;
}

std::string period_key(int day, Period period) {
  char buf[48];
  int y;
  unsigned m, d;
  if (period == Period::month) {
    civil_from_days(day, y, m, d);
    std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
    return buf;
  }
  // The ISO week belongs to the year of its Thursday.
  const int thursday = period_start(day, Period::week) + 3;
  civil_from_days(thursday, y, m, d);
  const int week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
  std::snprintf(buf, sizeof buf, "%04d-W%02d", y, week);
  return buf;
}

Period choose_period(int first_day, int last_day) {
  return last_day - first_day > 182 ? Period::month : Period::week;
}

}  // namespace replylint::audit
