// The human-readable report of one analysis, laid out like a compiler's
// diagnostics: location, severity, message, the line with the span underlined,
// the suggestion; signals, scores and verdict last.
#pragma once

#include <ostream>
#include <string>

#include "analysis.hpp"
#include "cli/terminal.hpp"

namespace replylint::cli {

void write_text_report(std::ostream& out, const std::string& location, const std::string& reply,
                       const Analysis& analysis, const Style& style);

}  // namespace replylint::cli
