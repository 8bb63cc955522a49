#include "rule_loader.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "analysis.hpp"
#include "reply_record.hpp"

namespace replylint {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string>& builtin_vocabularies() {
  static const std::map<std::string, std::string> builtins = {
      {"word", "[^ ]+"},           // exactly one token
      {"gap", "(?:[^ ]+ ){0,3}"},  // zero to three tokens, each followed by a space
  };
  return builtins;
}

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || c == '_';
}
bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

// Patterns run against case-folded text: an upper-case letter can never match.
bool has_unescaped_uppercase(std::string_view p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      // Skip the escape, and a Unicode class name: \pL, \PN, \p{Lu}.
      if (i + 2 < p.size() && (p[i + 1] == 'p' || p[i + 1] == 'P')) {
        const size_t close = p[i + 2] == '{' ? p.find('}', i + 2) : i + 2;
        i = close == std::string_view::npos ? p.size() : close;
      } else {
        ++i;
      }
      continue;
    }
    if (p[i] >= 'A' && p[i] <= 'Z') return true;
  }
  return false;
}

// Calls `each(i)` for every i below `count`, the indices dealt out in turn over
// the cores (at most eight threads). `each` must be safe to call for different
// indices at once. The calling thread only waits: work on it measured slower,
// its heap being the one the rules already fill.
template <typename Each>
void on_all_cores(size_t count, const Each& each) {
  const size_t parts = std::min<size_t>(
      {std::max(1u, std::thread::hardware_concurrency()), 8, std::max<size_t>(count, 1)});
  std::vector<std::future<void>> parts_done;
  for (size_t part = 0; part < parts; ++part)
    parts_done.push_back(std::async(std::launch::async, [&, part] {
      for (size_t i = part; i < count; i += parts) each(i);
    }));
  for (auto& done : parts_done) done.get();
}

class PackReader {
 public:
  PackReader(const json& pack, std::string source, std::vector<std::string>& problems)
      : pack_(pack), source_(std::move(source)), problems_(problems) {}

  std::string lang;
  std::map<std::string, std::vector<std::string>> vocabularies;
  std::vector<std::string> stopwords;
  std::optional<PromiseVocabulary> promises;
  std::vector<Rule> rules;

  void read() {
    if (!pack_.is_object()) return fail("", "a rule pack must be a JSON object");
    static const std::set<std::string> keys = {"$schema", "lang",  "name",     "description",
                                               "profile", "rules", "promises", "vocabularies"};
    for (const auto& [key, value] : pack_.items())
      if (!keys.count(key)) fail("", "unknown key \"" + key + "\"");
    if (!pack_.contains("lang") || !pack_["lang"].is_string() ||
        !RE2::FullMatch(pack_["lang"].get<std::string>(), "[a-z]{2,3}")) {
      return fail("", "\"lang\" must be a language code such as \"nl\" or \"en\"");
    }
    lang = pack_["lang"].get<std::string>();
    read_profile();
    read_vocabularies();
    read_promises();
    if (!pack_.contains("rules") || !pack_["rules"].is_array()) {
      return fail("", "\"rules\" must be an array of rules");
    }
    for (size_t i = 0; i < pack_["rules"].size(); ++i) read_rule(pack_["rules"][i], i);
  }

 private:
  void fail(const std::string& rule_id, const std::string& what) {
    problems_.push_back(source_ + ": " + (rule_id.empty() ? "" : "rule " + rule_id + ": ") + what);
  }

  void read_profile() {
    if (!pack_.contains("profile")) return;
    const json& profile = pack_["profile"];
    if (!profile.is_object()) return fail("", "\"profile\" must be an object");
    for (const auto& [key, value] : profile.items()) {
      if (key != "stopwords") fail("", "unknown key \"profile." + key + "\"");
    }
    if (!profile.contains("stopwords")) return;
    if (!string_array(profile["stopwords"], stopwords)) {
      fail("", "\"profile.stopwords\" must be an array of strings");
    }
  }

