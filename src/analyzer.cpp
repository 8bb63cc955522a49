#include "analyzer.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

#include "analysis_invariants.hpp"
#include "context_checks.hpp"
#include "entities.hpp"
#include "promises.hpp"
#include "rule_loader.hpp"

namespace replylint {
namespace {

RuleSet configured(RuleSet rules, const Config& config) {
  apply_config(config, rules);
  return rules;
}

// Per-thread buffers for the reply, reused from reply to reply.
struct Scratch {
  NormalizedText normalized;
  TokenizedText tokens;
  std::vector<RuleMatch> matches;
  std::vector<RuleMatch> excused;  // matches an `unless` dropped
};

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

int severity_rank(Severity s) {
  return static_cast<int>(s);
}

Finding finding_for(const Rule& rule) {
  Finding f;
  f.rule = rule.id;
  f.category = rule.category;
  f.dimension = rule.dimension;
  f.severity = rule.severity;
  f.weight = rule.weight;
  f.message = rule.message;
  f.suggestion = rule.suggestion;
  return f;
}

// Sets a finding's span (repaired offsets) and token range from tokens [first, end).
void place(Finding& f, const NormalizedText& n, const TokenizedText& t, size_t first, size_t end) {
  f.span.start = n.source_begin(t.tokens[first].begin);
  f.span.end = n.source_end(t.tokens[end - 1].end);
  f.first_token = static_cast<uint32_t>(first);
  f.end_token = static_cast<uint32_t>(end);
  f.sentence = t.tokens[first].sentence;
}

// Overlapping findings of one category are one finding: the span grows to
// cover both, and the more severe rule speaks for it. Sorted by start, the kept
// findings of a category never overlap, so only the last one kept can overlap
// the next. Kept findings are moved to the front, in place.
void merge_overlaps(std::vector<Finding>& items) {
  if (items.size() < 2) return;
  const auto by_start = [](const Finding& a, const Finding& b) {
    return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end > b.span.end;
  };
  // A sorted run of up to 16 is left as it is by std::sort too (an insertion
  // sort there); most replies' findings come sorted.
  if (items.size() > 16 || !std::is_sorted(items.begin(), items.end(), by_start))
    std::sort(items.begin(), items.end(), by_start);
  thread_local std::vector<size_t> last_of_category;  // a reply has findings of a few categories
  last_of_category.clear();
  size_t kept = 0;
  for (Finding& f : items) {
    auto last = std::find_if(last_of_category.begin(), last_of_category.end(),
                             [&](size_t k) { return items[k].category == f.category; });
    if (last == last_of_category.end() || f.span.start >= items[*last].span.end) {
      if (last == last_of_category.end()) {
        last_of_category.push_back(kept);
      } else {
        *last = kept;
      }
      if (&items[kept] != &f) items[kept] = std::move(f);
      ++kept;
      continue;
    }
    Finding& same = items[*last];
    const Span merged{same.span.start, std::max(same.span.end, f.span.end), 0, 0};
    const uint32_t first = same.first_token, sentence = same.sentence;
    const uint32_t end = std::max(same.end_token, f.end_token);
    if (severity_rank(f.severity) > severity_rank(same.severity)) same = std::move(f);
    same.span = merged;
    same.first_token = first;
    same.end_token = end;
    same.sentence = sentence;
  }
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(kept), items.end());
}

// Sets each finding's text and turns its repaired-text span into original byte
// offsets and UTF-16 offsets, counting UTF-16 units in one pass over the text.
void finish_spans(std::vector<Finding>& items, const RepairedText& source) {
  const std::string_view text = source.text;
  size_t counted_bytes = 0, counted_units = 0;
  auto units_before = [&](size_t offset) {
    if (offset < counted_bytes) {  // spans of different categories may interleave
      counted_bytes = 0;
      counted_units = 0;
    }
    counted_units += utf16_length(text.substr(counted_bytes, offset - counted_bytes));
    counted_bytes = offset;
    return counted_units;
  };
  for (Finding& f : items) {
    const size_t b = f.span.start, e = f.span.end;
    f.text = source.text.substr(b, e - b);
    f.span.start = source.original_offset(b);
    f.span.end = source.original_offset(e);
    f.span.start_utf16 = units_before(b);
    f.span.end_utf16 = f.span.start_utf16 + utf16_length(f.text);
  }
}

// Puts check rules (indices into `rules`) in the order they run: no_next_step
// looks at the signals, so it runs last.
void order_checks(const std::vector<Rule>& rules, std::vector<size_t>& checks) {
  std::stable_partition(checks.begin(), checks.end(),
                        [&](size_t r) { return rules[r].check != "no_next_step"; });
}

// Flaws that still tell the customer what to do next: a step, if the wrong one.
bool names_a_step(std::string_view category) {
  return category == "deflection" || category == "channel_switch" || category == "restart_demand" ||
         category == "burden_shift";
}

// Stock wording that could stand under any complaint: an empathy or receipt
// formula, a survey, regret at leaving, a conditional apology, a request for
// details, a referral elsewhere. Stalling, a rule or system given as the reason,
// blame and the like answer this issue, if badly, so they are not its sign.
bool is_stock_wording(std::string_view category) {
  static constexpr std::array<std::string_view, 9> stock = {
      "canned_empathy",  "auto_acknowledgement", "survey_push", "false_regret",  "non_apology",
      "asks_given_info", "channel_switch",       "deflection",  "restart_demand"};
  return std::find(stock.begin(), stock.end(), category) != stock.end();
}

bool has_category(const std::vector<Finding>& items, std::initializer_list<std::string_view> cats) {
  return std::any_of(items.begin(), items.end(), [&](const Finding& f) {
    return std::find(cats.begin(), cats.end(), f.category) != cats.end();
  });
}

// The customer's side of the conversation: their message and their thread turns.
struct CustomerSide {
  std::vector<Entity> entities;
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> agent_turns;  // word sequences of earlier agent turns
  std::set<std::string> kinds;
  std::string message;  // the message the reply answers, as joined token text
};

CustomerSide read_customer_side(const Reply& reply, const Normalizer& normalizer,
                                const Tokenizer& tokenizer,
                                const std::map<std::string, WordSet>& stopwords) {
  CustomerSide side;
  auto add_customer_text = [&](const std::string& text, std::string* joined) {
    const NormalizedText n = normalizer.normalize(text);
    TokenizedText t = tokenizer.tokenize(n);
    for (Entity& e : extract_entities(n, t)) {
      side.kinds.insert(e.kind);
      side.entities.push_back(std::move(e));
    }
    for (std::string& w : content_words(n, t, stopwords)) side.words.push_back(std::move(w));
    if (joined) *joined = std::move(t.joined);
  };
  if (!reply.customer.empty()) add_customer_text(reply.customer, &side.message);
  for (const Turn& turn : reply.thread) {
    if (turn.role == "customer") {
      add_customer_text(turn.text, nullptr);
    } else {
      const NormalizedText n = normalizer.normalize(turn.text);
      side.agent_turns.push_back(word_sequence(n, tokenizer.tokenize(n)));
    }
  }
  return side;
}

// "{missed}" in a check's message becomes the details the reply left out.
std::string fill_missed(std::string message, const std::vector<std::string>& missed) {
  const size_t at = message.find("{missed}");
  if (at == std::string::npos) return message;
  std::string list;
  for (size_t i = 0; i < missed.size() && i < 3; ++i)
    list += (i ? ", \"" : "\"") + missed[i] + "\"";
  message.replace(at, 8, list);
  return message;
}

}  // namespace

