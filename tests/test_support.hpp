// Shared helpers for the tests: the fixture analyser and small conveniences.
#pragma once

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

}  // namespace replylint::test
