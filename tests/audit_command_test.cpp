// `replylint audit` end to end, in process: one output record per input record
// in input order at every thread count, error records with line numbers, CSV and
// gzip input, field maps, CSV output, the summary and the HTML report.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "audit_test_support.hpp"
#include "test_support.hpp"

using nlohmann::json;
using replylint::audit_test::CliRun;
using replylint::audit_test::kFixtures;
using replylint::audit_test::lines;
using replylint::audit_test::run_cli;
using replylint::audit_test::temp_path;
using replylint::audit_test::write_gzip;
using replylint::test::read_text_file;

namespace {

// N records, every seventh one invalid JSON.
std::string many_records(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) {
    const std::string number = std::to_string(i);
    s.append("{\"id\": \"r").append(number).append("\", \"reply\": ");
    if (i % 7 == 0) {
      s.append("\n");  // cut short
    } else if (i % 7 == 3) {
      s.append("\"Sorry for the inconvenience, case ")
          .append(number)
          .append(".\", \"lang\": \"en\"}\n");
    } else {
      s.append("\"I'm sorry, that was our mistake (")
          .append(number)
          .append(").\", \"lang\": \"en\"}\n");
    }
  }
  return s;
}

}  // namespace

TEST_CASE("audit streams one record per input line, in order, at every thread count") {
  const int n = 3000;
  const std::string input = many_records(n);
  std::string reference;
  for (const char* threads : {"1", "2", "3", "8", "16"}) {
    CAPTURE(threads);
    const CliRun r = run_cli({"audit", "-", "--output", "-", "--threads", threads}, input);
    CHECK(r.code == 1);  // some lines failed
    const auto out = lines(r.out);
    REQUIRE(out.size() == static_cast<size_t>(n));
    for (int i = 1; i <= n; ++i) {
      const json j = json::parse(out[static_cast<size_t>(i - 1)]);  // every line is JSON
      REQUIRE(j["line"] == i);
      if (i % 7 == 0) {
        REQUIRE(j.contains("error"));
        CHECK(j["error"].get<std::string>().rfind("invalid JSON", 0) == 0);
      } else {
        REQUIRE(j["id"].get<std::string>().substr(1) == std::to_string(i));
      }
    }
    if (reference.empty()) reference = r.out;
    CHECK(r.out == reference);  // byte-identical whatever the thread count
    CHECK(r.err.find("428 of 3000 records could not be analysed") != std::string::npos);
  }
}

TEST_CASE("audit gives an error record for every kind of bad line and goes on") {
  const CliRun r = run_cli({"audit", kFixtures + "mixed.jsonl", "--threads", "3"});
  CHECK(r.code == 1);
  const auto out = lines(r.out);
  REQUIRE(out.size() == 10);  // the input has 10 lines
  std::vector<json> j;
  for (const auto& line : out) j.push_back(json::parse(line));
  for (size_t i = 0; i < j.size(); ++i) CHECK(j[i]["line"] == i + 1);
  CHECK(j[0]["verdict"] == "block");  // deflection and canned empathy
  CHECK(j[0]["agent"] == "Sam");
  CHECK(j[0]["channel"] == "twitter");
  CHECK(j[0]["sent_at"] == "2024-03-04 09:12:00");
  CHECK(j[1]["error"].get<std::string>().rfind("invalid JSON", 0) == 0);
  CHECK_FALSE(j[1].contains("id"));
  CHECK(j[2]["error"] == "missing \"reply\" (or \"text\")");
  CHECK(j[2]["id"] == "a3");  // an error record keeps a readable id
  CHECK(j[3]["verdict"] == "send");
  CHECK(j[4]["error"] == "empty line");
  CHECK(j[5]["error"] == "\"reply\" must be a string");
  CHECK(j[6]["error"] == "a record must be a JSON object");
  CHECK(j[7]["id"] == "7");       // "text" is read as the reply; numeric id kept
  CHECK(j[9].contains("error"));  // a language without rules
  CHECK(j[9]["id"] == "a9");
}

