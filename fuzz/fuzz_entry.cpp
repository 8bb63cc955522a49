// libFuzzer entry point of one target, chosen when it is built
// (REPLYLINT_FUZZ_TARGET, a name from fuzz_targets.hpp).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_targets.hpp"

namespace {

replylint::fuzz::Target target() {
  static const replylint::fuzz::Target t = replylint::fuzz::find_target(REPLYLINT_FUZZ_TARGET);
  if (t == nullptr) {
    std::fprintf(stderr, "unknown fuzz target %s\n", REPLYLINT_FUZZ_TARGET);
    std::abort();
  }
  return t;
}

}  // namespace

// Loads the shipped rules before the first input, so start-up is not counted
// against (or mistaken for) a slow input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  target()("");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    target()(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const replylint::fuzz::FuzzFailure& e) {
    std::fprintf(stderr, "fuzz target %s: %s\n", REPLYLINT_FUZZ_TARGET, e.what());
    std::abort();
  }
  return 0;
}
