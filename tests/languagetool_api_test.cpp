// The LanguageTool mapping on its own: parameters, annotated text, and the parts
// of a match a client reads (offsets, context, sentence) in UTF-16 units.
#include "server/languagetool_api.hpp"

#include <doctest/doctest.h>

#include "server/annotated_text.hpp"
#include "server/utf16_text.hpp"
#include "test_support.hpp"

namespace {

using replylint::server::AnnotatedText;
using replylint::server::LtCheckRequest;
using replylint::server::Params;

const std::vector<std::string> kLanguages = {"en", "nl"};

LtCheckRequest parse(const Params& params) {
  LtCheckRequest request;
  std::string error;
  INFO(error);
  REQUIRE(replylint::server::parse_lt_check(params, kLanguages, request, error));
  return request;
}

// The answer for `text` as LanguageTool clients get it.
nlohmann::ordered_json check(const std::string& text, const std::string& language = "auto") {
  const LtCheckRequest request = parse({{"text", text}, {"language", language}});
  replylint::Reply reply;
  reply.text = replylint::server::to_utf8(request.text.checked());
  reply.lang = request.lang;
  const auto analysis = replylint::test::fixture_analyzer().analyze(reply);
  return replylint::server::lt_check_response(request, analysis, analysis.language, "t");
}

nlohmann::ordered_json match_of(const nlohmann::ordered_json& answer, const std::string& category) {
  for (const auto& m : answer["matches"])
    if (m["rule"]["category"]["id"] == category) return m;
  FAIL("no match of category " << category);
  return {};
}

// What a JavaScript client does with a match: context.text.substr(offset, length).
std::string marked(const nlohmann::ordered_json& context) {
  const std::u16string text = replylint::server::to_utf16(context["text"].get<std::string>());
  return replylint::server::to_utf8(
      std::u16string_view(text).substr(context["offset"], context["length"]));
}

}  // namespace

TEST_CASE("languagetool utf16 text round-trips and repairs invalid bytes") {
  using replylint::server::to_utf16;
  using replylint::server::to_utf8;
  CHECK(to_utf16("a\xC3\xA9\xF0\x9F\x98\x80") == u"a\u00e9\U0001F600");
  CHECK(to_utf8(u"a\u00e9\U0001F600") == "a\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(to_utf16("a\xFF"
                 "b") == u"a\uFFFDb");
  CHECK(to_utf8(std::u16string(1, char16_t(0xD800))) == "\xEF\xBF\xBD");
}

TEST_CASE("languagetool annotated text checks text and interpretAs, maps offsets to the document") {
  AnnotatedText t;
  std::string error;
  REQUIRE(AnnotatedText::parse(
      R"({"annotation": [{"markup": "<p>"}, {"text": "Hi "}, {"markup": "<b>"}, {"text": "you"},
          {"markup": "</b>"}, {"markup": "<br>", "interpretAs": "\n"}, {"text": "ok"}]})",
      t, error));
  CHECK(t.checked() == u"Hi you\nok");
  // "<p>Hi <b>you</b><br>ok"
  CHECK(t.original_start(0) == 3);
  CHECK(t.original_start(3) == 9);    // "you" after "<b>"
  CHECK(t.original_end(3, 6) == 12);  // before "</b>"
  CHECK(t.original_start(6) == 16);   // the "\n" is the "<br>"
  CHECK(t.original_end(6, 7) == 20);  // covering markup covers all of it
  CHECK(t.original_end(3, 9) == 22);  // across markup
  CHECK(t.original_start(9) == 22);   // the end
  CHECK(t.original_end(4, 4) == t.original_start(4));

  const AnnotatedText plain = AnnotatedText::plain("a\xF0\x9F\x98\x80 b");
  CHECK(plain.checked().size() == 5);
  CHECK(plain.original_start(3) == 3);
  CHECK(plain.original_end(0, 5) == 5);
}

TEST_CASE("languagetool annotated text names what is wrong with a bad document") {
  AnnotatedText t;
  std::string error;
  CHECK_FALSE(AnnotatedText::parse("{", t, error));
  CHECK(error.rfind("\"data\" is not valid JSON: ", 0) == 0);
  CHECK_FALSE(AnnotatedText::parse(R"({"annotation": {}})", t, error));
  CHECK(error == "\"data\" must be an object with an \"annotation\" array");
  CHECK_FALSE(AnnotatedText::parse(R"({"annotation": [{"text": "a"}, {}]})", t, error));
  CHECK(error == "\"data\".annotation[1] must have either \"text\" or \"markup\"");
  CHECK_FALSE(
      AnnotatedText::parse(R"({"annotation": [{"markup": "<b>", "interpretAs": 3}]})", t, error));
  CHECK(error == "\"data\".annotation[0].interpretAs must be a string");
}

