#include "matcher.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <future>
#include <stdexcept>
#include <utility>

#include "keyword_index.hpp"
#include "lazy_regex.hpp"
#include "pattern_analysis.hpp"
#include "rule_loader.hpp"

namespace replylint {

namespace {

// Whether a wrapped pattern " (?:p) " matches two spaces: p matches empty text.
bool matches_empty(const RE2& wrapped) {
  return RE2::PartialMatch("  ", wrapped);
}

using Patterns = std::vector<LazyRegex>;

bool any_match(const Patterns& patterns, std::string_view text) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const auto& u) { return RE2::PartialMatch(text, u.get()); });
}

// A rule's `unless` programs, grouped by where they are looked for: a scope's
// patterns as one program when they can be joined, else one each.
struct RuleUnless {
  std::array<Patterns, 4> by_scope;  // indexed by UnlessScope

  const Patterns& of(UnlessScope scope) const { return by_scope[static_cast<size_t>(scope)]; }

  // Whether the reply as a whole, or the customer's message, excuses the rule.
  bool excuses_whole(std::string_view joined, std::string_view customer) const {
    return any_match(of(UnlessScope::reply), joined) ||
           any_match(of(UnlessScope::customer), customer);
  }
};

// Decides whether a rule's matches are dropped, each question once: for the
// reply and the customer's message once per rule, for a sentence once per run
// of matches in it (a pattern's matches come in text order), so thousands of
// matches in one long sentence never scan it again each.
class UnlessDecision {
 public:
  UnlessDecision(const TokenizedText& tokens, std::string_view customer)
      : tokens_(tokens), customer_(customer) {}

  bool suppresses(size_t rule, const RuleUnless& unless, size_t sentence) {
    if (rule != rule_) {
      rule_ = rule;
      whole_ = unless.excuses_whole(tokens_.joined, customer_);
      sentence_ = SIZE_MAX;
    }
    if (whole_) return true;
    if (sentence != sentence_) {
      sentence_ = sentence;
      suppressed_ = any_match(unless.of(UnlessScope::sentence), sentence_text(sentence, 0)) ||
                    any_match(unless.of(UnlessScope::neighbours), sentence_text(sentence, 1));
    }
    return suppressed_;
  }

 private:
  // Sentence `s` with `around` sentences on either side, as joined token text.
  std::string_view sentence_text(size_t s, size_t around) const {
    const size_t first = s > around ? s - around : 0;
    const size_t last = std::min(s + around, tokens_.sentences.size() - 1);
    return tokens_.joined_range(tokens_.sentences[first].first_token,
                                tokens_.sentences[last].end_token);
  }

  const TokenizedText& tokens_;
  std::string_view customer_;
  size_t rule_ = SIZE_MAX;
  bool whole_ = false;
  size_t sentence_ = SIZE_MAX;
  bool suppressed_ = false;
};

}  // namespace

namespace {

// Bytes [begin, end) of a joined text.
struct Span {
  size_t begin;
  size_t end;
};

// How a candidate's spans say where its matches can be.
enum class Places {
  literals,  // its matches are the spans themselves: an exact pattern's literals
  starts,    // its matches begin where the spans do: its leading literals
  windows,   // its matches lie inside the spans
};

// A pattern that may match, and Candidates::spans[first_span, end_span), which
// say where.
struct Candidate {
  int pattern;
  uint32_t first_span;
  uint32_t end_span;
  Places places;
};

struct Candidates {
  std::vector<Candidate> list;
  std::vector<Span> spans;
};

}  // namespace

struct Matcher::LanguageRules {
  // A branch of a pattern, as PatternAnalysis sees it: the pattern may match
  // when all the branch's requirements are met. A pattern's clauses follow
  // each other, in pattern order.
  struct Clause {
    int pattern;
    size_t max_spaces;
    bool leading;  // see PatternAnalysis::Branch
  };

