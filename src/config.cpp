#include "config.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace replylint {

using nlohmann::json;

namespace {

class ConfigReader {
 public:
  ConfigReader(std::string source, std::vector<std::string>& problems)
      : source_(std::move(source)), problems_(problems) {}

  void fail(const std::string& what) { problems_.push_back(source_ + ": " + what); }

  std::set<std::string> string_set(const json& j, const char* key) {
    const auto list = string_list(j, key);
    return {list.begin(), list.end()};
  }

  std::vector<std::string> string_list(const json& j, const char* key) {
    std::vector<std::string> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array()) {
      fail(std::string("\"") + key + "\" must be an array of strings");
      return out;
    }
    for (const json& e : j[key]) {
      if (e.is_string()) {
        out.push_back(e.get<std::string>());
      } else {
        fail(std::string("\"") + key + "\" must hold only strings");
      }
    }
    return out;
  }

  // j[key] into `target` when present and within [lo, hi]; `section` names j.
  void number(const json& j, const char* section, const char* key, double& target, double lo,
              double hi) {
    if (!j.contains(key)) return;
    if (!j[key].is_number() || j[key].get<double>() < lo || j[key].get<double>() > hi) {
      fail(std::string("\"") + section + "." + key + "\" must be a number from " +
           std::to_string(lo) + " to " + std::to_string(hi));
      return;
    }
    target = j[key].get<double>();
  }

  void count(const json& j, const char* section, const char* key, size_t& target, size_t hi) {
    if (!j.contains(key)) return;
    if (!j[key].is_number_integer() || j[key].get<int64_t>() < 0 ||
        j[key].get<int64_t>() > static_cast<int64_t>(hi)) {
      fail(std::string("\"") + section + "." + key + "\" must be a whole number from 0 to " +
           std::to_string(hi));
      return;
    }
    target = j[key].get<size_t>();
  }

  // Fails on every key of object j that is not in `keys`.
  void known_keys(const json& j, const char* section, const std::set<std::string>& keys) {
    for (const auto& [key, value] : j.items())
      if (!keys.count(key)) fail(std::string("unknown key \"") + section + "." + key + "\"");
  }

 private:
  std::string source_;
  std::vector<std::string>& problems_;
};

}  // namespace

