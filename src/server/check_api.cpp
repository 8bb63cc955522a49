#include "server/check_api.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "analysis_json.hpp"
#include "analysis_json_writer.hpp"
#include "reply_record.hpp"

namespace replylint::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

bool parse_body(const std::string& body, json& out, std::string& error) {
  try {
    out = json::parse(body);
    return true;
  } catch (const json::exception& e) {  // also out_of_range: 1e400
    // "[json.exception.parse_error.101] parse error at ..." -> "invalid JSON: parse error at ..."
    const std::string what = e.what();
    const size_t bracket = what.find("] ");
    error = "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
    return false;
  }
}

// Analyses one record; on a bad record or language says why in `error`.
bool analyze_record(const Analyzer& analyzer, Metrics& metrics, const json& record,
                    Analysis& analysis, std::string& error) {
  Reply reply;
  if (!parse_reply_record(record, reply, error)) return false;
  try {
    analysis = analyzer.analyze(reply);
  } catch (const std::invalid_argument& e) {  // a "lang" without rules
    error = e.what();
    return false;
  }
  metrics.observe_analysis(analysis);
  return true;
}

}  // namespace

std::string error_json(std::string_view message) {
  return dump_line(ojson{{"error", message}});
}

ApiAnswer check_one(const Analyzer& analyzer, Metrics& metrics, const std::string& body) {
  json record;
  std::string error;
  Analysis analysis;
  if (!parse_body(body, record, error) ||
      !analyze_record(analyzer, metrics, record, analysis, error)) {
    return {400, error_json(error)};
  }
  return {200, analysis_json_line(analysis)};
}

ApiAnswer check_batch(const Analyzer& analyzer, Metrics& metrics, const std::string& body) {
  json request;
  std::string error;
  if (!parse_body(body, request, error)) return {400, error_json(error)};
  if (!request.is_object() || !request.contains("replies") || !request["replies"].is_array()) {
    return {400, error_json("the body must be an object with a \"replies\" array")};
  }
  // Each result is written out as soon as it is made: a batch that fills --max-body
  // has some 17,000 replies, whose analyses as one JSON tree would take ~100 MB.
  std::string out = "{\"results\":[";
  const json& replies = request["replies"];
  for (size_t i = 0; i < replies.size(); ++i) {
    if (i > 0) out += ',';
    Analysis analysis;
    if (analyze_record(analyzer, metrics, replies[i], analysis, error)) {
      append_analysis_json(out, analysis);
      continue;
    }
    ojson failed = {{"index", i}};
    if (replies[i].is_object() && replies[i].contains("id")) {
      const json& id = replies[i]["id"];
      if (id.is_string()) failed["id"] = id.get<std::string>();
      if (id.is_number_integer()) failed["id"] = id.get<int64_t>();
    }
    failed["error"] = error;
    out += dump_line(failed);
  }
  out += "]}";
  return {200, std::move(out)};
}

ApiAnswer list_rules(const Analyzer& analyzer, const std::string& lang) {
  const auto languages = analyzer.languages();
  if (!lang.empty() && std::find(languages.begin(), languages.end(), lang) == languages.end()) {
    return {400, error_json("no rules for language \"" + lang + "\"")};
  }
  ojson rules = ojson::array();
  for (const Rule& r : analyzer.rules().rules)
    if (lang.empty() || r.lang == lang) {
      ojson rule = to_json(r);
      rule.erase("file");  // a path on the server is no client's business
      rules.push_back(std::move(rule));
    }
  return {200, dump_line(ojson{{"languages", languages}, {"rules", std::move(rules)}})};
}

}  // namespace replylint::server