Analyzer::Analyzer(RuleSet rules, Config config)
    : rules_(configured(std::move(rules), config)),
      config_(std::move(config)),
      detector_(rules_.stopwords, config_.default_lang),
      matcher_(rules_.rules),
      scorer_(config_.scoring) {
  for (size_t i = 0; i < rules_.rules.size(); ++i)
    if (!rules_.rules[i].check.empty()) check_rules_[rules_.rules[i].lang].push_back(i);
  for (auto& [lang, checks] : check_rules_) order_checks(rules_.rules, checks);
  for (const auto& [lang, words] : rules_.promises)
    deadline_readers_.emplace(lang, DeadlineReader(words));
}

Analyzer Analyzer::load(const std::vector<std::filesystem::path>& rule_dirs, Config config) {
  RuleLoader loader;
  for (const auto& d : rule_dirs) loader.add_directory(d);
  for (const auto& d : config.rule_dirs) loader.add_directory(d);
  return Analyzer(loader.finish(), std::move(config));
}

// A sentence in which the agent speaks for themself ("ik heb de blokkade
// opgeheven", "I've passed it on") and that no rule flags reports something the
// agent did: the commitment rules cannot know every verb.
bool Analyzer::speaks_for_self(const Analysis& analysis, const NormalizedText& n,
                               const TokenizedText& t, const std::string& lang) const {
  auto reader = deadline_readers_.find(lang);
  if (reader == deadline_readers_.end()) return false;
  thread_local std::vector<char> flagged;  // per sentence: a finding is in it
  flagged.assign(t.sentences.size(), 0);
  for (const Finding& f : analysis.findings) flagged[f.sentence] = 1;
  for (const Token& tok : t.tokens) {
    if (tok.kind != TokenKind::word || flagged[tok.sentence]) continue;
    if (reader->second.is_self(std::string_view(n.text).substr(tok.begin, tok.end - tok.begin)))
      return true;
  }
  return false;
}