  void read_promises() {
    if (!pack_.contains("promises")) return;
    const json& p = pack_["promises"];
    if (!p.is_object()) return fail("", "\"promises\" must be an object of word lists");
    PromiseVocabulary v;
    const std::map<std::string, std::vector<std::string>*> lists = {
        {"self", &v.self},
        {"team", &v.team},
        {"today", &v.today},
        {"tomorrow", &v.tomorrow},
        {"day_after_tomorrow", &v.day_after_tomorrow},
        {"weekdays", &v.weekdays},
        {"business_days", &v.business_days},
        {"days", &v.days},
        {"hours", &v.hours},
        {"within", &v.within},
        {"afternoon", &v.afternoon}};
    for (const auto& [key, value] : p.items()) {
      auto it = lists.find(key);
      if (it == lists.end()) {
        fail("", "unknown key \"promises." + key + "\"");
      } else if (!string_array(value, *it->second)) {
        fail("", "\"promises." + key + "\" must be an array of strings");
      } else {
        for (const auto& fragment : *it->second) {
          RE2 re(wrap_pattern(fragment), rule_regex_options());
          if (!re.ok())
            fail("", "\"promises." + key + "\": bad regex \"" + fragment + "\": " + re.error());
        }
      }
    }
    if (!v.weekdays.empty() && v.weekdays.size() != 7) {
      fail("", "\"promises.weekdays\" must list seven days, Monday first");
    }
    promises = std::move(v);
  }

  void read_vocabularies() {
    if (!pack_.contains("vocabularies")) return;
    const json& vocab = pack_["vocabularies"];
    if (!vocab.is_object()) return fail("", "\"vocabularies\" must be an object");
    for (const auto& [name, entries] : vocab.items()) {
      std::vector<std::string> list;
      if (name.empty() || !is_identifier_start(name[0]) ||
          !std::all_of(name.begin(), name.end(), is_identifier_char)) {
        fail("", "vocabulary \"" + name + "\": names are lower-case letters, digits and _");
      } else if (builtin_vocabularies().count(name)) {
        fail("", "vocabulary \"" + name + "\": the name is built in");
      } else if (!string_array(entries, list) || list.empty()) {
        fail("", "vocabulary \"" + name + "\" must be a non-empty array of strings");
      } else {
        vocabularies[name] = std::move(list);
      }
    }
  }

  static bool string_array(const json& j, std::vector<std::string>& out) {
    if (!j.is_array()) return false;
    for (const json& e : j) {
      if (!e.is_string() || e.get<std::string>().empty()) return false;
      out.push_back(e.get<std::string>());
    }
    return true;
  }

