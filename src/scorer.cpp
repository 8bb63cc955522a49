#include "scorer.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace replylint {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::send: return "send";
    case Verdict::revise: return "revise";
    case Verdict::block: return "block";
  }
  return "send";
}

namespace {

// Sum of weights in one dimension, each category's repeats decaying.
double decayed_sum(const std::vector<Finding>& items, Dimension dimension, double decay) {
  std::map<std::string_view, int> seen;
  double total = 0;
  for (const Finding& f : items) {
    if (f.dimension != dimension) continue;
    const int k = seen[f.category]++;
    total += f.weight * std::pow(decay, k);
  }
  return total;
}

int clamp_score(double value) {
  return static_cast<int>(std::lround(std::clamp(value, 0.0, 100.0)));
}

}  // namespace

Scores Scorer::score(const std::vector<Finding>& findings,
                     const std::vector<Finding>& signals) const {
  auto one = [&](Dimension d) {
    return clamp_score(config_.base - decayed_sum(findings, d, config_.repeat_decay) +
                       decayed_sum(signals, d, config_.repeat_decay));
  };
  return {one(Dimension::authenticity), one(Dimension::ownership)};
}

Verdict Scorer::verdict(const Scores& scores, const std::vector<Finding>& findings) const {
  const int lowest = std::min(scores.authenticity, scores.ownership);
  if (lowest < config_.block_below) return Verdict::block;
  const bool has_error = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::error;
  });
  if (lowest < config_.revise_below || has_error) return Verdict::revise;
  return Verdict::send;
}

}  // namespace replylint
