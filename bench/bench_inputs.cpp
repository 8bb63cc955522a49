#include "bench_inputs.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace replylint::bench {
namespace fs = std::filesystem;

namespace {

void read_jsonl_dir(const fs::path& dir, std::vector<std::string>& out) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line)) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("reply") && j["reply"].is_string())
        out.push_back(j["reply"].get<std::string>());
    }
  }
}

}  // namespace

const std::vector<std::string>& realistic_mix() {
  static const std::vector<std::string> mix = [] {
    std::vector<std::string> replies;
    read_jsonl_dir(fs::path(REPLYLINT_SOURCE_DIR) / "corpus", replies);
    const char* data = std::getenv("REPLYLINT_BENCH_DATA");
    read_jsonl_dir(data ? fs::path(data) : fs::path(REPLYLINT_SHARED_DATA), replies);
    if (replies.empty()) throw std::runtime_error("no replies found for the benchmark");
    return replies;
  }();
  return mix;
}

size_t total_bytes(const std::vector<std::string>& replies) {
  size_t n = 0;
  for (const auto& r : replies) n += r.size();
  return n;
}

std::string reply_of_size(size_t bytes, size_t variant) {
  std::string out;
  for (size_t i = 0; out.size() < bytes; ++i) {
    const std::string& r = realistic_mix()[(i * 7919 + variant * 104729) % realistic_mix().size()];
    out += r.substr(0, bytes - out.size() < r.size() ? bytes - out.size() : r.size());
    out += ' ';
  }
  out.resize(bytes);
  // Do not end inside a UTF-8 sequence.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return out;
}

}  // namespace replylint::bench
