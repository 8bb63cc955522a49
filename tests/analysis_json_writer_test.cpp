// The JSON writer `check`, the HTTP service and the audit answer with must give
// exactly the bytes of the JSON tree (DESIGN.md's contract).
#include "analysis_json_writer.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "analysis_json.hpp"
#include "audit/output_format.hpp"
#include "reply_record.hpp"
#include "test_support.hpp"

using namespace replylint;

TEST_CASE("the JSON writer gives the bytes of the JSON tree for every corpus reply") {
  size_t analyses = 0, with_context = 0, with_promises = 0, with_findings = 0;
  for (const char* lang : {"nl", "en"}) {
    std::ifstream in(std::string(REPLYLINT_SOURCE_DIR) + "/corpus/" + lang + ".jsonl");
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      Reply reply;
      std::string error;
      REQUIRE(parse_reply_line(line, reply, error));
      const Analysis a = test::shipped_analyzer().analyze(reply);
      INFO(reply.id);
      CHECK(analysis_json_line(a) == dump_line(to_json(a)));
      ++analyses;
      with_context += a.context.present;
      with_promises += !a.promises.empty();
      with_findings += !a.findings.empty();
    }
  }
  // The corpus reaches every optional part of the record.
  CHECK(analyses > 700);
  CHECK(with_context > 100);
  CHECK(with_promises > 50);
  CHECK(with_findings > 300);
}

TEST_CASE("the JSON writer escapes and repairs strings as the JSON tree does") {
  Analysis a;
  a.id = "bad \xff\xfe utf-8 \xe2\x82";  // invalid and truncated sequences
  a.lang = "nl";
  a.language = {"nl", 0.666, "detected", {"en"}, "mixed \"nl\" and en"};
  a.scores = {37, 100};
  a.verdict = Verdict::revise;
  Finding f;
  f.rule = "nl.x";
  f.category = "deflection";
  f.message = "tab\there, newline\nthere, \\ and \x01\x1f\x7f";
  f.suggestion = "vóór één 🙂 \xed\xa0\x80";  // a UTF-16 surrogate is not UTF-8
  f.text = "\"quoted\"\r\b\f";
  f.span = {3, 17, 3, 15};
  a.findings = {f, f};
  a.signals = {f};
  a.promises = {{"self", "ik bel", "", "", {0, 6, 0, 6}},
                {"team", "we mailen morgen", "morgen", "2026-11-23", {7, 23, 7, 23}}};
  a.empathy_sandwich = true;
  a.context.present = true;
  a.context.engagement = 0;
  a.context.details = {"482913", "pakket"};
  a.context.repeat_similarity = 1;
  CHECK(analysis_json_line(a) == dump_line(to_json(a)));

  a.context = {};
  a.language.also.clear();
  a.language.note.clear();
  a.language.confidence = 1;
  a.empathy_sandwich = false;
  CHECK(analysis_json_line(a) == dump_line(to_json(a)));
}

TEST_CASE("the audit's JSON Lines record is the tree's record byte for byte") {
  using audit::AuditRecord;
  const std::string input = "archief \"2025\".jsonl";
  size_t records = 0;
  std::ifstream in(std::string(REPLYLINT_SOURCE_DIR) + "/corpus/nl.jsonl");
  for (std::string line; std::getline(in, line) && records < 200;) {
    AuditRecord r;
    std::string error;
    REQUIRE(parse_reply_line(line, r.reply, error));
    r.line = ++records;
    r.id = r.reply.id;
    r.analysis = test::shipped_analyzer().analyze(r.reply);
    r.reply.agent = records % 3 ? "Anna \\ \xff" : "";
    r.reply.channel = records % 2 ? "twitter" : "";
    for (const std::string* name : {&input, static_cast<const std::string*>(nullptr)}) {
      std::string written;
      audit::append_jsonl_record(written, r, name);
      CHECK(written == dump_line(audit::output_record(r, to_json(r.analysis), name)));
    }
  }
  CHECK(records == 200);
  AuditRecord failed;
  failed.line = 7;
  failed.id = "x\n1";
  failed.error = "line 7: invalid JSON";
  std::string written;
  audit::append_jsonl_record(written, failed, &input);
  CHECK(written == dump_line(audit::output_record(failed, {}, &input)));
}
