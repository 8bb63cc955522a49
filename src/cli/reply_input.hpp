// Reads the replies `check` is given: a plain file is one reply, a .jsonl file
// (or --jsonl) one record per line, "-" is standard input.
#pragma once

#include <functional>
#include <istream>
#include <string>

#include "analysis.hpp"

namespace replylint::cli {

struct InputReply {
  Reply reply;
  std::string location;      // what messages call it: "reply.txt", "demo.jsonl#id", "demo.jsonl:7"
  std::string error;         // set when the record could not be read; the reply is then empty
  bool from_record = false;  // a JSON Lines record (carries its own sent_at, thread, ...)
};

// Hands each reply of one input to `each` as soon as it is read, so a file of
// millions of records never sits in memory. Returns false (with `error`) only
// when the input itself cannot be opened; a bad JSONL line becomes an
// InputReply with `error`.
bool read_input(const std::string& path, bool force_jsonl, std::istream& stdin_stream,
                const std::function<void(InputReply&)>& each, std::string& error);

// Whether `path` ("-" is standard input) can be opened; `error` says why not.
bool can_open_input(const std::string& path, std::string& error);

bool is_jsonl_path(const std::string& path);

}  // namespace replylint::cli
