// The engine: built once from rule packs and config, then immutable and safe to
// share between threads. The CLI, server and audit are thin shells around it.
#pragma once

#include <filesystem>
#include <map>
#include <vector>

#include "analysis.hpp"
#include "config.hpp"
#include "deadline.hpp"
#include "language_detector.hpp"
#include "matcher.hpp"
#include "normalizer.hpp"
#include "rule_pack.hpp"
#include "scorer.hpp"
#include "tokenizer.hpp"

namespace replylint {

class Analyzer {
 public:
  // Applies `config` (disables, overrides) to `rules` and compiles them.
  // Throws RuleError when the config names unknown rules or rules fail to compile.
  Analyzer(RuleSet rules, Config config);

  // Loads the packs in `rule_dirs` plus the config's own rule directories.
  static Analyzer load(const std::vector<std::filesystem::path>& rule_dirs, Config config);

  // Throws std::invalid_argument when `reply.lang` names a language without rules.
  Analysis analyze(const Reply& reply) const;

  // Ids of the rules that fire (patterns after `unless`, and context checks),
  // before overlapping findings of a category merge: what a rule's examples are
  // checked against.
  std::vector<std::string> matching_rules(const Reply& reply) const;

  // Compiles now the rule programs that would compile when a reply first
  // needs them: for a server, whose first replies should not wait.
  void compile_all() const { matcher_.compile_all(); }
  // The same on the calling thread until `stop` is requested: beside a run of
  // many replies, on a spare core (see Matcher::compile_all_until).
  void compile_all_until(std::stop_token stop) const { matcher_.compile_all_until(stop); }

  const RuleSet& rules() const { return rules_; }
  const Config& config() const { return config_; }
  std::vector<std::string> languages() const { return rules_.languages(); }

 private:
  RuleSet rules_;
  Config config_;
  Normalizer normalizer_;
  Tokenizer tokenizer_;
  LanguageDetector detector_;
  Matcher matcher_;
  Scorer scorer_;
  std::map<std::string, std::vector<size_t>, std::less<>> check_rules_;  // per language
  std::map<std::string, DeadlineReader, std::less<>> deadline_readers_;  // per language

  // Every finding and signal, unmerged, with spans still in repaired offsets.
  Analysis collect(const Reply& reply) const;
  bool speaks_for_self(const Analysis& analysis, const NormalizedText& n, const TokenizedText& t,
                       const std::string& lang) const;
};

}  // namespace replylint
