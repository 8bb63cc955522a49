// What the analyser takes (a Reply) and gives (an Analysis): the library's contract.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "language_detector.hpp"
#include "rule_pack.hpp"

namespace replylint {

// One earlier message of the conversation.
struct Turn {
  std::string role;  // "customer" or "agent"
  std::string text;
};

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
};

}  // namespace replylint
