#include "audit/record_processor.hpp"

#include "analysis_json.hpp"
#include "audit/resume.hpp"
#include "audit/time_bucket.hpp"
#include "reply_record.hpp"

namespace replylint::audit {

bool RecordProcessor::decode(const RawRecord& raw, const InputContext& input,
                             AuditRecord& out) const {
  if (!raw.error.empty()) {
    out.error = raw.error;
    if (input.csv) out.id = input.csv->id(raw.fields);
    return false;
  }
  nlohmann::json record;
  if (input.format == InputFormat::csv) {
    if (!input.csv->to_record(raw.fields, record, out.error)) return false;
  } else {
    if (!parse_json_line(raw.text, record, out.error)) return false;
    fields_.apply(record);
  }
  out.id = record_id(record);
  return parse_reply_record(record, out.reply, out.error);
}

AuditRecord RecordProcessor::analyse(const RawRecord& raw, const InputContext& input) const {
  AuditRecord r;
  r.line = raw.line;
  Reply& reply = r.reply;
  // Whatever goes wrong with one record stays with that record: it becomes an error
  // record (e.g. a language without rules), never a lost line or a stopped run.
  try {
    if (!decode(raw, input, r)) {
      reply = Reply{};
      return r;
    }
    if (reply.lang.empty() || options_.lang != "auto") reply.lang = options_.lang;
    if (reply.agent.empty() && options_.signoff) reply.agent = options_.signoff->find(reply.text);
    r.analysis = analyzer_.analyze(reply);
  } catch (const std::exception& e) {
    r.error = e.what();
    reply = Reply{};
    return r;
  }
  // Only the writer's needs stay: the conversation context is done with.
  reply.customer.clear();
  reply.thread.clear();
  if (options_.summary) {
    if (!reply.sent_at.empty()) r.day = parse_day(reply.sent_at);
    r.signature = minhash(reply.text);
  }
  return r;
}

namespace {

// How an id reads in JSON Lines output (invalid UTF-8 is replaced there).
std::string as_written(const std::string& id, OutputFormat format) {
  if (format == OutputFormat::csv) return id;
  return dump_line(nlohmann::ordered_json(id));
}

std::string describe(uint64_t line, const std::string* input, const std::string& id) {
  std::string s = "line " + std::to_string(line);
  if (input) s += " of " + *input;
  s += id.empty() ? std::string(" (no id)") : " (id " + dump_line(nlohmann::ordered_json(id)) + ")";
  return s;
}

}  // namespace

AuditRecord RecordProcessor::replay(const RawRecord& raw, const std::string& existing,
                                    uint64_t number, const InputContext& input) const {
  const OutputFormat format = options_.output.value_or(OutputFormat::jsonl);
  const std::string& path = options_.resume_path;
  const bool restore = options_.summary && format == OutputFormat::jsonl;
  const OutputKey key =
      parse_output_record(existing, format, options_.name_inputs, restore, path, number);
  AuditRecord r;
  const bool reanalyse = options_.summary && format == OutputFormat::csv;
  bool readable = false;
  if (reanalyse) {
    r = analyse(raw, input);
    if (r.ok()) r.promises = to_json(r.analysis.promises);
  } else {
    r.line = raw.line;
    try {
      readable = decode(raw, input, r);
    } catch (const std::exception& e) {
      r.error = e.what();
    }
  }
  const std::string* input_name = options_.name_inputs ? &input.name : nullptr;
  if (key.line != r.line || (input_name && *key.input != *input_name) ||
      as_written(key.id, format) != as_written(r.id, format)) {
    throw ResumeError(path + " (record " + std::to_string(number) + ") is for " +
                      describe(key.line, key.input ? &*key.input : nullptr, key.id) +
                      ", but the input's record " + std::to_string(number) + " is " +
                      describe(r.line, input_name, r.id) +
                      ": the output was not written from this input");
  }
  if (restore) {
    if (!key.failed && !readable) {
      throw ResumeError(path + " (record " + std::to_string(number) + ") holds an analysis of " +
                        describe(r.line, input_name, r.id) + ", which can not be read (" + r.error +
                        "): the output was not written from this input");
    }
    Reply& reply = r.reply;
    if (reply.agent.empty() && options_.signoff) reply.agent = options_.signoff->find(reply.text);
    r.error.clear();
    try {
      restore_from_output(key.json, r);
    } catch (const nlohmann::json::exception&) {
      throw ResumeError(path + " (record " + std::to_string(number) +
                        ") is not a complete analysis record: it was not written by replylint "
                        "audit");
    }
    if (!r.ok()) {
      reply = Reply{};
    } else {
      reply.customer.clear();
      reply.thread.clear();
      if (!reply.sent_at.empty()) r.day = parse_day(reply.sent_at);
      r.signature = minhash(reply.text);
    }
  }
  if (!options_.summary) {  // the writer only counts: the output record says how it went
    AuditRecord slim;
    slim.line = r.line;
    slim.id = std::move(r.id);
    if (key.failed) slim.error = key.error.empty() ? std::string("error") : key.error;
    r = std::move(slim);
  }
  return r;
}

void RecordProcessor::process(Batch& batch) const {
  batch.records.clear();
  batch.records.reserve(batch.raw.size());
  batch.output.clear();
  const std::string* input_name = options_.name_inputs ? &batch.input->name : nullptr;
  for (size_t i = 0; i < batch.raw.size(); ++i) {
    const RawRecord& raw = batch.raw[i];
    if (i < batch.existing.size()) {
      batch.records.push_back(
          replay(raw, batch.existing[i], batch.existing_first + i, *batch.input));
      continue;
    }
    AuditRecord r = analyse(raw, *batch.input);
    if (r.ok()) r.promises = to_json(r.analysis.promises);  // as the contract writes them
    if (options_.output == OutputFormat::jsonl) {
      append_jsonl_record(batch.output, r, input_name);
      batch.output += '\n';
    } else if (options_.output == OutputFormat::csv) {
      append_csv_row(batch.output, r, input_name);
    }
    if (!options_.summary) {  // the writer only counts: keep what an error record says
      AuditRecord slim;
      slim.line = r.line;
      slim.id = std::move(r.id);
      slim.error = std::move(r.error);
      r = std::move(slim);
    }
    batch.records.push_back(std::move(r));
  }
  batch.raw.clear();
  batch.raw.shrink_to_fit();
  batch.existing.clear();
  batch.existing.shrink_to_fit();
}

}  // namespace replylint::audit
