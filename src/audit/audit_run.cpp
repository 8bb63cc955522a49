#include "audit/audit_run.hpp"

#include <algorithm>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "audit/audit_summary.hpp"
#include "audit/html_report.hpp"
#include "audit/ordered_pipeline.hpp"
#include "audit/progress.hpp"
#include "audit/record_processor.hpp"

namespace replylint::audit {

namespace {

constexpr size_t kBatchBytes = 1u << 20;  // a batch also ends after this much input

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// An output file opened before the run, so a bad path fails before any work.
std::unique_ptr<std::ofstream> open_output(const std::string& path, const char* what) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) throw AuditSetupError(std::string(what) + " " + path + ": cannot write the file");
  return file;
}

// Reads the inputs one after another, in batches that never span two inputs.
class InputSequence {
 public:
  InputSequence(const AuditOptions& options, std::istream& stdin_stream)
      : options_(options), stdin_(stdin_stream), fields_(FieldMap::parse(options.fields)) {
    inputs_ = options.inputs.empty() ? std::vector<std::string>{"-"} : options.inputs;
    size_t stdin_count = 0;
    for (const std::string& path : inputs_) {
      if (path == "-") {
        if (++stdin_count > 1) throw AuditSetupError("standard input (-) can be read only once");
        known_size_ = false;
        continue;
      }
      std::ifstream probe(path, std::ios::binary);
      if (!probe) throw AuditSetupError(path + ": cannot open the file");
      std::error_code ec;
      const auto size = std::filesystem::file_size(path, ec);
      if (ec)
        known_size_ = false;
      else
        total_size_ += size;
    }
  }

  const FieldMap& fields() const { return fields_; }
  const std::vector<std::string>& inputs() const { return inputs_; }
  std::optional<uint64_t> total_size() const {
    return known_size_ ? std::optional<uint64_t>(total_size_) : std::nullopt;
  }

  bool next(Batch& batch) {
    while (true) {
      if (!reader_ && !open_next()) return false;
      batch.input = &contexts_.back();
      size_t bytes = 0;
      bool ended = false;
      try {
        while (batch.raw.size() < options_.batch_records && bytes < kBatchBytes) {
          RawRecord record;
          if (!reader_->next(record)) {
            ended = true;
            break;
          }
          bytes += record.bytes;
          last_line_ = record.line;
          batch.raw.push_back(std::move(record));
        }
      } catch (const InputError& e) {
        // The rest of this input is unreadable: say so at the next line, go on with the next input.
        RawRecord record;
        record.line = last_line_ + 1;
        record.error = e.what();
        batch.raw.push_back(std::move(record));
        ended = true;
      }
      // Plain input: exactly up to the last record; gzip: the compressed bytes taken.
      const uint64_t ahead = source_->compressed() ? 0 : reader_ ? reader_->buffered() : 0;
      batch.bytes_read = finished_bytes_ + source_->consumed() - ahead;
      if (ended) close();
      if (!batch.raw.empty()) return true;
    }
  }

 private:
  bool open_next() {
    if (next_input_ == inputs_.size()) return false;
    const std::string& path = inputs_[next_input_++];
    try {
      source_ = std::make_unique<ByteSource>(path, stdin_);
      InputContext context;
      context.name = source_->name();
      context.format = options_.input_format == "csv"     ? InputFormat::csv
                       : options_.input_format == "jsonl" ? InputFormat::jsonl
                                                          : guess_format(path);
      reader_ = make_reader(context.format, *source_);
      if (context.format == InputFormat::csv) {
        if (reader_->header().empty()) {
          close();  // an empty file: no records
          return open_next();
        }
        context.csv.emplace(reader_->header(), fields_);
      }
      contexts_.push_back(std::move(context));
    } catch (const std::invalid_argument& e) {
      throw AuditSetupError(source_->name() + ": " + e.what());
    } catch (const InputError& e) {
      throw AuditSetupError(e.what());
    }
    last_line_ = 0;
    return true;
  }

  void close() {
    finished_bytes_ += source_->consumed();
    reader_.reset();
    source_.reset();
  }

  const AuditOptions& options_;
  std::istream& stdin_;
  FieldMap fields_;
  std::vector<std::string> inputs_;
  size_t next_input_ = 0;
  bool known_size_ = true;
  uint64_t total_size_ = 0, finished_bytes_ = 0, last_line_ = 0;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<RecordReader> reader_;
  std::deque<InputContext> contexts_;  // stable addresses: batches point at them
};

}  // namespace