  void read_rule(const json& r, size_t index) {
    std::string fallback_name = "#";
    fallback_name += std::to_string(index + 1);
    if (!r.is_object()) return fail(fallback_name, "a rule must be a JSON object");
    Rule rule;
    rule.lang = lang;
    rule.file = source_;
    if (!r.contains("id") || !r["id"].is_string()) return fail(fallback_name, "missing \"id\"");
    rule.id = r["id"].get<std::string>();
    const std::string& id = rule.id;
    const size_t before = problems_.size();

    static const std::set<std::string> keys = {
        "id",         "category",    "dimension", "severity",           "weight",
        "patterns",   "unless",      "check",     "when_customer_gave", "message",
        "suggestion", "explanation", "examples"};
    for (const auto& [key, value] : r.items())
      if (!keys.count(key)) fail(id, "unknown key \"" + key + "\"");

    // RE2, not std::regex: libstdc++'s recursion overflows the stack on a long id.
    static const RE2 id_shape("[a-z]{2,3}(?:\\.[a-z0-9-]+){2,}");
    if (!RE2::FullMatch(id, id_shape) || id.rfind(lang + ".", 0) != 0) {
      fail(id, "id must look like \"" + lang + ".category.name\" (lower-case, dots, dashes)");
    }
    rule.category = text_field(r, id, "category");
    if (!rule.category.empty() && !is_known_category(rule.category)) {
      fail(id, "unknown category \"" + rule.category + "\"");
    }
    const std::string dimension = text_field(r, id, "dimension");
    if (auto d = parse_dimension(dimension)) {
      rule.dimension = *d;
    } else if (!dimension.empty()) {
      fail(id, "dimension must be authenticity, ownership or clarity, not \"" + dimension + "\"");
    }
    const std::string severity = text_field(r, id, "severity");
    if (auto s = parse_severity(severity)) {
      rule.severity = *s;
    } else if (!severity.empty()) {
      fail(id, "severity must be info, warning or error, not \"" + severity + "\"");
    }
    if (!r.contains("weight") || !r["weight"].is_number() || r["weight"].get<double>() <= 0 ||
        r["weight"].get<double>() > 100) {
      fail(id, "\"weight\" must be a number above 0 and at most 100");
    } else {
      rule.weight = r["weight"].get<double>();
    }
    if (r.contains("check")) {
      // A context check implemented in code; its category names the check.
      if (!r["check"].is_string() || !is_context_check(r["check"].get<std::string>())) {
        fail(id,
             "\"check\" must be ignores_customer, no_next_step, repeated_reply or "
             "specific_reference");
      } else {
        rule.check = r["check"].get<std::string>();
        if (rule.check != rule.category)
          fail(id, "a \"" + rule.check + "\" check needs category \"" + rule.check + "\"");
      }
      if (r.contains("patterns")) fail(id, "a check rule has no \"patterns\"");
    } else if (!r.contains("patterns") || !string_array(r["patterns"], rule.written_patterns) ||
               rule.written_patterns.empty()) {
      fail(id, "\"patterns\" must be a non-empty array of non-empty strings");
    }
    if (r.contains("unless")) read_unless(r["unless"], rule);
    // A check's finding covers the whole reply: only the reply and the
    // customer's message can excuse it.
    for (size_t i = 0; i < rule.unless.size() && !rule.check.empty(); ++i) {
      const UnlessScope scope = rule.unless[i].scope;
      if (scope != UnlessScope::reply && scope != UnlessScope::customer) {
        std::string where = "unless ";
        where += std::to_string(i + 1);
        fail(id, where + ": a check rule's unless needs \"scope\" reply or customer");
      }
    }
    if (r.contains("when_customer_gave")) {
      if (!string_array(r["when_customer_gave"], rule.when_customer_gave) ||
          rule.when_customer_gave.empty() ||
          !std::all_of(rule.when_customer_gave.begin(), rule.when_customer_gave.end(),
                       [](const std::string& k) { return is_entity_kind(k); })) {
        fail(id,
             "\"when_customer_gave\" must list detail kinds: order_number, postcode, email, phone, "
             "iban, amount, date, name");
      }
    }
    rule.message = text_field(r, id, "message");
    rule.suggestion = text_field(r, id, "suggestion");
    rule.explanation = text_field(r, id, "explanation");
    read_examples(r, rule);
    if (problems_.size() == before) rules.push_back(std::move(rule));
  }

  // Each entry is a pattern looked for in the match's sentence, or
  // {"pattern", "scope"} to look for it elsewhere (see UnlessScope).
  void read_unless(const json& list, Rule& rule) {
    if (!list.is_array()) {
      return fail(rule.id,
                  "\"unless\" must be an array of patterns (strings, or {\"pattern\", \"scope\"} "
                  "objects)");
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const json& e = list[i];
      std::string where = "unless ";
      where += std::to_string(i + 1) + ": ";
      if (e.is_string() && !e.get<std::string>().empty()) {
        rule.unless.push_back({e.get<std::string>(), UnlessScope::sentence});
        continue;
      }
      if (!e.is_object()) {
        fail(rule.id, where + "must be a non-empty string or a {\"pattern\", \"scope\"} object");
        continue;
      }
      for (const auto& [key, value] : e.items())
        if (key != "pattern" && key != "scope")
          fail(rule.id, where + "unknown key \"" + key + "\"");
      UnlessPattern u;
      if (!e.contains("pattern") || !e["pattern"].is_string() ||
          e["pattern"].get<std::string>().empty()) {
        fail(rule.id, where + "\"pattern\" must be a non-empty string");
      } else {
        u.pattern = e["pattern"].get<std::string>();
      }
      if (e.contains("scope")) {
        const std::string scope = e["scope"].is_string() ? e["scope"].get<std::string>() : "";
        if (auto parsed = parse_unless_scope(scope)) {
          u.scope = *parsed;
        } else {
          fail(rule.id, where + "\"scope\" must be sentence, neighbours, reply or customer, not " +
                            e["scope"].dump());
        }
      }
      rule.unless.push_back(std::move(u));
    }
  }