  // Wrapped: " (?:p) "; no program for a pattern whose branches are all exact.
  std::vector<LazyRegex> patterns;
  std::vector<size_t> rule_of;          // per pattern: the rule
  std::map<size_t, RuleUnless> unless;  // per rule with `unless`
  bool prefiltered = false;             // false: every pattern runs on all text
  std::vector<Clause> clauses;
  // Per clause, a bit per requirement: looked up for every clause a reply
  // touches, so kept apart from the clauses, a byte each, sharing cache lines.
  std::vector<uint8_t> all_met_of;
  KeywordIndex keywords;          // the clauses' literals by key word
  std::vector<uint32_t> keyless;  // clauses without literals: their patterns always run

  // Adds a pattern of `rule`: its analysis and, unless every branch is exact,
  // its wrapped form's program.
  void add(const PatternAnalysis& analysis, LazyRegex re, size_t rule);
  // Sets `out` to the patterns that may match `text`, in pattern order, each
  // with the spans of `text` its matches must lie in.
  void candidates(std::string_view text, Candidates& out) const;
  // Keeps of `hits` (of clauses with every requirement met, sorted by clause,
  // then word) those that place a match.
  void keep_placing_hits(std::vector<KeywordIndex::Hit>& hits) const;
};

void Matcher::LanguageRules::add(const PatternAnalysis& analysis, LazyRegex re, size_t rule) {
  const int index = static_cast<int>(patterns.size());
  patterns.push_back(std::move(re));
  rule_of.push_back(rule);
  for (const PatternAnalysis::Branch& branch : analysis.branches) {
    const auto clause = static_cast<uint32_t>(clauses.size());
    const auto count = static_cast<uint32_t>(branch.requirements.size());
    // The analysis looks for at most three requirements a branch.
    if (count > 8) throw std::logic_error("a pattern branch with more than 8 requirements");
    clauses.push_back({index, branch.max_spaces, branch.leading});
    all_met_of.push_back(static_cast<uint8_t>((1u << count) - 1));
    if (count == 0) keyless.push_back(clause);
    for (uint32_t r = 0; r < count; ++r)
      for (const KeyedLiteral& literal : branch.requirements[r]) keywords.add(clause, r, literal);
  }
}

