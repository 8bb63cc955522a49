// What the analyser takes (a Reply) and gives (an Analysis): the library's contract.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "conversation.hpp"
#include "language_detector.hpp"
#include "rule_pack.hpp"

namespace replylint {

struct Reply {
  std::string id;
  std::string text;          // the reply to check (UTF-8; invalid bytes are tolerated)
  std::string customer;      // the customer's message it answers, when known
  std::vector<Turn> thread;  // earlier messages, oldest first
  std::string lang;          // "", "auto" to detect, or a language code to force
  std::string sent_at;       // when the reply was (or will be) sent, ISO 8601, when known
  std::string agent;         // who wrote it, when known
  std::string channel;       // twitter, email, chat, ..., when known
};

// Offsets into the original reply: UTF-8 bytes and UTF-16 code units.
struct Span {
  size_t start = 0;
  size_t end = 0;
  size_t start_utf16 = 0;
  size_t end_utf16 = 0;
};

struct Finding {
  std::string rule;
  std::string category;
  Dimension dimension = Dimension::authenticity;
  Severity severity = Severity::warning;
  double weight = 0;
  std::string message;
  std::string suggestion;
  std::string text;  // the matched original text
  Span span;

  // Where the finding sits in the reply's tokens (not part of the JSON contract).
  uint32_t sentence = 0;
  uint32_t first_token = 0;
  uint32_t end_token = 0;
};

// A commitment made in the reply, for follow-up: who acts, what, and by when.
struct Promise {
  std::string who;            // "self" (ik, I), "team" (we) or "unknown"
  std::string what;           // the sentence holding the commitment
  std::string deadline_text;  // the timeframe as written, when one is given
  std::string deadline;       // ISO date or date-time, when sent_at is known
  Span span;                  // of the sentence
};

// How the reply relates to the customer's message and the thread.
struct ConversationContext {
  bool present = false;              // a customer message or thread was given
  double engagement = 1;             // share of the customer's specifics taken up
  std::vector<std::string> details;  // the customer's specifics
  std::vector<std::string> missed;   // those the reply does not mention
  double repeat_similarity = 0;      // highest similarity to an earlier agent turn
};

struct Scores {
  int authenticity = 0;
  int ownership = 0;
};

enum class Verdict { send, revise, block };
std::string_view to_string(Verdict v);

struct Analysis {
  std::string id;
  std::string lang;
  LanguageGuess language;
  Scores scores;
  Verdict verdict = Verdict::send;
  std::vector<Finding> findings;  // flaws, by position
  std::vector<Finding> signals;   // positive signals, by position
  std::vector<Promise> promises;
  ConversationContext context;
  bool empathy_sandwich = false;  // canned empathy wrapped around a refusal
};

}  // namespace replylint
