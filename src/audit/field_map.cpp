#include "audit/field_map.hpp"

#include <algorithm>
#include <stdexcept>

namespace replylint::audit {

using nlohmann::json;

const std::vector<std::string>& contract_fields() {
  static const std::vector<std::string> fields = {"id",   "reply", "customer", "thread",
                                                  "lang", "agent", "channel",  "sent_at"};
  return fields;
}

namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool is_contract_field(const std::string& name) {
  const auto& f = contract_fields();
  return std::find(f.begin(), f.end(), name) != f.end();
}

}  // namespace

FieldMap FieldMap::parse(const std::vector<std::string>& specs) {
  FieldMap map;
  for (const std::string& spec : specs) {
    size_t start = 0;
    while (start <= spec.size()) {
      const size_t comma = std::min(spec.find(',', start), spec.size());
      const std::string part = trim(spec.substr(start, comma - start));
      start = comma + 1;
      if (part.empty()) continue;
      const size_t eq = part.find('=');
      if (eq == std::string::npos) {
        throw std::invalid_argument("--field \"" + part +
                                    "\": expected FIELD=NAME, e.g. reply=text");
      }
      const std::string field = trim(part.substr(0, eq)), name = trim(part.substr(eq + 1));
      if (!is_contract_field(field)) {
        std::string known;
        for (const auto& f : contract_fields()) known += (known.empty() ? "" : ", ") + f;
        throw std::invalid_argument("--field \"" + part + "\": unknown field \"" + field +
                                    "\" (one of: " + known + ")");
      }
      if (name.empty()) throw std::invalid_argument("--field \"" + part + "\": empty name");
      if (!map.source_.emplace(field, name).second) {
        throw std::invalid_argument("--field: \"" + field + "\" is mapped twice");
      }
    }
  }
  return map;
}

const std::string* FieldMap::source(const std::string& field) const {
  const auto it = source_.find(field);
  return it == source_.end() ? nullptr : &it->second;
}

void FieldMap::apply(json& record) const {
  if (!record.is_object()) return;
  // Take every source value first, so swapped names (a=b, b=a) work.
  std::vector<std::pair<std::string, json>> taken;
  for (const auto& [field, name] : source_) {
    if (auto it = record.find(name); it != record.end()) {
      taken.emplace_back(field, std::move(*it));
      record.erase(it);
    } else if (name.find('.') != std::string::npos) {
      std::string pointer = "/" + name;
      std::replace(pointer.begin(), pointer.end(), '.', '/');
      const json::json_pointer ptr(pointer);
      if (record.contains(ptr)) taken.emplace_back(field, record.at(ptr));
    }
  }
  for (auto& [field, value] : taken) record[field] = std::move(value);
}

CsvColumns::CsvColumns(const std::vector<std::string>& header, const FieldMap& map) {
  auto column = [&](const std::string& name) -> long {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : it - header.begin();
  };
  for (const std::string& field : contract_fields()) {
    long index = -1;
    if (const std::string* name = map.source(field)) {
      index = column(*name);
      if (index < 0) {
        throw std::invalid_argument("--field " + field + "=" + *name + ": no column \"" + *name +
                                    "\" in the CSV header");
      }
    } else {
      index = column(field);
      if (index < 0 && field == "reply") index = column("text");
    }
    if (index >= 0) columns_.emplace_back(field, static_cast<size_t>(index));
  }
  const bool has_reply = std::any_of(columns_.begin(), columns_.end(),
                                     [](const auto& c) { return c.first == "reply"; });
  if (!has_reply) {
    throw std::invalid_argument(
        "the CSV header has no \"reply\" (or \"text\") column; name one with --field reply=COLUMN");
  }
}

bool CsvColumns::to_record(const std::vector<std::string>& row, json& record,
                           std::string& error) const {
  record = json::object();
  for (const auto& [field, index] : columns_) {
    const std::string& cell = row.at(index);
    if (cell.empty()) continue;
    if (field == "thread") {
      // A thread cell holds the contract's JSON array.
      record[field] = json::parse(cell, nullptr, false);
      if (record[field].is_discarded()) {
        error = "the \"thread\" column must hold a JSON array of {\"role\", \"text\"} objects";
        return false;
      }
    } else {
      record[field] = cell;
    }
  }
  return true;
}

std::string CsvColumns::id(const std::vector<std::string>& row) const {
  for (const auto& [field, index] : columns_) {
    if (field == "id" && index < row.size()) return row[index];
  }
  return {};
}

std::string record_id(const json& record) {
  if (!record.is_object()) return {};
  const auto it = record.find("id");
  if (it == record.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer() || it->is_number_unsigned()) return it->dump();
  return {};
}

}  // namespace replylint::audit
