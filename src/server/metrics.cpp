#include "server/metrics.hpp"

#include <algorithm>
#include <sstream>

#include "server/analyzer_slot.hpp"

namespace replylint::server {
namespace {

constexpr std::string_view kRouteLabels[kRouteCount] = {
    "/",         "/healthz",      "/metrics", "/v1/rules", "/v1/check", "/v1/check/batch",
    "/v2/check", "/v2/languages", "other"};

constexpr int kStatuses[] = {200, 204, 400, 401, 403, 404, 405, 408,
                             411, 413, 414, 415, 431, 500, 503};

std::string format_double(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

Route route_of(std::string_view path) {
  for (size_t i = 0; i + 1 < kRouteCount; ++i)
    if (kRouteLabels[i] == path) return static_cast<Route>(i);
  return Route::other;
}

std::string_view route_label(Route route) {
  return kRouteLabels[static_cast<size_t>(route)];
}

const std::vector<double>& Metrics::buckets() {
  static const std::vector<double> bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                             0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};
  return bounds;
}

Metrics::Metrics() {
  static_assert(std::size(kStatuses) + 1 == kStatusCount);
  for (auto c : flaw_categories()) categories_.push_back(c);
  for (auto c : signal_categories()) categories_.push_back(c);
  findings_ = std::make_unique<Counter[]>(categories_.size());
}

size_t Metrics::status_index(int status) {
  const auto* it = std::find(std::begin(kStatuses), std::end(kStatuses), status);
  return static_cast<size_t>(it - std::begin(kStatuses));  // past the end: "other"
}

void Metrics::observe_request(Route route, int status, double seconds) {
  const auto r = static_cast<size_t>(route);
  requests_[r][status_index(status)].fetch_add(1, std::memory_order_relaxed);
  if (seconds < 0) return;  // not timed (the request never reached routing)
  const auto& bounds = buckets();
  const auto b =
      static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
  latency_buckets_[r][b].fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_[r].fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  latency_count_[r].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_analysis(const Analysis& analysis) {
  verdicts_[static_cast<size_t>(analysis.verdict)].fetch_add(1, std::memory_order_relaxed);
  auto count = [&](const std::vector<Finding>& items) {
    for (const Finding& f : items) {
      const auto it = std::find(categories_.begin(), categories_.end(), f.category);
      if (it != categories_.end())
        findings_[static_cast<size_t>(it - categories_.begin())].fetch_add(
            1, std::memory_order_relaxed);
    }
  };
  count(analysis.findings);
  count(analysis.signals);
}

std::string Metrics::render(const AnalyzerSlot& analyzers) const {
  std::ostringstream out;
  auto load = [](const Counter& c) { return c.load(std::memory_order_relaxed); };

  out << "# HELP replylint_http_requests_total HTTP requests answered, by route and status code.\n"
         "# TYPE replylint_http_requests_total counter\n";
  for (size_t r = 0; r < kRouteCount; ++r) {
    for (size_t s = 0; s < kStatusCount; ++s) {
      const uint64_t n = load(requests_[r][s]);
      if (n == 0) continue;
      out << "replylint_http_requests_total{route=\"" << kRouteLabels[r] << "\",code=\""
          << (s < std::size(kStatuses) ? std::to_string(kStatuses[s]) : "other") << "\"} " << n
          << '\n';
    }
  }

  out << "# HELP replylint_http_request_duration_seconds Time from a request's headers to its "
         "answer.\n"
         "# TYPE replylint_http_request_duration_seconds histogram\n";
  const auto& bounds = buckets();
  for (size_t r = 0; r < kRouteCount; ++r) {
    const std::string label = "route=\"" + std::string(kRouteLabels[r]) + "\"";
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBucketCount; ++b) {
      cumulative += load(latency_buckets_[r][b]);
      out << "replylint_http_request_duration_seconds_bucket{" << label << ",le=\""
          << (b < bounds.size() ? format_double(bounds[b]) : "+Inf") << "\"} " << cumulative
          << '\n';
    }
    out << "replylint_http_request_duration_seconds_sum{" << label << "} "
        << format_double(static_cast<double>(load(latency_sum_ns_[r])) / 1e9) << '\n';
    out << "replylint_http_request_duration_seconds_count{" << label << "} "
        << load(latency_count_[r]) << '\n';
  }

  out << "# HELP replylint_replies_checked_total Replies analysed, by verdict.\n"
         "# TYPE replylint_replies_checked_total counter\n";
  for (const Verdict v : {Verdict::send, Verdict::revise, Verdict::block}) {
    out << "replylint_replies_checked_total{verdict=\"" << to_string(v) << "\"} "
        << load(verdicts_[static_cast<size_t>(v)]) << '\n';
  }

  out << "# HELP replylint_findings_total Findings in analysed replies, by category (kind "
         "flaw or signal).\n"
         "# TYPE replylint_findings_total counter\n";
  for (size_t i = 0; i < categories_.size(); ++i) {
    out << "replylint_findings_total{category=\"" << categories_[i] << "\",kind=\""
        << (is_signal_category(categories_[i]) ? "signal" : "flaw") << "\"} " << load(findings_[i])
        << '\n';
  }

  const auto analyzer = analyzers.get();
  out << "# HELP replylint_rules Rules loaded.\n# TYPE replylint_rules gauge\n"
      << "replylint_rules " << analyzer->rules().rules.size() << '\n';
  out << "# HELP replylint_rule_reloads_total Rule reloads (SIGHUP), by result.\n"
         "# TYPE replylint_rule_reloads_total counter\n"
      << "replylint_rule_reloads_total{result=\"ok\"} " << analyzers.reloads_ok() << '\n'
      << "replylint_rule_reloads_total{result=\"failed\"} " << analyzers.reloads_failed() << '\n';
  return out.str();
}

}  // namespace replylint::server
