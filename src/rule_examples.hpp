// A rule's examples as replies, and whether the rule fires on one: what
// `replylint rules test` and the test suite check for every rule.
#pragma once

#include "analyzer.hpp"

namespace replylint {

Reply example_reply(const Rule& rule, const RuleExample& example);

// True when `rule` produces a finding or signal on the example (before
// overlapping findings of one category merge).
bool rule_fires(const Analyzer& analyzer, const Rule& rule, const RuleExample& example);

}  // namespace replylint
