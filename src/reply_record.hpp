// The input record contract of DESIGN.md: one reply per JSON object (a JSON Lines
// line): id, reply (or text), customer, lang, and fields kept for later use.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "analysis.hpp"

namespace replylint {

// Fills `reply` from a record. On a bad record returns false and says why in
// `error` (e.g. "missing \"reply\"", "\"lang\" must be a string").
bool parse_reply_record(const nlohmann::json& record, Reply& reply, std::string& error);

// Same, from one line of JSON text (invalid JSON is an error, not an exception).
bool parse_reply_line(std::string_view line, Reply& reply, std::string& error);

// Just the JSON step of parse_reply_line (error "invalid JSON: ..."), for callers
// that look at or rename fields before parse_reply_record.
bool parse_json_line(std::string_view line, nlohmann::json& record, std::string& error);

}  // namespace replylint
