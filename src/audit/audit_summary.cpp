#include "audit/audit_summary.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace replylint::audit {

using json = nlohmann::ordered_json;

namespace {

double round1(double v) {
  return std::round(v * 10) / 10;
}
double round3(double v) {
  return std::round(v * 1000) / 1000;
}
double share(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : round3(static_cast<double>(part) / static_cast<double>(whole));
}

size_t char_start(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
    --pos;
  }
  return pos;
}

// Collapse line breaks and runs of white space into one space: snippets are shown inline.
std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return out;
}

json snippet_json(const Snippet& s) {
  json j = {{"id", s.id}, {"line", s.line}};
  if (!s.agent.empty()) j["agent"] = s.agent;
  j["before"] = s.before;
  j["match"] = s.match;
  j["after"] = s.after;
  return j;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Adds `name` to `seen` unless it is there: whether this is its first time.
bool first_time(std::vector<std::string_view>& seen, std::string_view name) {
  if (std::find(seen.begin(), seen.end(), name) != seen.end()) return false;
  seen.push_back(name);
  return true;
}

template <class Map>
std::vector<std::pair<std::string, uint64_t>> by_count(const Map& map) {
  std::vector<std::pair<std::string, uint64_t>> v;
  for (const auto& [k, n] : map) v.emplace_back(k, n);
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

}  // namespace

Snippet make_snippet(std::string_view text, size_t start, size_t end, size_t context) {
  Snippet s;
  start = std::min(start, text.size());
  end = std::clamp(end, start, text.size());
  size_t from = start > context ? char_start(text, start - context) : 0;
  size_t to = std::min(text.size(), end + context);
  to = char_start(text, to);
  // Prefer whole words at the edges of the window.
  if (from > 0) {
    const size_t space = text.find(' ', from);
    if (space != std::string_view::npos && space < start) from = space + 1;
  }
  if (to < text.size()) {
    const size_t space = text.rfind(' ', to);
    if (space != std::string_view::npos && space > end) to = space;
  }
  s.before = (from > 0 ? "\u2026" : "") + one_line(text.substr(from, start - from));
  s.match = one_line(text.substr(start, end - start));
  s.after = one_line(text.substr(end, to - end)) + (to < text.size() ? "\u2026" : "");
  return s;
}

void AuditSummary::Tally::add(const Analysis& a) {
  ++replies;
  findings += a.findings.size();
  authenticity += a.scores.authenticity;
  ownership += a.scores.ownership;
  ++verdicts[static_cast<size_t>(a.verdict)];
}

AuditSummary::AuditSummary(SummaryOptions options)
    : options_(options), templates_(options.template_prune_every) {}

void AuditSummary::add(const AuditRecord& r, const std::string& input) {
  ++records_;
  if (!r.ok()) {
    ++errors_;
    if (error_list_.size() < options_.max_errors) {
      json e = {{"line", r.line}};
      if (!input.empty()) e["input"] = input;
      if (!r.id.empty()) e["id"] = r.id;
      e["error"] = r.error;
      error_list_.push_back(std::move(e));
    }
    const std::string reason = r.error.substr(0, r.error.find(':'));
    if (error_reasons_.count(reason) || error_reasons_.size() < 50) ++error_reasons_[reason];
    return;
  }
  ++analysed_;
  const Analysis& a = r.analysis;
  total_.add(a);
  ++languages_[a.lang];
  ++histogram_authenticity_[std::min(a.scores.authenticity / 10, 9)];
  ++histogram_ownership_[std::min(a.scores.ownership / 10, 9)];
  if (r.day) {
    days_[*r.day].add(a);
  } else {
    ++undated_;
  }

  // Categories and rules count replies once, findings every time. A reply has a
  // few findings: lists searched in place, where sets would allocate per reply.
  thread_local std::vector<std::string_view> seen_categories, seen_rules, pending;
  seen_categories.clear();
  seen_rules.clear();
  for (const Finding& f : a.findings) {
    auto& cat = categories_[f.category];
    ++cat.first;
    if (first_time(seen_categories, f.category)) ++cat.second;
    RuleStats& rule = rules_[f.rule];
    if (rule.findings == 0) {
      rule.category = f.category;
      rule.dimension = std::string(to_string(f.dimension));
      rule.severity = std::string(to_string(f.severity));
      rule.message = f.message;
      rule.suggestion = f.suggestion;
    }
    ++rule.findings;
    if (first_time(seen_rules, f.rule)) ++rule.replies;
    if (rule.examples.size() < options_.rule_examples &&
        rule.example_texts.insert(lower(f.text)).second) {
      Snippet s = make_snippet(r.reply.text, f.span.start, f.span.end);
      s.id = r.id;
      s.line = r.line;
      s.agent = r.reply.agent;
      rule.examples.push_back(std::move(s));
    }
  }
  thread_local std::vector<std::string_view> seen_signals;
  seen_signals.clear();
  for (const Finding& s : a.signals) {
    auto& sig = signals_[s.category];
    ++sig.first;
    if (first_time(seen_signals, s.category)) ++sig.second;
  }

  // A group counts each rule once per reply, with the agent's first reply as example.
  auto add_group = [&](Group& g, bool keep_examples) {
    pending = seen_rules;
    g.tally.add(a);
    for (std::string_view c : seen_categories) ++g.categories[std::string(c)];
    for (const Finding& f : a.findings) {
      const auto it = std::find(pending.begin(), pending.end(), f.rule);
      if (it == pending.end()) continue;
      pending.erase(it);
      AgentRule& ar = g.rules[f.rule];
      ++ar.replies;
      if (keep_examples && !ar.example) {
        Snippet s = make_snippet(r.reply.text, f.span.start, f.span.end, 140);
        s.id = r.id;
        s.line = r.line;
        ar.example = std::move(s);
      }
    }
    if (r.day) {
      if (options_.period != Period::month) g.weeks[period_start(*r.day, Period::week)].add(a);
      if (options_.period != Period::week) g.months[period_start(*r.day, Period::month)].add(a);
    }
  };
  if (!r.reply.agent.empty()) {
    add_group(agents_[r.reply.agent], true);
  } else {
    ++without_agent_;
  }
  if (!r.reply.channel.empty()) {
    add_group(channels_[r.reply.channel], false);
  } else {
    ++without_channel_;
  }

  if (r.signature) {
    TemplateSample t;
    t.text = r.reply.text;
    t.id = r.id;
    t.line = r.line;
    t.agent = r.reply.agent;
    t.day = r.day;
    t.scores = a.scores;
    t.verdict = a.verdict;
    t.findings = &a.findings;
    templates_.add(*r.signature, t);
  }

  if (!r.promises.is_null()) {
    promises_available_ = true;
    if (r.promises.is_array()) {
      for (const auto& p : r.promises) {
        ++promise_count_;
        // Open promises are the ones with a deadline the customer will hold us to.
        auto given = [&](const char* key) {
          return p.is_object() && p.contains(key) && !p[key].is_null();
        };
        if (p.is_object() && !given("deadline") && !given("deadline_text")) continue;
        ++promises_with_deadline_;
        if (promises_.size() >= options_.max_promises) continue;
        json item = {{"id", r.id}, {"line", r.line}};
        if (!r.reply.agent.empty()) item["agent"] = r.reply.agent;
        if (!r.reply.sent_at.empty()) item["sent_at"] = r.reply.sent_at;
        item["promise"] = p;
        promises_.push_back(std::move(item));
      }
    }
  }
}

json AuditSummary::to_json(const json& meta) const {
  auto tally_json = [&](const Tally& t) {
    const double n = static_cast<double>(std::max<uint64_t>(t.replies, 1));
    if (t.replies == 0) {  // no means of nothing
      return json{{"replies", 0},
                  {"mean_scores", nullptr},
                  {"verdicts", {{"send", 0}, {"revise", 0}, {"block", 0}}},
                  {"findings_per_reply", nullptr}};
    }
    return json{
        {"replies", t.replies},
        {"mean_scores",
         {{"authenticity", round1(t.authenticity / n)}, {"ownership", round1(t.ownership / n)}}},
        {"verdicts",
         {{"send", t.verdicts[0]}, {"revise", t.verdicts[1]}, {"block", t.verdicts[2]}}},
        {"findings_per_reply", round3(static_cast<double>(t.findings) / n)}};
  };

  // Time series: the period follows the span of all dates unless chosen.
  std::optional<Period> period = options_.period;
  if (!period && !days_.empty())
    period = choose_period(days_.begin()->first, days_.rbegin()->first);
  // Days (or a period's first days) are summed in date order, whatever the
  // container: the sums are the same to the last bit.
  auto timeline = [&](const auto& days) {
    std::vector<std::pair<int, const Tally*>> by_day;
    by_day.reserve(days.size());
    for (const auto& [day, t] : days) by_day.emplace_back(day, &t);
    std::sort(by_day.begin(), by_day.end());
    std::map<std::string, std::pair<int, Tally>> periods;
    for (const auto& [day, tally] : by_day) {
      const Tally& t = *tally;
      auto& [start, sum] = periods[period_key(day, *period)];
      start = period_start(day, *period);
      sum.replies += t.replies;
      sum.findings += t.findings;
      sum.authenticity += t.authenticity;
      sum.ownership += t.ownership;
      for (size_t i = 0; i < 3; ++i) sum.verdicts[i] += t.verdicts[i];
    }
    // Periods without replies are listed too, so charts keep time to scale; a span of
    // more than 520 periods (a stray date) lists only the periods with replies.
    if (periods.size() >= 2) {
      const int first = periods.begin()->second.first, last = periods.rbegin()->second.first;
      auto next = [&](int day) {
        if (*period == Period::week) return day + 7;
        int y;
        unsigned m, d;
        civil_from_days(day, y, m, d);
        return m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
      };
      size_t steps = 0;
      for (int day = first; day <= last && steps <= 520; day = next(day)) ++steps;
      if (steps <= 520) {
        for (int day = first; day <= last; day = next(day)) {
          periods.try_emplace(period_key(day, *period), day, Tally{});
        }
      }
    }
    json out = json::array();
    for (const auto& [key, entry] : periods) {
      json p = {{"period", key}, {"start", iso_date(entry.first)}};
      p.update(tally_json(entry.second));
      out.push_back(std::move(p));
    }
    return out;
  };

  json j = json::object();
  for (const auto& [k, v] : meta.items()) j[k] = v;
  j["records"] = records_;
  j["analysed"] = analysed_;
  j["errors"] = errors_;
  j["overall"] = tally_json(total_);
  j["languages"] = json::object();
  for (const auto& [lang, n] : by_count(languages_)) j["languages"][lang] = n;

  json bins = json::array();
  for (int b = 0; b < 10; ++b)
    bins.push_back(b == 9 ? "90-100" : std::to_string(b * 10) + "-" + std::to_string(b * 10 + 9));
  j["histograms"] = {{"bins", bins},
                     {"authenticity", histogram_authenticity_},
                     {"ownership", histogram_ownership_}};

  json dates = {{"dated", analysed_ - undated_}, {"undated", undated_}};
  if (period) {
    dates["period"] = *period == Period::week ? "week" : "month";
    dates["first_day"] = iso_date(days_.begin()->first);
    dates["last_day"] = iso_date(days_.rbegin()->first);
  }
  j["dates"] = dates;
  j["timeline"] = period ? timeline(days_) : json::array();

  json categories = json::array();
  for (const auto& [cat, counts] : categories_) {
    categories.push_back({{"category", cat},
                          {"findings", counts.first},
                          {"replies", counts.second},
                          {"share", share(counts.second, analysed_)}});
  }
  std::stable_sort(categories.begin(), categories.end(),
                   [](const json& a, const json& b) { return a["replies"] > b["replies"]; });
  j["categories"] = categories;

  json signals = json::array();
  for (const auto& [cat, counts] : signals_) {
    signals.push_back({{"category", cat},
                       {"signals", counts.first},
                       {"replies", counts.second},
                       {"share", share(counts.second, analysed_)}});
  }
  std::stable_sort(signals.begin(), signals.end(),
                   [](const json& a, const json& b) { return a["replies"] > b["replies"]; });
  j["signals"] = signals;

  json rules = json::array();
  for (const auto& [id, r] : rules_) {
    json examples = json::array();
    for (const Snippet& s : r.examples) examples.push_back(snippet_json(s));
    rules.push_back({{"rule", id},
                     {"category", r.category},
                     {"dimension", r.dimension},
                     {"severity", r.severity},
                     {"message", r.message},
                     {"suggestion", r.suggestion},
                     {"findings", r.findings},
                     {"replies", r.replies},
                     {"share", share(r.replies, analysed_)},
                     {"examples", examples}});
  }
  std::stable_sort(rules.begin(), rules.end(),
                   [](const json& a, const json& b) { return a["replies"] > b["replies"]; });
  j["rules"] = rules;

  auto group_json = [&](const std::string& key, const std::string& name, const Group& g,
                        bool coaching) {
    json out = {{key, name}};
    out.update(tally_json(g.tally));
    json cats = json::array();
    for (const auto& [cat, n] : by_count(g.categories)) {
      if (cats.size() == 5) break;
      cats.push_back({{"category", cat}, {"replies", n}, {"share", share(n, g.tally.replies)}});
    }
    out["top_categories"] = cats;
    if (!coaching) return out;
    std::map<std::string, uint64_t> rule_counts;
    for (const auto& [rule, ar] : g.rules) rule_counts[rule] = ar.replies;
    json top = json::array();
    for (const auto& [rule, n] : by_count(rule_counts)) {
      if (top.size() == 3) break;
      const AgentRule& ar = g.rules.at(rule);
      const RuleStats& rs = rules_.at(rule);
      json t = {{"rule", rule},          {"category", rs.category},
                {"replies", n},          {"share", share(n, g.tally.replies)},
                {"message", rs.message}, {"suggestion", rs.suggestion}};
      if (ar.example) t["example"] = snippet_json(*ar.example);
      top.push_back(std::move(t));
    }
    out["top_rules"] = top;
    if (period) {
      json tl = timeline(*period == Period::week ? g.weeks : g.months);
      // The trend: first against last period that has at least 3 replies.
      const json* first = nullptr;
      const json* last = nullptr;
      for (const auto& p : tl) {
        if (p["replies"].get<uint64_t>() < 3) continue;
        if (!first) first = &p;
        last = &p;
      }
      if (first && last && first != last) {
        out["trend"] = {
            {"from", (*first)["period"]},
            {"to", (*last)["period"]},
            {"authenticity",
             {(*first)["mean_scores"]["authenticity"], (*last)["mean_scores"]["authenticity"]}},
            {"ownership",
             {(*first)["mean_scores"]["ownership"], (*last)["mean_scores"]["ownership"]}},
            {"findings_per_reply",
             {(*first)["findings_per_reply"], (*last)["findings_per_reply"]}}};
      } else {
        out["trend"] = nullptr;
      }
      out["timeline"] = std::move(tl);
    }
    return out;
  };

  auto groups_json = [&](const std::string& key, const std::map<std::string, Group>& groups,
                         bool coaching) {
    json out = json::array();
    for (const auto& [name, g] : groups) out.push_back(group_json(key, name, g, coaching));
    std::stable_sort(out.begin(), out.end(),
                     [](const json& a, const json& b) { return a["replies"] > b["replies"]; });
    return out;
  };
  j["agents"] = groups_json("agent", agents_, true);
  j["replies_without_agent"] = without_agent_;
  j["channels"] = groups_json("channel", channels_, false);
  j["replies_without_channel"] = without_channel_;

  json clusters = json::array();
  uint64_t in_templates = 0;
  for (const TemplateCluster* c : templates_.top(SIZE_MAX, options_.template_min_replies)) {
    in_templates += c->count;
    if (clusters.size() < options_.max_templates) {
      json t = replylint::audit::to_json(*c);
      t["share"] = share(c->count, analysed_);
      clusters.push_back(std::move(t));
    }
  }
  j["templates"] = {{"considered", templates_.considered()},
                    {"min_replies", options_.template_min_replies},
                    {"templates", templates_.top(SIZE_MAX, options_.template_min_replies).size()},
                    {"replies_in_templates", in_templates},
                    {"share_in_templates", share(in_templates, analysed_)},
                    {"clusters", clusters}};

  j["promises"] = {{"available", promises_available_},
                   {"count", promise_count_},
                   {"with_deadline", promises_with_deadline_},
                   {"items", promises_}};

  json reasons = json::array();
  for (const auto& [reason, n] : by_count(error_reasons_)) {
    reasons.push_back({{"reason", reason}, {"records", n}});
  }
  j["error_reasons"] = reasons;
  j["error_records"] = error_list_;
  return j;
}

}  // namespace replylint::audit
