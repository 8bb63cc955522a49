#include "analysis_json.hpp"

namespace replylint {

using json = nlohmann::ordered_json;

json to_json(const Finding& f) {
  return json{{"rule", f.rule},
              {"category", f.category},
              {"dimension", to_string(f.dimension)},
              {"severity", to_string(f.severity)},
              {"message", f.message},
              {"suggestion", f.suggestion},
              {"text", f.text},
              {"span",
               {{"start", f.span.start},
                {"end", f.span.end},
                {"start_utf16", f.span.start_utf16},
                {"end_utf16", f.span.end_utf16}}}};
}

json to_json(const Analysis& a) {
  json findings = json::array();
  for (const auto& f : a.findings) findings.push_back(to_json(f));
  json signals = json::array();
  for (const auto& s : a.signals) signals.push_back(to_json(s));
  json language = {{"detected", a.language.lang},
                   {"confidence", std::round(a.language.confidence * 100) / 100},
                   {"method", a.language.method}};
  if (!a.language.also.empty()) language["also"] = a.language.also;
  if (!a.language.note.empty()) language["note"] = a.language.note;
  return json{
      {"id", a.id},
      {"lang", a.lang},
      {"language", language},
      {"scores", {{"authenticity", a.scores.authenticity}, {"ownership", a.scores.ownership}}},
      {"verdict", to_string(a.verdict)},
      {"findings", findings},
      {"signals", signals}};
}

json to_json(const Rule& r) {
  return json{{"id", r.id},
              {"lang", r.lang},
              {"category", r.category},
              {"kind", r.is_signal() ? "signal" : "flaw"},
              {"dimension", to_string(r.dimension)},
              {"severity", to_string(r.severity)},
              {"weight", r.weight},
              {"patterns", r.written_patterns},
              {"message", r.message},
              {"suggestion", r.suggestion},
              {"explanation", r.explanation},
              {"examples", {{"match", r.match_examples}, {"no_match", r.no_match_examples}}},
              {"file", r.file}};
}

std::string dump_line(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace replylint
