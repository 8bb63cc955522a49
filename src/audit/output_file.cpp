#include "audit/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace replylint::audit {

namespace {

std::string failure(const std::string& path, const char* what) {
  std::string message = path;
  message += ": ";
  message += what;
  message += " (";
  message += std::strerror(errno);
  message += ')';
  return message;
}

}  // namespace

OutputFile::OutputFile(const std::string& path, Mode mode) : path_(path) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (mode == Mode::truncate ? O_TRUNC : O_APPEND);
  fd_ = ::open(path.c_str(), flags, 0666);
  if (fd_ < 0) throw std::runtime_error(failure(path, "cannot write the file"));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFile::truncate(uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0)
    throw std::runtime_error(failure(path_, "cannot cut off the incomplete record"));
}

void OutputFile::write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(failure(path_, "write failed"));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace replylint::audit
