#include "calibration.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>

#include "reply_record.hpp"

namespace replylint {

using nlohmann::json;

bool parse_labelled_record(const json& record, LabelledReply& out, std::string& error) {
  if (!parse_reply_record(record, out.reply, error)) return false;
  for (const char* key : {"authentic", "ownership"}) {
    if (!record.contains(key) || !record[key].is_number_integer() ||
        (record[key] != 0 && record[key] != 1)) {
      error = std::string("\"") + key + "\" must be 0 or 1";
      return false;
    }
  }
  out.authentic = record["authentic"].get<int>();
  out.ownership = record["ownership"].get<int>();
  out.flaws.clear();
  if (!record.contains("flaws") || !record["flaws"].is_array()) {
    error = "\"flaws\" must be an array of categories";
    return false;
  }
  for (const json& f : record["flaws"]) {
    if (!f.is_string() || !is_flaw_category(f.get<std::string>())) {
      error = "\"flaws\" holds an unknown category: " + f.dump();
      return false;
    }
    out.flaws.insert(f.get<std::string>());
  }
  return true;
}

double CategoryCounts::precision() const {
  const size_t predicted = true_positives + false_positives;
  return predicted == 0 ? 1.0
                        : static_cast<double>(true_positives) / static_cast<double>(predicted);
}

double CategoryCounts::recall() const {
  const size_t labelled = true_positives + false_negatives;
  return labelled == 0 ? 1.0 : static_cast<double>(true_positives) / static_cast<double>(labelled);
}

double CalibrationGroup::false_alarm_rate() const {
  return good_replies == 0
             ? 0.0
             : static_cast<double>(good_with_findings) / static_cast<double>(good_replies);
}

double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
  // Mann-Whitney U over ranks, with tied scores sharing their average rank.
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  std::vector<double> rank(scores.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && scores[order[j + 1]] == scores[order[i]]) ++j;
    const double average = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = average;
    i = j + 1;
  }
  double positives = 0, negatives = 0, rank_sum = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == 1) {
      ++positives;
      rank_sum += rank[i];
    } else {
      ++negatives;
    }
  }
  if (positives == 0 || negatives == 0) return 0.5;
  return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

namespace {

struct Samples {
  std::vector<double> authenticity, ownership;
  std::vector<int> authentic_labels, ownership_labels;
};

}  // namespace

CalibrationReport calibrate(const Analyzer& analyzer, const std::vector<LabelledReply>& corpus) {
  CalibrationReport report;
  std::map<std::string, Samples> samples;
  for (const LabelledReply& item : corpus) {
    const Analysis a = analyzer.analyze(item.reply);
    std::set<std::string> predicted;
    bool flagged = false;
    for (const Finding& f : a.findings) {
      predicted.insert(f.category);
      flagged = flagged || f.severity != Severity::info;
    }
    const bool good = item.authentic == 1 && item.ownership == 1 && item.flaws.empty();
    for (const std::string& key : {a.lang, std::string("all")}) {
      CalibrationGroup& g = report.groups[key];
      ++g.replies;
      for (const auto& c : predicted) {
        auto& counts = g.categories[c];
        (item.flaws.count(c) ? counts.true_positives : counts.false_positives)++;
      }
      for (const auto& c : item.flaws)
        if (!predicted.count(c)) g.categories[c].false_negatives++;
      if (good) {
        ++g.good_replies;
        g.good_with_findings += flagged ? 1 : 0;
        g.good_not_sent += a.verdict != Verdict::send ? 1 : 0;
      }
      if (item.authentic == 0 || item.ownership == 0) {
        ++g.bad_replies;
        g.bad_sent += a.verdict == Verdict::send ? 1 : 0;
      }
      Samples& s = samples[key];
      s.authenticity.push_back(a.scores.authenticity);
      s.ownership.push_back(a.scores.ownership);
      s.authentic_labels.push_back(item.authentic);
      s.ownership_labels.push_back(item.ownership);
    }
  }
  for (auto& [key, g] : report.groups) {
    const Samples& s = samples[key];
    g.authenticity_auc = roc_auc(s.authenticity, s.authentic_labels);
    g.ownership_auc = roc_auc(s.ownership, s.ownership_labels);
  }
  return report;
}

nlohmann::ordered_json to_json(const CalibrationReport& report) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, g] : report.groups) {
    nlohmann::ordered_json categories = nlohmann::ordered_json::object();
    for (const auto& [name, c] : g.categories) {
      categories[name] = {{"true_positives", c.true_positives},
                          {"false_positives", c.false_positives},
                          {"false_negatives", c.false_negatives},
                          {"precision", c.precision()},
                          {"recall", c.recall()}};
    }
    out[key] = {{"replies", g.replies},
                {"authenticity_auc", g.authenticity_auc},
                {"ownership_auc", g.ownership_auc},
                {"good_replies", g.good_replies},
                {"false_alarm_rate", g.false_alarm_rate()},
                {"good_not_sent", g.good_not_sent},
                {"bad_replies", g.bad_replies},
                {"bad_sent", g.bad_sent},
                {"categories", categories}};
  }
  return out;
}

}  // namespace replylint