TEST_CASE("audit reads CSV with a field map and writes CSV") {
  const CliRun r = run_cli({"audit", kFixtures + "export.csv", "--format", "csv", "--field",
                            "id=ticket,agent=medewerker", "--field",
                            "customer=vraag,reply=antwoord,sent_at=datum", "--lang", "en"});
  CHECK(r.code == 1);
  const auto out = lines(r.out);
  REQUIRE(out.size() == 5);  // header + 4 records
  CHECK(out[0] ==
        "line,id,lang,verdict,authenticity,ownership,findings,signals,categories,rules,agent,"
        "channel,sent_at,error\r");
  CHECK(out[1].rfind("2,T-1,en,block,", 0) == 0);
  CHECK(out[1].find("canned_empathy;deflection") != std::string::npos);
  CHECK(out[1].find(",Sam,,04-03-2024 10:00,\r") != std::string::npos);
  CHECK(out[2].rfind("4,T-2,en,send,", 0) == 0);
  CHECK(out[3] == "5,T-3,,,,,,,,,,,,\"expected 5 fields (as in the header), found 6\"\r");
  CHECK(out[4].rfind("6,T-4,en,", 0) == 0);
}

TEST_CASE("audit refuses a CSV without a reply column and a bad field map") {
  CliRun r = run_cli({"audit", kFixtures + "export.csv"});
  CHECK(r.code == 2);
  CHECK(r.err.find("no \"reply\" (or \"text\") column") != std::string::npos);
  CHECK(r.out.empty());
  r = run_cli({"audit", kFixtures + "export.csv", "--field", "answer=antwoord"});
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown field \"answer\"") != std::string::npos);
  r = run_cli({"audit", kFixtures + "does-not-exist.jsonl"});
  CHECK(r.code == 2);
  CHECK(r.err.find("cannot open") != std::string::npos);
}

TEST_CASE("audit reads gzip JSONL and CSV and maps JSON fields") {
  const std::string jsonl = temp_path("export.jsonl.gz");
  write_gzip(jsonl,
             "{\"ticket\": \"g1\", \"body\": \"Sorry for the inconvenience.\", \"lang\": \"en\"}\n"
             "{\"ticket\": \"g2\", \"body\": \"That was our mistake.\", \"lang\": \"en\"}\n",
             false);
  CliRun r =
      run_cli({"audit", "--field", "id=ticket,reply=body", jsonl});  // the input after --field
  CHECK(r.code == 0);
  auto out = lines(r.out);
  REQUIRE(out.size() == 2);
  CHECK(json::parse(out[0])["id"] == "g1");
  CHECK(json::parse(out[1])["id"] == "g2");

  const std::string csv = temp_path("export.csv.gz");
  write_gzip(csv, read_text_file(kFixtures + "export.csv"), false);
  r = run_cli(
      {"audit", csv, "--field", "id=ticket,reply=antwoord,agent=medewerker", "--lang", "en"});
  CHECK(r.code == 1);
  out = lines(r.out);
  REQUIRE(out.size() == 4);
  CHECK(json::parse(out[3])["line"] == 6);

  // Several inputs: records name theirs, line numbers restart.
  r = run_cli({"audit", jsonl, kFixtures + "mixed.jsonl"});
  out = lines(r.out);
  REQUIRE(out.size() == 12);
  CHECK(json::parse(out[2])["line"] == 1);
  CHECK(json::parse(out[2])["input"] == kFixtures + "mixed.jsonl");
  std::filesystem::remove(jsonl);
  std::filesystem::remove(csv);
}

