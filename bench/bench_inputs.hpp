// The replies the benchmarks run on: the labelled corpus plus the real webcare
// data beside the repository, and synthetic replies of a chosen size.
#pragma once

#include <string>
#include <vector>

#include "analysis.hpp"

namespace replylint::bench {

// Every reply text of corpus/*.jsonl and, when present, $REPLYLINT_BENCH_DATA or
// ../shared/data/*.jsonl. Throws when none is found.
const std::vector<std::string>& realistic_mix();

size_t total_bytes(const std::vector<std::string>& replies);

// The same replies as whole records, as `check` and `audit` read them: with their
// language, customer message, thread and send time where the record has them.
const std::vector<Reply>& realistic_records();

// A reply of about `bytes` bytes made of replies from the mix; each `variant`
// starts from other replies. With `lang`, only replies of that language are used,
// as in a real long reply; without, pieces of both languages run together.
std::string reply_of_size(size_t bytes, size_t variant = 0, const std::string& lang = "");

}  // namespace replylint::bench
