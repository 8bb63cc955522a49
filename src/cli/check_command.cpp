#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "analysis_json.hpp"
#include "analysis_json_writer.hpp"
#include "cli/commands.hpp"
#include "cli/reply_input.hpp"
#include "cli/text_report.hpp"
#include "reply_record.hpp"

namespace replylint::cli {
namespace {

bool fails(Verdict verdict, const std::string& fail_on) {
  if (fail_on == "never") return false;
  if (fail_on == "revise") return verdict != Verdict::send;
  return verdict == Verdict::block;
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// The local time now, for replies checked before they are sent.
std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &local);
  return buffer;
}

}  // namespace

int run_check(const Analyzer& analyzer, const CheckOptions& options, Io& io) {
  std::vector<std::string> inputs = options.inputs;
  if (inputs.empty() && options.text.empty()) inputs.push_back("-");
  // Every input is opened before the first reply is analysed: a mistyped path
  // stops the run before it prints anything.
  for (const std::string& path : inputs) {
    std::string error;
    if (!can_open_input(path, error)) {
      io.err << "replylint: error: " << error << '\n';
      return kUsage;
    }
  }

  std::string customer;
  if (!options.customer_file.empty() && !read_file(options.customer_file, customer)) {
    io.err << "replylint: error: " << options.customer_file << ": cannot open the file\n";
    return kUsage;
  }
  std::vector<Turn> thread;
  if (!options.thread_file.empty()) {
    std::string text, error;
    Reply parsed;
    nlohmann::json record;
    if (!read_file(options.thread_file, text)) {
      io.err << "replylint: error: " << options.thread_file << ": cannot open the file\n";
      return kUsage;
    }
    record["reply"] = "";
    record["thread"] = nlohmann::json::parse(text, nullptr, false);
    if (record["thread"].is_discarded() || !parse_reply_record(record, parsed, error)) {
      io.err << "replylint: error: " << options.thread_file << ": "
             << (record["thread"].is_discarded() ? "invalid JSON" : error) << '\n';
      return kUsage;
    }
    thread = std::move(parsed.thread);
  }
  const std::string sent_at = options.sent_at.empty() ? now_iso() : options.sent_at;

  const Style style{use_color(options.color, io.out_is_tty)};
  bool any_failed = false, any_error = false;
  auto check = [&](InputReply& item) {
    if (!item.error.empty()) {
      io.err << "replylint: error: " << item.location.substr(0, item.location.rfind(':')) << ": "
             << item.error << '\n';
      if (options.format == "json") {
        io.out << dump_line({{"error", item.error}, {"location", item.location}}) << '\n';
      }
      any_error = true;
      return;
    }
    if (item.reply.lang.empty() || options.lang != "auto") item.reply.lang = options.lang;
    if (item.reply.customer.empty()) item.reply.customer = customer;
    if (item.reply.thread.empty()) item.reply.thread = thread;
    // A record keeps its own sent_at: a past reply is not dated by today's clock.
    if (item.reply.sent_at.empty() && !item.from_record) item.reply.sent_at = sent_at;
    Analysis analysis;
    try {
      analysis = analyzer.analyze(item.reply);
    } catch (const std::invalid_argument& e) {
      io.err << "replylint: error: " << item.location << ": " << e.what() << '\n';
      any_error = true;
      return;
    }
    if (options.format == "json") {
      io.out << analysis_json_line(analysis) << '\n';
    } else {
      write_text_report(io.out, item.location, item.reply.text, analysis, style);
    }
    any_failed = any_failed || fails(analysis.verdict, options.fail_on);
  };
  // Replies read from input may be many. Rule programs compile when a reply
  // first needs them; a spare core compiles the rest meanwhile, so later
  // replies find theirs ready; returning from here stops and joins it. A
  // program that fails to compile there is left to fail the reply that needs it.
  std::jthread compiler;
  if (!inputs.empty() && std::thread::hardware_concurrency() > 1) {
    compiler = std::jthread([&](std::stop_token stop) {
      try {
        analyzer.compile_all_until(stop);
      } catch (...) {
      }
    });
  }
  if (!options.text.empty()) {
    InputReply item;
    item.location = "<text>";
    item.reply.id = "text";
    item.reply.text = options.text;
    check(item);
  }
  for (const std::string& path : inputs) {
    std::string error;
    if (!read_input(path, options.jsonl, io.in, check, error)) {
      io.err << "replylint: error: " << error << '\n';
      return kUsage;
    }
  }
  if (any_error) return kUsage;
  return any_failed ? kFailed : kOk;
}

}  // namespace replylint::cli