TEST_CASE("audit keeps the lines of a truncated gzip and says where it broke") {
  std::string text;
  for (int i = 1; i <= 3000; ++i) {
    text.append("{\"id\": \"z").append(std::to_string(i)).append("\", \"reply\": \"Case ");
    text.append(std::to_string(i * 7919 % 10007)).append(" is ours to fix.\", \"lang\": \"en\"}\n");
  }
  const std::string path = temp_path("cut.jsonl.gz");
  write_gzip(path, text, false);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) * 2 / 3);
  const CliRun r = run_cli({"audit", path, "--threads", "2"});
  CHECK(r.code == 1);
  const auto out = lines(r.out);
  REQUIRE(out.size() > 1);
  REQUIRE(out.size() < 3000);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    const json j = json::parse(out[i]);
    REQUIRE(j["line"] == i + 1);
  }
  const json last = json::parse(out.back());
  CHECK(last["line"] == out.size());
  CHECK(last["error"].get<std::string>().find("truncated gzip") != std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("audit as a filter writes nothing but JSON Lines to stdout") {
  const std::string input =
      "{\"id\": \"f1\", \"reply\": \"Please contact the seller.\", \"lang\": \"en\"}\n";
  const CliRun r = run_cli({"audit", "-", "--output", "-"}, input);
  CHECK(r.code == 0);
  CHECK(r.err.empty());  // no progress, no chatter when all is well
  const auto out = lines(r.out);
  REQUIRE(out.size() == 1);
  CHECK(json::parse(out[0])["verdict"] == "revise");
  CHECK(run_cli({"audit"}, "").out.empty());  // empty input, empty output
}

TEST_CASE("audit writes the summary and the report, and no records unless asked") {
  const std::string summary_path = temp_path("summary.json"),
                    report_path = temp_path("report.html");
  const CliRun r = run_cli({"audit", kFixtures + "mixed.jsonl", "--summary", summary_path,
                            "--report", report_path, "--title", "Team <Noord>"});
  CHECK(r.code == 1);
  CHECK(r.out.empty());  // a report was asked for, not records
  const json s = json::parse(read_text_file(summary_path));
  CHECK(s["records"] == 10);
  CHECK(s["analysed"] == 4);
  CHECK(s["errors"] == 6);
  CHECK(s["error_records"].size() == 6);
  CHECK(s["error_records"][0]["line"] == 2);
  CHECK(s["overall"]["verdicts"]["send"] == 1);
  CHECK(s["languages"]["en"] == 4);
  CHECK(s["dates"]["period"] == "week");
  CHECK(s["timeline"].size() == 3);
  CHECK(s["timeline"][0]["period"] == "2024-W10");
  CHECK(s["agents"].size() == 2);
  CHECK(s["agents"][0]["agent"] == "Kim");  // two replies each; sorted by name on a tie
  CHECK(s["channels"].size() == 2);
  CHECK(s["replies_without_channel"] == 1);
  const json& rules = s["rules"];
  REQUIRE(rules.size() >= 2);
  CHECK(rules[0]["rule"] == "en.canned-empathy.inconvenience");
  CHECK(rules[0]["replies"] == 3);
  CHECK(rules[0]["examples"][0]["match"] == "Sorry for the inconvenience");
  CHECK(s["promises"].contains("available"));

  const std::string html = read_text_file(report_path);
  for (const char* id : {"overview", "categories", "rules", "agents", "coaching", "channels",
                         "templates", "promises", "errors"}) {
    CHECK(html.find(std::string("<section id=\"") + id + "\"") != std::string::npos);
  }
  CHECK(html.find("<title>Team &lt;Noord&gt;</title>") != std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);  // the reply's markup is text
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);  // nothing to fetch
  CHECK(html.find("https://") == std::string::npos);
}

TEST_CASE("audit reads the agent from the sign-off when asked") {
  const std::string input =
      "{\"id\": \"s1\", \"reply\": \"Sorry for the inconvenience. *AA\", \"lang\": \"en\"}\n"
      "{\"id\": \"s2\", \"reply\": \"That was our mistake. ^MY\", \"lang\": \"en\"}\n"
      "{\"id\": \"s3\", \"reply\": \"That was our mistake. - Laura\", \"agent\": \"Kees\", "
      "\"lang\": \"en\"}\n"
      "{\"id\": \"s4\", \"reply\": \"Groetjes, Sanne\", \"lang\": \"en\"}\n"
      "{\"id\": \"s5\", \"reply\": \"No sign-off here.\", \"lang\": \"en\"}\n";
  CliRun r = run_cli({"audit", "--agent-from-signoff"}, input);
  auto out = lines(r.out);
  REQUIRE(out.size() == 5);
  CHECK(json::parse(out[0])["agent"] == "AA");
  CHECK(json::parse(out[1])["agent"] == "MY");
  CHECK(json::parse(out[2])["agent"] == "Kees");  // the record's own field wins
  CHECK(json::parse(out[3])["agent"] == "Sanne");
  CHECK_FALSE(json::parse(out[4]).contains("agent"));

  r = run_cli({"audit", "--agent-pattern", "#(\\w+)$"},
              "{\"reply\": \"Thanks #jo\", \"lang\": \"en\"}\n");
  CHECK(json::parse(lines(r.out)[0])["agent"] == "jo");
  r = run_cli({"audit", "--agent-pattern", "no group"}, "");
  CHECK(r.code == 2);
}

