#include "server/analyzer_slot.hpp"

#include <stdexcept>

namespace replylint::server {

namespace {

// A server's analyser compiles every rule program before it serves: its first
// replies should not wait for them.
std::shared_ptr<const Analyzer> load_compiled(const AnalyzerSlot::Loader& loader) {
  auto analyzer = std::make_shared<const Analyzer>(loader());
  analyzer->compile_all();
  return analyzer;
}

}  // namespace

AnalyzerSlot::AnalyzerSlot(Loader loader)
    : loader_(std::move(loader)), current_(load_compiled(loader_)) {}

AnalyzerSlot::AnalyzerSlot(std::shared_ptr<const Analyzer> analyzer, Loader loader)
    : loader_(std::move(loader)), current_(std::move(analyzer)) {
  if (!current_) throw std::invalid_argument("AnalyzerSlot needs an analyser");
}

bool AnalyzerSlot::reload(std::string& error) {
  const std::lock_guard lock(reload_mutex_);
  if (!loader_) {
    error = "this server was given fixed rules; there is nothing to reload";
    reloads_failed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  try {
    std::atomic_store(&current_, load_compiled(loader_));
    reloads_ok_.fetch_add(1, std::memory_order_relaxed);
    return true;
  } catch (const RuleError& e) {
    error.clear();
    for (const auto& p : e.problems()) error += (error.empty() ? "" : "\n") + p;
  } catch (const std::exception& e) {
    error = e.what();
  }
  reloads_failed_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

}  // namespace replylint::server
