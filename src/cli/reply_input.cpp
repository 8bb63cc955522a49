#include "cli/reply_input.hpp"

#include <fstream>
#include <sstream>

#include "reply_record.hpp"

namespace replylint::cli {

bool is_jsonl_path(const std::string& path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".jsonl") || ends_with(".ndjson");
}

namespace {

void read_jsonl(std::istream& in, const std::string& name,
                const std::function<void(InputReply&)>& each) {
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank line
    InputReply item;
    item.location = name + ":" + std::to_string(number);
    item.from_record = true;
    std::string error;
    if (!parse_reply_line(line, item.reply, error)) {
      item.error = "line " + std::to_string(number) + ": " + error;
    } else if (!item.reply.id.empty()) {
      item.location = name + "#" + item.reply.id;
    }
    each(item);
  }
}

}  // namespace

bool can_open_input(const std::string& path, std::string& error) {
  if (path == "-" || std::ifstream(path, std::ios::binary)) return true;
  error = path + ": cannot open the file";
  return false;
}

bool read_input(const std::string& path, bool force_jsonl, std::istream& stdin_stream,
                const std::function<void(InputReply&)>& each, std::string& error) {
  const bool from_stdin = path == "-";
  const std::string name = from_stdin ? "<stdin>" : path;
  std::ifstream file;
  if (!from_stdin) {
    file.open(path, std::ios::binary);
    if (!file) {
      error = path + ": cannot open the file";
      return false;
    }
  }
  std::istream& in = from_stdin ? stdin_stream : file;
  if (force_jsonl || is_jsonl_path(path)) {
    read_jsonl(in, name, each);
    return true;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  InputReply item;
  item.location = name;
  item.reply.id = name;
  item.reply.text = buffer.str();
  each(item);
  return true;
}

}  // namespace replylint::cli
