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

json to_json(const std::vector<Promise>& list) {
  json promises = json::array();
  for (const Promise& p : list) {
    json item = {{"who", p.who}, {"what", p.what}};
    item["deadline_text"] = p.deadline_text.empty() ? json(nullptr) : json(p.deadline_text);
    item["deadline"] = p.deadline.empty() ? json(nullptr) : json(p.deadline);
    item["span"] = {{"start", p.span.start},
                    {"end", p.span.end},
                    {"start_utf16", p.span.start_utf16},
                    {"end_utf16", p.span.end_utf16}};
    promises.push_back(item);
  }
  return promises;
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
  json out = {
      {"id", a.id},
      {"lang", a.lang},
      {"language", language},
      {"scores", {{"authenticity", a.scores.authenticity}, {"ownership", a.scores.ownership}}},
      {"verdict", to_string(a.verdict)},
      {"findings", findings},
      {"signals", signals},
      {"promises", to_json(a.promises)}};
  if (a.empathy_sandwich) out["empathy_sandwich"] = true;
  if (a.context.present) {
    out["context"] = {{"engagement", std::round(a.context.engagement * 100) / 100},
                      {"customer_details", a.context.details},
                      {"missed", a.context.missed},
                      {"repeat_similarity", std::round(a.context.repeat_similarity * 100) / 100}};
  }
  return out;
}

namespace {
json examples(const std::vector<RuleExample>& list) {
  json out = json::array();
  for (const RuleExample& e : list) {
    if (e.customer.empty() && e.thread.empty() && e.sent_at.empty()) {
      out.push_back(e.reply);
      continue;
    }
    json item = {{"reply", e.reply}};
    if (!e.customer.empty()) item["customer"] = e.customer;
    if (!e.sent_at.empty()) item["sent_at"] = e.sent_at;
    if (!e.thread.empty()) {
      item["thread"] = json::array();
      for (const Turn& t : e.thread) item["thread"].push_back({{"role", t.role}, {"text", t.text}});
    }
    out.push_back(item);
  }
  return out;
}
}  // namespace

json to_json(const Rule& r) {
  return json{
      {"id", r.id},
      {"lang", r.lang},
      {"category", r.category},
      {"kind", r.is_signal() ? "signal" : "flaw"},
      {"dimension", to_string(r.dimension)},
      {"severity", to_string(r.severity)},
      {"weight", r.weight},
      {"patterns", r.written_patterns},
      {"check", r.check.empty() ? json(nullptr) : json(r.check)},
      {"when_customer_gave", r.when_customer_gave},
      {"message", r.message},
      {"suggestion", r.suggestion},
      {"explanation", r.explanation},
      {"examples",
       {{"match", examples(r.match_examples)}, {"no_match", examples(r.no_match_examples)}}},
      {"file", r.file}};
}

std::string dump_line(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace replylint