  std::string text_field(const json& r, const std::string& id, const char* key) {
    if (!r.contains(key) || !r[key].is_string() || r[key].get<std::string>().empty()) {
      fail(id, std::string("missing or empty \"") + key + "\"");
      return {};
    }
    return r[key].get<std::string>();
  }

  void read_examples(const json& r, Rule& rule) {
    if (!r.contains("examples") || !r["examples"].is_object()) {
      return fail(rule.id, "missing \"examples\" (an object with \"match\" and \"no_match\")");
    }
    const json& ex = r["examples"];
    for (const auto& [key, value] : ex.items())
      if (key != "match" && key != "no_match")
        fail(rule.id, "unknown key \"examples." + key + "\"");
    if (!ex.contains("match") || !example_list(ex["match"], rule.id, rule.match_examples) ||
        rule.match_examples.empty()) {
      fail(rule.id, "needs at least one \"examples.match\" reply it must flag");
    }
    if (!ex.contains("no_match") ||
        !example_list(ex["no_match"], rule.id, rule.no_match_examples) ||
        rule.no_match_examples.empty()) {
      fail(rule.id, "needs at least one \"examples.no_match\" reply it must leave alone");
    }
  }

  // An example is a reply, or {"reply", "customer", "thread", "sent_at"} when the
  // rule needs the conversation.
  bool example_list(const json& list, const std::string& id, std::vector<RuleExample>& out) {
    if (!list.is_array()) return false;
    for (const json& e : list) {
      RuleExample example;
      if (e.is_string() && !e.get<std::string>().empty()) {
        example.reply = e.get<std::string>();
      } else if (e.is_object()) {
        Reply reply;
        std::string error;
        if (!parse_reply_record(e, reply, error)) {
          fail(id, "example " + e.dump() + ": " + error);
          continue;
        }
        example = {reply.text, reply.customer, reply.thread, reply.sent_at};
      } else {
        return false;
      }
      out.push_back(std::move(example));
    }
    return true;
  }

  const json& pack_;
  std::string source_;
  std::vector<std::string>& problems_;
};

}  // namespace

RE2::Options rule_regex_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  options.set_max_mem(kRegexMaxMem);
  return options;
}

std::string regex_problem(const RE2& re) {
  if (re.error_code() == RE2::ErrorPatternTooLarge)
    return "the pattern is too large for RE2's memory budget of " +
           std::to_string(kRegexMaxMem >> 20) + " MiB (a vocabulary or alternation too big)";
  return "bad regex: " + re.error();
}

std::string wrap_pattern(std::string_view pattern) {
  std::string wrapped = " (?:";
  wrapped.append(pattern);
  wrapped += ") ";
  return wrapped;
}

bool expand_vocabularies(std::string_view pattern, const std::map<std::string, std::string>& vocab,
                         std::string& out, std::string& error) {
  out.clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (c == '{' && i + 1 < pattern.size() && is_identifier_start(pattern[i + 1])) {
      size_t j = i + 1;
      while (j < pattern.size() && is_identifier_char(pattern[j])) ++j;
      if (j < pattern.size() && pattern[j] == '}') {
        const std::string name(pattern.substr(i + 1, j - i - 1));
        const std::string* replacement = nullptr;
        if (auto v = vocab.find(name); v != vocab.end()) {
          replacement = &v->second;
        } else if (auto b = builtin_vocabularies().find(name); b != builtin_vocabularies().end()) {
          replacement = &b->second;
        }
        if (replacement == nullptr) {
          error = "unknown vocabulary {" + name + "}";
          return false;
        }
        out += *replacement;
        // Nested vocabularies grow geometrically: stop before memory runs out.
        if (out.size() > kMaxExpandedPatternBytes) {
          error = "expands to more than " + std::to_string(kMaxExpandedPatternBytes >> 10) +
                  " KiB (vocabularies nested too deep or too large)";
          return false;
        }
        i = j;
        continue;
      }
    }
    out += c;
  }
  return true;
}

