// Speed of replylint: rule compilation, each pipeline stage on its own, end to end
// throughput over a realistic mix, latency percentiles per reply size, and
// scaling over threads. Run: ./build/bench/replylint_bench (Release build).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "analysis_json_writer.hpp"
#include "analyzer.hpp"
#include "bench_inputs.hpp"
#include "matcher.hpp"
#include "rule_loader.hpp"
#include "rules_location.hpp"

namespace replylint::bench {
namespace {

// $REPLYLINT_BENCH_RULES, when set, replaces the shipped rules: the same binary
// can then time two versions of the rules.
std::vector<std::filesystem::path> rule_dirs() {
  if (const char* dir = std::getenv("REPLYLINT_BENCH_RULES"); dir && *dir) return {dir};
  return {std::filesystem::path(REPLYLINT_SOURCE_DIR) / "rules"};
}

const Analyzer& analyzer() {
  static const Analyzer a = Analyzer::load(rule_dirs(), Config{});
  return a;
}

// The analyser after one pass over the mix: the programs the mix needs are
// compiled and their DFA states built, so a timing over it measures the steady
// state (BM_AnalyzeColdMix and BM_FirstReply time the rest).
const Analyzer& warm_analyzer() {
  static const bool warmed = [] {
    Reply reply;
    for (const auto& text : realistic_mix()) {
      reply.text = text;
      benchmark::DoNotOptimize(analyzer().analyze(reply));
    }
    return true;
  }();
  benchmark::DoNotOptimize(warmed);
  return analyzer();
}

void set_throughput(benchmark::State& state, size_t bytes, size_t replies) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(replies));
}

void BM_CompileRules(benchmark::State& state) {
  for (auto _ : state) {
    Analyzer a = Analyzer::load(rule_dirs(), Config{});
    benchmark::DoNotOptimize(a);
  }
  state.counters["rules"] = static_cast<double>(analyzer().rules().rules.size());
}
BENCHMARK(BM_CompileRules)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// What a one-reply check waits for: loading the rules, then the first analysis,
// which compiles the rule programs that reply needs.
void BM_FirstReply(benchmark::State& state) {
  const auto& mix = realistic_mix();
  Reply reply;
  size_t n = 0;
  for (auto _ : state) {
    Analyzer a = Analyzer::load(rule_dirs(), Config{});
    reply.text = mix[n++ % mix.size()];
    benchmark::DoNotOptimize(a.analyze(reply));
  }
}
BENCHMARK(BM_FirstReply)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_StageNormalize(benchmark::State& state) {
  const auto& mix = realistic_mix();
  const Normalizer normalizer;
  NormalizedText out;
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    const std::string& r = mix[n++ % mix.size()];
    normalizer.normalize(r, out);
    bytes += r.size();
    benchmark::DoNotOptimize(out.text.data());
  }
  set_throughput(state, bytes, n);
}
BENCHMARK(BM_StageNormalize);

std::vector<NormalizedText> normalized_mix() {
  std::vector<NormalizedText> out;
  const Normalizer normalizer;
  for (const auto& r : realistic_mix()) out.push_back(normalizer.normalize(r));
  return out;
}

void BM_StageTokenize(benchmark::State& state) {
  static const auto normalized = normalized_mix();
  const Tokenizer tokenizer;
  TokenizedText out;
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    const NormalizedText& t = normalized[n++ % normalized.size()];
    tokenizer.tokenize(t, out);
    bytes += t.source.text.size();
    benchmark::DoNotOptimize(out.joined.data());
  }
  set_throughput(state, bytes, n);
}
BENCHMARK(BM_StageTokenize);

struct Prepared {
  std::vector<NormalizedText> normalized;
  std::vector<TokenizedText> tokens;
};

const Prepared& prepared_mix() {
  static const Prepared p = [] {
    Prepared out;
    out.normalized = normalized_mix();
    const Tokenizer tokenizer;
    for (const auto& n : out.normalized) out.tokens.push_back(tokenizer.tokenize(n));
    return out;
  }();
  return p;
}

