// What every Analysis must satisfy, whatever the reply: spans inside the text and
// on character boundaries, byte and UTF-16 offsets that agree, the matched text,
// scores in 0..100 and a verdict that follows from them. Checked by the property
// test, the fuzz targets and, in debug and sanitizer builds, by every analyze().
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis.hpp"
#include "config.hpp"

namespace replylint {

// The violations found (empty when all hold), each a sentence naming the item.
// `reply` is the text the analysis was made of, as given (invalid UTF-8 allowed);
// `scoring` holds the thresholds the verdict was decided with.
std::vector<std::string> check_analysis_invariants(std::string_view reply, const Analysis& analysis,
                                                   const ScoringConfig& scoring);

// Checks, and on a violation prints every one with the reply's id and a preview
// of the reply to stderr, then aborts: a broken contract must not reach a client.
void enforce_analysis_invariants(std::string_view reply, const Analysis& analysis,
                                 const ScoringConfig& scoring);

// Decodes UTF-8 as browsers do (WHATWG): each maximal invalid subsequence becomes
// one U+FFFD. Written apart from utf8.cpp so the check does not trust the code
// it checks.
std::string decode_utf8_whatwg(std::string_view bytes);

}  // namespace replylint
