#include "bench_inputs.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "reply_record.hpp"

namespace replylint::bench {
namespace fs = std::filesystem;

namespace {

void read_jsonl_dir(const fs::path& dir, std::vector<std::string>& out,
                    std::vector<Reply>& records) {
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
      if (j.is_object() && j.contains("reply") && j["reply"].is_string()) {
        Reply record;
        std::string error;
        if (!parse_reply_record(j, record, error))
          throw std::runtime_error(f.string() + ": " + error);
        out.push_back(record.text);
        records.push_back(std::move(record));
      }
    }
  }
}

struct Mix {
  std::vector<std::string> replies;  // records[i].text, as most benchmarks take them
  std::vector<Reply> records;
};

const Mix& mix() {
  static const Mix m = [] {
    Mix m;
    read_jsonl_dir(fs::path(REPLYLINT_SOURCE_DIR) / "corpus", m.replies, m.records);
    const char* data = std::getenv("REPLYLINT_BENCH_DATA");
    read_jsonl_dir(data ? fs::path(data) : fs::path(REPLYLINT_SHARED_DATA), m.replies, m.records);
    if (m.replies.empty()) throw std::runtime_error("no replies found for the benchmark");
    return m;
  }();
  return m;
}

}  // namespace

const std::vector<std::string>& realistic_mix() {
  return mix().replies;
}

const std::vector<Reply>& realistic_records() {
  return mix().records;
}

size_t total_bytes(const std::vector<std::string>& replies) {
  size_t n = 0;
  for (const auto& r : replies) n += r.size();
  return n;
}

std::string reply_of_size(size_t bytes, size_t variant, const std::string& lang) {
  std::vector<size_t> pool;  // indices into the mix
  for (size_t i = 0; i < realistic_mix().size(); ++i)
    if (lang.empty() || realistic_records()[i].lang == lang) pool.push_back(i);
  if (pool.empty()) throw std::runtime_error("no replies in language \"" + lang + "\"");
  std::string out;
  for (size_t i = 0; out.size() < bytes; ++i) {
    const std::string& r = realistic_mix()[pool[(i * 7919 + variant * 104729) % pool.size()]];
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
