// Stage 6: turn findings and signals into the two scores and a verdict.
//
// Each score starts at `base`. A flaw of weight w in that dimension subtracts w,
// a signal adds w; the k-th occurrence (from 0) of the same category counts
// w * repeat_decay^k. The result is clamped to 0..100 and rounded. Clarity
// findings are advice and move no score. Canned empathy in the same reply as a
// refusal (deflection, policy shield, system excuse, burden shift) is an
// "empathy sandwich": worse than either alone, it costs `sandwich_penalty` more
// ownership. The verdict is `block` when either
// score is below `block_below`, `revise` when either is below `revise_below` or
// any finding has severity error, else `send`.
#pragma once

#include <vector>

#include "analysis.hpp"
#include "config.hpp"

namespace replylint {

class Scorer {
 public:
  explicit Scorer(ScoringConfig config) : config_(config) {}

  Scores score(const std::vector<Finding>& findings, const std::vector<Finding>& signals) const;
  static bool empathy_sandwich(const std::vector<Finding>& findings);
  Verdict verdict(const Scores& scores, const std::vector<Finding>& findings) const;

 private:
  ScoringConfig config_;
};

}  // namespace replylint
