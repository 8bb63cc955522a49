// CSV (RFC 4180): a header row, then one record per row; quoted fields may hold
// delimiters, doubled quotes and line breaks. Rows are numbered by the line they
// start on; a row the reader can not make sense of is an error record.
#pragma once

#include "audit/chunked_input.hpp"
#include "audit/record_reader.hpp"

namespace replylint::audit {

class CsvReader : public RecordReader {
 public:
  // Reads the header row at once; the delimiter (',', ';' or tab) is the one the
  // header uses most, since Dutch spreadsheet exports write ';'.
  explicit CsvReader(ByteSource& source);
  bool next(RawRecord& record) override;
  const std::vector<std::string>& header() const override { return header_; }
  size_t buffered() const override { return input_.buffered(); }
  char delimiter() const { return delimiter_; }

 private:
  // One row into `fields`; false at the end of the input.
  bool read_row(std::vector<std::string>& fields, std::string& error, size_t& bytes);

  ChunkedInput input_;
  std::vector<std::string> header_;
  char delimiter_ = ',';
  uint64_t line_ = 1;  // the line the next row starts on
};

}  // namespace replylint::audit
