#include "audit/byte_source.hpp"

#include <zlib.h>

#include <cstring>
#include <filesystem>

namespace replylint::audit {

namespace {
constexpr size_t kChunk = 256 * 1024;
constexpr unsigned char kGzipMagic[2] = {0x1f, 0x8b};
}  // namespace

struct ByteSource::Gzip {
  z_stream stream{};
  std::string input = std::string(kChunk, '\0');
  bool finished = false;  // the last member ended and no input follows

  Gzip() {
    // 16 + MAX_WBITS: gzip wrapper only (we detected its magic).
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw InputError("cannot start zlib");
  }
  ~Gzip() { inflateEnd(&stream); }
};

ByteSource::ByteSource(const std::string& path, std::istream& stdin_stream)
    : name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    in_ = &stdin_stream;
  } else {
    file_.open(path, std::ios::binary);
    if (!file_) throw InputError(path + ": cannot open the file");
    in_ = &file_;
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (!ec) size_ = bytes;
  }
  // Sniff the first two bytes; keep them for the plain reader.
  char head[2];
  const size_t got = read_raw(head, 2);
  if (got == 2 && std::memcmp(head, kGzipMagic, 2) == 0) {
    gzip_ = std::make_unique<Gzip>();
    std::memcpy(gzip_->input.data(), head, 2);
    gzip_->stream.next_in = reinterpret_cast<Bytef*>(gzip_->input.data());
    gzip_->stream.avail_in = 2;
  } else {
    pending_.assign(head, got);
  }
}

ByteSource::~ByteSource() = default;

size_t ByteSource::read_raw(char* buffer, size_t n) {
  if (!in_->good()) return 0;
  in_->read(buffer, static_cast<std::streamsize>(n));
  const auto got = static_cast<size_t>(in_->gcount());
  if (in_->bad()) throw InputError(name_ + ": read error");
  consumed_ += got;
  return got;
}

size_t ByteSource::read(char* buffer, size_t n) {
  if (n == 0) return 0;
  if (gzip_) return read_gzip(buffer, n);
  if (pending_pos_ < pending_.size()) {
    const size_t take = std::min(n, pending_.size() - pending_pos_);
    std::memcpy(buffer, pending_.data() + pending_pos_, take);
    pending_pos_ += take;
    return take;
  }
  return read_raw(buffer, n);
}

size_t ByteSource::read_gzip(char* buffer, size_t n) {
  Gzip& gz = *gzip_;
  z_stream& s = gz.stream;
  s.next_out = reinterpret_cast<Bytef*>(buffer);
  s.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
  const uInt wanted = s.avail_out;
  while (!gz.finished && s.avail_out == wanted) {
    if (s.avail_in == 0) {
      const size_t got = read_raw(gz.input.data(), gz.input.size());
      if (got == 0) throw InputError(name_ + ": truncated gzip data (the file ends mid-stream)");
      s.next_in = reinterpret_cast<Bytef*>(gz.input.data());
      s.avail_in = static_cast<uInt>(got);
    }
    const int rc = inflate(&s, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // Concatenated members (`cat a.gz b.gz`, pigz, bgzip) are one stream.
      if (s.avail_in == 0) {
        const size_t got = read_raw(gz.input.data(), gz.input.size());
        s.next_in = reinterpret_cast<Bytef*>(gz.input.data());
        s.avail_in = static_cast<uInt>(got);
      }
      if (s.avail_in == 0) {
        gz.finished = true;
      } else if (s.avail_in >= 2 && s.next_in[0] == kGzipMagic[0] &&
                 s.next_in[1] == kGzipMagic[1]) {
        inflateReset(&s);
      } else {
        throw InputError(name_ + ": unexpected data after the end of the gzip stream");
      }
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw InputError(name_ + ": corrupt gzip data (" + (s.msg ? s.msg : "zlib error") + ")");
    }
  }
  return wanted - s.avail_out;
}

}  // namespace replylint::audit
