#include "lazy_regex.hpp"

#include <memory>
#include <stdexcept>
#include <utility>

namespace replylint {

LazyRegex LazyRegex::now(std::string pattern, const RE2::Options& options) {
  LazyRegex out = later(std::move(pattern), options);
  out.re_.store(new RE2(out.pattern_, options), std::memory_order_release);
  return out;
}

LazyRegex LazyRegex::later(std::string pattern, const RE2::Options& options) {
  LazyRegex out;
  out.pattern_ = std::move(pattern);
  out.options_ = options;
  return out;
}

LazyRegex::LazyRegex(LazyRegex&& other) noexcept
    : pattern_(std::move(other.pattern_)),
      options_(other.options_),
      re_(other.re_.exchange(nullptr)) {}

LazyRegex& LazyRegex::operator=(LazyRegex&& other) noexcept {
  if (this != &other) {
    delete re_.exchange(other.re_.exchange(nullptr));
    pattern_ = std::move(other.pattern_);
    options_ = other.options_;
  }
  return *this;
}

LazyRegex::~LazyRegex() {
  delete re_.load();
}

const RE2& LazyRegex::get() const {
  if (const RE2* re = re_.load(std::memory_order_acquire)) return *re;
  auto fresh = std::make_unique<RE2>(pattern_, options_);
  if (!fresh->ok())
    throw std::logic_error("rule pattern \"" + pattern_ +
                           "\" failed to compile: " + fresh->error());
  // Two threads may compile the same pattern at once; the first to publish wins.
  RE2* expected = nullptr;
  if (re_.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel))
    return *fresh.release();
  return *expected;
}

}  // namespace replylint