Analysis Analyzer::collect(const Reply& reply) const {
  Analysis analysis;
  analysis.id = reply.id;
  const bool forced = !reply.lang.empty() && reply.lang != "auto";
  if (forced && !detector_.knows(reply.lang)) {
    throw std::invalid_argument("no rules for language \"" + reply.lang + "\"");
  }
  Scratch& s = thread_scratch();
  normalizer_.normalize(reply.text, s.normalized);
  tokenizer_.tokenize(s.normalized, s.tokens);
  if (forced) {
    analysis.language.lang = reply.lang;
    analysis.language.method = "override";
    analysis.language.confidence = 1;
  } else {
    analysis.language = detector_.detect(s.normalized, s.tokens);
  }
  analysis.lang = analysis.language.lang;
  // The languages whose rules run: views into `analysis`, in a per-thread list.
  thread_local std::vector<std::string_view> langs;
  langs.assign(1, analysis.lang);
  langs.insert(langs.end(), analysis.language.also.begin(), analysis.language.also.end());

  const bool has_context = !reply.customer.empty() || !reply.thread.empty();
  CustomerSide customer;
  if (has_context) customer = read_customer_side(reply, normalizer_, tokenizer_, rules_.stopwords);

  s.matches.clear();
  s.excused.clear();
  for (const auto& lang : langs)
    matcher_.match(lang, s.tokens, s.matches, customer.message, &s.excused);

  const NormalizedText& n = s.normalized;
  const TokenizedText& t = s.tokens;
  for (const RuleMatch& m : s.matches) {
    const Rule& rule = rules_.rules[m.rule];
    // "Could you send your order number?" is only a flaw when it was given.
    if (!rule.when_customer_gave.empty() &&
        std::none_of(rule.when_customer_gave.begin(), rule.when_customer_gave.end(),
                     [&](const std::string& k) { return customer.kinds.count(k) > 0; })) {
      continue;
    }
    Finding f = finding_for(rule);
    place(f, n, t, m.first_token, m.end_token);
    (rule.is_signal() ? analysis.signals : analysis.findings).push_back(std::move(f));
  }
  if (t.tokens.empty()) return analysis;

  // Context checks, in the order their inputs become available.
  const std::vector<Entity> reply_entities = extract_entities(n, t);
  // The words themselves only count against the customer's side; else their number.
  const std::vector<std::string> reply_words =
      has_context ? word_sequence(n, t) : std::vector<std::string>{};
  const size_t reply_word_count =
      has_context ? reply_words.size()
                  : static_cast<size_t>(std::count_if(
                        t.tokens.begin(), t.tokens.end(),
                        [](const Token& tok) { return tok.kind == TokenKind::word; }));
  if (has_context) {
    const Engagement e =
        measure_engagement(customer.entities, customer.words, reply_entities, reply_words);
    analysis.context.present = true;
    analysis.context.engagement = e.ratio;
    analysis.context.details = e.mentioned;
    analysis.context.details.insert(analysis.context.details.end(), e.missed.begin(),
                                    e.missed.end());
    analysis.context.missed = e.missed;
    for (const auto& turn : customer.agent_turns)
      analysis.context.repeat_similarity =
          std::max(analysis.context.repeat_similarity, shingle_similarity(reply_words, turn));
  }
  // Each language's check rules come in the order they run; a mixed reply's
  // joined list is put in that order.
  static const std::vector<size_t> none;
  const std::vector<size_t>* checks = &none;
  std::vector<size_t> joined;
  if (langs.size() == 1) {
    if (auto it = check_rules_.find(langs[0]); it != check_rules_.end()) checks = &it->second;
  } else {
    for (const auto& lang : langs)
      if (auto it = check_rules_.find(lang); it != check_rules_.end())
        joined.insert(joined.end(), it->second.begin(), it->second.end());
    order_checks(rules_.rules, joined);
    checks = &joined;
  }
  const ContextConfig& limits = config_.context;
  for (size_t r : *checks) {
    const Rule& rule = rules_.rules[r];
    // The rule's `unless` (reply or customer scope) excuses the whole check.
    // Asked only when the check would flag something: most replies pass.
    auto excused = [&] {
      return !rule.unless.empty() && matcher_.excuses(rule.lang, r, t, customer.message);
    };
    if (rule.check == "specific_reference") {
      std::vector<Finding> found;
      std::set<std::string> seen;
      for (const Entity& mine : reply_entities) {
        const bool given = std::any_of(customer.entities.begin(), customer.entities.end(),
                                       [&](const Entity& c) { return c.key == mine.key; });
        if (!given || !seen.insert(mine.key).second) continue;
        Finding f = finding_for(rule);
        place(f, n, t, mine.token, mine.token + 1);
        found.push_back(std::move(f));
      }
      // Without a detail to repeat, taking up the customer's own words counts
      // too, graded by how much of what they wrote the reply takes up.
      const double ratio = analysis.context.engagement;
      if (seen.empty() && analysis.context.present && ratio >= 0.25) {
        const size_t at = first_uptake(n, t, customer.words);
        if (at < t.tokens.size()) {
          Finding f = finding_for(rule);
          f.weight = rule.weight * std::min(1.0, ratio / 0.5);
          place(f, n, t, at, at + 1);
          found.push_back(std::move(f));
        }
      }
      if (found.empty() || excused()) continue;
      for (Finding& f : found) analysis.signals.push_back(std::move(f));
    } else if (rule.check == "ignores_customer") {
      // The reply takes up none of the customer's specifics, and the customer
      // gave enough of them to take up (a short tweet is easily answered in
      // other words). In a thread, where a reply may repeat words of an earlier
      // turn and pass over the latest, taking up less than
      // max_thread_engagement is enough, graded: the less, the more it weighs.
      // Flagged only when the reply is also generic: it brings no specifics of
      // its own (a time, a street, an amount), and it leans on wording another
      // rule flags or passes over a thread. A reply that takes up nothing but
      // says something of its own is more often a paraphrase than a template.
      const double ratio = analysis.context.engagement;
      const bool thread = !reply.thread.empty();
      // Excused stock wording is stock wording too ("stuur uw klantnummer via DM").
      const bool stock =
          std::any_of(analysis.findings.begin(), analysis.findings.end(),
                      [](const Finding& f) { return is_stock_wording(f.category); }) ||
          std::any_of(s.excused.begin(), s.excused.end(), [&](const RuleMatch& m) {
            return is_stock_wording(rules_.rules[m.rule].category);
          });
      if (!analysis.context.present || analysis.context.details.size() < limits.min_specifics ||
          (thread ? ratio >= limits.max_thread_engagement : ratio > 0) ||
          own_specifics(n, t) > limits.max_own_specifics || (!thread && !stock) || excused()) {
        continue;
      }
      Finding f = finding_for(rule);
      if (thread) f.weight = rule.weight * (1.0 - ratio / limits.max_thread_engagement);
      f.message = fill_missed(rule.message, analysis.context.missed);
      place(f, n, t, 0, t.tokens.size());
      analysis.findings.push_back(std::move(f));
    } else if (rule.check == "repeated_reply") {
      if (analysis.context.repeat_similarity < limits.repeat_similarity || reply_word_count < 3 ||
          excused())
        continue;
      Finding f = finding_for(rule);
      place(f, n, t, 0, t.tokens.size());
      analysis.findings.push_back(std::move(f));
    } else if (rule.check == "no_next_step") {
      // Nothing done, promised, offered or asked: the customer is left where they were.
      // A reply that tells the customer what to do names a step, if the wrong
      // one; that is flagged as what it is (deflection, channel switch, ...).
      // So does one an `unless` excused ("DM us" when the customer asked how to
      // reach us): the wording is no flaw there, but the step is named.
      const bool acts = has_category(analysis.signals, {"commitment", "timeframe", "remedy"}) ||
                        std::any_of(analysis.findings.begin(), analysis.findings.end(),
                                    [](const Finding& f) { return names_a_step(f.category); }) ||
                        std::any_of(s.excused.begin(), s.excused.end(), [&](const RuleMatch& m) {
                          return names_a_step(rules_.rules[m.rule].category);
                        });
      const bool asks = std::any_of(t.tokens.begin(), t.tokens.end(), [&](const Token& tok) {
        return tok.kind == TokenKind::punctuation &&
               n.text.compare(tok.begin, tok.end - tok.begin, "?") == 0;
      });
      if (acts || asks || reply_word_count < limits.min_reply_words ||
          speaks_for_self(analysis, n, t, rule.lang) || excused()) {
        continue;
      }
      Finding f = finding_for(rule);
      place(f, n, t, 0, t.tokens.size());
      analysis.findings.push_back(std::move(f));
    }
  }
  return analysis;
}

