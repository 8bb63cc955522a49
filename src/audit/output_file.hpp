// The --output file: each batch of records goes out in one write(2) straight from
// its buffer, so a killed run leaves whole records up to the last batch, and at
// most one batch cut short where the kill hit (the kernel may stop a write
// between pages when the process is killed; --resume cuts that part off).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace replylint::audit {

class OutputFile {
 public:
  enum class Mode { truncate, resume };
  // Throws std::runtime_error naming the file when it can not be opened for writing.
  OutputFile(const std::string& path, Mode mode);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Resume mode: cut the file to `size` bytes and append from there.
  void truncate(uint64_t size);
  // The whole of `data`; throws std::runtime_error on a write error (disk full, ...).
  void write(std::string_view data);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace replylint::audit
