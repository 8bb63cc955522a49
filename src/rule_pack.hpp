// The rule model: what a rule pack file holds once loaded and validated.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "conversation.hpp"
#include "language_detector.hpp"

namespace replylint {

enum class Dimension { authenticity, ownership, clarity };
enum class Severity { info, warning, error };

std::string_view to_string(Dimension d);
std::string_view to_string(Severity s);
std::optional<Dimension> parse_dimension(std::string_view s);
std::optional<Severity> parse_severity(std::string_view s);

// The category taxonomy of DESIGN.md. Flaws lower a score, signals raise it.
bool is_flaw_category(std::string_view category);
bool is_signal_category(std::string_view category);
inline bool is_known_category(std::string_view c) {
  return is_flaw_category(c) || is_signal_category(c);
}
const std::vector<std::string_view>& flaw_categories();
const std::vector<std::string_view>& signal_categories();

// Kinds of detail a customer can give; a rule can require one to have been given.
bool is_entity_kind(std::string_view kind);
const std::vector<std::string_view>& entity_kinds();

// Context checks implemented in code; a rule names one instead of patterns.
bool is_context_check(std::string_view check);

// Where an `unless` pattern is looked for, relative to a match: its sentence, that
// sentence with the one before and the one after, the whole reply, or the
// customer's message the reply answers.
enum class UnlessScope { sentence, neighbours, reply, customer };

std::string_view to_string(UnlessScope s);
std::optional<UnlessScope> parse_unless_scope(std::string_view s);

struct UnlessPattern {
  std::string pattern;  // vocabularies expanded once loaded
  UnlessScope scope = UnlessScope::sentence;
};

// A reply a rule must (or must not) flag, with the conversation it answers.
struct RuleExample {
  std::string reply;
  std::string customer;
  std::vector<Turn> thread;
  std::string sent_at;
};

struct Rule {
  std::string id;
  std::string lang;
  std::string category;
  Dimension dimension = Dimension::authenticity;
  Severity severity = Severity::warning;
  double weight = 0;
  std::vector<std::string> patterns;          // vocabularies expanded (empty for a check)
  std::vector<UnlessPattern> unless;          // a match is dropped when one matches in its scope
  std::vector<std::string> written_patterns;  // as in the file, for `explain`
  std::string message;
  std::string suggestion;
  std::string explanation;
  std::string check;                            // a context check instead of patterns
  std::vector<std::string> when_customer_gave;  // fire only if the customer gave one of these
  std::vector<RuleExample> match_examples;
  std::vector<RuleExample> no_match_examples;
  std::string file;  // the pack it came from

  bool is_signal() const { return is_signal_category(category); }
};

// Words a language uses for who promises and for dates, so deadlines can be
// read from a reply ("morgen vóór 12 uur", "within 2 business days").
// Each list holds regex fragments matched against whole tokens.
struct PromiseVocabulary {
  std::vector<std::string> self;  // ik, i, i'll
  std::vector<std::string> team;  // we, wij, our team
  std::vector<std::string> today;
  std::vector<std::string> tomorrow;
  std::vector<std::string> day_after_tomorrow;
  std::vector<std::string> weekdays;  // monday first, seven entries
  std::vector<std::string> business_days;
  std::vector<std::string> days;
  std::vector<std::string> hours;
  std::vector<std::string> within;     // "binnen 2 uur" is a duration, "vóór 12 uur" a time
  std::vector<std::string> afternoon;  // marks a time as p.m. ("pm", "'s middags")
};

struct RuleSet {
  std::vector<Rule> rules;
  std::map<std::string, WordSet> stopwords;           // per language, from the packs' profiles
  std::map<std::string, PromiseVocabulary> promises;  // per language
  std::vector<std::string> files;                     // pack files loaded, in order

  std::vector<std::string> languages() const;
  const Rule* find(std::string_view id) const;
};

// Every problem found while loading rules or config, each naming its place.
class RuleError : public std::runtime_error {
 public:
  explicit RuleError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

}  // namespace replylint
