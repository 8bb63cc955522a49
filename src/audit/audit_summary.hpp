// The audit's aggregates, built in input order on the writer thread: totals,
// score histograms and time series, categories and rules with example snippets,
// per agent (coaching) and per channel, canned templates, promises and errors.
// Its JSON (--summary) is also what the HTML report is drawn from.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/audit_record.hpp"
#include "audit/template_clusters.hpp"
#include "audit/time_bucket.hpp"

namespace replylint::audit {

struct SummaryOptions {
  std::optional<Period> period;  // nullopt: weeks or months by the span of the dates
  size_t rule_examples = 3;      // snippets kept per rule
  size_t max_errors = 100;       // error records listed (all are counted)
  size_t max_promises = 500;     // promises with a deadline listed (all are counted)
  size_t max_templates = 30;
  uint64_t template_min_replies = 3;
  uint64_t template_prune_every = 10000;
};

// A highlighted piece of a reply: before, match and after, cut to a window.
struct Snippet {
  std::string id;
  uint64_t line = 0;
  std::string agent;
  std::string before, match, after;
};

class AuditSummary {
 public:
  explicit AuditSummary(SummaryOptions options = {});

  void add(const AuditRecord& record, const std::string& input);

  uint64_t records() const { return records_; }
  uint64_t errors() const { return errors_; }

  // Everything, as the --summary file holds it; `meta` is copied in first.
  nlohmann::ordered_json to_json(const nlohmann::ordered_json& meta = {}) const;

 private:
  struct Tally {
    uint64_t replies = 0, findings = 0;
    double authenticity = 0, ownership = 0;
    std::array<uint64_t, 3> verdicts{};
    void add(const Analysis& a);
  };
  struct RuleStats {
    std::string category, dimension, severity, message, suggestion;
    uint64_t findings = 0, replies = 0;
    std::vector<Snippet> examples;
    std::set<std::string> example_texts;  // lower-cased matches already shown
  };
  struct AgentRule {
    uint64_t replies = 0;
    std::optional<Snippet> example;  // the agent's first reply with it
  };
  struct Group {  // one agent or one channel
    Tally tally;
    std::map<std::string, uint64_t> categories;  // replies with the category
    std::map<std::string, AgentRule> rules;
    // Summed per period, by the period's first day, for weeks and months both
    // while the span (which chooses between them) is not known: a seventh and
    // a thirtieth of a table of days. Hashed, not ordered: lookups in a tree
    // miss the cache at every level. The timeline sorts them once.
    std::unordered_map<int, Tally> weeks, months;
  };

  SummaryOptions options_;
  uint64_t records_ = 0, analysed_ = 0, errors_ = 0, undated_ = 0;
  Tally total_;
  std::map<std::string, uint64_t> languages_;
  std::array<uint64_t, 10> histogram_authenticity_{}, histogram_ownership_{};
  std::map<int, Tally> days_;
  std::map<std::string, std::pair<uint64_t, uint64_t>> categories_;  // findings, replies
  std::map<std::string, std::pair<uint64_t, uint64_t>> signals_;
  std::map<std::string, RuleStats> rules_;
  std::map<std::string, Group> agents_, channels_;
  uint64_t without_agent_ = 0, without_channel_ = 0;
  TemplateClusters templates_;
  bool promises_available_ = false;
  uint64_t promise_count_ = 0, promises_with_deadline_ = 0;
  nlohmann::ordered_json promises_ = nlohmann::ordered_json::array();
  nlohmann::ordered_json error_list_ = nlohmann::ordered_json::array();
  std::map<std::string, uint64_t> error_reasons_;
};

// A window of `text` around [start, end), cut at UTF-8 boundaries and spaces.
Snippet make_snippet(std::string_view text, size_t start, size_t end, size_t context = 80);

}  // namespace replylint::audit
