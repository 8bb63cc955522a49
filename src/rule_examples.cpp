#include "rule_examples.hpp"

#include <algorithm>

namespace replylint {

Reply example_reply(const Rule& rule, const RuleExample& example) {
  Reply reply;
  reply.text = example.reply;
  reply.customer = example.customer;
  reply.thread = example.thread;
  reply.sent_at = example.sent_at;
  reply.lang = rule.lang;
  return reply;
}

bool rule_fires(const Analyzer& analyzer, const Rule& rule, const RuleExample& example) {
  const auto ids = analyzer.matching_rules(example_reply(rule, example));
  return std::find(ids.begin(), ids.end(), rule.id) != ids.end();
}

}  // namespace replylint
