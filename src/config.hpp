// User configuration (replylint.json): extra rules, disabled rules or categories,
// severity/weight overrides, scoring constants and verdict thresholds.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>
#include <string>

#include "rule_pack.hpp"

namespace replylint {

struct RuleOverride {
  std::optional<Severity> severity;
  std::optional<double> weight;
};

struct ScoringConfig {
  double base = 70;              // where both scores start
  double repeat_decay = 0.5;     // the k-th repeat of a category counts decay^k
  double revise_below = 65;      // a score under this asks for a revision
  double block_below = 35;       // a score under this blocks the reply
  double sandwich_penalty = 10;  // extra ownership cost of canned empathy around a refusal
};

// Thresholds of the context checks (README "Context checks").
struct ContextConfig {
  // ignores_customer: judged when the customer gave at least this many specifics;
  // in a thread, the reply may take up less than this share of them; a reply
  // with more specifics of its own than this engages.
  size_t min_specifics = 5;
  double max_thread_engagement = 0.1;
  size_t max_own_specifics = 1;
  double repeat_similarity = 0.6;  // repeated_reply: word 3-gram Jaccard similarity from here on
  size_t min_reply_words = 4;      // no_next_step: shorter replies are not judged
};

struct Config {
  std::vector<std::filesystem::path> rule_dirs;  // extra rule directories
  std::set<std::string> disabled_rules;
  std::set<std::string> disabled_categories;
  std::map<std::string, RuleOverride> overrides;  // rule id -> override
  ScoringConfig scoring;
  ContextConfig context;
  std::string default_lang = "en";  // when the language cannot be detected

  // Parses a config object; `source` names it in errors. Relative rule
  // directories are resolved against `base_dir`. Throws RuleError.
  static Config from_json(const nlohmann::json& j, const std::string& source,
                          const std::filesystem::path& base_dir);
  static Config load(const std::filesystem::path& file);
};

// Applies disables and overrides to a loaded rule set; unknown rule ids or
// categories named by the config are errors (a typo must not go unnoticed).
void apply_config(const Config& config, RuleSet& rules);

}  // namespace replylint
