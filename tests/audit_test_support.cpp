#include "audit_test_support.hpp"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "cli/cli_app.hpp"

namespace replylint::audit_test {

namespace {

// The per-process directory, removed with everything in it when the tests end.
struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("replylint-audit-test-" + std::to_string(::getpid()));
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

std::string temp_path(const std::string& name) {
  static TempDir dir;
  std::filesystem::create_directories(dir.path);
  return (dir.path / name).string();
}

void write_gzip(const std::string& path, const std::string& data, bool append) {
  gzFile f = gzopen(path.c_str(), append ? "ab" : "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
  gzclose(f);
}

CliRun run_cli(std::vector<std::string> args, const std::string& input) {
  args.insert(args.begin(), {"replylint", "--rules", REPLYLINT_FIXTURE_RULES});
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = replylint::cli::run(args, {in, out, err, false});
  return {code, out.str(), err.str()};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace replylint::audit_test