TEST_CASE("languagetool parameters: language codes, lists and enabledOnly") {
  CHECK(parse({{"text", "x"}, {"language", "auto"}}).lang == "auto");
  CHECK(parse({{"text", "x"}, {"language", "nl-BE"}}).lang == "nl");
  CHECK(parse({{"text", "x"}, {"language", "EN_gb"}}).lang == "en");
  const LtCheckRequest r = parse({{"text", "x"},
                                  {"language", "nl"},
                                  {"disabledRules", "A, B,,C"},
                                  {"disabledRules", "D"},
                                  {"disabledCategories", "deflection,Canned_Empathy"},
                                  {"enabledOnly", "FALSE"},
                                  {"motherTongue", "de"},
                                  {"preferredVariants", "en-GB"}});
  CHECK(r.disabled_rules == std::set<std::string>{"A", "B", "C", "D"});
  CHECK(r.disabled_categories == std::set<std::string>{"DEFLECTION", "CANNED_EMPATHY"});
  CHECK_FALSE(r.enabled_only);

  LtCheckRequest bad;
  std::string error;
  CHECK_FALSE(
      replylint::server::parse_lt_check({{"text", "x"}, {"language", ""}}, kLanguages, bad, error));
  CHECK(error.rfind("missing \"language\"", 0) == 0);
}

TEST_CASE("languagetool match offsets and context count UTF-16 units") {
  // An emoji (2 units) and an é (1 unit) before the match.
  const std::string text = "H\xC3\xA9 \xF0\x9F\x98\x80 Sorry for the inconvenience.";
  const auto answer = check(text);
  const auto m = match_of(answer, "CANNED_EMPATHY");
  CHECK(m["offset"] == 6);
  CHECK(m["length"] == 27);
  CHECK(m["context"]["offset"] == 6);
  CHECK(marked(m["context"]) == "Sorry for the inconvenience");
  CHECK(m["sentence"] == text);
  CHECK(answer["language"]["code"] == "en");
  CHECK(answer["language"]["name"] == "English");
}

TEST_CASE("languagetool context is cut to 40 units a side with ellipses and one-line") {
  const std::string before(60, 'x'), after(60, 'y');
  const auto m = match_of(
      check("Hallo.\n" + before + " Daarvoor moet u bij de leverancier zijn.\n" + after, "nl"),
      "DEFLECTION");
  const std::string context = m["context"]["text"];
  CHECK(context.rfind("...", 0) == 0);
  CHECK(context.size() >= 6);
  CHECK(context.substr(context.size() - 3) == "...");
  CHECK(context.find('\n') == std::string::npos);
  CHECK(m["context"]["offset"] == 3 + 40);
  CHECK(marked(m["context"]) == "Daarvoor moet u bij de leverancier zijn");
  CHECK(m["sentence"] == before + " Daarvoor moet u bij de leverancier zijn.");
}

TEST_CASE("languagetool context never splits an emoji at its cut") {
  // 38 units of "a" put the cut between the two halves of the emoji.
  const std::string text =
      "\xF0\x9F\x98\x80" + std::string(38, 'a') + " Sorry for the inconvenience.";
  const auto m = match_of(check(text, "en"), "CANNED_EMPATHY");
  const std::string context = m["context"]["text"];
  CHECK(context.find("\xEF\xBF\xBD") == std::string::npos);  // no broken surrogate
  CHECK(marked(m["context"]) == "Sorry for the inconvenience");
}

TEST_CASE("languagetool filters keep LanguageTool's meaning") {
  replylint::Finding f;
  f.rule = "nl.deflection.third-party";
  f.category = "deflection";
  LtCheckRequest r;
  CHECK(replylint::server::lt_wants(r, f));
  r.disabled_categories = {"DEFLECTION"};
  CHECK_FALSE(replylint::server::lt_wants(r, f));
  r = {};
  r.disabled_rules = {"nl.deflection.third-party"};
  CHECK_FALSE(replylint::server::lt_wants(r, f));
  r = {};
  r.enabled_only = true;
  r.enabled_categories = {"CANNED_EMPATHY"};
  CHECK_FALSE(replylint::server::lt_wants(r, f));
  r.enabled_rules = {"nl.deflection.third-party"};
  CHECK(replylint::server::lt_wants(r, f));
  CHECK(replylint::server::lt_category_id("asks_given_info") == "ASKS_GIVEN_INFO");
}
