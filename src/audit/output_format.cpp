#include "audit/output_format.hpp"

#include <set>

#include "analysis_json.hpp"
#include "analysis_json_writer.hpp"

namespace replylint::audit {

using json = nlohmann::ordered_json;

json output_record(const AuditRecord& r, json analysis_json, const std::string* input) {
  if (!r.ok()) {
    json e = {{"line", r.line}};
    if (input) e["input"] = *input;
    if (!r.id.empty()) e["id"] = r.id;
    e["error"] = r.error;
    return e;
  }
  json& j = analysis_json;
  if (!r.reply.agent.empty()) j["agent"] = r.reply.agent;
  if (!r.reply.channel.empty()) j["channel"] = r.reply.channel;
  if (!r.reply.sent_at.empty()) j["sent_at"] = r.reply.sent_at;
  if (input) j["input"] = *input;
  j["line"] = r.line;
  return j;
}

void append_jsonl_record(std::string& out, const AuditRecord& r, const std::string* input) {
  if (!r.ok()) {
    out += dump_line(output_record(r, json(), input));
    return;
  }
  // The analysis's object, its closing brace replaced by the audit's members.
  append_analysis_json(out, r.analysis);
  out.pop_back();
  auto member = [&](std::string_view key, std::string_view value) {
    out += ",\"";
    out += key;
    out += "\":";
    append_json_string(out, value);
  };
  if (!r.reply.agent.empty()) member("agent", r.reply.agent);
  if (!r.reply.channel.empty()) member("channel", r.reply.channel);
  if (!r.reply.sent_at.empty()) member("sent_at", r.reply.sent_at);
  if (input) member("input", *input);
  out += ",\"line\":" + std::to_string(r.line) + '}';
}

void append_csv_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string csv_header(bool with_input) {
  return std::string(with_input ? "input," : "") +
         "line,id,lang,verdict,authenticity,ownership,findings,signals,categories,rules,agent,"
         "channel,sent_at,error\r\n";
}

void append_csv_row(std::string& out, const AuditRecord& r, const std::string* input) {
  if (input) {
    append_csv_field(out, *input);
    out += ',';
  }
  out += std::to_string(r.line);
  out += ',';
  append_csv_field(out, r.id);
  if (!r.ok()) {
    out += ",,,,,,,,,,,,";
    append_csv_field(out, r.error);
    out += "\r\n";
    return;
  }
  const Analysis& a = r.analysis;
  // Categories and rules once each, in order of first appearance, joined by ';'.
  std::string categories, rules;
  std::set<std::string> seen;
  for (const Finding& f : a.findings) {
    if (seen.insert("c:" + f.category).second)
      categories += (categories.empty() ? "" : ";") + f.category;
    if (seen.insert("r:" + f.rule).second) rules += (rules.empty() ? "" : ";") + f.rule;
  }
  out += ',';
  append_csv_field(out, a.lang);
  out += ',';
  out += to_string(a.verdict);
  out += ',' + std::to_string(a.scores.authenticity) + ',' + std::to_string(a.scores.ownership) +
         ',' + std::to_string(a.findings.size()) + ',' + std::to_string(a.signals.size()) + ',';
  append_csv_field(out, categories);
  out += ',';
  append_csv_field(out, rules);
  out += ',';
  append_csv_field(out, r.reply.agent);
  out += ',';
  append_csv_field(out, r.reply.channel);
  out += ',';
  append_csv_field(out, r.reply.sent_at);
  out += ",\r\n";
}

}  // namespace replylint::audit
