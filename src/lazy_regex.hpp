// An RE2 program compiled when it is first needed. Most rule patterns never run
// on a given reply, and compiling every one is most of the time it takes to load
// the rules, so a one-reply check should not wait for them all.
#pragma once

#include <re2/re2.h>

#include <atomic>
#include <string>

namespace replylint {

class LazyRegex {
 public:
  // No program: a pattern the matcher handles without RE2.
  LazyRegex() = default;
  // Compiles `pattern` now; the caller checks ok() and reports problems.
  static LazyRegex now(std::string pattern, const RE2::Options& options);
  // Compiles `pattern` on first use. Only for a pattern known to compile.
  static LazyRegex later(std::string pattern, const RE2::Options& options);

  LazyRegex(LazyRegex&& other) noexcept;
  LazyRegex& operator=(LazyRegex&& other) noexcept;
  LazyRegex(const LazyRegex&) = delete;
  LazyRegex& operator=(const LazyRegex&) = delete;
  ~LazyRegex();

  bool has_program() const { return !pattern_.empty(); }
  // The program, compiled by the first caller; safe from any number of threads.
  // Throws std::logic_error if RE2 refuses a pattern promised to compile.
  const RE2& get() const;

 private:
  std::string pattern_;
  RE2::Options options_;
  mutable std::atomic<RE2*> re_{nullptr};
};

}  // namespace replylint
