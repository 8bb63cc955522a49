// The audit report: one self-contained HTML page (inline CSS and SVG, no script,
// no network) drawn from the summary JSON, for a team lead to read.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace replylint::audit {

std::string render_html_report(const nlohmann::ordered_json& summary);

}  // namespace replylint::audit