void Matcher::LanguageRules::candidates(std::string_view text, Candidates& out) const {
  out.list.clear();
  out.spans.clear();
  // Reused per thread: a reply should not cost allocations of its own.
  thread_local std::vector<uint32_t> spaces;
  thread_local std::vector<KeywordIndex::Hit> found, hits;
  // Per clause: a bit per requirement found, and its hits, then where they go.
  // Side by side: a hit's clause is one memory access away, not two.
  struct Tally {
    uint32_t met;
    uint32_t place;
  };
  thread_local std::vector<Tally> tally;
  thread_local std::vector<uint32_t> touched, ready;
  found.clear();
  keywords.find(text, spaces, found);
  if (tally.size() < clauses.size()) tally.resize(clauses.size());
  touched.clear();
  for (const KeywordIndex::Hit& hit : found) {
    Tally& t = tally[hit.owner];
    if (t.met == 0) touched.push_back(hit.owner);
    t.met |= 1u << hit.requirement;
    ++t.place;
  }
  // The hits of clauses with every requirement met, grouped by clause in clause
  // order; found in word order, they stay in it. Most hits belong to clauses
  // that miss a requirement, so a counting sort of the rest beats sorting all.
  constexpr uint32_t kDropped = UINT32_MAX;
  ready.clear();
  for (uint32_t t : touched) {
    if (tally[t].met == all_met_of[t]) {
      ready.push_back(t);
    } else {
      tally[t].place = kDropped;
    }
  }
  for (uint32_t k : keyless) {
    tally[k].place = 1;
    ready.push_back(k);
  }
  std::sort(ready.begin(), ready.end());
  uint32_t total = 0;
  for (uint32_t c : ready) total += std::exchange(tally[c].place, total);
  hits.resize(total);
  for (const KeywordIndex::Hit& hit : found)
    if (uint32_t& p = tally[hit.owner].place; p != kDropped) hits[p++] = hit;
  for (uint32_t k : keyless) hits[tally[k].place++] = {k, 0, UINT32_MAX, 0, 0};
  for (uint32_t t : touched) tally[t] = {0, 0};
  for (uint32_t k : keyless) tally[k] = {0, 0};
  keep_placing_hits(hits);
  const Span all{0, text.size()};
  // Hits come grouped by pattern; a pattern's spans are all of one kind.
  for (size_t h = 0; h < hits.size();) {
    const int pattern = clauses[hits[h].owner].pattern;
    size_t end = h;
    bool leading = true;
    for (; end < hits.size() && clauses[hits[end].owner].pattern == pattern; ++end)
      leading = leading && clauses[hits[end].owner].leading;
    const Places places = !patterns[static_cast<size_t>(pattern)].has_program() ? Places::literals
                          : leading                                             ? Places::starts
                                                                                : Places::windows;
    const auto first = static_cast<uint32_t>(out.spans.size());
    for (; h < end; ++h) {
      const KeywordIndex::Hit& hit = hits[h];
      const Clause& clause = clauses[hit.owner];
      if (places != Places::windows) {
        out.spans.push_back({hit.at, size_t{hit.at} + hit.length});
      } else if (hit.word == UINT32_MAX || clause.max_spaces == PatternAnalysis::kUnbounded) {
        out.spans.push_back(all);
      } else {
        // A match holds the spaces around its key's word and at most max_spaces
        // in all, so it begins and ends within that many spaces of the word (one
        // more on each side, to spare the reader the off-by-one).
        const auto word = static_cast<int64_t>(hit.word);
        const auto reach = static_cast<int64_t>(std::min<size_t>(clause.max_spaces, INT32_MAX));
        const auto last = static_cast<int64_t>(spaces.size()) - 1;
        const size_t begin = spaces[static_cast<size_t>(std::max<int64_t>(0, word + 1 - reach))];
        const size_t stop = spaces[static_cast<size_t>(std::min(last, word + reach))] + 1;
        out.spans.push_back({begin, stop});
      }
    }
    out.list.push_back({pattern, first, static_cast<uint32_t>(out.spans.size()), places});
  }
  // A pattern's spans, from all its clauses, sorted: an exact pattern's in the
  // order RE2 would find them, the longest first; starts once each; windows
  // merged where they meet.
  for (Candidate& c : out.list) {
    const auto b = out.spans.begin() + c.first_span;
    const auto e = out.spans.begin() + c.end_span;
    if (c.places == Places::literals) {
      std::sort(b, e, [](const Span& x, const Span& y) {
        return x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
      });
      continue;
    }
    std::sort(b, e, [](const Span& x, const Span& y) { return x.begin < y.begin; });
    auto kept = b;
    for (auto it = b + 1; it < e; ++it) {
      if (c.places == Places::starts ? it->begin == kept->begin : it->begin <= kept->end) {
        kept->end = std::max(kept->end, it->end);
      } else {
        *++kept = *it;
      }
    }
    c.end_span = static_cast<uint32_t>(kept + 1 - out.spans.begin());
  }
}

void Matcher::LanguageRules::keep_placing_hits(std::vector<KeywordIndex::Hit>& hits) const {
  // The first requirement's literals place a clause's matches (each match
  // holds one), so only those hits stay. A match holds a literal of every
  // requirement and at most max_spaces spaces, so two of its keys' words are
  // fewer than max_spaces words apart: a place without every requirement that
  // near places none. A leading clause's match begins with its first
  // requirement's literal, so the others must stand at or after it.
  size_t kept = 0;
  for (size_t h = 0, end = 0; h < hits.size(); h = end) {
    const Clause& clause = clauses[hits[h].owner];
    const uint32_t all_met = all_met_of[hits[h].owner];
    while (end < hits.size() && hits[end].owner == hits[h].owner) ++end;
    // One requirement, or no bound on a match: every place stays.
    const bool any_place = all_met <= 1 || clause.max_spaces == PatternAnalysis::kUnbounded;
    const auto reach = static_cast<int64_t>(clause.max_spaces);
    for (size_t i = h; i < end; ++i) {
      if (hits[i].requirement != 0) continue;
      const int64_t word = hits[i].word;
      uint32_t near = 0;
      for (size_t j = h; !any_place && j < end && hits[j].word <= word + reach; ++j)
        if (hits[j].word >= word - reach && (!clause.leading || hits[j].at >= hits[i].at))
          near |= 1u << hits[j].requirement;
      if (any_place || near == all_met) hits[kept++] = hits[i];
    }
  }
  hits.resize(kept);
}

