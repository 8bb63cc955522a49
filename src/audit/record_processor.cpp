#include "audit/record_processor.hpp"

#include "analysis_json.hpp"
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

void RecordProcessor::process(Batch& batch) const {
  batch.records.clear();
  batch.records.reserve(batch.raw.size());
  batch.output.clear();
  const std::string* input_name = options_.name_inputs ? &batch.input->name : nullptr;
  for (const RawRecord& raw : batch.raw) {
    AuditRecord r = analyse(raw, *batch.input);
    nlohmann::ordered_json analysis_json;
    if (r.ok()) {
      analysis_json = to_json(r.analysis);
      // Promises come with the context checks; read them from the contract's JSON
      // so the audit needs no change when they land.
      if (auto it = analysis_json.find("promises"); it != analysis_json.end()) r.promises = *it;
    }
    if (options_.output == OutputFormat::jsonl) {
      batch.output += dump_line(output_record(r, std::move(analysis_json), input_name));
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
}

}  // namespace replylint::audit
