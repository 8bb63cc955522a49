// Where the shipped rule packs are when the user names none.
#pragma once

#include <filesystem>
#include <vector>

namespace replylint {

// $REPLYLINT_RULES (colon-separated) if set; else the packs installed beside the
// executable (../share/replylint/rules); else the source tree's rules/ (a build
// tree); else the install prefix's packs.
std::vector<std::filesystem::path> default_rule_dirs();

}  // namespace replylint