namespace {

// A rule problem found while compiling: the rule's index orders the report.
struct CompileProblem {
  size_t rule;
  std::string text;
};

// RE2 gives a program two thirds of kRegexMaxMem, in 16-byte instructions of
// which some versions allow a quarter: kRegexMaxMem / 96 instructions at least.
// A pattern bounded by half as many surely compiles.
constexpr size_t kSurelyCompiles = static_cast<size_t>(kRegexMaxMem) * 2 / 3 / 4 / 16 / 2;

// Whether the analysis shows that a pattern compiles and cannot match empty
// text: then nothing can be wrong with it that compiling at load would find.
bool surely_compiles(const std::optional<ProgramBound>& bound) {
  return bound && !bound->may_match_empty && bound->instructions <= kSurelyCompiles;
}

// The program of `pattern`, wrapped: compiled on first use when it surely
// compiles, else now, with `problem` saying why it cannot be used.
LazyRegex program(const std::string& pattern, const std::optional<ProgramBound>& bound,
                  std::string& problem) {
  const RE2::Options options = rule_regex_options();
  if (surely_compiles(bound)) return LazyRegex::later(wrap_pattern(pattern), options);
  LazyRegex re = LazyRegex::now(wrap_pattern(pattern), options);
  if (!re.get().ok()) {
    problem = regex_problem(re.get());
  } else if (matches_empty(re.get())) {
    problem = "the pattern can match empty text";
  }
  return re;
}

// Compiles one language's rules; problems are collected, not thrown, so one
// report names every bad pattern.
std::unique_ptr<Matcher::LanguageRules> compile_language(const std::vector<Rule>& rules,
                                                         const std::vector<size_t>& indices,
                                                         Matcher::Strategy strategy,
                                                         std::vector<CompileProblem>& problems) {
  auto lang = std::make_unique<Matcher::LanguageRules>();
  lang->prefiltered = strategy == Matcher::Strategy::prefiltered;
  for (size_t r : indices) {
    const Rule& rule = rules[r];
    auto where = [&](const char* what, size_t i, const std::string& written) {
      return rule.file + ": rule " + rule.id + ": " + what + " " + std::to_string(i + 1) + " \"" +
             written + "\": ";
    };
    for (size_t i = 0; i < rule.patterns.size(); ++i) {
      const std::string& written =
          i < rule.written_patterns.size() ? rule.written_patterns[i] : rule.patterns[i];
      PatternAnalysis analysis;
      if (lang->prefiltered) {
        analysis = analyse_pattern(rule.patterns[i]);
      } else {
        analysis.branches.emplace_back();
      }
      // A pattern of exact branches is matched by its literals alone: it needs
      // no program (a fifth of the patterns, their compile time and memory),
      // and each literal holds a word, so it cannot match empty text.
      LazyRegex re;
      if (!std::all_of(analysis.branches.begin(), analysis.branches.end(),
                       [](const auto& b) { return b.exact; })) {
        std::string problem;
        re = program(rule.patterns[i], analysis.bound, problem);
        if (!problem.empty()) {
          problems.push_back({r, where("pattern", i, written) + problem});
          continue;
        }
      }
      lang->add(analysis, std::move(re), r);
    }
    // A rule's unless patterns of one scope, as one program when they all
    // surely compile, and together still do: whether any of them matches is
    // whether their alternation does, and one search of a sentence costs about
    // what one of them costs.
    struct Scoped {
      std::vector<LazyRegex> programs;
      std::string alternation;
      size_t instructions = 0;
      bool joinable = true;
    };
    std::array<Scoped, 4> scoped;
    for (size_t i = 0; i < rule.unless.size(); ++i) {
      const UnlessPattern& u = rule.unless[i];
      const std::optional<ProgramBound> bound = program_bound(u.pattern);
      std::string problem;
      LazyRegex re = program(u.pattern, bound, problem);
      if (!problem.empty()) {
        problems.push_back({r, where("unless", i, u.pattern) + problem});
        continue;
      }
      Scoped& s = scoped[static_cast<size_t>(u.scope)];
      s.joinable = s.joinable && surely_compiles(bound);
      if (s.joinable) s.instructions += bound->instructions + 1;
      s.alternation += (s.programs.empty() ? "(?:" : "|(?:") + wrap_pattern(u.pattern) + ")";
      s.programs.push_back(std::move(re));
    }
    for (size_t scope = 0; scope < scoped.size(); ++scope) {
      Scoped& s = scoped[scope];
      if (s.programs.empty()) continue;
      Patterns& out = lang->unless[r].by_scope[scope];
      if (s.programs.size() > 1 && s.joinable && s.instructions <= kSurelyCompiles) {
        out.push_back(LazyRegex::later(std::move(s.alternation), rule_regex_options()));
      } else {
        out = std::move(s.programs);
      }
    }
  }
  lang->keywords.finish();
  return lang;
}

}  // namespace

