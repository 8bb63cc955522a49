#include <algorithm>
#include <iomanip>
#include <iostream>

#include "analysis_json.hpp"
#include "cli/commands.hpp"
#include "rule_examples.hpp"

namespace replylint::cli {
namespace {

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

}  // namespace

int run_rules_list(const Analyzer& analyzer, const std::string& format, const std::string& lang,
                   Io& io) {
  std::vector<const Rule*> rules;
  for (const Rule& r : analyzer.rules().rules)
    if (lang.empty() || lang == "all" || r.lang == lang) rules.push_back(&r);
  if (format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Rule* r : rules) list.push_back(to_json(*r));
    io.out << list.dump(2) << '\n';
    return kOk;
  }
  size_t id_width = 4, category_width = 8;
  for (const Rule* r : rules) {
    id_width = std::max(id_width, r->id.size());
    category_width = std::max(category_width, r->category.size());
  }
  io.out << std::left << std::setw(static_cast<int>(id_width)) << "RULE"
         << "  " << std::setw(static_cast<int>(category_width)) << "CATEGORY"
         << "  " << std::setw(12) << "DIMENSION"
         << "  " << std::setw(7) << "SEVERITY"
         << "  WEIGHT\n";
  for (const Rule* r : rules) {
    io.out << std::left << std::setw(static_cast<int>(id_width)) << r->id << "  "
           << std::setw(static_cast<int>(category_width)) << r->category << "  " << std::setw(12)
           << to_string(r->dimension) << "  " << std::setw(8) << to_string(r->severity) << "  "
           << (r->is_signal() ? "+" : "-") << r->weight << '\n';
  }
  io.out << rules.size() << " rules\n";
  return kOk;
}

int run_rules_test(const Analyzer& analyzer, Io& io) {
  size_t examples = 0, failures = 0;
  for (const Rule& r : analyzer.rules().rules) {
    auto check = [&](const std::vector<RuleExample>& list, bool must_match) {
      for (size_t i = 0; i < list.size(); ++i) {
        ++examples;
        if (rule_fires(analyzer, r, list[i]) == must_match) continue;
        ++failures;
        io.out << r.file << ": rule " << r.id << ": " << (must_match ? "match" : "no_match")
               << " example " << i + 1 << (must_match ? " is not flagged: " : " is flagged: ")
               << quoted(list[i].reply) << '\n';
      }
    };
    check(r.match_examples, true);
    check(r.no_match_examples, false);
  }
  io.out << "rules test: " << analyzer.rules().rules.size() << " rules, " << examples
         << " examples, " << failures << (failures == 1 ? " failure" : " failures") << '\n';
  return failures == 0 ? kOk : kFailed;
}

int run_explain(const Analyzer& analyzer, const std::string& rule_id, const std::string& format,
                Io& io) {
  const Rule* r = analyzer.rules().find(rule_id);
  if (r == nullptr) {
    io.err << "replylint: error: no rule " << quoted(rule_id) << " (see `replylint rules list`)\n";
    return kUsage;
  }
  if (format == "json") {
    io.out << to_json(*r).dump(2) << '\n';
    return kOk;
  }
  io.out << r->id << "  (" << r->category << ", " << to_string(r->dimension) << ", "
         << to_string(r->severity) << ", " << (r->is_signal() ? "+" : "-") << r->weight << ")\n\n"
         << r->message << "\n\n"
         << "Why it matters:\n  " << r->explanation << "\n\n"
         << "Write instead:\n  " << r->suggestion << "\n\n"
         << "Flags:\n";
  auto show = [&](const RuleExample& e) {
    io.out << "  - " << e.reply << '\n';
    if (!e.customer.empty()) io.out << "    (customer: " << e.customer << ")\n";
  };
  for (const auto& e : r->match_examples) show(e);
  io.out << "Leaves alone:\n";
  for (const auto& e : r->no_match_examples) show(e);
  io.out << "\nDefined in " << r->file << '\n';
  return kOk;
}

}  // namespace replylint::cli
