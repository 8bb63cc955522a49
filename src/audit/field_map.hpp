// --field: maps another export's field or column names onto the record contract
// (`--field reply=body,customer=question,agent=user.name`), and turns a CSV row
// or a JSON object into a Reply through that map.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis.hpp"

namespace replylint::audit {

// The contract's field names (DESIGN.md), the left-hand side of a mapping.
const std::vector<std::string>& contract_fields();

class FieldMap {
 public:
  // Parses specs like "reply=text,customer=question" (several may be given).
  // Throws std::invalid_argument naming the bad part.
  static FieldMap parse(const std::vector<std::string>& specs);

  bool empty() const { return source_.empty(); }
  // The input name a contract field is read from, when mapped.
  const std::string* source(const std::string& field) const;

  // Renames mapped keys of a JSON record to contract names. A source with a dot
  // that is not a key itself is a path into nested objects ("user.name").
  void apply(nlohmann::json& record) const;

 private:
  std::map<std::string, std::string> source_;  // contract field -> input name
};

// Where each contract field sits in a CSV header (-1: absent).
class CsvColumns {
 public:
  // Throws std::invalid_argument when a mapped column is missing or the header
  // has no reply column.
  CsvColumns(const std::vector<std::string>& header, const FieldMap& map);
  // The row as a contract record (empty cells are absent fields).
  bool to_record(const std::vector<std::string>& row, nlohmann::json& record,
                 std::string& error) const;
  // The row's id cell, when the row reaches it (also for rows that are otherwise bad).
  std::string id(const std::vector<std::string>& row) const;

 private:
  std::vector<std::pair<std::string, size_t>> columns_;  // contract field, column index
};

// The record's id when it has a readable one (for error records), else "".
std::string record_id(const nlohmann::json& record);

}  // namespace replylint::audit