Matcher::Matcher(const std::vector<Rule>& rules, Strategy strategy) {
  std::map<std::string, std::vector<size_t>> by_language;
  for (size_t r = 0; r < rules.size(); ++r) by_language[rules[r].lang].push_back(r);
  // Analysing the patterns, and compiling those that cannot wait, is most of
  // building the matcher; languages are independent, so each has its own thread.
  struct Job {
    std::string lang;
    std::vector<CompileProblem> problems;
    std::future<std::unique_ptr<LanguageRules>> built;
  };
  std::vector<Job> jobs(by_language.size());
  size_t k = 0;
  for (const auto& [lang, indices] : by_language) {
    Job& job = jobs[k++];
    job.lang = lang;
    job.built = std::async(std::launch::async, compile_language, std::cref(rules),
                           std::cref(indices), strategy, std::ref(job.problems));
  }
  std::vector<CompileProblem> problems;
  for (Job& job : jobs) {
    languages_[job.lang] = job.built.get();
    problems.insert(problems.end(), job.problems.begin(), job.problems.end());
  }
  if (problems.empty()) return;
  std::stable_sort(problems.begin(), problems.end(),
                   [](const auto& a, const auto& b) { return a.rule < b.rule; });
  std::vector<std::string> texts;
  for (auto& p : problems) texts.push_back(std::move(p.text));
  throw RuleError(std::move(texts));
}

Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

const Matcher::LanguageRules* Matcher::language(std::string_view lang_code) const {
  auto it = languages_.find(lang_code);
  return it == languages_.end() ? nullptr : it->second.get();
}

bool Matcher::excuses(std::string_view lang_code, size_t rule, const TokenizedText& tokens,
                      std::string_view customer) const {
  const LanguageRules* lang = language(lang_code);
  if (!lang) return false;
  auto unless = lang->unless.find(rule);
  return unless != lang->unless.end() && unless->second.excuses_whole(tokens.joined, customer);
}

namespace {

// Compiles a language's programs that have none yet, until a stop is requested.
void compile_language_programs(const Matcher::LanguageRules& rules, std::stop_token stop) {
  for (const LazyRegex& re : rules.patterns)
    if (!stop.stop_requested() && re.has_program()) re.get();
  for (const auto& [rule, unless] : rules.unless)
    for (const Patterns& patterns : unless.by_scope)
      for (const LazyRegex& re : patterns)
        if (!stop.stop_requested()) re.get();
}

}  // namespace

void Matcher::compile_all() const {
  std::vector<std::future<void>> jobs;
  for (const auto& [name, lang] : languages_)
    jobs.push_back(std::async(std::launch::async, compile_language_programs, std::cref(*lang),
                              std::stop_token{}));
  for (auto& job : jobs) job.get();
}

void Matcher::compile_all_until(std::stop_token stop) const {
  for (const auto& [name, lang] : languages_) compile_language_programs(*lang, stop);
}

