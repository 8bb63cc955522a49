// Dates for the report's time series: `sent_at` in the forms webcare exports
// use, reduced to a day, and days grouped per ISO week or per month.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace replylint::audit {

// Days since 1970-01-01 of a `sent_at`: ISO 8601 ("2024-03-05", "2024-03-05T10:00:00Z",
// "2024-03-05 10:00"), "2015-Oct-1", "2024/03/05", day-first European dates
// ("05-03-2024", "5/3/2024 10:00"), or Unix seconds. nullopt when unreadable.
std::optional<int> parse_day(std::string_view sent_at);

int days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(int days, int& year, unsigned& month, unsigned& day);

enum class Period { week, month };

// "2015-W40" (ISO week) or "2020-05": sorts in time order as text.
std::string period_key(int day, Period period);
// The first day of the period `day` falls in.
int period_start(int day, Period period);
// "2015-10-05" for a day.
std::string iso_date(int day);

// Weeks for spans up to about half a year, months beyond.
Period choose_period(int first_day, int last_day);

}  // namespace replylint::audit
