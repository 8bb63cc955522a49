#include "audit/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audit/html_escape.hpp"

namespace replylint::audit {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A "nice" upper bound for an axis: a round multiple of a power of ten.
double nice_max(double v) {
  if (v <= 0) return 1;
  double step = 1;
  while (step * 10 <= v) step *= 10;
  for (double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    if (m * step >= v) return m * step;
  }
  return 10 * step;
}

std::string count_label(double v) {
  char buf[32];
  if (v >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  } else if (v >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  }
  return buf;
}

// Lines through the points; a NaN y (a period without replies) leaves a gap.
std::string polylines(const std::vector<std::pair<double, double>>& points,
                      const std::string& color, double width) {
  std::string out, run;
  size_t in_run = 0;
  auto flush = [&] {
    if (in_run > 1) {
      out += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + num(width) +
             "\" points=\"" + run + "\"/>";
    }
    run.clear();
    in_run = 0;
  };
  for (const auto& [x, y] : points) {
    if (std::isnan(y)) {
      flush();
      continue;
    }
    run += num(x) + "," + num(y) + " ";
    ++in_run;
  }
  flush();
  return out;
}

const char* kVerdictColors[3] = {"#2e7d32", "#f9a825", "#c62828"};
const char* kVerdictNames[3] = {"send", "revise", "block"};

}  // namespace

std::string svg_histogram(const std::vector<uint64_t>& counts,
                          const std::vector<std::string>& labels, const std::string& color,
                          const std::string& aria_label) {
  const double w = 460, h = 210, left = 40, right = 8, top = 14, bottom = 30;
  const double plot_w = w - left - right, plot_h = h - top - bottom;
  const double max = nice_max(
      counts.empty() ? 0 : static_cast<double>(*std::max_element(counts.begin(), counts.end())));
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                  "\" role=\"img\" aria-label=\"" + html_escape(aria_label) + "\">";
  for (double f : {0.0, 0.5, 1.0}) {
    const double y = top + plot_h * (1 - f);
    s += "<line class=\"grid\" x1=\"" + num(left) + "\" x2=\"" + num(w - right) + "\" y1=\"" +
         num(y) + "\" y2=\"" + num(y) + "\"/>";
    s += "<text class=\"axis\" x=\"" + num(left - 6) + "\" y=\"" + num(y + 4) +
         "\" text-anchor=\"end\">" + count_label(max * f) + "</text>";
  }
  const double slot = counts.empty() ? plot_w : plot_w / static_cast<double>(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    const double bh = plot_h * static_cast<double>(counts[i]) / max;
    const double x = left + slot * static_cast<double>(i) + slot * 0.1;
    const std::string label = i < labels.size() ? labels[i] : "";
    s += "<rect x=\"" + num(x) + "\" y=\"" + num(top + plot_h - bh) + "\" width=\"" +
         num(slot * 0.8) + "\" height=\"" + num(bh) + "\" fill=\"" + color + "\"><title>" +
         html_escape(label) + ": " + std::to_string(counts[i]) + " replies</title></rect>";
    if (counts[i] > 0) {
      s += "<text class=\"value\" x=\"" + num(x + slot * 0.4) + "\" y=\"" +
           num(top + plot_h - bh - 3) + "\" text-anchor=\"middle\">" +
           count_label(static_cast<double>(counts[i])) + "</text>";
    }
    s += "<text class=\"axis\" x=\"" + num(x + slot * 0.4) + "\" y=\"" + num(h - bottom + 16) +
         "\" text-anchor=\"middle\">" + html_escape(label) + "</text>";
  }
  s += "</svg>";
  return s;
}

