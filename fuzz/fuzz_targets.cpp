#include "fuzz_targets.hpp"

#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis_invariants.hpp"
#include "analysis_json.hpp"
#include "analyzer.hpp"
#include "audit/field_map.hpp"
#include "audit/record_processor.hpp"
#include "audit/record_reader.hpp"
#include "matcher.hpp"
#include "normalizer.hpp"
#include "reply_record.hpp"
#include "rule_examples.hpp"
#include "rule_loader.hpp"
#include "server/check_api.hpp"
#include "server/languagetool_api.hpp"
#include "server/utf16_text.hpp"
#include "tokenizer.hpp"

namespace replylint::fuzz {
namespace {

using nlohmann::json;

const Analyzer& shipped_analyzer() {
  static const Analyzer analyzer =
      Analyzer::load({std::string(REPLYLINT_SOURCE_DIR) + "/rules"}, Config{});
  return analyzer;
}

std::vector<std::string_view> split(std::string_view data, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const size_t at = data.find(separator);
    parts.push_back(data.substr(0, at));
    if (at == std::string_view::npos) return parts;
    data.remove_prefix(at + 1);
  }
}

void require(bool ok, const std::string& what) {
  if (!ok) throw FuzzFailure(what);
}

// Invariants plus determinism: the same reply gives the same JSON a second time
// (per-thread scratch buffers are reused between calls).
void analyse_checked(const Analyzer& analyzer, const Reply& reply) {
  const Analysis a = analyzer.analyze(reply);
  const std::vector<std::string> violations =
      check_analysis_invariants(reply.text, a, analyzer.config().scoring);
  if (!violations.empty()) {
    std::string all = "analysis invariants broken:";
    for (const auto& v : violations) all += "\n  - " + v;
    throw FuzzFailure(all);
  }
  const std::string first = dump_line(to_json(a));
  require(json::accept(first), "the analysis JSON does not parse: " + first);
  require(dump_line(to_json(analyzer.analyze(reply))) == first,
          "a second analysis of the same reply differs");
}

void analyzer_target(std::string_view data) {
  analyse_checked(shipped_analyzer(), reply_from_bytes(data));
}

// A pack that loads must compile and analyse its own examples without breaking
// an invariant; a pack that does not load must say why.
void rule_loader_target(std::string_view data) {
  const json pack = json::parse(data, nullptr, false);
  if (pack.is_discarded()) return;
  RuleLoader loader;
  loader.add_pack(pack, "<fuzz>");
  RuleSet rules;
  try {
    rules = loader.finish();
  } catch (const RuleError& e) {
    require(!e.problems().empty(), "RuleError without a problem");
    return;
  }
  std::optional<Analyzer> analyzer;
  try {
    analyzer.emplace(std::move(rules), Config{});
  } catch (const RuleError& e) {
    require(!e.problems().empty(), "RuleError without a problem");
    return;
  }
  // The keyword index and its windows must find what running every pattern on
  // the whole text finds, whatever the patterns.
  const std::vector<Rule>& all = analyzer->rules().rules;
  const Matcher prefiltered(all);
  const Matcher every_pattern(all, Matcher::Strategy::every_pattern);
  size_t budget = 32;  // examples analysed per input, to keep executions fast
  for (const Rule& rule : all) {
    for (const auto* list : {&rule.match_examples, &rule.no_match_examples}) {
      for (const RuleExample& example : *list) {
        if (budget-- == 0) return;
        rule_fires(*analyzer, rule, example);
        analyse_checked(*analyzer, example_reply(rule, example));
        const TokenizedText t = Tokenizer().tokenize(Normalizer().normalize(example.reply));
        std::vector<RuleMatch> fast, reference;
        prefiltered.match(rule.lang, t, fast);
        every_pattern.match(rule.lang, t, reference);
        require(fast.size() == reference.size(), "the prefilter changed the number of matches");
        for (size_t i = 0; i < fast.size(); ++i) {
          require(fast[i].rule == reference[i].rule &&
                      fast[i].first_token == reference[i].first_token &&
                      fast[i].end_token == reference[i].end_token,
                  "the prefilter changed a match");
        }
      }
    }
  }
}

void reply_record_target(std::string_view data) {
  Reply reply;
  std::string error;
  if (!parse_reply_line(data, reply, error)) require(!error.empty(), "a refusal without a reason");
}

// Reads every record as `replylint audit` does, then decodes, analyses and
// renders them: every record read gives exactly one output line.
void audit_target(std::string_view data, audit::InputFormat format) {
  std::istringstream in{std::string(data)};
  const audit::FieldMap fields;
  audit::InputContext context;
  context.name = "<fuzz>";
  context.format = format;
  audit::Batch batch;
  batch.input = &context;
  try {
    audit::ByteSource source("-", in);
    const auto reader = audit::make_reader(format, source);
    if (format == audit::InputFormat::csv) {
      if (reader->header().empty()) return;
      try {
        context.csv.emplace(reader->header(), fields);
      } catch (const std::invalid_argument&) {
        return;  // no reply column: refused before any record (exit 2)
      }
    }
    audit::RawRecord record;
    while (reader->next(record)) {
      require(batch.raw.empty() || record.line > batch.raw.back().line,
              "record line numbers do not increase");
      batch.raw.push_back(std::move(record));
      record = audit::RawRecord{};
    }
  } catch (const audit::InputError&) {
    // A broken gzip stream: the records before it still count.
  }
  const size_t records = batch.raw.size();
  if (format == audit::InputFormat::jsonl && !data.starts_with("\x1f\x8b")) {
    const auto lines = static_cast<size_t>(std::count(data.begin(), data.end(), '\n')) +
                       (!data.empty() && data.back() != '\n' ? 1 : 0);
    require(records == lines, "JSON Lines: " + std::to_string(lines) + " lines gave " +
                                  std::to_string(records) + " records");
  }
  audit::ProcessorOptions options;
  options.output = audit::OutputFormat::jsonl;
  const audit::RecordProcessor processor(shipped_analyzer(), fields, options);
  processor.process(batch);
  require(batch.records.size() == records, "records lost between reading and analysis");
  size_t lines = 0;
  for (std::string_view rest = batch.output; !rest.empty(); ++lines) {
    const size_t nl = rest.find('\n');
    require(nl != std::string_view::npos, "an output record without its line end");
    require(json::accept(rest.substr(0, nl)), "an output record is not JSON");
    rest.remove_prefix(nl + 1);
  }
  require(lines == records, "output records: " + std::to_string(lines) + " for " +
                                std::to_string(records) + " input records");
}

void audit_jsonl_target(std::string_view data) {
  audit_target(data, audit::InputFormat::jsonl);
}

void audit_csv_target(std::string_view data) {
  audit_target(data, audit::InputFormat::csv);
}

// POST /v1/check and /v1/check/batch with the input as body: a client's mistake
// is a 400 with a JSON error, never a crash or a 5xx.
void server_check_target(std::string_view data) {
  server::Metrics metrics;
  const std::string body(data);
  for (const auto& answer : {server::check_one(shipped_analyzer(), metrics, body),
                             server::check_batch(shipped_analyzer(), metrics, body)}) {
    require(answer.status == 200 || answer.status == 400,
            "status " + std::to_string(answer.status));
    require(json::accept(answer.body), "the answer is not JSON: " + answer.body);
  }
}

// The UTF-16 length of the document a LanguageTool client sent (markup included).
size_t lt_document_length(const server::Params& params) {
  if (auto it = params.find("text"); it != params.end()) return server::to_utf16(it->second).size();
  size_t length = 0;
  const json doc = json::parse(params.find("data")->second);
  for (const json& item : doc["annotation"])
    length += server::to_utf16(item.contains("text") ? item["text"].get<std::string>()
                                                     : item["markup"].get<std::string>())
                  .size();
  return length;
}

// GET or POST /v2/check with the input as query string or form body, as the
// service handles it: parse, analyse, answer with offsets into the document.
void server_languagetool_target(std::string_view data) {
  server::Params params;
  httplib::detail::parse_query_text(std::string(data), params);
  const Analyzer& analyzer = shipped_analyzer();
  server::LtCheckRequest request;
  std::string error;
  if (!server::parse_lt_check(params, analyzer.languages(), request, error)) {
    require(!error.empty(), "a refusal without a reason");
    return;
  }
  Reply reply;
  reply.text = server::to_utf8(request.text.checked());
  reply.lang = request.lang;
  const Analysis analysis = analyzer.analyze(reply);
  LanguageGuess detected = analysis.language;
  if (request.lang != "auto") {
    reply.lang = "auto";
    detected = analyzer.analyze(reply).language;
  }
  const auto answer = server::lt_check_response(request, analysis, detected, "fuzz");
  require(json::accept(dump_line(answer)), "the answer is not JSON");
  const size_t length = lt_document_length(params);
  for (const auto& match : answer["matches"]) {
    const auto offset = match["offset"].get<size_t>(), size = match["length"].get<size_t>();
    require(offset + size <= length, "match [" + std::to_string(offset) + ", +" +
                                         std::to_string(size) + ") outside the document of " +
                                         std::to_string(length) + " UTF-16 units");
  }
}

}  // namespace

Reply reply_from_bytes(std::string_view data) {
  const std::vector<std::string_view> parts = split(data, '\x1f');
  Reply reply;
  reply.id = "fuzz";
  reply.text = parts[0];
  if (parts.size() > 1) reply.customer = parts[1];
  if (parts.size() > 2) reply.lang = parts[2] == "nl" || parts[2] == "en" ? parts[2] : "auto";
  if (parts.size() > 3) reply.sent_at = parts[3];
  for (size_t i = 4; i < parts.size(); ++i)
    reply.thread.push_back({i % 2 == 0 ? "customer" : "agent", std::string(parts[i])});
  return reply;
}

const std::vector<NamedTarget>& targets() {
  static const std::vector<NamedTarget> all = {
      {"analyzer", analyzer_target},
      {"rule_loader", rule_loader_target},
      {"reply_record", reply_record_target},
      {"audit_jsonl", audit_jsonl_target},
      {"audit_csv", audit_csv_target},
      {"server_check", server_check_target},
      {"server_languagetool", server_languagetool_target},
  };
  return all;
}

Target find_target(std::string_view name) {
  for (const NamedTarget& t : targets())
    if (t.name == name) return t.run;
  return nullptr;
}

}  // namespace replylint::fuzz
