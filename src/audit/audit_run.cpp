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
#include "audit/output_file.hpp"
#include "audit/progress.hpp"
#include "audit/record_processor.hpp"
#include "audit/resume.hpp"

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

  // --resume: the output's complete records go with the first input records.
  void resume_from(ExistingOutput* existing) { existing_ = existing; }

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
          bytes += pair_with_existing(batch);
        }
      } catch (const InputError& e) {
        // The rest of this input is unreadable: say so at the next line, go on with the next input.
        RawRecord record;
        record.line = last_line_ + 1;
        record.error = e.what();
        batch.raw.push_back(std::move(record));
        pair_with_existing(batch);
        ended = true;
      }
      // Plain input: exactly up to the last record; gzip: the compressed bytes taken.
      const uint64_t ahead = source_->compressed() ? 0 : reader_ ? reader_->buffered() : 0;
      batch.bytes_read = finished_bytes_ + source_->consumed() - ahead;
      if (ended) close();
      if (!batch.raw.empty()) return true;
    }
  }

  // After the last batch: an output with records left over is not from this input.
  void check_existing_used_up() {
    std::string record;
    if (existing_ && !existing_done_ && existing_->next(record)) {
      throw ResumeError(existing_->path() + " holds more records than the input has (" +
                        std::to_string(records_) +
                        " records): the output was not written from this input");
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

  // The output record already written for the record just added, if any; the
  // bytes it takes.
  size_t pair_with_existing(Batch& batch) {
    ++records_;
    if (!existing_ || existing_done_) return 0;
    std::string record;
    if (!existing_->next(record)) {
      existing_done_ = true;
      return 0;
    }
    if (batch.existing.empty()) batch.existing_first = existing_->records();
    batch.existing.push_back(std::move(record));
    return batch.existing.back().size();
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
  ExistingOutput* existing_ = nullptr;
  bool existing_done_ = false;
  uint64_t records_ = 0;
};

// `j` pretty-printed straight into `out`: dump() would first build the whole
// text as one string, megabytes for a large audit. Invalid UTF-8 in a reply is
// replaced, as dump() is told to, rather than failing the run at its end.
void write_json(std::ostream& out, const nlohmann::ordered_json& j) {
  using json = nlohmann::ordered_json;
  nlohmann::detail::serializer<json> serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                                                json::error_handler_t::replace);
  serializer.dump(j, true, false, 2);
}

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
  const bool csv = options.format == "csv";
  const bool name_inputs = inputs->inputs().size() > 1;
  std::unique_ptr<ExistingOutput> existing;
  if (options.resume) {
    if (output.empty() || output == "-") {
      throw AuditSetupError(
          "--resume needs --output FILE: it reads back the records written so far and appends "
          "the rest");
    }
    try {
      existing = std::make_unique<ExistingOutput>(
          output, csv ? OutputFormat::csv : OutputFormat::jsonl, name_inputs);
    } catch (const ResumeError& e) {
      throw AuditSetupError(std::string("--resume: ") + e.what());
    }
    inputs->resume_from(existing.get());
  }
  std::unique_ptr<OutputFile> output_file;
  std::unique_ptr<std::ofstream> report_file, summary_file;
  if (!output.empty() && output != "-") {
    try {
      output_file = std::make_unique<OutputFile>(
          output, existing ? OutputFile::Mode::resume : OutputFile::Mode::truncate);
    } catch (const std::runtime_error& e) {
      throw AuditSetupError(std::string("--output ") + e.what());
    }
  }
  if (!options.report.empty()) report_file = open_output(options.report, "--report");
  if (!options.summary.empty()) summary_file = open_output(options.summary, "--summary");
  const bool to_stdout = output == "-";

  const bool want_summary = report_file || summary_file;
  ProcessorOptions processing;
  processing.lang = options.lang;
  if (!output.empty()) processing.output = csv ? OutputFormat::csv : OutputFormat::jsonl;
  processing.summary = want_summary;
  processing.signoff = signoff.get();
  processing.name_inputs = name_inputs;
  processing.resume_path = output;
  const RecordProcessor processor(analyzer, inputs->fields(), processing);

  SummaryOptions summary_options;
  if (options.period == "week") summary_options.period = Period::week;
  if (options.period == "month") summary_options.period = Period::month;
  // Held apart so it can be freed once its JSON is built: that JSON is written
  // and drawn while the aggregates' memory would otherwise still be taken.
  auto summary = std::make_unique<AuditSummary>(summary_options);

  const bool show_progress =
      options.progress == "always" || (options.progress == "auto" && io.err_is_tty);
  Progress progress(io.err, show_progress, inputs->total_size());

  // --resume: the file is cut to its complete records and appended to when the first
  // new record comes (by then every existing record has been read and checked), or
  // at the end when there is none.
  bool positioned = !existing;
  auto position = [&] {
    if (positioned) return;
    positioned = true;
    output_file->truncate(existing->complete_bytes());
    if (csv && !existing->has_header()) output_file->write(csv_header(name_inputs));
  };
  auto write = [&](const std::string& text) {
    if (text.empty()) return;
    if (output_file) {
      try {
        position();
        output_file->write(text);  // one write per batch
      } catch (const std::runtime_error& e) {
        throw AuditSetupError(std::string("cannot write the output: ") + e.what());
      }
    } else if (to_stdout) {
      io.out.write(text.data(), static_cast<std::streamsize>(text.size()));
      io.out.flush();
      if (!io.out) throw AuditSetupError("cannot write the output (stdout)");
    }
  };
  if (csv && !existing) write(csv_header(name_inputs));

  AuditOutcome outcome;
  size_t threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  try {
    run_ordered<Batch>(
        threads, 2 * threads + 2,
        [&](Batch& batch) {
          if (inputs->next(batch)) return true;
          inputs->check_existing_used_up();
          return false;
        },
        [&](Batch& batch) { processor.process(batch); },
        [&](Batch& batch) {
          write(batch.output);
          const std::string input_name = processing.name_inputs ? batch.input->name : std::string();
          for (const AuditRecord& r : batch.records) {
            ++outcome.records;
            if (!r.ok()) ++outcome.errors;
            if (want_summary) summary->add(r, input_name);
          }
          progress.update(outcome.records, batch.bytes_read);
        });
  } catch (const ResumeError& e) {
    throw AuditSetupError(std::string("--resume: ") + e.what());
  }
  if (existing) {
    outcome.resumed = existing->records();
    outcome.cut_off_bytes = existing->torn_bytes();
    try {
      position();
    } catch (const std::runtime_error& e) {
      throw AuditSetupError(std::string("cannot write the output: ") + e.what());
    }
  }
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
    const nlohmann::ordered_json aggregates = summary->to_json(meta);
    summary.reset();
    if (summary_file) {
      write_json(*summary_file, aggregates);
      *summary_file << '\n';
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