void RuleLoader::add_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    problem(dir.string() + ": not a rule directory");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory()) {
      for (const auto& inner : fs::directory_iterator(entry.path(), ec)) {
        if (inner.path().extension() == ".json") files.push_back(inner.path());
      }
    } else if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    problem(dir.string() + ": no rule packs (*.json) found");
    return;
  }
  // Parsing the JSON is most of reading a pack, and packs are independent: they
  // are read on all cores, then taken in file order, so messages keep theirs.
  std::vector<ReadPack> read(files.size());
  on_all_cores(files.size(), [&](size_t i) { read[i] = read_pack(files[i]); });
  for (ReadPack& r : read) take(std::move(r));
}

void RuleLoader::add_file(const fs::path& file) {
  take(read_pack(file));
}

RuleLoader::ReadPack RuleLoader::read_pack(const fs::path& file) {
  ReadPack out;
  out.source = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.problems.push_back(out.source + ": cannot read the file");
    return out;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    out.pack = json::parse(buffer.str());
  } catch (const json::exception& e) {  // also out_of_range: 1e400
    out.problems.push_back(out.source + ": invalid JSON: " + e.what());
    return out;
  }
  // A pack inside a language folder must be of that language.
  const std::string folder = file.parent_path().filename().string();
  const json& pack = *out.pack;
  if (pack.is_object() && pack.contains("lang") && pack["lang"].is_string() &&
      RE2::FullMatch(folder, "[a-z]{2,3}") && pack["lang"] != folder) {
    out.problems.push_back(out.source + ": \"lang\" is \"" + pack["lang"].get<std::string>() +
                           "\" but the pack sits in folder \"" + folder + "\"");
  }
  return out;
}

void RuleLoader::take(ReadPack read) {
  for (std::string& p : read.problems) problem(std::move(p));
  if (read.pack) packs_.push_back({std::move(*read.pack), std::move(read.source)});
}

void RuleLoader::add_pack(const json& pack, const std::string& source) {
  packs_.push_back({pack, source});
}

