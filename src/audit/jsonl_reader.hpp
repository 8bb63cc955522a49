// JSON Lines: one record per line, numbered from 1; blank and overlong lines are
// error records so that every line gives one output record.
#pragma once

#include "audit/chunked_input.hpp"
#include "audit/record_reader.hpp"

namespace replylint::audit {

class JsonlReader : public RecordReader {
 public:
  explicit JsonlReader(ByteSource& source) : input_(source) {}
  bool next(RawRecord& record) override;
  const std::vector<std::string>& header() const override { return no_header_; }
  size_t buffered() const override { return input_.buffered(); }

 private:
  ChunkedInput input_;
  uint64_t line_ = 0;
  std::vector<std::string> no_header_;
};

}  // namespace replylint::audit
