// The fuzz targets' bodies, kept apart from libFuzzer so the test suite replays
// seed corpora and crash inputs (tests/fixtures/regressions/<target>/) through
// exactly the code the fuzzer ran. A broken invariant throws FuzzFailure; any
// other exception escaping a target is a bug too.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.hpp"

namespace replylint::fuzz {

class FuzzFailure : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

using Target = void (*)(std::string_view data);

struct NamedTarget {
  std::string_view name;  // also the folder name under fuzz/corpus/
  Target run;
};

// Every target: analyzer, rule_loader, reply_record, audit_jsonl, audit_csv,
// server_check, server_languagetool.
const std::vector<NamedTarget>& targets();
// nullptr for an unknown name.
Target find_target(std::string_view name);

// The analyzer target's input: parts separated by 0x1F are the reply, the
// customer's message, the language ("nl", "en", anything else auto), sent_at,
// then thread turns (customer, agent, customer, ...).
Reply reply_from_bytes(std::string_view data);

}  // namespace replylint::fuzz
