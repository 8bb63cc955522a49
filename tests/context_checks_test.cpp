// Checks that need the conversation: asking for given details, ignoring the
// customer, repeating an earlier reply, no next step, using the customer's details.
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace replylint;
using test::find_category;
using test::shipped_analyzer;

namespace {

Analysis check(std::string reply, std::string customer, std::string lang,
               std::vector<Turn> thread = {}) {
  Reply r;
  r.text = std::move(reply);
  r.customer = std::move(customer);
  r.lang = std::move(lang);
  r.thread = std::move(thread);
  return shipped_analyzer().analyze(r);
}

}  // namespace

TEST_CASE("asks_given_info fires when the customer already gave the order number") {
  CHECK(find_category(
            check("Kunt u uw ordernummer sturen?", "Bestelling 48213 is niet bezorgd.", "nl")
                .findings,
            "asks_given_info") != nullptr);
  CHECK(
      find_category(
          check("Could you DM us your order number?", "Order 48213 never arrived.", "en").findings,
          "asks_given_info") != nullptr);
}

TEST_CASE("asks_given_info stays silent when the detail was not given or another is asked") {
  // The customer gave nothing: asking is the right next step.
  CHECK(find_category(
            check("Kunt u uw ordernummer sturen?", "Mijn pakket is niet bezorgd.", "nl").findings,
            "asks_given_info") == nullptr);
  CHECK(find_category(
            check("Could you DM us your order number?", "My parcel never arrived.", "en").findings,
            "asks_given_info") == nullptr);
  // The reply asks for a different detail than the one given.
  CHECK(find_category(
            check("Wat is uw e-mailadres?", "Bestelling 48213 is niet bezorgd.", "nl").findings,
            "asks_given_info") == nullptr);
  CHECK(find_category(
            check("What's your email address?", "Order 48213 never arrived.", "en").findings,
            "asks_given_info") == nullptr);
}

TEST_CASE("asks_given_info also sees details given earlier in the thread") {
  const Analysis a =
      check("Wat is uw klantnummer?", "Nog steeds niets!", "nl",
            {{"customer", "Geen internet, klantnr 5512903."}, {"agent", "We kijken ernaar."}});
  CHECK(find_category(a.findings, "asks_given_info") != nullptr);
}

TEST_CASE("ignores_customer names what the reply missed and is graded") {
  const Analysis nl = check("Bedankt voor uw bericht. Wij helpen u graag verder.",
                            "Mijn pakket 48213 kwam doorweekt aan, de laptoptas is kapot.", "nl");
  const Finding* f = find_category(nl.findings, "ignores_customer");
  REQUIRE(f != nullptr);
  CHECK(f->message.find("\"48213\"") != std::string::npos);
  CHECK(f->weight == doctest::Approx(20));
  CHECK(nl.context.engagement == doctest::Approx(0));
  CHECK(nl.context.missed.size() >= 3);

  const Analysis en =
      check("Thanks for reaching out, we're happy to help.",
            "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en");
  REQUIRE(find_category(en.findings, "ignores_customer") != nullptr);
  CHECK(find_category(en.findings, "ignores_customer")->message.find("48213") != std::string::npos);

  // Taking up one word of many lowers the weight; taking up the details clears it.
  const Analysis partial =
      check("Thanks for reaching out about the laptop bag, we're happy to help.",
            "Parcel 48213 arrived soaked and the laptop bag inside is ruined, "
            "the charger cable broken, the receipt unreadable, the box crushed.",
            "en");
  const Finding* p = find_category(partial.findings, "ignores_customer");
  REQUIRE(p != nullptr);
  CHECK(p->weight < 20);
  CHECK(partial.context.engagement > 0);
  CHECK(
      find_category(check("Sorry parcel 48213 arrived soaked; a new laptop bag goes out today.",
                          "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en")
                        .findings,
                    "ignores_customer") == nullptr);
}

