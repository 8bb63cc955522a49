#include "audit/signoff_agent.hpp"

#include <re2/re2.h>

#include <stdexcept>

namespace replylint::audit {

const std::vector<std::string>& SignoffAgent::default_patterns() {
  static const std::vector<std::string> patterns = {
      // "^MY", "*AA 2/2", "-Laura", "- NV" as the last word.
      R"((?:^|\s)[\^*~\x{2013}\x{2014}-]\s?(\pL[\pL.']{0,11})\s*(?:\d{1,2}/\d{1,2})?\s*$)",
      // "Groetjes, Sanne", "Met vriendelijke groet, Jan", "Kind regards, Anna".
      R"((?i:groet(?:jes|en)?|mvg|met vriendelijke groet|kind regards|best regards|regards|cheers|thanks),?\s+(\p{Lu}\pL{1,19})\s*$)",
  };
  return patterns;
}

namespace {

std::unique_ptr<re2::RE2> compile(const std::string& pattern) {
  auto re = std::make_unique<re2::RE2>(pattern, re2::RE2::Quiet);
  if (!re->ok()) {
    throw std::invalid_argument("--agent-pattern: " + re->error());
  }
  if (re->NumberOfCapturingGroups() < 1) {
    throw std::invalid_argument("--agent-pattern: needs a capturing group, e.g. \"-(\\w+)$\"");
  }
  return re;
}

}  // namespace

SignoffAgent::SignoffAgent() {
  for (const auto& p : default_patterns()) patterns_.push_back(compile(p));
}

SignoffAgent::SignoffAgent(const std::string& pattern) {
  patterns_.push_back(compile(pattern));
}

SignoffAgent::~SignoffAgent() = default;
SignoffAgent::SignoffAgent(SignoffAgent&&) noexcept = default;

std::string SignoffAgent::find(std::string_view reply) const {
  // A sign-off is at the end: look at the tail only, so long replies cost nothing.
  if (reply.size() > 200) {
    size_t cut = reply.size() - 200;
    while (cut < reply.size() && (static_cast<unsigned char>(reply[cut]) & 0xC0) == 0x80) ++cut;
    reply.remove_prefix(cut);
  }
  for (const auto& re : patterns_) {
    const int groups = re->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> found(static_cast<size_t>(groups) + 1);
    if (!re->Match(re2::StringPiece(reply.data(), reply.size()), 0, reply.size(),
                   re2::RE2::UNANCHORED, found.data(), groups + 1)) {
      continue;
    }
    for (int g = 1; g <= groups; ++g) {
      if (!found[static_cast<size_t>(g)].empty()) return std::string(found[static_cast<size_t>(g)]);
    }
  }
  return {};
}

}  // namespace replylint::audit
