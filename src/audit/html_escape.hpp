// Text into HTML: every piece of reply text goes through here (replies are
// untrusted; "<script>" in a tweet must stay text). Invalid UTF-8 becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace replylint::audit {

std::string html_escape(std::string_view text);
void append_escaped(std::string& out, std::string_view text);

}  // namespace replylint::audit