std::string svg_timeline(const std::vector<std::string>& periods, const std::vector<Series>& lines,
                         const std::vector<std::array<uint64_t, 3>>& verdicts) {
  const double w = 920, left = 40, right = 12, top = 28, line_h = 170, gap = 34, bar_h = 80,
               bottom = 34;
  const double h = top + line_h + gap + bar_h + bottom;
  const double plot_w = w - left - right;
  const size_t n = periods.size();
  const double slot = n == 0 ? plot_w : plot_w / static_cast<double>(n);
  auto cx = [&](size_t i) { return left + slot * (static_cast<double>(i) + 0.5); };
  std::string s = "<svg class=\"chart wide\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                  "\" role=\"img\" aria-label=\"Scores and replies over time\">";
  // Legend.
  double lx = left;
  for (const Series& line : lines) {
    s += "<rect x=\"" + num(lx) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" + line.color +
         "\"/>";
    s += "<text class=\"legend\" x=\"" + num(lx + 16) + "\" y=\"16\">mean " +
         html_escape(line.name) + "</text>";
    lx += 150;
  }
  for (int v = 0; v < 3; ++v) {
    s += "<rect x=\"" + num(lx) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
         kVerdictColors[v] + "\"/>";
    s += "<text class=\"legend\" x=\"" + num(lx + 16) + "\" y=\"16\">" + kVerdictNames[v] +
         "</text>";
    lx += 80;
  }
  // Score lines on 0-100.
  for (int v : {0, 50, 100}) {
    const double y = top + line_h * (1 - v / 100.0);
    s += "<line class=\"grid\" x1=\"" + num(left) + "\" x2=\"" + num(w - right) + "\" y1=\"" +
         num(y) + "\" y2=\"" + num(y) + "\"/><text class=\"axis\" x=\"" + num(left - 6) +
         "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" + std::to_string(v) + "</text>";
  }
  for (const Series& line : lines) {
    std::vector<std::pair<double, double>> points;
    for (size_t i = 0; i < n && i < line.values.size(); ++i) {
      const double v = line.values[i];
      points.emplace_back(cx(i), std::isnan(v) ? v : top + line_h * (1 - v / 100.0));
    }
    s += polylines(points, line.color, 2.5);
    for (size_t i = 0; i < n && i < line.values.size(); ++i) {
      if (std::isnan(line.values[i])) continue;
      s += "<circle cx=\"" + num(cx(i)) + "\" cy=\"" +
           num(top + line_h * (1 - line.values[i] / 100.0)) + "\" r=\"3.5\" fill=\"" + line.color +
           "\"><title>" + html_escape(periods[i]) + ": mean " + html_escape(line.name) + " " +
           num(line.values[i]) + "</title></circle>";
    }
  }
  // Replies per period, split by verdict.
  const double bars_top = top + line_h + gap;
  uint64_t most = 0;
  for (const auto& v : verdicts) most = std::max(most, v[0] + v[1] + v[2]);
  const double max = nice_max(static_cast<double>(most));
  s += "<text class=\"axis\" x=\"" + num(left - 6) + "\" y=\"" + num(bars_top + 4) +
       "\" text-anchor=\"end\">" + count_label(max) + "</text><text class=\"axis\" x=\"" +
       num(left - 6) + "\" y=\"" + num(bars_top + bar_h + 4) + "\" text-anchor=\"end\">0</text>";
  s += "<text class=\"legend\" x=\"" + num(left) + "\" y=\"" + num(bars_top - 8) +
       "\">replies per period</text>";
  for (size_t i = 0; i < n && i < verdicts.size(); ++i) {
    double y = bars_top + bar_h;
    const uint64_t total = verdicts[i][0] + verdicts[i][1] + verdicts[i][2];
    for (int v = 0; v < 3; ++v) {
      const double bh = bar_h * static_cast<double>(verdicts[i][static_cast<size_t>(v)]) / max;
      y -= bh;
      s += "<rect x=\"" + num(cx(i) - slot * 0.35) + "\" y=\"" + num(y) + "\" width=\"" +
           num(slot * 0.7) + "\" height=\"" + num(bh) + "\" fill=\"" + kVerdictColors[v] +
           "\"><title>" + html_escape(periods[i]) + ": " +
           std::to_string(verdicts[i][static_cast<size_t>(v)]) + " of " + std::to_string(total) +
           " replies " + kVerdictNames[v] + "</title></rect>";
    }
  }
  // Period labels: as many as fit.
  const size_t every = std::max<size_t>(1, static_cast<size_t>(70.0 / std::max(slot, 1.0)) + 1);
  for (size_t i = 0; i < n; i += every) {
    s += "<text class=\"axis\" x=\"" + num(cx(i)) + "\" y=\"" + num(h - bottom + 18) +
         "\" text-anchor=\"middle\">" + html_escape(periods[i]) + "</text>";
  }
  s += "</svg>";
  return s;
}

std::string svg_sparkline(const std::vector<Series>& lines, int width, int height) {
  std::string s = "<svg class=\"spark\" width=\"" + std::to_string(width) + "\" height=\"" +
                  std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(height) + "\" aria-hidden=\"true\">";
  const double pad = 4;
  s += "<line class=\"grid\" x1=\"0\" x2=\"" + std::to_string(width) + "\" y1=\"" +
       num(height / 2.0) + "\" y2=\"" + num(height / 2.0) + "\"/>";
  for (const Series& line : lines) {
    const size_t n = line.values.size();
    const double step = n > 1 ? (width - 2 * pad) / static_cast<double>(n - 1) : 0;
    std::vector<std::pair<double, double>> points;
    for (size_t i = 0; i < n; ++i) {
      const double x = n > 1 ? pad + step * static_cast<double>(i) : width / 2.0;
      const double v = line.values[i];
      const double y =
          std::isnan(v) ? v : pad + (height - 2 * pad) * (1 - std::clamp(v, 0.0, 100.0) / 100.0);
      points.emplace_back(x, y);
      if (n == 1 && !std::isnan(y)) {
        s += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3\" fill=\"" + line.color +
             "\"/>";
      }
    }
    s += polylines(points, line.color, 2);
  }
  s += "</svg>";
  return s;
}

}  // namespace replylint::audit
