// Turns the commitment signals of a reply into promises: who acts, what, and the
// deadline (as an ISO date when the reply's sent_at is known).
#pragma once

#include <optional>
#include <vector>

#include "analysis.hpp"
#include "deadline.hpp"
#include "tokenizer.hpp"

namespace replylint {

// `signals` are merged but their spans are still repaired-text offsets.
std::vector<Promise> extract_promises(const std::vector<Finding>& signals,
                                      const NormalizedText& text, const TokenizedText& tokens,
                                      const DeadlineReader& reader,
                                      const std::optional<LocalTime>& sent_at);

}  // namespace replylint
