#include "calibration.hpp"

#include <doctest/doctest.h>

#include <algorithm>
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
// figures (authenticity AUC 0.966, ownership AUC 0.966, no false alarms on good
// replies; on the odd ids, which the first calibration did not tune on, 0.963,
// 0.957 and none): a change that makes replylint worse at telling good replies
// from bad fails here; raise the floors when the figures improve.
TEST_CASE("shipped rules keep their calibration on the labelled corpus") {
  std::vector<LabelledReply> corpus;
  for (const char* lang : {"nl", "en"}) {
    const auto part = read_corpus(std::string(REPLYLINT_SOURCE_DIR) + "/corpus/" + lang + ".jsonl");
    corpus.insert(corpus.end(), part.begin(), part.end());
  }
  REQUIRE(corpus.size() >= 740);
  const auto threads = std::count_if(
      corpus.begin(), corpus.end(), [](const LabelledReply& r) { return !r.reply.thread.empty(); });
  REQUIRE(threads >= 40);
  const CalibrationReport report = calibrate(test::shipped_analyzer(), corpus);
  for (const char* group : {"nl", "en", "all"}) {
    const CalibrationGroup& g = report.groups.at(group);
    INFO("group " << group);
    CHECK(g.authenticity_auc >= 0.94);
    CHECK(g.ownership_auc >= 0.94);
    CHECK(g.false_alarm_rate() <= 0.05);
  }
  // Reply-level precision of every pattern category (today 0.98 to 1.00); of the
  // context checks, ignores_customer has a floor (today 0.66) and no_next_step,
  // graded advice, none. The categories with many findings get a higher floor.
  const CalibrationGroup& all = report.groups.at("all");
  for (const char* category :
       {"canned_empathy", "auto_acknowledgement", "false_regret", "survey_push", "deflection",
        "system_excuse", "policy_shield", "burden_shift", "stalling", "blame_customer",
        "minimisation", "passive_evasion", "non_apology", "restart_demand", "jargon",
        "asks_given_info", "channel_switch", "repeated_reply"}) {
    INFO("category " << category);
    REQUIRE(all.categories.count(category));
    CHECK(all.categories.at(category).precision() >= 0.85);
  }
  for (const char* category :
       {"canned_empathy", "deflection", "policy_shield", "burden_shift", "stalling"}) {
    INFO("category " << category);
    CHECK(all.categories.at(category).precision() >= 0.9);
  }
  CHECK(all.categories.at("ignores_customer").precision() >= 0.6);
  // repeated_reply is only measurable on the thread records.
  CHECK(all.categories.at("repeated_reply").recall() >= 0.8);
}