void BM_StageLanguage(benchmark::State& state) {
  const Prepared& p = prepared_mix();
  const LanguageDetector detector(analyzer().rules().stopwords, "en");
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    const size_t i = n++ % p.tokens.size();
    benchmark::DoNotOptimize(detector.detect(p.normalized[i], p.tokens[i]));
    bytes += p.normalized[i].source.text.size();
  }
  set_throughput(state, bytes, n);
}
BENCHMARK(BM_StageLanguage);

// The language of each reply of the prepared mix.
const std::vector<std::string>& detected_languages() {
  static const std::vector<std::string> langs = [] {
    const Prepared& p = prepared_mix();
    const LanguageDetector detector(analyzer().rules().stopwords, "en");
    std::vector<std::string> out;
    for (size_t i = 0; i < p.tokens.size(); ++i)
      out.push_back(detector.detect(p.normalized[i], p.tokens[i]).lang);
    return out;
  }();
  return langs;
}

void BM_StageMatch(benchmark::State& state) {
  const Prepared& p = prepared_mix();
  const Matcher matcher(analyzer().rules().rules);
  const std::vector<std::string>& langs = detected_languages();
  std::vector<RuleMatch> matches;
  // Untimed, as for BM_Analyze: a first pass compiles the programs it needs.
  for (size_t i = 0; i < p.tokens.size(); ++i) matcher.match(langs[i], p.tokens[i], matches);
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    const size_t i = n++ % p.tokens.size();
    matches.clear();
    matcher.match(langs[i], p.tokens[i], matches);
    benchmark::DoNotOptimize(matches.data());
    bytes += p.normalized[i].source.text.size();
  }
  set_throughput(state, bytes, n);
}
BENCHMARK(BM_StageMatch);

// The prefilter part of the match stage alone: which patterns would run.
void BM_StageMatchPrefilter(benchmark::State& state) {
  const Prepared& p = prepared_mix();
  const Matcher matcher(analyzer().rules().rules);
  const std::vector<std::string>& langs = detected_languages();
  size_t bytes = 0, n = 0, candidates = 0;
  for (auto _ : state) {
    const size_t i = n++ % p.tokens.size();
    const auto c = matcher.candidates(langs[i], p.tokens[i].joined);
    candidates += c.size();
    bytes += p.normalized[i].source.text.size();
  }
  set_throughput(state, bytes, n);
  state.counters["candidates"] = static_cast<double>(candidates) / static_cast<double>(n);
}
BENCHMARK(BM_StageMatchPrefilter);

// The whole analysis (normalise ... score, JSON not included), reply by reply.
void BM_Analyze(benchmark::State& state) {
  const auto& mix = realistic_mix();
  const Analyzer& warm = warm_analyzer();
  Reply reply;
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    reply.text = mix[n++ % mix.size()];
    benchmark::DoNotOptimize(warm.analyze(reply));
    bytes += reply.text.size();
  }
  set_throughput(state, bytes, n);
}
BENCHMARK(BM_Analyze)->Threads(1)->Threads(2)->UseRealTime();

// The same replies as the records `check` and `audit` read: each with its language
// and, where it has them, the customer message and thread that the context checks
// read (BM_Analyze gives the reply text alone).
void BM_AnalyzeRecords(benchmark::State& state) {
  const auto& records = realistic_records();
  const Analyzer& warm = warm_analyzer();
  // Untimed, as for BM_Analyze: the programs only the context needs compile here.
  for (const Reply& reply : records) benchmark::DoNotOptimize(warm.analyze(reply));
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    const Reply& reply = records[n++ % records.size()];
    benchmark::DoNotOptimize(warm.analyze(reply));
    bytes += reply.text.size();
  }
  set_throughput(state, bytes, n);
  size_t with_customer = 0;
  for (const Reply& r : records) with_customer += !r.customer.empty() || !r.thread.empty();
  state.counters["with_customer"] = static_cast<double>(with_customer) / records.size();
}
BENCHMARK(BM_AnalyzeRecords)->UseRealTime();

