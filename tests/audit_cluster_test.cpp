// Canned-template clustering: MinHash estimates, grouping near-identical replies
// (other names, numbers and links), keeping different ones apart, and the
// bounded-memory pruning that keeps frequent templates.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>
#include <unordered_map>

#include "audit/minhash.hpp"
#include "audit/template_clusters.hpp"

using namespace replylint::audit;

namespace {

const std::string kTemplate =
    "Hallo {name}, wat vervelend dat je pakket {order} nog niet is aangekomen. Wil je ons je "
    "adresgegevens sturen via een privebericht? Dan zoeken we het voor je uit. Groetjes, {agent}";

std::string fill(const std::string& name, int order, const std::string& agent) {
  std::string s = kTemplate;
  s.replace(s.find("{name}"), 6, name);
  s.replace(s.find("{order}"), 7, std::to_string(order));
  s.replace(s.find("{agent}"), 7, agent);
  return s;
}

TemplateSample sample(std::string_view text, std::string_view agent) {
  TemplateSample s;
  s.text = text;
  s.agent = agent;
  return s;
}

// A reply unlike any other: its words are drawn from its number.
std::string unique_reply(int i) {
  std::string s = "@user";
  for (int k = 0; k < 12; ++k) s += " w" + std::to_string(i * 31 + k * 7919) + "x";
  for (char& c : s) {
    if (c >= '0' && c <= '9') c = static_cast<char>('a' + (c - '0'));  // digits would be <n>
  }
  return s;
}

}  // namespace

TEST_CASE("audit minhash: tokens ignore mentions, links and numbers") {
  const auto tokens = template_tokens("@user Check https://t.co/x order #48213, thanks!");
  CHECK(tokens == std::vector<std::string>{"check", "<url>", "order", "<n>", "thanks"});
  CHECK_FALSE(minhash("Thanks!").has_value());  // too short to be a template
}

TEST_CASE("audit minhash: greeted names and sign-offs are no part of a template") {
  const std::vector<std::string> expected = {
      "hallo", "<name>", "ik", "heb", "je", "net", "in", "priv\xC3\xA9", "beantwoord", "groetjes"};
  CHECK(template_tokens(
            "@user Hallo Bart, Ik heb je net in priv\xC3\xA9 beantwoord. Groetjes Issam") ==
        expected);
  CHECK(template_tokens(
            "@user Hallo Thorben, Ik heb je net in priv\xC3\xA9 beantwoord. Groetjes ^IB") ==
        expected);
  CHECK(template_tokens("We hope to see you soon. *AA 2/2") ==
        std::vector<std::string>{"we", "hope", "to", "see", "you", "soon"});
  CHECK(template_tokens("Sorry - our mistake, hallo daar")[1] == "our");  // a dash mid-text stays
}

TEST_CASE("audit minhash estimates similarity") {
  const auto a = minhash(fill("Ilse", 48213, "Sanne"));
  const auto b = minhash(fill("Jan", 99120, "Sanne"));
  const auto c = minhash(
      "Your refund of the 40 euro was sent to your account this morning, so it "
      "should arrive within two working days.");
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(estimated_similarity(*a, *a) == 1.0);
  CHECK(estimated_similarity(*a, *b) > 0.8);  // only the name differs
  CHECK(estimated_similarity(*a, *c) < 0.2);
}

TEST_CASE("audit clustering groups a template across names, orders and agents") {
  TemplateClusters clusters;
  std::vector<std::string> texts;
  const std::vector<std::string> names = {"Ilse", "Jan", "Fatima", "Kees", "Noor", "Daan"};
  for (size_t i = 0; i < names.size(); ++i)
    texts.push_back(fill(names[i], 1000 + static_cast<int>(i), i % 2 ? "Sam" : "Kim"));
  texts.push_back(
      "Your refund of the 40 euro was sent to your account this morning, so it should "
      "arrive within two working days.");
  texts.push_back("Thanks for your patience while we look into the outage in your area tonight.");
  for (size_t i = 0; i < texts.size(); ++i) {
    const auto sig = minhash(texts[i]);
    REQUIRE(sig);
    clusters.add(*sig, sample(texts[i], i < names.size() ? (i % 2 ? "Sam" : "Kim") : "Lee"));
  }
  const auto top = clusters.top(10, 2);
  REQUIRE(top.size() == 1);
  CHECK(top[0]->count == names.size());
  // Agents as the report lists them: the most replies first, ties by name.
  const auto agents = to_json(*top[0])["agents"];
  CHECK(agents == nlohmann::ordered_json::parse(
                      R"([{"agent":"Kim","replies":3},{"agent":"Sam","replies":3}])"));
  CHECK(top[0]->text == texts[0]);  // the first reply represents the cluster
  CHECK(clusters.top(10, 1).size() == 3);
}

TEST_CASE("audit clustering prunes rare clusters and keeps frequent templates") {
  TemplateClusters clusters(100);  // prune every 100 replies
  int template_uses = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    if (i % 10 == 0) {
      text = fill("Klant" + std::string(1, static_cast<char>('A' + i % 26)), i, "Sam");
      ++template_uses;
    } else {
      text = unique_reply(i);
    }
    const auto sig = minhash(text);
    REQUIRE(sig);
    clusters.add(*sig, sample(text, "Sam"));
  }
  CHECK(clusters.considered() == 2000);
  CHECK(clusters.live_clusters() < 250);  // not 1,800 singletons
  const auto top = clusters.top(1, 2);
  REQUIRE(top.size() == 1);
  CHECK(top[0]->count == static_cast<uint64_t>(template_uses));
}

TEST_CASE("audit template json lists agents and highlights") {
  TemplateClusters clusters;
  const std::string text = fill("Ilse", 1, "Sam");
  replylint::Finding f;
  f.rule = "nl.canned-empathy.vervelend";
  f.category = "canned_empathy";
  f.span.start = 13;
  f.span.end = 26;
  std::vector<replylint::Finding> findings = {f};
  TemplateSample s = sample(text, "Sam");
  s.findings = &findings;
  s.day = 19000;
  clusters.add(*minhash(text), s);
  const auto j = to_json(*clusters.top(1, 1)[0]);
  CHECK(j["replies"] == 1);
  CHECK(j["agents"][0]["agent"] == "Sam");
  CHECK(j["highlights"][0]["rule"] == "nl.canned-empathy.vervelend");
  CHECK(j["first_day"] == "2022-01-08");
}

TEST_CASE("audit band table files, finds and removes keys as a map would") {
  // Few distinct keys, so that runs of probes form, wrap around the table's end
  // and lose entries from their middle; a std::unordered_map says what is right.
  BandTable table;
  std::unordered_map<uint64_t, uint64_t> model;
  std::mt19937_64 random(7);
  for (int step = 0; step < 200000; ++step) {
    const uint64_t key = random() % 3000 * 0x0123456789ABCDEFull;  // 0 is a key too
    const uint64_t order = random() % 4;
    if (random() % 3 == 0) {
      table.erase(key, order);
      if (auto it = model.find(key); it != model.end() && it->second == order) model.erase(it);
    } else {
      table.emplace(key, order);
      model.emplace(key, order);
    }
    if (step % 997 == 0) {
      for (uint64_t k = 0; k < 3000; ++k) {
        const uint64_t probe = k * 0x0123456789ABCDEFull;
        const auto it = model.find(probe);
        const std::optional<uint64_t> found = table.find(probe);
        REQUIRE(found.has_value() == (it != model.end()));
        if (found) REQUIRE(*found == it->second);
      }
    }
  }
  CHECK(!model.empty());
}
