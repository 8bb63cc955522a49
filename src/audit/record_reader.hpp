// Splitting an input into records, each with the line number it starts on (JSON
// Lines: jsonl_reader, CSV: csv_reader). Decoding a record into a Reply happens
// later, on the worker threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "audit/byte_source.hpp"

namespace replylint::audit {

enum class InputFormat { jsonl, csv };

// Longer records are refused (error record): analysis takes about 120 bytes per byte of
// reply, so one broken line must not hold gigabytes on every worker.
inline constexpr size_t kMaxRecordBytes = 1u << 20;

struct RawRecord {
  uint64_t line = 0;                // 1-based line the record starts on
  std::string text;                 // JSON Lines: the line
  std::vector<std::string> fields;  // CSV: the row
  std::string error;                // the reader could not read this record
  size_t bytes = 0;                 // input bytes it took (for batch sizing)
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next record; false at the end of the input. Throws InputError when the
  // input can not be read further.
  virtual bool next(RawRecord& record) = 0;
  // CSV: the header row's column names; empty for JSON Lines.
  virtual const std::vector<std::string>& header() const = 0;
  // Decoded bytes read ahead of the records handed out (for exact progress).
  virtual size_t buffered() const = 0;
};

std::unique_ptr<RecordReader> make_reader(InputFormat format, ByteSource& source);

// `auto`: .csv / .tsv (optionally .gz) are CSV, everything else (and stdin) JSON Lines.
InputFormat guess_format(const std::string& path);

// Shared by the readers.
void strip_bom(std::string& text);
std::string record_too_long_message();

}  // namespace replylint::audit
