// Small inline SVG charts for the report: no script, no network, and they print.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace replylint::audit {

// Vertical bars, one per bin, with the count on hover and the bin under each bar.
std::string svg_histogram(const std::vector<uint64_t>& counts,
                          const std::vector<std::string>& labels, const std::string& color,
                          const std::string& aria_label);

struct Series {
  std::string name;
  std::string color;
  std::vector<double> values;  // one per x label, 0-100
};

// Lines over periods (scale 0-100) above bars of the replies per period, the
// bars split by verdict (send, revise, block).
std::string svg_timeline(const std::vector<std::string>& periods, const std::vector<Series>& lines,
                         const std::vector<std::array<uint64_t, 3>>& verdicts);

// Tiny lines (no axes, 0-100) for a coaching card.
std::string svg_sparkline(const std::vector<Series>& lines, int width = 180, int height = 40);

}  // namespace replylint::audit
