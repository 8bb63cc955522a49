// The rule model: what a rule pack file holds once loaded and validated.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

struct Rule {
  std::string id;
  std::string lang;
  std::string category;
  Dimension dimension = Dimension::authenticity;
  Severity severity = Severity::warning;
  double weight = 0;
  std::vector<std::string> patterns;          // vocabularies expanded
  std::vector<std::string> unless;            // vocabularies expanded
  std::vector<std::string> written_patterns;  // as in the file, for `explain`
  std::string message;
  std::string suggestion;
  std::string explanation;
  std::vector<std::string> match_examples;
  std::vector<std::string> no_match_examples;
  std::string file;  // the pack it came from

  bool is_signal() const { return is_signal_category(category); }
};

struct RuleSet {
  std::vector<Rule> rules;
  std::map<std::string, WordSet> stopwords;  // per language, from the packs' profiles
  std::vector<std::string> files;            // pack files loaded, in order

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
