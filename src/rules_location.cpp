#include "rules_location.hpp"

#include <cstdlib>
#include <string>

namespace replylint {

namespace fs = std::filesystem;

std::vector<fs::path> default_rule_dirs() {
  if (const char* env = std::getenv("REPLYLINT_RULES"); env != nullptr && *env != '\0') {
    std::vector<fs::path> dirs;
    std::string list(env);
    size_t start = 0;
    while (start <= list.size()) {
      const size_t colon = list.find(':', start);
      const std::string item =
          list.substr(start, colon == std::string::npos ? colon : colon - start);
      if (!item.empty()) dirs.emplace_back(item);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    return dirs;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "replylint" / "rules";
    if (fs::is_directory(installed, ec)) return {installed};
  }
  // A build tree uses the packs of its own sources before any installed ones.
  if (fs::is_directory(REPLYLINT_SOURCE_RULES_DIR, ec)) return {REPLYLINT_SOURCE_RULES_DIR};
  return {REPLYLINT_INSTALL_RULES_DIR};
}

}  // namespace replylint
