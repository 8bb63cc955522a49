// One input record after the workers are done with it: its analysis (or why it
// could not be read) plus what the summary needs, handed to the writer in order.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "analysis.hpp"
#include "audit/minhash.hpp"

namespace replylint::audit {

struct AuditRecord {
  uint64_t line = 0;
  std::string error;  // set: an error record
  std::string id;     // the record's id, also for error records when readable
  Reply reply;        // text, agent, channel, sent_at (customer and thread are dropped)
  Analysis analysis;
  // The analysis JSON's "promises" (null for an error record).
  nlohmann::ordered_json promises;
  std::optional<Signature> signature;
  std::optional<int> day;  // sent_at as days since 1970-01-01

  bool ok() const { return error.empty(); }
};

}  // namespace replylint::audit
