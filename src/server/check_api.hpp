// The replylint JSON API (/v1): request bodies in, DESIGN.md's analysis JSON out.
// Independent of HTTP, so the mapping is tested on its own.
#pragma once

#include <string>
#include <string_view>

#include "analyzer.hpp"
#include "server/metrics.hpp"

namespace replylint::server {

struct ApiAnswer {
  int status = 200;
  std::string body;  // JSON
};

// {"error": message}
std::string error_json(std::string_view message);

// POST /v1/check: one record {reply, customer?, thread?, lang?, channel?, sent_at?, id?}.
ApiAnswer check_one(const Analyzer& analyzer, Metrics& metrics, const std::string& body);

// POST /v1/check/batch: {"replies": [record, ...]} -> {"results": [...]}, one result
// per record in order; a bad record gives {"index", "error"} in its place.
ApiAnswer check_batch(const Analyzer& analyzer, Metrics& metrics, const std::string& body);

// GET /v1/rules: every loaded rule, optionally of one language.
ApiAnswer list_rules(const Analyzer& analyzer, const std::string& lang);

}  // namespace replylint::server