// Writing an analysis as the JSON line `check` and the HTTP service send.
void BM_StageJson(benchmark::State& state) {
  static const std::vector<Analysis> analyses = [] {
    std::vector<Analysis> out;
    Reply reply;
    for (const auto& text : realistic_mix()) {
      reply.text = text;
      out.push_back(analyzer().analyze(reply));
    }
    return out;
  }();
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    const std::string line = analysis_json_line(analyses[n++ % analyses.size()]);
    bytes += line.size();
    benchmark::DoNotOptimize(line.data());
  }
  set_throughput(state, bytes, n);
}
BENCHMARK(BM_StageJson);

// One pass over the mix with freshly loaded rules: what a short run (a CLI
// call, a server's first minutes) pays while the rule programs it needs compile
// and RE2 builds their DFA states. Loading is not timed; compare the per-reply
// time with BM_Analyze's.
void BM_AnalyzeColdMix(benchmark::State& state) {
  const auto& mix = realistic_mix();
  Reply reply;
  for (auto _ : state) {
    state.PauseTiming();
    const Analyzer fresh = Analyzer::load(rule_dirs(), Config{});
    state.ResumeTiming();
    for (const auto& text : mix) {
      reply.text = text;
      benchmark::DoNotOptimize(fresh.analyze(reply));
    }
  }
  set_throughput(state, total_bytes(mix) * state.iterations(), mix.size() * state.iterations());
}
BENCHMARK(BM_AnalyzeColdMix)->Unit(benchmark::kMillisecond);

// The mix repeated to at least 50 MB, once through, single thread.
void BM_Throughput50MB(benchmark::State& state) {
  const auto& mix = realistic_mix();
  const size_t mix_bytes = total_bytes(mix);
  const size_t rounds = (50u << 20) / mix_bytes + 1;
  Reply reply;
  for (auto _ : state) {
    for (size_t r = 0; r < rounds; ++r) {
      for (const auto& text : mix) {
        reply.text = text;
        benchmark::DoNotOptimize(analyzer().analyze(reply));
      }
    }
  }
  set_throughput(state, rounds * mix_bytes * state.iterations(),
                 rounds * mix.size() * state.iterations());
  state.counters["MB"] = static_cast<double>(rounds * mix_bytes) / (1 << 20);
}
BENCHMARK(BM_Throughput50MB)->Iterations(1)->Unit(benchmark::kSecond);

// Latency percentiles of one analysis over `texts`, 256 different replies of
// one size: one reply over and over would keep every cache warm, as no real
// traffic does.
void time_latency(benchmark::State& state, const std::vector<std::string>& texts) {
  Reply reply;
  // The steady state: the rule programs these replies need are compiled
  // (BM_FirstReply times a first reply).
  for (const std::string& text : texts) {
    reply.text = text;
    benchmark::DoNotOptimize(analyzer().analyze(reply));
  }
  std::vector<double> micros;
  micros.reserve(200000);
  size_t n = 0, bytes = 0;
  for (auto _ : state) {
    reply.text = texts[n++ % texts.size()];
    bytes += reply.text.size();
    const auto start = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(analyzer().analyze(reply));
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double p) {
    return micros[static_cast<size_t>(p * static_cast<double>(micros.size() - 1))];
  };
  state.counters["p50_us"] = pct(0.50);
  state.counters["p99_us"] = pct(0.99);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// Replies of a given size (bytes) made of pieces of the whole mix: most hold
// Dutch and English run together, are detected as mixed and get the rules of
// both languages.
void BM_Latency(benchmark::State& state) {
  std::vector<std::string> texts;
  for (size_t v = 0; v < 256; ++v)
    texts.push_back(reply_of_size(static_cast<size_t>(state.range(0)), v));
  time_latency(state, texts);
}
BENCHMARK(BM_Latency)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// The same with each reply made of replies of one language, half of them Dutch
// and half English, as a real long reply is written.
void BM_LatencyOneLanguage(benchmark::State& state) {
  std::vector<std::string> texts;
  for (size_t v = 0; v < 256; ++v)
    texts.push_back(reply_of_size(static_cast<size_t>(state.range(0)), v, v % 2 ? "en" : "nl"));
  time_latency(state, texts);
}
BENCHMARK(BM_LatencyOneLanguage)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace replylint::bench

BENCHMARK_MAIN();
