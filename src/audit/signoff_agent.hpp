// Who wrote a reply, read from its sign-off when the record has no `agent`:
// webcare teams on Twitter sign with initials or a first name ("... ^MY",
// "*AA 2/2", "- Laura", "Groetjes, Sanne").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace replylint::audit {

class SignoffAgent {
 public:
  // The built-in patterns (marker + initials or name at the end of the reply,
  // or a Dutch/English closing followed by a name).
  SignoffAgent();
  // One RE2 pattern; its first capturing group that matched is the agent.
  // Throws std::invalid_argument when the pattern does not compile or has no group.
  explicit SignoffAgent(const std::string& pattern);
  ~SignoffAgent();
  SignoffAgent(SignoffAgent&&) noexcept;

  // The agent named in `reply`, or "" (thread-safe).
  std::string find(std::string_view reply) const;

  static const std::vector<std::string>& default_patterns();

 private:
  std::vector<std::unique_ptr<re2::RE2>> patterns_;
};

}  // namespace replylint::audit
