// The bytes of one audit input: a file or standard input, plain or gzip
// (detected by its magic bytes, so `.gz` names are optional and stdin works too).
#pragma once

#include <cstdint>
#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace replylint::audit {

// A read failure in the middle of an input (corrupt or truncated gzip, I/O error).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteSource {
 public:
  // Opens `path`; "-" reads `stdin_stream`. Throws InputError when the file can
  // not be opened.
  ByteSource(const std::string& path, std::istream& stdin_stream);
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads up to `n` decoded bytes; 0 means the end. Throws InputError.
  size_t read(char* buffer, size_t n);

  const std::string& name() const { return name_; }
  bool compressed() const { return gzip_ != nullptr; }
  // Bytes taken from the underlying file so far and its size when known: the
  // progress bar's fraction (compressed bytes for gzip, so ETA stays honest).
  uint64_t consumed() const { return consumed_; }
  std::optional<uint64_t> size() const { return size_; }

 private:
  struct Gzip;

  size_t read_raw(char* buffer, size_t n);
  size_t read_gzip(char* buffer, size_t n);

  std::string name_;
  std::ifstream file_;
  std::istream* in_ = nullptr;
  uint64_t consumed_ = 0;
  std::optional<uint64_t> size_;
  std::string pending_;  // bytes read while sniffing for the gzip magic
  size_t pending_pos_ = 0;
  std::unique_ptr<Gzip> gzip_;
};

}  // namespace replylint::audit
