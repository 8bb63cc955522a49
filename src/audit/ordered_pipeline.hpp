// An ordered parallel map with bounded memory: the calling thread produces
// batches, N workers transform them, and one writer thread consumes them in
// production order. At most `window` batches exist at any time (queued, being
// worked on, or waiting for their turn), so memory stays bounded however large
// the input, and a slow batch only holds back the writer, never the order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace replylint::audit {

// produce(Batch&) -> bool: fills the next batch; false when there is none.
// work(Batch&): runs on a worker thread. consume(Batch&): runs on the writer
// thread, in order. The first exception of any stage stops the run and is
// rethrown here after every thread has finished.
template <class Batch, class Produce, class Work, class Consume>
void run_ordered(size_t workers, size_t window, Produce produce, Work work, Consume consume) {
  if (workers == 0) workers = 1;
  if (window < workers + 1) window = workers + 1;

  std::mutex m;
  std::condition_variable can_produce, can_work, can_write;
  std::map<uint64_t, Batch> queued, done;  // by sequence number
  uint64_t produced = 0, written = 0;
  bool input_done = false, failed = false;
  std::exception_ptr error;

  auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(m);
    if (!failed) error = e;
    failed = true;
    can_produce.notify_all();
    can_work.notify_all();
    can_write.notify_all();
  };

  auto worker = [&] {
    try {
      while (true) {
        std::unique_lock lock(m);
        can_work.wait(lock, [&] { return failed || !queued.empty() || input_done; });
        if (failed || queued.empty()) return;
        auto node = queued.extract(queued.begin());
        lock.unlock();
        work(node.mapped());
        lock.lock();
        done.insert(std::move(node));
        can_write.notify_one();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };

  auto writer = [&] {
    try {
      while (true) {
        std::unique_lock lock(m);
        can_write.wait(lock, [&] {
          return failed || done.count(written) != 0 || (input_done && written == produced);
        });
        if (failed || done.count(written) == 0) return;
        auto node = done.extract(written);
        lock.unlock();
        consume(node.mapped());
        lock.lock();
        ++written;
        can_produce.notify_one();
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(workers + 1);
  threads.emplace_back(writer);
  for (size_t i = 0; i < workers; ++i) threads.emplace_back(worker);

  try {
    while (true) {
      {
        std::unique_lock lock(m);
        can_produce.wait(lock, [&] { return failed || produced - written < window; });
        if (failed) break;
      }
      Batch batch;
      if (!produce(batch)) break;
      std::lock_guard lock(m);
      queued.emplace(produced++, std::move(batch));
      can_work.notify_one();
    }
  } catch (...) {
    fail(std::current_exception());
  }
  {
    std::lock_guard lock(m);
    input_done = true;
    can_work.notify_all();
    can_write.notify_all();
  }
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace replylint::audit
