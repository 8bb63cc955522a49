#include "scorer.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

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
  // Findings so far per category: there are a few categories, so a short list
  // searched in a row beats a map, and is reused per thread.
  thread_local std::vector<std::pair<std::string_view, int>> seen;
  seen.clear();
  double total = 0;
  for (const Finding& f : items) {
    if (f.dimension != dimension) continue;
    auto it = std::find_if(seen.begin(), seen.end(),
                           [&](const auto& s) { return s.first == f.category; });
    if (it == seen.end()) it = seen.insert(seen.end(), {f.category, 0});
    const int k = it->second++;
    total += k == 0 ? f.weight : f.weight * std::pow(decay, k);
  }
  return total;
}

int clamp_score(double value) {
  return static_cast<int>(std::lround(std::clamp(value, 0.0, 100.0)));
}

}  // namespace

bool Scorer::empathy_sandwich(const std::vector<Finding>& findings) {
  auto has = [&](std::initializer_list<std::string_view> categories) {
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return std::find(categories.begin(), categories.end(), f.category) != categories.end();
    });
  };
  return has({"canned_empathy"}) &&
         has({"deflection", "policy_shield", "system_excuse", "burden_shift"});
}

Scores Scorer::score(const std::vector<Finding>& findings,
                     const std::vector<Finding>& signals) const {
  auto one = [&](Dimension d) {
    return config_.base - decayed_sum(findings, d, config_.repeat_decay) +
           decayed_sum(signals, d, config_.repeat_decay);
  };
  const double sandwich = empathy_sandwich(findings) ? config_.sandwich_penalty : 0;
  return {clamp_score(one(Dimension::authenticity)),
          clamp_score(one(Dimension::ownership) - sandwich)};
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
