// Loads and validates rule packs (rules/<lang>/*.json). Every problem is collected
// and reported together, each naming the file, the rule id and what is wrong.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rule_pack.hpp"

namespace replylint {

class RuleLoader {
 public:
  // A directory of language folders (dir/nl/*.json) or of pack files (dir/*.json).
  void add_directory(const std::filesystem::path& dir);
  void add_file(const std::filesystem::path& file);
  // `source` names the pack in messages (a file name, or "<test>").
  void add_pack(const nlohmann::json& pack, const std::string& source);

  // Expands vocabularies, checks every pattern with RE2; throws RuleError listing
  // every problem found in any pack.
  RuleSet finish();

 private:
  struct PendingPack {
    nlohmann::json pack;
    std::string source;
  };
  // A pack file as read, or why it could not be (thread-safe: no state).
  struct ReadPack {
    std::optional<nlohmann::json> pack;
    std::string source;
    std::vector<std::string> problems;
  };
  static ReadPack read_pack(const std::filesystem::path& file);
  void take(ReadPack read);
  void problem(std::string text) { problems_.push_back(std::move(text)); }

  std::vector<PendingPack> packs_;
  std::vector<std::string> problems_;
};

RuleSet load_rules(const std::vector<std::filesystem::path>& dirs);

// Budgets that keep a rule file from exhausting memory or time at load: a
// pattern's length after vocabulary expansion, and RE2's memory for one
// compiled pattern (its program and DFA).
inline constexpr size_t kMaxExpandedPatternBytes = 256 << 10;
inline constexpr int64_t kRegexMaxMem = 8 << 20;

// Replaces {name} with the vocabulary's alternation; {word} and {gap} are built in.
// Returns false and sets `error` for an unknown name or an expansion longer
// than kMaxExpandedPatternBytes.
bool expand_vocabularies(std::string_view pattern, const std::map<std::string, std::string>& vocab,
                         std::string& out, std::string& error);

// How rule patterns compile: leftmost-longest, within kRegexMaxMem.
RE2::Options rule_regex_options();
// Why RE2 refused `re`, worded as a rule problem.
std::string regex_problem(const RE2& re);

// The regex a rule pattern runs as, " (?:pattern) ": a token edge on each side.
std::string wrap_pattern(std::string_view pattern);

}  // namespace replylint