Config Config::from_json(const json& j, const std::string& source,
                         const std::filesystem::path& base_dir) {
  Config config;
  std::vector<std::string> problems;
  ConfigReader reader(source, problems);
  if (!j.is_object()) throw RuleError({source + ": the config must be a JSON object"});

  static const std::set<std::string> keys = {
      "$schema",   "rule_dirs", "disabled_rules", "disabled_categories",
      "overrides", "scoring",   "context",        "default_lang"};
  for (const auto& [key, value] : j.items())
    if (!keys.count(key)) reader.fail("unknown key \"" + key + "\"");

  for (const auto& dir : reader.string_list(j, "rule_dirs")) {
    std::filesystem::path p(dir);
    config.rule_dirs.push_back(p.is_absolute() ? p : base_dir / p);
  }
  config.disabled_rules = reader.string_set(j, "disabled_rules");
  config.disabled_categories = reader.string_set(j, "disabled_categories");
  for (const auto& c : config.disabled_categories)
    if (!is_known_category(c))
      reader.fail("\"disabled_categories\": unknown category \"" + c + "\"");

  if (j.contains("overrides")) {
    if (!j["overrides"].is_object()) {
      reader.fail("\"overrides\" must map rule ids to {\"severity\", \"weight\"}");
    } else {
      for (const auto& [id, o] : j["overrides"].items()) {
        RuleOverride ov;
        if (!o.is_object()) {
          reader.fail("override " + id + ": must be an object");
          continue;
        }
        for (const auto& [key, value] : o.items()) {
          if (key == "severity" && value.is_string() && parse_severity(value.get<std::string>())) {
            ov.severity = parse_severity(value.get<std::string>());
          } else if (key == "weight" && value.is_number() && value.get<double>() >= 0 &&
                     value.get<double>() <= 100) {
            ov.weight = value.get<double>();
          } else {
            reader.fail("override " + id + ": \"" + key +
                        "\" must be severity (info|warning|error) or weight (0-100)");
          }
        }
        config.overrides[id] = ov;
      }
    }
  }

  if (j.contains("scoring")) {
    const json& s = j["scoring"];
    if (!s.is_object()) {
      reader.fail("\"scoring\" must be an object");
    } else {
      reader.known_keys(
          s, "scoring",
          {"base", "repeat_decay", "revise_below", "block_below", "sandwich_penalty"});
      reader.number(s, "scoring", "base", config.scoring.base, 0, 100);
      reader.number(s, "scoring", "repeat_decay", config.scoring.repeat_decay, 0, 1);
      reader.number(s, "scoring", "revise_below", config.scoring.revise_below, 0, 100);
      reader.number(s, "scoring", "block_below", config.scoring.block_below, 0, 100);
      reader.number(s, "scoring", "sandwich_penalty", config.scoring.sandwich_penalty, 0, 100);
      if (config.scoring.block_below > config.scoring.revise_below)
        reader.fail("\"scoring.block_below\" must not be above \"scoring.revise_below\"");
    }
  }
  if (j.contains("context")) {
    const json& c = j["context"];
    if (!c.is_object()) {
      reader.fail("\"context\" must be an object");
    } else {
      reader.known_keys(c, "context",
                        {"min_specifics", "max_thread_engagement", "max_own_specifics",
                         "repeat_similarity", "min_reply_words"});
      reader.count(c, "context", "min_specifics", config.context.min_specifics, 1000);
      reader.number(c, "context", "max_thread_engagement", config.context.max_thread_engagement, 0,
                    1);
      reader.count(c, "context", "max_own_specifics", config.context.max_own_specifics, 1000);
      reader.number(c, "context", "repeat_similarity", config.context.repeat_similarity, 0, 1);
      reader.count(c, "context", "min_reply_words", config.context.min_reply_words, 1000);
    }
  }
  if (j.contains("default_lang")) {
    if (!j["default_lang"].is_string()) {
      reader.fail("\"default_lang\" must be a language code");
    } else {
      config.default_lang = j["default_lang"].get<std::string>();
    }
  }
  if (!problems.empty()) throw RuleError(problems);
  return config;
}

Config Config::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RuleError({file.string() + ": cannot read the config file"});
  std::stringstream buffer;
  buffer << in.rdbuf();
  json j;
  try {
    j = json::parse(buffer.str());
  } catch (const json::exception& e) {  // also out_of_range: 1e400
    throw RuleError({file.string() + ": invalid JSON: " + e.what()});
  }
  return from_json(j, file.string(), file.parent_path());
}

void apply_config(const Config& config, RuleSet& rules) {
  std::vector<std::string> problems;
  for (const auto& id : config.disabled_rules)
    if (!rules.find(id)) problems.push_back("config: \"disabled_rules\": no rule \"" + id + "\"");
  for (const auto& [id, o] : config.overrides)
    if (!rules.find(id)) problems.push_back("config: \"overrides\": no rule \"" + id + "\"");
  const auto langs = rules.languages();
  if (std::find(langs.begin(), langs.end(), config.default_lang) == langs.end())
    problems.push_back("config: \"default_lang\": no rules for language \"" + config.default_lang +
                       "\"");
  if (!problems.empty()) throw RuleError(problems);

  std::erase_if(rules.rules, [&](const Rule& r) {
    return config.disabled_rules.count(r.id) || config.disabled_categories.count(r.category);
  });
  for (Rule& r : rules.rules) {
    auto it = config.overrides.find(r.id);
    if (it == config.overrides.end()) continue;
    if (it->second.severity) r.severity = *it->second.severity;
    if (it->second.weight) r.weight = *it->second.weight;
  }
}

}  // namespace replylint