size_t Matcher::pattern_count() const {
  size_t n = 0;
  for (const auto& [name, lang] : languages_) n += lang->rule_of.size();
  return n;
}

std::vector<int> Matcher::candidates(std::string_view lang_code, std::string_view joined) const {
  Candidates found;
  if (const LanguageRules* lang = language(lang_code)) lang->candidates(joined, found);
  std::vector<int> out;
  for (const Candidate& c : found.list) out.push_back(c.pattern);
  return out;
}

std::vector<size_t> Matcher::unfiltered_rules(std::string_view lang_code) const {
  const LanguageRules* lang = language(lang_code);
  if (!lang) return {};
  std::vector<size_t> out;
  for (uint32_t clause : lang->keyless) {
    const auto pattern = static_cast<size_t>(lang->clauses[clause].pattern);
    if (out.empty() || out.back() != lang->rule_of[pattern]) out.push_back(lang->rule_of[pattern]);
  }
  return out;
}

void Matcher::match(std::string_view lang_code, const TokenizedText& tokens,
                    std::vector<RuleMatch>& out, std::string_view customer,
                    std::vector<RuleMatch>* excused) const {
  const LanguageRules* found = language(lang_code);
  if (!found || tokens.tokens.empty()) return;
  const LanguageRules& lang = *found;
  const std::string_view text = tokens.joined;

  thread_local Candidates candidates;
  lang.candidates(text, candidates);
  // Candidates come in pattern order, so a rule's patterns follow each other
  // and share one decision about the reply and the customer's message.
  UnlessDecision decision(tokens, customer);
  for (const Candidate& candidate : candidates.list) {
    const auto index = static_cast<size_t>(candidate.pattern);
    const size_t rule = lang.rule_of[index];
    const auto unless = lang.unless.find(rule);
    // A match of " (?:pattern) " at [begin, end): the pattern's own match lies
    // inside the edge spaces. Returns where the next search starts: on the
    // trailing space, which is the next match's leading edge.
    auto take = [&](size_t begin, size_t end, size_t pos) {
      const size_t b = begin + 1;
      const size_t e = end - 1;
      RuleMatch m{rule, tokens.token_at(b), tokens.token_at(e - 1) + 1};
      if (unless != lang.unless.end() &&
          decision.suppresses(rule, unless->second, tokens.tokens[m.first_token].sentence)) {
        if (excused) excused->push_back(m);
      } else {
        out.push_back(m);
      }
      return std::max(e, pos + 1);
    };
    if (candidate.places == Places::literals) {
      // The leftmost place from `pos` on, the longest there: what RE2 finds.
      size_t pos = 0;
      for (uint32_t k = candidate.first_span; k < candidate.end_span; ++k) {
        const Span& place = candidates.spans[k];
        if (place.begin >= pos) pos = take(place.begin, place.end, pos);
      }
      continue;
    }
    const RE2& re = lang.patterns[index].get();
    re2::StringPiece whole;
    if (candidate.places == Places::starts) {
      // Every match begins at a start, so the leftmost start from `pos` on
      // where the pattern matches, and its longest match there, is what a
      // search finds. Each try ends as soon as the text leaves the pattern.
      size_t pos = 0;
      for (uint32_t k = candidate.first_span; k < candidate.end_span; ++k) {
        const size_t start = candidates.spans[k].begin;
        if (start >= pos && re.Match(text, start, text.size(), RE2::ANCHOR_START, &whole, 1))
          pos = take(start, start + whole.size(), pos);
      }
      continue;
    }
    // Every match lies inside one span, so searching span by span finds the
    // matches a search of the whole text finds, in the same order.
    for (uint32_t k = candidate.first_span; k < candidate.end_span; ++k) {
      const Span& span = candidates.spans[k];
      size_t pos = span.begin;
      while (pos < span.end && re.Match(text, pos, span.end, RE2::UNANCHORED, &whole, 1)) {
        const auto begin = static_cast<size_t>(whole.data() - text.data());
        pos = take(begin, begin + whole.size(), pos);
      }
    }
  }
}

}  // namespace replylint
