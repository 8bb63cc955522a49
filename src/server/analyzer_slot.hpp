// The analyser a running server uses, swappable while requests are in flight: a
// request takes its own reference, so a reload never pulls rules out from under it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "analyzer.hpp"

namespace replylint::server {

class AnalyzerSlot {
 public:
  using Loader = std::function<Analyzer()>;

  // Loads the first analyser now; a failure throws (a server must not start
  // without rules). `loader` is kept for reload().
  explicit AnalyzerSlot(Loader loader);
  // A fixed analyser; reload() then reports that there is nothing to reload from.
  explicit AnalyzerSlot(std::shared_ptr<const Analyzer> analyzer, Loader loader = {});

  std::shared_ptr<const Analyzer> get() const { return std::atomic_load(&current_); }

  // Builds a new analyser with the loader and swaps it in. On failure the
  // current one stays and `error` says why (every problem, one per line).
  bool reload(std::string& error);

  uint64_t reloads_ok() const { return reloads_ok_.load(std::memory_order_relaxed); }
  uint64_t reloads_failed() const { return reloads_failed_.load(std::memory_order_relaxed); }

 private:
  Loader loader_;
  std::shared_ptr<const Analyzer> current_;
  std::mutex reload_mutex_;  // one reload at a time; readers never wait on it
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};
};

}  // namespace replylint::server
