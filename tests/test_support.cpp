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

nlohmann::json pattern_rule(const std::string& id, const std::vector<std::string>& patterns,
                            const nlohmann::json& unless) {
  nlohmann::json r = {
      {"id", id},
      {"category", "deflection"},
      {"dimension", "ownership"},
      {"severity", "error"},
      {"weight", 10},
      {"patterns", patterns},
      {"message", "m"},
      {"suggestion", "s"},
      {"explanation", "e"},
      {"examples", {{"match", {"ga naar de winkel"}}, {"no_match", {"ik ga zelf"}}}}};
  if (!unless.empty()) r["unless"] = unless;
  return r;
}

}  // namespace replylint::test
