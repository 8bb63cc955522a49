#include "reply_record.hpp"

#include <nlohmann/json.hpp>

namespace replylint {

using nlohmann::json;

namespace {

bool optional_string(const json& record, const char* key, std::string& target, std::string& error) {
  if (!record.contains(key) || record[key].is_null()) return true;
  if (!record[key].is_string()) {
    error = std::string("\"") + key + "\" must be a string";
    return false;
  }
  target = record[key].get<std::string>();
  return true;
}

// "thread": [{"role": "customer"|"agent", "text": "..."}, ...], oldest first.
bool parse_thread(const json& record, std::vector<Turn>& thread, std::string& error) {
  if (!record.contains("thread") || record["thread"].is_null()) return true;
  const json& turns = record["thread"];
  if (!turns.is_array()) {
    error = "\"thread\" must be an array of {\"role\", \"text\"} objects";
    return false;
  }
  for (size_t i = 0; i < turns.size(); ++i) {
    const json& t = turns[i];
    const std::string where = "\"thread\"[" + std::to_string(i) + "]";
    if (!t.is_object() || !t.contains("text") || !t["text"].is_string()) {
      error = where + " must be an object with a string \"text\"";
      return false;
    }
    if (!t.contains("role") || !t["role"].is_string() ||
        (t["role"] != "customer" && t["role"] != "agent")) {
      error = where + ".role must be \"customer\" or \"agent\"";
      return false;
    }
    thread.push_back({t["role"].get<std::string>(), t["text"].get<std::string>()});
  }
  return true;
}

}  // namespace

bool parse_reply_record(const json& record, Reply& reply, std::string& error) {
  reply = Reply{};
  if (!record.is_object()) {
    error = "a record must be a JSON object";
    return false;
  }
  if (record.contains("id")) {
    const json& id = record["id"];
    if (id.is_string()) {
      reply.id = id.get<std::string>();
    } else if (id.is_number_integer() || id.is_number_unsigned()) {
      reply.id = id.dump();
    } else if (!id.is_null()) {
      error = "\"id\" must be a string or an integer";
      return false;
    }
  }
  const char* reply_key = record.contains("reply") ? "reply" : "text";
  if (!record.contains(reply_key) || record[reply_key].is_null()) {
    error = "missing \"reply\" (or \"text\")";
    return false;
  }
  if (!record[reply_key].is_string()) {
    error = std::string("\"") + reply_key + "\" must be a string";
    return false;
  }
  reply.text = record[reply_key].get<std::string>();
  if (!(optional_string(record, "customer", reply.customer, error) &&
        optional_string(record, "lang", reply.lang, error) &&
        optional_string(record, "sent_at", reply.sent_at, error) &&
        optional_string(record, "agent", reply.agent, error) &&
        optional_string(record, "channel", reply.channel, error))) {
    return false;
  }
  return parse_thread(record, reply.thread, error);
}

bool parse_json_line(std::string_view line, json& record, std::string& error) {
  try {
    record = json::parse(line);
  } catch (const json::exception& e) {  // also out_of_range: 1e400
    // "[json.exception.parse_error.101] parse error at ..." -> "invalid JSON: parse error at ..."
    const std::string what = e.what();
    const size_t bracket = what.find("] ");
    error = "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
    return false;
  }
  return true;
}

bool parse_reply_line(std::string_view line, Reply& reply, std::string& error) {
  json record;
  if (!parse_json_line(line, record, error)) return false;
  return parse_reply_record(record, reply, error);
}

}  // namespace replylint
