#include "rule_pack.hpp"

#include <algorithm>
#include <set>

namespace replylint {

std::string_view to_string(Dimension d) {
  switch (d) {
    case Dimension::authenticity: return "authenticity";
    case Dimension::ownership: return "ownership";
    case Dimension::clarity: return "clarity";
  }
  return "authenticity";
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

std::optional<Dimension> parse_dimension(std::string_view s) {
  if (s == "authenticity") return Dimension::authenticity;
  if (s == "ownership") return Dimension::ownership;
  if (s == "clarity") return Dimension::clarity;
  return std::nullopt;
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::info;
  if (s == "warning") return Severity::warning;
  if (s == "error") return Severity::error;
  return std::nullopt;
}

std::string_view to_string(UnlessScope s) {
  switch (s) {
    case UnlessScope::sentence: return "sentence";
    case UnlessScope::neighbours: return "neighbours";
    case UnlessScope::reply: return "reply";
    case UnlessScope::customer: return "customer";
  }
  return "sentence";
}

std::optional<UnlessScope> parse_unless_scope(std::string_view s) {
  if (s == "sentence") return UnlessScope::sentence;
  if (s == "neighbours") return UnlessScope::neighbours;
  if (s == "reply") return UnlessScope::reply;
  if (s == "customer") return UnlessScope::customer;
  return std::nullopt;
}

const std::vector<std::string_view>& flaw_categories() {
  static const std::vector<std::string_view> categories = {
      "canned_empathy",   "auto_acknowledgement", "false_regret",   "survey_push",
      "deflection",       "system_excuse",        "policy_shield",  "burden_shift",
      "stalling",         "blame_customer",       "minimisation",   "passive_evasion",
      "non_apology",      "restart_demand",       "no_next_step",   "jargon",
      "ignores_customer", "asks_given_info",      "channel_switch", "repeated_reply"};
  return categories;
}

const std::vector<std::string_view>& signal_categories() {
  static const std::vector<std::string_view> categories = {
      "commitment", "timeframe",          "owned_apology",
      "remedy",     "specific_reference", "personal_signoff"};
  return categories;
}

bool is_flaw_category(std::string_view category) {
  const auto& c = flaw_categories();
  return std::find(c.begin(), c.end(), category) != c.end();
}

bool is_signal_category(std::string_view category) {
  const auto& c = signal_categories();
  return std::find(c.begin(), c.end(), category) != c.end();
}

const std::vector<std::string_view>& entity_kinds() {
  static const std::vector<std::string_view> kinds = {"order_number", "postcode", "email", "phone",
                                                      "iban",         "amount",   "date",  "name"};
  return kinds;
}

bool is_entity_kind(std::string_view kind) {
  const auto& k = entity_kinds();
  return std::find(k.begin(), k.end(), kind) != k.end();
}

bool is_context_check(std::string_view check) {
  return check == "ignores_customer" || check == "no_next_step" || check == "repeated_reply" ||
         check == "specific_reference";
}

std::vector<std::string> RuleSet::languages() const {
  std::set<std::string> langs;
  for (const auto& [lang, words] : stopwords) langs.insert(lang);
  for (const Rule& r : rules) langs.insert(r.lang);
  return {langs.begin(), langs.end()};
}

const Rule* RuleSet::find(std::string_view id) const {
  for (const Rule& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

namespace {
std::string join_problems(const std::vector<std::string>& problems) {
  std::string all;
  for (const auto& p : problems) {
    if (!all.empty()) all += '\n';
    all += p;
  }
  return all;
}
}  // namespace

RuleError::RuleError(std::vector<std::string> problems)
    : std::runtime_error(join_problems(problems)), problems_(std::move(problems)) {}

}  // namespace replylint