AuditOutcome run_audit(const Analyzer& analyzer, const AuditOptions& options, AuditStreams io) {
  if (options.format != "jsonl" && options.format != "csv") {
    throw AuditSetupError("--format must be jsonl or csv");
  }
  std::unique_ptr<SignoffAgent> signoff;
  try {
    if (!options.agent_pattern.empty()) {
      signoff = std::make_unique<SignoffAgent>(options.agent_pattern);
    } else if (options.agent_from_signoff) {
      signoff = std::make_unique<SignoffAgent>();
    }
  } catch (const std::invalid_argument& e) {
    throw AuditSetupError(e.what());
  }

  std::unique_ptr<InputSequence> inputs;
  try {
    inputs = std::make_unique<InputSequence>(options, io.in);
  } catch (const std::invalid_argument& e) {
    throw AuditSetupError(e.what());
  }

  // Outputs: records to stdout unless a report or summary is what was asked for.
  std::string output = options.output;
  if (!options.output_given && options.report.empty() && options.summary.empty()) output = "-";
  std::unique_ptr<std::ofstream> output_file, report_file, summary_file;
  if (!output.empty() && output != "-") output_file = open_output(output, "--output");
  if (!options.report.empty()) report_file = open_output(options.report, "--report");
  if (!options.summary.empty()) summary_file = open_output(options.summary, "--summary");
  std::ostream* out = output.empty() ? nullptr : output_file ? output_file.get() : &io.out;

  const bool want_summary = report_file || summary_file;
  ProcessorOptions processing;
  processing.lang = options.lang;
  if (out) processing.output = options.format == "csv" ? OutputFormat::csv : OutputFormat::jsonl;
  processing.summary = want_summary;
  processing.signoff = signoff.get();
  processing.name_inputs = inputs->inputs().size() > 1;
  const RecordProcessor processor(analyzer, inputs->fields(), processing);

  SummaryOptions summary_options;
  if (options.period == "week") summary_options.period = Period::week;
  if (options.period == "month") summary_options.period = Period::month;
  AuditSummary summary(summary_options);

  const bool show_progress =
      options.progress == "always" || (options.progress == "auto" && io.err_is_tty);
  Progress progress(io.err, show_progress, inputs->total_size());

  auto write = [&](const std::string& text) {
    if (!out || text.empty()) return;
    out->write(text.data(), static_cast<std::streamsize>(text.size()));
    out->flush();  // per batch: a killed run leaves whole lines
    if (!*out)
      throw AuditSetupError("cannot write the output (" +
                            (output == "-" ? std::string("stdout") : output) + ")");
  };
  if (options.format == "csv") write(csv_header(processing.name_inputs));

  AuditOutcome outcome;
  size_t threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  run_ordered<Batch>(
      threads, 2 * threads + 2, [&](Batch& batch) { return inputs->next(batch); },
      [&](Batch& batch) { processor.process(batch); },
      [&](Batch& batch) {
        write(batch.output);
        const std::string input_name = processing.name_inputs ? batch.input->name : std::string();
        for (const AuditRecord& r : batch.records) {
          ++outcome.records;
          if (!r.ok()) ++outcome.errors;
          if (want_summary) summary.add(r, input_name);
        }
        progress.update(outcome.records, batch.bytes_read);
      });
  progress.finish();

  if (want_summary) {
    std::vector<std::string> input_names = inputs->inputs();
    for (auto& name : input_names) {
      if (name == "-") name = "<stdin>";
    }
    nlohmann::ordered_json meta = {
        {"tool", "replylint audit"},
        {"title", options.title.empty() ? "Webcare reply audit" : options.title},
        {"generated_at", utc_now()},
        {"inputs", input_names}};
    const nlohmann::ordered_json aggregates = summary.to_json(meta);
    if (summary_file) {
      *summary_file << aggregates.dump(2, ' ', false,
                                       nlohmann::ordered_json::error_handler_t::replace)
                    << '\n';
      if (!summary_file->flush())
        throw AuditSetupError("--summary " + options.summary + ": write failed");
    }
    if (report_file) {
      *report_file << render_html_report(aggregates);
      if (!report_file->flush())
        throw AuditSetupError("--report " + options.report + ": write failed");
    }
  }
  return outcome;
}

}  // namespace replylint::audit