TEST_CASE("ignores_customer stays silent without a customer message or with too little in it") {
  CHECK(find_category(check("Bedankt voor uw bericht.", "", "nl").findings, "ignores_customer") ==
        nullptr);
  CHECK(find_category(check("Thanks for your message.", "Hi?", "en").findings,
                      "ignores_customer") == nullptr);
}

TEST_CASE("repeated_reply flags a reply that repeats an earlier agent turn") {
  const std::vector<Turn> nl_thread = {
      {"agent", "Wij hebben uw melding doorgezet naar de juiste afdeling."},
      {"customer", "Dat zei u vorige week ook!"}};
  CHECK(find_category(
            check("Wij hebben uw melding doorgezet naar de juiste afdeling.", "", "nl", nl_thread)
                .findings,
            "repeated_reply") != nullptr);
  CHECK(find_category(check("Ik heb de monteur zelf gebeld: hij komt donderdag tussen 8 en 12 uur.",
                            "", "nl", nl_thread)
                          .findings,
                      "repeated_reply") == nullptr);
  const std::vector<Turn> en_thread = {
      {"agent", "We have passed your report on to the right department."},
      {"customer", "You said that last week!"}};
  const Analysis en =
      check("We have passed your report on to the right department!", "", "en", en_thread);
  CHECK(find_category(en.findings, "repeated_reply") != nullptr);
  CHECK(en.context.repeat_similarity > 0.6);
  // A customer turn with the same words is not a repeat by the agent.
  CHECK(
      find_category(check("We have passed your report on to the right department.", "", "en",
                          {{"customer", "We have passed your report on to the right department."}})
                        .findings,
                    "repeated_reply") == nullptr);
}

TEST_CASE("no_next_step flags replies that do, promise and ask nothing") {
  CHECK(find_category(
            check("Bedankt voor uw bericht, wij begrijpen uw frustratie.", "", "nl").findings,
            "no_next_step") != nullptr);
  CHECK(find_category(check("Ik bel u morgen vóór 12 uur.", "", "nl").findings, "no_next_step") ==
        nullptr);
  CHECK(find_category(check("Welk adres staat er op het label?", "", "nl").findings,
                      "no_next_step") == nullptr);
  CHECK(find_category(
            check("Thank you for your message, we understand your frustration.", "", "en").findings,
            "no_next_step") != nullptr);
  CHECK(find_category(check("I'll call you tomorrow before noon.", "", "en").findings,
                      "no_next_step") == nullptr);
}

TEST_CASE("no_next_step counts a step that an unless excused as a step") {
  // The customer asked how to reach them: the number is no channel switch, but
  // it is still the next step.
  const Analysis nl = check("Je belt best even naar 0800 12 345.",
                            "Hoe neem ik telefonisch contact met jullie op?", "nl");
  CHECK(find_category(nl.findings, "channel_switch") == nullptr);
  CHECK(find_category(nl.findings, "no_next_step") == nullptr);
  const Analysis en = check("Just send us a DM and we'll pick it up from there.",
                            "How can I contact you without waiting on the phone?", "en");
  CHECK(find_category(en.findings, "channel_switch") == nullptr);
  CHECK(find_category(en.findings, "no_next_step") == nullptr);
}

TEST_CASE("specific_reference rewards using the customer's details") {
  const Analysis nl = check("Ik heb bestelling 48213 nagekeken.", "Waar blijft #48213?", "nl");
  const Finding* s = find_category(nl.signals, "specific_reference");
  REQUIRE(s != nullptr);
  CHECK(s->text == "48213");
  CHECK(find_category(check("Ik heb uw bestelling nagekeken.", "Waar blijft 48213?", "nl").signals,
                      "specific_reference") == nullptr);
  CHECK(find_category(check("I've refunded the \xE2\x82\xAC"
                            "12,50.",
                            "You charged me 12,50 euro twice.", "en")
                          .signals,
                      "specific_reference") != nullptr);
}
