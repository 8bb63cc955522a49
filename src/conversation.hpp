// The conversation around a reply: earlier messages of the thread.
#pragma once

#include <string>

namespace replylint {

struct Turn {
  std::string role;  // "customer" or "agent"
  std::string text;
};

}  // namespace replylint