RuleSet RuleLoader::finish() {
  RuleSet set;
  // Per language: vocabularies merged over packs, each name defined once.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> vocab_entries;
  std::map<std::string, std::map<std::string, std::string>> vocab_origin;
  std::map<std::string, std::string> id_origin;
  std::vector<Rule> rules;

  for (const PendingPack& p : packs_) {
    PackReader reader(p.pack, p.source, problems_);
    reader.read();
    if (reader.lang.empty()) continue;
    set.files.push_back(p.source);
    // Every language with a pack is known (to --lang and the pack's examples),
    // also when no pack gives it stop words to be detected by.
    WordSet& profile = set.stopwords[reader.lang];
    for (auto& w : reader.stopwords) profile.insert(w);
    if (reader.promises) {
      if (set.promises.count(reader.lang)) {
        problem(p.source + ": \"promises\" for \"" + reader.lang +
                "\" are already defined in another pack");
      } else {
        set.promises[reader.lang] = std::move(*reader.promises);
      }
    }
    for (auto& [name, entries] : reader.vocabularies) {
      auto [it, fresh] = vocab_origin[reader.lang].emplace(name, p.source);
      if (!fresh) {
        problem(p.source + ": vocabulary \"" + name + "\" is already defined in " + it->second);
        continue;
      }
      vocab_entries[reader.lang][name] = entries;
    }
    for (Rule& r : reader.rules) {
      auto [it, fresh] = id_origin.emplace(r.id, p.source);
      if (!fresh) {
        problem(p.source + ": rule " + r.id + ": duplicate id (first defined in " + it->second +
                ")");
        continue;
      }
      rules.push_back(std::move(r));
    }
  }

  // Expand vocabularies in vocabularies (they may refer to each other), then in rules.
  std::map<std::string, std::map<std::string, std::string>> vocab_regex;
  for (const auto& [lang, entries] : vocab_entries) {
    auto& resolved = vocab_regex[lang];
    for (const auto& [name, list] : entries) {
      std::string alternation = "(?:";
      for (size_t i = 0; i < list.size(); ++i) alternation += (i ? "|" : "") + list[i];
      resolved[name] = alternation + ")";
    }
    // Nested references settle within a few rounds; a cycle never does.
    for (int round = 0; round < 8; ++round) {
      bool changed = false;
      for (auto& [name, regex] : resolved) {
        std::string expanded, error;
        if (expand_vocabularies(regex, resolved, expanded, error) && expanded != regex) {
          regex = expanded;
          changed = true;
        }
      }
      if (!changed) break;
    }
    for (const auto& [name, regex] : resolved) {
      std::string expanded, error;
      const std::string where = vocab_origin[lang][name] + ": vocabulary \"" + name + "\": ";
      if (!expand_vocabularies(regex, resolved, expanded, error)) {
        problem(where + error);
      } else if (expanded != regex) {
        problem(where + "vocabularies refer to each other in a cycle");
      }
    }
  }

  // Each pattern, expanded, or why it cannot be used. Per rule: its patterns,
  // then its unless patterns.
  struct Prepared {
    std::string where;
    std::string text;
    std::string problem;
  };
  std::vector<std::vector<Prepared>> prepared(rules.size());
  std::vector<Prepared*> to_parse;
  for (size_t k = 0; k < rules.size(); ++k) {
    const Rule& r = rules[k];
    auto prepare = [&](const std::string& written, const char* what, size_t index) {
      Prepared& p = prepared[k].emplace_back();
      p.where = r.file + ": rule " + r.id + ": " + what + " " + std::to_string(index + 1) + " \"" +
                written + "\": ";
      std::string error;
      if (has_unescaped_uppercase(written)) {
        p.problem = "patterns match lower-cased text; write them in lower case";
      } else if (!expand_vocabularies(written, vocab_regex[r.lang], p.text, error)) {
        p.problem = error;
      }
    };
    for (size_t i = 0; i < r.written_patterns.size(); ++i)
      prepare(r.written_patterns[i], "pattern", i);
    for (size_t i = 0; i < r.unless.size(); ++i) prepare(r.unless[i].pattern, "unless", i);
  }
  for (auto& of_rule : prepared)
    for (Prepared& p : of_rule)
      if (p.problem.empty()) to_parse.push_back(&p);

  // Syntax only, by RE2's parser: a fifth of compiling. The matcher checks size
  // and empty matches, compiling at once the patterns whose analysis cannot rule
  // those out; the rest compile when first needed. The parses are independent,
  // so they share the cores; problems are still reported in rule order.
  const RE2::Options options = rule_regex_options();
  on_all_cores(to_parse.size(), [&](size_t i) {
    // A set of one: its parse is freed at once, while still in cache.
    RE2::Set syntax(options, RE2::UNANCHORED);
    std::string error;
    if (syntax.Add(wrap_pattern(to_parse[i]->text), &error) < 0)
      to_parse[i]->problem = "bad regex: " + error;
  });

  for (size_t k = 0; k < rules.size(); ++k) {
    Rule& r = rules[k];
    bool ok = true;
    auto take = [&](Prepared& p) -> std::optional<std::string> {
      if (p.problem.empty()) return std::move(p.text);
      problem(p.where + p.problem);
      ok = false;
      return std::nullopt;
    };
    size_t next = 0;
    r.patterns.clear();
    for (size_t i = 0; i < r.written_patterns.size(); ++i)
      if (auto p = take(prepared[k][next++])) r.patterns.push_back(std::move(*p));
    for (size_t i = 0; i < r.unless.size(); ++i)
      if (auto p = take(prepared[k][next++])) r.unless[i].pattern = std::move(*p);
    if (ok) set.rules.push_back(std::move(r));
  }

  if (!problems_.empty()) throw RuleError(problems_);
  return set;
}

RuleSet load_rules(const std::vector<fs::path>& dirs) {
  RuleLoader loader;
  for (const auto& d : dirs) loader.add_directory(d);
  return loader.finish();
}

}  // namespace replylint
