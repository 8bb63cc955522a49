// Checks that need the conversation: asking for given details, ignoring the
// customer, repeating an earlier reply, no next step, using the customer's details.
#include "context_checks.hpp"

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

TEST_CASE("ignores_customer names what the reply missed") {
  const Analysis nl = check("Wat vervelend om te horen! Wij helpen u graag verder.",
                            "Mijn pakket 48213 kwam doorweekt aan, de laptoptas is kapot.", "nl");
  const Finding* f = find_category(nl.findings, "ignores_customer");
  REQUIRE(f != nullptr);
  CHECK(f->message.find("\"48213\"") != std::string::npos);
  CHECK(f->weight == doctest::Approx(20));
  CHECK(nl.context.engagement == doctest::Approx(0));
  CHECK(nl.context.missed.size() >= 3);

  const Analysis en =
      check("Sorry for the inconvenience! We're happy to help.",
            "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en");
  REQUIRE(find_category(en.findings, "ignores_customer") != nullptr);
  CHECK(find_category(en.findings, "ignores_customer")->message.find("48213") != std::string::npos);
  CHECK(
      find_category(check("Sorry parcel 48213 arrived soaked; a new laptop bag goes out today.",
                          "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en")
                        .findings,
                    "ignores_customer") == nullptr);
}

TEST_CASE("ignores_customer is graded in a thread, where a reply may repeat earlier words") {
  const std::vector<Turn> thread = {
      {"customer",
       "Parcel 48213 arrived soaked and the laptop bag inside is ruined, the charger "
       "cable broken, the receipt unreadable, the box crushed."},
      {"agent", "Thanks for reaching out, we're happy to help."}};
  const Analysis a = check("Thanks for reaching out about the laptop bag, we're happy to help.",
                           "You said that yesterday.", "en", thread);
  const Finding* f = find_category(a.findings, "ignores_customer");
  REQUIRE(f != nullptr);
  CHECK(a.context.engagement > 0);
  CHECK(f->weight < 20);
}

TEST_CASE("ignores_customer stays silent without a customer message or with too little in it") {
  CHECK(find_category(check("Bedankt voor uw bericht.", "", "nl").findings, "ignores_customer") ==
        nullptr);
  CHECK(find_category(check("Thanks for your message.", "Hi?", "en").findings,
                      "ignores_customer") == nullptr);
  // A short message is easily answered in other words: four specifics are too few.
  const Analysis short_tweet = check("Wat vervelend om te horen! Wij helpen u graag verder.",
                                     "Mijn modem knippert rood.", "nl");
  CHECK(short_tweet.context.details.size() < 5);
  CHECK(find_category(short_tweet.findings, "ignores_customer") == nullptr);
}

TEST_CASE("ignores_customer stays silent when the reply takes up a specific outside a thread") {
  const Analysis a =
      check("Sorry for the inconvenience about the laptop bag! We're happy to help.",
            "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en");
  CHECK(a.context.engagement > 0);
  CHECK(find_category(a.findings, "ignores_customer") == nullptr);
}

TEST_CASE("ignores_customer stays silent on a paraphrase that leans on no stock wording") {
  // Nothing the customer wrote comes back word for word, but nothing here could
  // stand under any complaint either: no rule flags its wording.
  const Analysis nl = check("Dat had niet mogen gebeuren: ik stuur vandaag een nieuwe tas op.",
                            "Mijn pakket 48213 kwam doorweekt aan, de laptoptas is kapot.", "nl");
  CHECK(nl.context.engagement == doctest::Approx(0));
  CHECK(find_category(nl.findings, "ignores_customer") == nullptr);
  const Analysis en =
      check("That shouldn't have happened: a new bag goes out to you today.",
            "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en");
  CHECK(find_category(en.findings, "ignores_customer") == nullptr);
  // Stalling answers the issue, if badly: it is not stock wording that could
  // stand under any complaint.
  const Analysis stalling =
      check("We're looking into it and will get back to you as soon as possible.",
            "Parcel 48213 arrived soaked and the laptop bag inside is ruined.", "en");
  CHECK(find_category(stalling.findings, "stalling") != nullptr);
  CHECK(find_category(stalling.findings, "ignores_customer") == nullptr);
}

TEST_CASE("ignores_customer stays silent when the reply names an outage (the rule's unless)") {
  const Analysis nl =
      check("Wat vervelend! Er is momenteel een storing in uw regio; onze technici werken eraan.",
            "Al de hele avond geen tv en geen telefoon hier, echt onwerkbaar zo.", "nl");
  CHECK(find_category(nl.findings, "canned_empathy") != nullptr);
  CHECK(find_category(nl.findings, "ignores_customer") == nullptr);
  const Analysis en =
      check("Sorry about that! There's an outage in your area and our engineers are on site.",
            "No TV and no phone all evening here, this is hopeless.", "en");
  CHECK(find_category(en.findings, "ignores_customer") == nullptr);
}

TEST_CASE("ignores_customer's thresholds come from the config") {
  Config config;
  config.context.min_specifics = 3;
  const Analyzer analyzer = Analyzer::load({std::string(REPLYLINT_SOURCE_DIR) + "/rules"}, config);
  Reply r;
  r.lang = "nl";
  r.text = "Wat vervelend om te horen! Wij helpen u graag verder.";
  r.customer = "Mijn modem knippert rood.";
  CHECK(find_category(analyzer.analyze(r).findings, "ignores_customer") != nullptr);
  CHECK(find_category(shipped_analyzer().analyze(r).findings, "ignores_customer") == nullptr);
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

TEST_CASE("engagement takes a customer word up by a shared stem or one word holding the other") {
  const std::vector<std::string> customer = {"pakketje", "retourlabel", "code", "bezorger",
                                             "factuur"};
  // "pakket" shares the stem "pakke"; "retourlabel" holds "label"; "kortingscodes"
  // holds "code"; "bez" is too short to count; nothing takes up "factuur".
  const std::vector<std::string> reply = {"pakket", "label", "bez", "kortingscodes", "label"};
  const Engagement e = measure_engagement({}, customer, {}, reply);
  CHECK(e.specifics == 5);
  CHECK(e.mentioned == std::vector<std::string>{"pakketje", "retourlabel", "code"});
  CHECK(e.missed == std::vector<std::string>{"bezorger", "factuur"});
  CHECK(e.ratio == doctest::Approx(3.0 / 5));
}

TEST_CASE("engagement counts a detail once and finds it among the reply's details or words") {
  const std::vector<Entity> customer = {{"order", "12345", "#12345", 0},
                                        {"order", "12345", "12345", 3},
                                        {"name", "sanne", "Sanne", 5},
                                        {"postcode", "1234ab", "1234 AB", 7}};
  const std::vector<Entity> reply = {{"order", "12345", "12345", 2}};
  const Engagement e = measure_engagement(customer, {}, reply, {"hoi", "sanne"});
  CHECK(e.specifics == 3);
  CHECK(e.mentioned == std::vector<std::string>{"#12345", "Sanne"});
  CHECK(e.missed == std::vector<std::string>{"1234 AB"});
  CHECK(e.ratio == doctest::Approx(4.0 / 6));
}
