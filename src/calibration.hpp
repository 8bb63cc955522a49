// Measures the analyser against a labelled corpus: how well each score ranks
// replies by their human label (ROC AUC), how precise and complete each flaw
// category is at reply level, and how often good replies are flagged.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <vector>

#include "analyzer.hpp"

namespace replylint {

struct LabelledReply {
  Reply reply;
  int authentic = 0;  // 1: a person engaging with this customer
  int ownership = 0;  // 1: the company owns the problem and moves it forward
  std::set<std::string> flaws;
};

// Reads a corpus record (the reply contract plus authentic, ownership, flaws).
bool parse_labelled_record(const nlohmann::json& record, LabelledReply& out, std::string& error);

struct CategoryCounts {
  size_t true_positives = 0;
  size_t false_positives = 0;
  size_t false_negatives = 0;
  double precision() const;  // 1 when nothing was predicted
  double recall() const;     // 1 when nothing was labelled
};

struct CalibrationGroup {
  size_t replies = 0;
  double authenticity_auc = 0;
  double ownership_auc = 0;
  std::map<std::string, CategoryCounts> categories;
  size_t good_replies = 0;        // authentic, owning, no flaws
  size_t good_with_findings = 0;  // of those: any flaw finding of warning or error
  size_t good_not_sent = 0;       // of those: verdict other than send
  size_t bad_replies = 0;         // not authentic or not owning
  size_t bad_sent = 0;            // of those: verdict send
  double false_alarm_rate() const;
};

struct CalibrationReport {
  std::map<std::string, CalibrationGroup> groups;  // per language, and "all"
};

// Area under the ROC curve of `scores` predicting label 1 (ties count half);
// 0.5 when one class is missing.
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels);

CalibrationReport calibrate(const Analyzer& analyzer, const std::vector<LabelledReply>& corpus);

nlohmann::ordered_json to_json(const CalibrationReport& report);

}  // namespace replylint
