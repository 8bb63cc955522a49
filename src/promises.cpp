#include "promises.hpp"

#include <map>
#include <set>

namespace replylint {
namespace {

std::string token_text(const NormalizedText& n, const Token& t) {
  return n.text.substr(t.begin, t.end - t.begin);
}

std::string who_acts(const Finding& commitment, const Sentence& sentence, const NormalizedText& n,
                     const TokenizedText& t, const DeadlineReader& reader) {
  // The commitment's own words first ("ik bel u"), then the start of its sentence.
  for (size_t i : {0, 1}) {
    const size_t from = i == 0 ? commitment.first_token : sentence.first_token;
    const size_t to =
        i == 0 ? commitment.end_token : std::min<size_t>(sentence.end_token, from + 4);
    for (size_t k = from; k < to; ++k) {
      const std::string word = token_text(n, t.tokens[k]);
      if (reader.is_self(word)) return "self";
      if (reader.is_team(word)) return "team";
    }
  }
  return "unknown";
}

}  // namespace

std::vector<Promise> extract_promises(const std::vector<Finding>& signals, const NormalizedText& n,
                                      const TokenizedText& t, const DeadlineReader& reader,
                                      const std::optional<LocalTime>& sent_at) {
  std::vector<Promise> promises;
  std::set<uint32_t> sentences_done;
  // Per sentence, its timeframes in order; and the UTF-16 count of the text
  // before the last promise: both keep a long reply with many promises linear.
  std::map<uint32_t, std::vector<const Finding*>> timeframes;
  for (const Finding& tf : signals)
    if (tf.category == "timeframe") timeframes[tf.sentence].push_back(&tf);
  size_t counted_bytes = 0, counted_units = 0;
  for (const Finding& c : signals) {
    if (c.category != "commitment" || !sentences_done.insert(c.sentence).second) continue;
    const Sentence& s = t.sentences[c.sentence];
    Promise p;
    p.who = who_acts(c, s, n, t, reader);
    const size_t b = n.source_begin(t.tokens[s.first_token].begin);
    const size_t e = n.source_end(t.tokens[s.end_token - 1].end);
    p.what = n.source.text.substr(b, e - b);
    if (b < counted_bytes) counted_bytes = counted_units = 0;
    counted_units +=
        utf16_length(std::string_view(n.source.text).substr(counted_bytes, b - counted_bytes));
    counted_bytes = b;
    p.span = {n.source.original_offset(b), n.source.original_offset(e), counted_units, 0};
    p.span.end_utf16 = p.span.start_utf16 + utf16_length(p.what);

    std::vector<std::string> when;
    for (const Finding* found : timeframes[c.sentence]) {
      const Finding& tf = *found;
      const std::string written = n.source.text.substr(tf.span.start, tf.span.end - tf.span.start);
      p.deadline_text += (p.deadline_text.empty() ? "" : " ") + written;
      for (size_t k = tf.first_token; k < tf.end_token; ++k)
        when.push_back(token_text(n, t.tokens[k]));
    }
    if (sent_at && !when.empty()) {
      if (auto deadline = reader.resolve(when, *sent_at)) p.deadline = format_local_time(*deadline);
    }
    promises.push_back(std::move(p));
  }
  return promises;
}

}  // namespace replylint
