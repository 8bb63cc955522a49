// Prometheus metrics of the service: requests by route and status, a latency
// histogram per route, replies checked, verdicts, and findings by category.
// Lock-free counters, so recording never makes requests wait on each other.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.hpp"

namespace replylint::server {

class AnalyzerSlot;

enum class Route {
  playground,
  healthz,
  metrics,
  rules,
  check,
  check_batch,
  lt_check,
  lt_languages,
  other,
};
inline constexpr size_t kRouteCount = static_cast<size_t>(Route::other) + 1;

Route route_of(std::string_view path);
std::string_view route_label(Route route);

class Metrics {
 public:
  Metrics();

  void observe_request(Route route, int status, double seconds);
  void observe_analysis(const Analysis& analysis);

  // The exposition text (Prometheus text format 0.0.4).
  std::string render(const AnalyzerSlot& analyzers) const;

  // Latency bucket upper bounds, in seconds.
  static const std::vector<double>& buckets();

 private:
  using Counter = std::atomic<uint64_t>;
  static constexpr size_t kStatusCount = 16;
  static constexpr size_t kBucketCount = 15;  // the last is +Inf

  std::array<std::array<Counter, kStatusCount>, kRouteCount> requests_{};
  std::array<std::array<Counter, kBucketCount>, kRouteCount> latency_buckets_{};
  std::array<Counter, kRouteCount> latency_sum_ns_{};
  std::array<Counter, kRouteCount> latency_count_{};
  std::array<Counter, 3> verdicts_{};
  std::vector<std::string_view> categories_;  // flaws then signals
  std::unique_ptr<Counter[]> findings_;       // per category in categories_

  static size_t status_index(int status);
};

}  // namespace replylint::server