std::vector<std::string> Analyzer::matching_rules(const Reply& reply) const {
  const Analysis a = collect(reply);
  std::vector<std::string> ids;
  for (const auto* items : {&a.findings, &a.signals})
    for (const Finding& f : *items) ids.push_back(f.rule);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Analysis Analyzer::analyze(const Reply& reply) const {
  Analysis analysis = collect(reply);
  const Scratch& s = thread_scratch();
  for (auto* items : {&analysis.findings, &analysis.signals}) merge_overlaps(*items);
  if (auto reader = deadline_readers_.find(analysis.lang); reader != deadline_readers_.end()) {
    analysis.promises = extract_promises(analysis.signals, s.normalized, s.tokens, reader->second,
                                         parse_sent_at(reply.sent_at));
  }
  for (auto* items : {&analysis.findings, &analysis.signals})
    finish_spans(*items, s.normalized.source);
  analysis.empathy_sandwich = Scorer::empathy_sandwich(analysis.findings);
  analysis.scores = scorer_.score(analysis.findings, analysis.signals);
  analysis.verdict = scorer_.verdict(analysis.scores, analysis.findings);
#ifdef REPLYLINT_CHECK_INVARIANTS
  enforce_analysis_invariants(reply.text, analysis, config_.scoring);
#endif
  return analysis;
}

}  // namespace replylint
