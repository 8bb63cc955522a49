// The analysis as one line of JSON, written straight into a string: the same
// bytes as dump_line(to_json(analysis)) without building the JSON tree, which
// cost half as much again as the analysis itself. `check` and the HTTP service
// answer with it; a test holds it to the tree's output.
#pragma once

#include <string>
#include <string_view>

#include "analysis.hpp"

namespace replylint {

// Appends the analysis's JSON (DESIGN.md's contract), without a newline.
void append_analysis_json(std::string& out, const Analysis& analysis);

std::string analysis_json_line(const Analysis& analysis);

// Appends `s` as a JSON string, as nlohmann writes it (invalid UTF-8 replaced).
void append_json_string(std::string& out, std::string_view s);

}  // namespace replylint
