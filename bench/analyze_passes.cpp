// Analyses the benchmark mix a given number of times after one warm-up pass,
// for a cache simulator: the difference between runs of one and of several
// passes is what a warm pass costs, free of the machine's noise and of
// loading the rules. Run by bench/cache_profile.sh.
//
//   replylint_analyze_passes PASSES
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "analyzer.hpp"
#include "bench_inputs.hpp"

int main(int argc, char** argv) {
  int passes = -1;
  const std::string_view arg = argc == 2 ? argv[1] : "";
  const auto [end, error] = std::from_chars(arg.data(), arg.data() + arg.size(), passes);
  if (argc != 2 || error != std::errc() || end != arg.data() + arg.size() || passes < 0) {
    std::fprintf(stderr, "usage: replylint_analyze_passes PASSES (a number, 0 or more)\n");
    return 2;
  }
  using namespace replylint;
  try {
    const char* rules = std::getenv("REPLYLINT_BENCH_RULES");
    const Analyzer analyzer =
        Analyzer::load({rules && *rules ? std::filesystem::path(rules)
                                        : std::filesystem::path(REPLYLINT_SOURCE_DIR) / "rules"},
                       Config{});
    analyzer.compile_all();
    const auto& mix = bench::realistic_mix();
    Reply reply;
    size_t findings = 0;
    for (int pass = 0; pass <= passes; ++pass) {  // pass 0 warms up
      for (const std::string& text : mix) {
        reply.text = text;
        findings += analyzer.analyze(reply).findings.size();
      }
    }
    std::printf("%zu replies, %d passes after a warm-up, %zu findings\n", mix.size(), passes,
                findings);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "replylint_analyze_passes: %s\n", e.what());
    return 1;
  }
}
