#include "test_support.hpp"

#include <fstream>
#include <sstream>

namespace replylint::test {

const Analyzer& fixture_analyzer() {
  static const Analyzer analyzer = Analyzer::load({REPLYLINT_FIXTURE_RULES}, Config{});
  return analyzer;
}

const Analyzer& shipped_analyzer() {
  static const Analyzer analyzer =
      Analyzer::load({std::string(REPLYLINT_SOURCE_DIR) + "/rules"}, Config{});
  return analyzer;
}

Analysis analyze(const Analyzer& a, std::string_view text, std::string_view lang) {
  Reply reply;
  reply.text = std::string(text);
  reply.lang = std::string(lang);
  return a.analyze(reply);
}

std::vector<std::string> categories(const std::vector<Finding>& items) {
  std::vector<std::string> out;
  for (const auto& f : items) out.push_back(f.category);
  return out;
}

const Finding* find_category(const std::vector<Finding>& items, std::string_view category) {
  for (const auto& f : items)
    if (f.category == category) return &f;
  return nullptr;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace replylint::test
