// Which of a branch's requirements a text meets least often: the matcher opens
// a branch only where that one is found, and looks for the others only then.
#pragma once

#include <cstddef>
#include <vector>

#include "language_detector.hpp"
#include "pattern_analysis.hpp"

namespace replylint {

// A rough chance that a text holds `literal`: each of its words halves it when
// common (one of `common_words`, or no letter or digit in it), else counts as
// rarer the longer it is.
double literal_chance(const KeyedLiteral& literal, const WordSet& common_words);

// The index of the requirement whose literals' chances add up to the least;
// of equals, the one with fewer literals, then the first. 0 for none.
size_t rarest_requirement(const std::vector<std::vector<KeyedLiteral>>& requirements,
                          const WordSet& common_words);

}  // namespace replylint