TEST_CASE("audit time series keeps empty periods as gaps") {
  const std::string summary_path = temp_path("gaps.json");
  const std::string input =
      "{\"reply\": \"That was our mistake.\", \"lang\": \"en\", \"sent_at\": \"2024-01-15\"}\n"
      "{\"reply\": \"That was our mistake.\", \"lang\": \"en\", \"sent_at\": \"2024-04-02\"}\n"
      "{\"reply\": \"That was our mistake.\", \"lang\": \"en\", \"sent_at\": \"someday\"}\n";
  const CliRun r = run_cli({"audit", "--period", "month", "--summary", summary_path}, input);
  CHECK(r.code == 0);
  const json s = json::parse(read_text_file(summary_path));
  REQUIRE(s["timeline"].size() == 4);
  CHECK(s["timeline"][1]["period"] == "2024-02");
  CHECK(s["timeline"][1]["replies"] == 0);
  CHECK(s["timeline"][1]["mean_scores"].is_null());
  CHECK(s["timeline"][3]["replies"] == 1);
  CHECK(s["dates"]["undated"] == 1);
}

TEST_CASE("audit gives each agent a timeline and trend in the period the dates choose") {
  // Three replies at each end of a span: a period needs three for the trend.
  auto archive = [](const char* early, const char* late) {
    std::string input;
    for (int i = 0; i < 3; ++i) {
      input += std::string(
                   "{\"reply\": \"Sorry for the inconvenience.\", \"lang\": \"en\", "
                   "\"agent\": \"Kim\", \"sent_at\": \"") +
               early + "\"}\n";
      input += std::string(
                   "{\"reply\": \"That was our mistake, I refunded it.\", \"lang\": "
                   "\"en\", \"agent\": \"Kim\", \"sent_at\": \"") +
               late + "\"}\n";
    }
    return input;
  };
  const std::string path = temp_path("agent_timeline.json");
  auto kim = [&](const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> all = {"audit", "--summary", path};
    all.insert(all.end(), args.begin(), args.end());
    REQUIRE(run_cli(all, input).code == 0);
    const json s = json::parse(read_text_file(path));
    REQUIRE(s["agents"].size() == 1);
    return s["agents"][0];
  };
  auto replies = [](const json& timeline) {
    uint64_t n = 0;
    for (const json& p : timeline) n += p["replies"].get<uint64_t>();
    return n;
  };

  // Two weeks apart: weeks, the empty one between kept as a gap.
  json a = kim({}, archive("2024-03-04", "2024-03-18"));
  REQUIRE(a["timeline"].size() == 3);
  CHECK(a["timeline"][0]["period"] == "2024-W10");
  CHECK(a["timeline"][0]["replies"] == 3);
  CHECK(a["timeline"][1]["replies"] == 0);
  CHECK(a["timeline"][2]["period"] == "2024-W12");
  CHECK(a["trend"]["from"] == "2024-W10");
  CHECK(a["trend"]["to"] == "2024-W12");
  CHECK(a["trend"]["authenticity"][0] < a["trend"]["authenticity"][1]);

  // Seven months apart: months. The last reply's week began in July: counted
  // by its day, it is August's.
  a = kim({}, archive("2024-01-10", "2024-08-01"));
  REQUIRE(a["timeline"].size() == 8);
  CHECK(a["timeline"][0]["period"] == "2024-01");
  CHECK(a["timeline"][7]["period"] == "2024-08");
  CHECK(a["timeline"][7]["replies"] == 3);
  CHECK(a["trend"]["to"] == "2024-08");
  const json by_month = a["trend"];

  // The same replies in weeks when asked: the ends agree, whatever the period.
  a = kim({"--period", "week"}, archive("2024-01-10", "2024-08-01"));
  CHECK(a["timeline"].size() == 30);
  CHECK(a["timeline"][0]["period"] == "2024-W02");
  CHECK(a["timeline"][29]["period"] == "2024-W31");
  CHECK(replies(a["timeline"]) == 6);
  CHECK(a["trend"]["ownership"] == by_month["ownership"]);
  CHECK(a["trend"]["authenticity"] == by_month["authenticity"]);
}

TEST_CASE("audit summary replaces bytes that are not UTF-8 instead of failing at the end") {
  // A Latin-1 export: the agent's name reaches the summary as it was read.
  const std::string path = temp_path("latin1.json");
  const CliRun r = run_cli({"audit", "-", "--input-format", "csv", "--summary", path},
                           "id,reply,agent\n1,Sorry for the inconvenience.,K\xe9"
                           "es\n");
  CHECK(r.code == 0);
  const json s = json::parse(read_text_file(path));
  REQUIRE(s["agents"].size() == 1);
  CHECK(s["agents"][0]["agent"] ==
        "K\xef\xbf\xbd"
        "es");
}
