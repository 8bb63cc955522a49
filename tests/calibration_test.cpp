#include "calibration.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace replylint;

namespace {

std::vector<LabelledReply> read_corpus(const std::string& path) {
  std::vector<LabelledReply> corpus;
  std::ifstream in(path);
  std::string line, error;
  while (std::getline(in, line)) {
    LabelledReply item;
    REQUIRE(parse_labelled_record(nlohmann::json::parse(line), item, error));
    corpus.push_back(item);
  }
  return corpus;
}

}  // namespace

TEST_CASE("ROC AUC ranks perfectly, inversely, randomly and with ties") {
  CHECK(roc_auc({10, 20, 30, 40}, {0, 0, 1, 1}) == doctest::Approx(1.0));
  CHECK(roc_auc({40, 30, 20, 10}, {0, 0, 1, 1}) == doctest::Approx(0.0));
  CHECK(roc_auc({50, 50, 50, 50}, {0, 1, 0, 1}) == doctest::Approx(0.5));
  CHECK(roc_auc({10, 30, 20, 40}, {0, 0, 1, 1}) == doctest::Approx(0.75));
  CHECK(roc_auc({10, 20}, {1, 1}) == doctest::Approx(0.5));  // one class only
}

TEST_CASE("labelled records need 0/1 labels and known flaw categories") {
  LabelledReply item;
  std::string error;
  CHECK_FALSE(parse_labelled_record(
      nlohmann::json::parse(R"({"reply": "x", "authentic": 2, "ownership": 1, "flaws": []})"), item,
      error));
  CHECK(error == "\"authentic\" must be 0 or 1");
  CHECK_FALSE(parse_labelled_record(
      nlohmann::json::parse(R"({"reply": "x", "authentic": 1, "ownership": 1, "flaws": ["rude"]})"),
      item, error));
  CHECK(error.find("unknown category") != std::string::npos);
}

TEST_CASE("calibrate counts categories at reply level and false alarms on good replies") {
  const auto corpus =
      read_corpus(std::string(REPLYLINT_SOURCE_DIR) + "/tests/fixtures/labelled.jsonl");
  const CalibrationReport report = calibrate(test::fixture_analyzer(), corpus);
  const CalibrationGroup& all = report.groups.at("all");
  CHECK(all.replies == 6);
  CHECK(report.groups.at("nl").replies == 4);
  CHECK(report.groups.at("en").replies == 2);
  const CategoryCounts& empathy = all.categories.at("canned_empathy");
  CHECK(empathy.true_positives == 2);   // l1, l5
  CHECK(empathy.false_positives == 1);  // l3 is labelled good
  CHECK(empathy.false_negatives == 0);
  const CategoryCounts& stalling = all.categories.at("stalling");
  CHECK(stalling.false_negatives == 1);  // no fixture rule sees it
  CHECK(stalling.recall() == 0);
  CHECK(all.good_replies == 3);
  CHECK(all.good_with_findings == 1);
  CHECK(all.false_alarm_rate() == doctest::Approx(1.0 / 3));
  CHECK(all.ownership_auc > 0.9);
}

// The shipped rules against the labelled corpus. Floors, a little under today's
// figures (authenticity AUC 0.957, ownership AUC 0.966, 5.3% false alarms on
// good replies): a change that makes replylint worse at telling good replies
// from bad fails here; raise the floors when the figures improve.
TEST_CASE("shipped rules keep their calibration on the labelled corpus") {
  std::vector<LabelledReply> corpus;
  for (const char* lang : {"nl", "en"}) {
    const auto part = read_corpus(std::string(REPLYLINT_SOURCE_DIR) + "/corpus/" + lang + ".jsonl");
    corpus.insert(corpus.end(), part.begin(), part.end());
  }
  REQUIRE(corpus.size() >= 600);
  const CalibrationReport report = calibrate(test::shipped_analyzer(), corpus);
  for (const char* group : {"nl", "en", "all"}) {
    const CalibrationGroup& g = report.groups.at(group);
    INFO("group " << group);
    CHECK(g.authenticity_auc >= 0.93);
    CHECK(g.ownership_auc >= 0.93);
    CHECK(g.false_alarm_rate() <= 0.08);
  }
  const CalibrationGroup& all = report.groups.at("all");
  for (const char* category :
       {"canned_empathy", "deflection", "non_apology", "false_regret", "survey_push"}) {
    INFO("category " << category);
    CHECK(all.categories.at(category).precision() >= 0.85);
  }
}
