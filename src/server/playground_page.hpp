// The playground page (src/server/playground.html), built into the binary.
#pragma once

#include <string_view>

namespace replylint::server {

std::string_view playground_page();

}  // namespace replylint::server
