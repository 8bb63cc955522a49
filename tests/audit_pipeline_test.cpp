// The ordered pipeline: output in input order and complete under many threads,
// bounded in flight, and the first failure stops the run and is reported.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "audit/ordered_pipeline.hpp"

using replylint::audit::run_ordered;

namespace {

struct Numbers {
  std::vector<int> values;
};

}  // namespace

TEST_CASE("audit pipeline keeps order and loses nothing under many threads") {
  for (size_t workers : {1, 2, 3, 8, 16, 32}) {
    CAPTURE(workers);
    const int total = 5000, per_batch = 7;
    int next = 0;
    std::vector<int> seen;
    std::atomic<int> in_flight{0}, most_in_flight{0};
    const size_t window = 2 * workers + 2;
    run_ordered<Numbers>(
        workers, window,
        [&](Numbers& b) {
          for (int i = 0; i < per_batch && next < total; ++i) b.values.push_back(next++);
          if (b.values.empty()) return false;
          const int now = ++in_flight;
          int most = most_in_flight.load();
          while (now > most && !most_in_flight.compare_exchange_weak(most, now)) {
          }
          return true;
        },
        [&](Numbers& b) {
          // Uneven work, so batches finish out of order.
          thread_local std::mt19937 rng(std::hash<std::thread::id>{}(std::this_thread::get_id()));
          std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
          for (int& v : b.values) v = v * 2;
        },
        [&](Numbers& b) {
          seen.insert(seen.end(), b.values.begin(), b.values.end());
          --in_flight;
        });
    REQUIRE(seen.size() == static_cast<size_t>(total));
    for (int i = 0; i < total; ++i) REQUIRE(seen[static_cast<size_t>(i)] == 2 * i);
    CHECK(most_in_flight.load() <= static_cast<int>(window));
  }
}

TEST_CASE("audit pipeline with no input finishes at once") {
  int consumed = 0;
  run_ordered<Numbers>(
      4, 10, [](Numbers&) { return false; }, [](Numbers&) {}, [&](Numbers&) { ++consumed; });
  CHECK(consumed == 0);
}

TEST_CASE("audit pipeline stops on the first failure of any stage") {
  for (int failing_stage = 0; failing_stage < 3; ++failing_stage) {
    CAPTURE(failing_stage);
    int produced = 0;
    auto run = [&] {
      run_ordered<Numbers>(
          4, 10,
          [&](Numbers& b) {
            if (failing_stage == 0 && produced == 50) throw std::runtime_error("read failed");
            b.values = {produced++};
            return produced < 100000;
          },
          [&](Numbers& b) {
            if (failing_stage == 1 && b.values[0] == 50) throw std::runtime_error("work failed");
          },
          [&](Numbers& b) {
            if (failing_stage == 2 && b.values[0] == 50) throw std::runtime_error("write failed");
          });
    };
    CHECK_THROWS_AS(run(), std::runtime_error);
    CHECK(produced < 100000);  // it stopped early
  }
}
