// Shared helpers for the tests: the fixture analyser and small conveniences.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.hpp"

namespace replylint::test {

// An analyser over tests/fixtures/rules (stable, independent of the shipped packs).
const Analyzer& fixture_analyzer();
// An analyser over the shipped rules/ packs.
const Analyzer& shipped_analyzer();

Analysis analyze(const Analyzer& a, std::string_view text, std::string_view lang = "auto");

std::vector<std::string> categories(const std::vector<Finding>& items);
const Finding* find_category(const std::vector<Finding>& items, std::string_view category);

std::string read_text_file(const std::string& path);

// A pattern rule as a pack holds it (a deflection, ownership, error), with
// placeholder message, suggestion, explanation and examples; `unless` if not empty.
nlohmann::json pattern_rule(const std::string& id, const std::vector<std::string>& patterns,
                            const nlohmann::json& unless = nlohmann::json::array());

}  // namespace replylint::test
