// The JSON form of an analysis (DESIGN.md's contract) and of a rule.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis.hpp"
#include "rule_pack.hpp"

namespace replylint {

nlohmann::ordered_json to_json(const Finding& finding);
nlohmann::ordered_json to_json(const Analysis& analysis);
nlohmann::ordered_json to_json(const std::vector<Promise>& promises);  // the "promises" array
nlohmann::ordered_json to_json(const Rule& rule);

// One line of JSON; invalid UTF-8 can not reach it, but stay safe regardless.
std::string dump_line(const nlohmann::ordered_json& j);

}  // namespace replylint
