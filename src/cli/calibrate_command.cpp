#include <cstdio>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "calibration.hpp"
#include "cli/commands.hpp"

namespace replylint::cli {
namespace {

std::string fixed(double value, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string percent(size_t part, size_t whole) {
  return whole == 0
             ? "-"
             : fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

void write_group(std::ostream& out, const std::string& name, const CalibrationGroup& g) {
  out << "== " << name << ": " << g.replies << " replies\n"
      << "authenticity AUC " << fixed(g.authenticity_auc, 3) << "   ownership AUC "
      << fixed(g.ownership_auc, 3) << '\n'
      << "good replies " << g.good_replies << ": with a warning/error finding "
      << g.good_with_findings << " (" << percent(g.good_with_findings, g.good_replies)
      << "), verdict not send " << g.good_not_sent << " ("
      << percent(g.good_not_sent, g.good_replies) << ")\n"
      << "bad replies " << g.bad_replies << ": verdict send " << g.bad_sent << " ("
      << percent(g.bad_sent, g.bad_replies) << ")\n"
      << std::left << std::setw(22) << "category" << std::right << std::setw(10) << "precision"
      << std::setw(8) << "recall" << std::setw(6) << "tp" << std::setw(6) << "fp" << std::setw(6)
      << "fn" << '\n';
  for (const auto& [category, c] : g.categories) {
    out << std::left << std::setw(22) << category << std::right << std::setw(10)
        << fixed(c.precision(), 2) << std::setw(8) << fixed(c.recall(), 2) << std::setw(6)
        << c.true_positives << std::setw(6) << c.false_positives << std::setw(6)
        << c.false_negatives << '\n';
  }
  out << '\n';
}

}  // namespace

int run_calibrate(const Analyzer& analyzer, const std::vector<std::string>& files,
                  const std::string& format, Io& io) {
  std::vector<LabelledReply> corpus;
  bool bad_input = false;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      io.err << "replylint: error: " << path << ": cannot open the file\n";
      return kUsage;
    }
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      LabelledReply item;
      std::string error = "invalid JSON";
      if (record.is_discarded() || !parse_labelled_record(record, item, error)) {
        io.err << "replylint: error: " << path << ": line " << number << ": " << error << '\n';
        bad_input = true;
        continue;
      }
      corpus.push_back(std::move(item));
    }
  }
  if (bad_input) return kUsage;
  const CalibrationReport report = calibrate(analyzer, corpus);
  if (format == "json") {
    io.out << to_json(report).dump(2) << '\n';
    return kOk;
  }
  for (const auto& [name, group] : report.groups)
    if (name != "all") write_group(io.out, name, group);
  if (auto all = report.groups.find("all"); all != report.groups.end())
    write_group(io.out, "all", all->second);
  return kOk;
}

}  // namespace replylint::cli
