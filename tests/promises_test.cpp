#include <doctest/doctest.h>

#include "deadline.hpp"
#include "entities.hpp"
#include "test_support.hpp"

using namespace replylint;

namespace {

Analysis with_sent_at(std::string reply, std::string sent_at, std::string lang) {
  Reply r;
  r.text = std::move(reply);
  r.sent_at = std::move(sent_at);
  r.lang = std::move(lang);
  return test::shipped_analyzer().analyze(r);
}

}  // namespace

TEST_CASE("a Dutch promise gets who and a deadline from sent_at") {
  // Monday 2 March 2026, 09:14.
  const Analysis a = with_sent_at("Ik bel u morgen vóór 12 uur.", "2026-03-02T09:14:00", "nl");
  REQUIRE(a.promises.size() == 1);
  CHECK(a.promises[0].who == "self");
  CHECK(a.promises[0].what == "Ik bel u morgen vóór 12 uur.");
  CHECK(a.promises[0].deadline == "2026-03-03T12:00");
  CHECK(a.promises[0].deadline_text.find("morgen") != std::string::npos);
}

TEST_CASE("business days skip the weekend") {
  // Friday 6 March 2026: two business days later is Tuesday 10 March.
  const Analysis a =
      with_sent_at("Wij storten het bedrag binnen 2 werkdagen terug.", "2026-03-06 16:00", "nl");
  REQUIRE(a.promises.size() == 1);
  CHECK(a.promises[0].who == "team");
  CHECK(a.promises[0].deadline == "2026-03-10");
}

TEST_CASE("an English promise by a weekday or within hours") {
  const Analysis friday =
      with_sent_at("I'll refund you by Friday 5pm.", "2026-03-02T09:14:00", "en");
  REQUIRE(friday.promises.size() == 1);
  CHECK(friday.promises[0].who == "self");
  CHECK(friday.promises[0].deadline == "2026-03-06T17:00");
  const Analysis hours =
      with_sent_at("I'll call you within 48 hours.", "2026-03-02T09:14:00", "en");
  REQUIRE(hours.promises.size() == 1);
  CHECK(hours.promises[0].deadline == "2026-03-04T09:14");
}

TEST_CASE("a promise without sent_at or without a timeframe has no deadline") {
  const Analysis no_date = with_sent_at("Ik bel u morgen vóór 12 uur.", "", "nl");
  REQUIRE(no_date.promises.size() == 1);
  CHECK(no_date.promises[0].deadline.empty());
  CHECK_FALSE(no_date.promises[0].deadline_text.empty());
  const Analysis no_time =
      with_sent_at("I'll chase the carrier for you.", "2026-03-02T09:14:00", "en");
  REQUIRE(no_time.promises.size() == 1);
  CHECK(no_time.promises[0].deadline.empty());
  CHECK(with_sent_at("Wij begrijpen uw frustratie.", "2026-03-02", "nl").promises.empty());
}

TEST_CASE("sent_at accepts ISO date-times and dates and refuses the rest") {
  CHECK(parse_sent_at("2026-03-02T09:14:00Z").has_value());
  CHECK(parse_sent_at("2026-03-02 09:14").value().minutes == 9 * 60 + 14);
  CHECK(parse_sent_at("2026-03-02").value().minutes == -1);
  CHECK_FALSE(parse_sent_at("2015-Oct-1").has_value());
  CHECK_FALSE(parse_sent_at("2026-02-30").has_value());
  CHECK(format_local_time(*parse_sent_at("2026-03-02")) == "2026-03-02");
}

TEST_CASE("entities tell order numbers, postcodes, IBAN, phone, e-mail, amounts and dates apart") {
  const NormalizedText n = Normalizer().normalize(
      "Order 48213, postcode 1234 AB, IBAN NL91ABNA0417164300, bel 0612345678, mail a@b.nl, "
      "\xE2\x82\xAC 12,50 op 22-11-2026.\nJan");
  const TokenizedText t = Tokenizer().tokenize(n);
  std::vector<std::string> kinds;
  for (const Entity& e : extract_entities(n, t)) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<std::string>{"order_number", "postcode", "iban", "phone", "email",
                                          "amount", "date", "name"});
}
