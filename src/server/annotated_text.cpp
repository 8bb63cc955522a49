#include "server/annotated_text.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/utf16_text.hpp"

namespace replylint::server {

using nlohmann::json;

AnnotatedText AnnotatedText::plain(std::string_view utf8) {
  AnnotatedText out;
  const std::u16string text = to_utf16(utf8);
  out.add(text, text.size(), false);
  return out;
}

void AnnotatedText::add(std::u16string_view checked, size_t original_length, bool markup) {
  if (!checked.empty()) {
    parts_.push_back({checked_.size(), checked.size(), original_length_, original_length, markup});
    checked_ += checked;
  }
  original_length_ += original_length;
}

bool AnnotatedText::parse(std::string_view text, AnnotatedText& out, std::string& error) {
  out = AnnotatedText{};
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // also out_of_range: 1e400
    const std::string what = e.what();
    const size_t bracket = what.find("] ");
    error = "\"data\" is not valid JSON: " +
            (bracket == std::string::npos ? what : what.substr(bracket + 2));
    return false;
  }
  if (!doc.is_object() || !doc.contains("annotation") || !doc["annotation"].is_array()) {
    error = "\"data\" must be an object with an \"annotation\" array";
    return false;
  }
  const json& items = doc["annotation"];
  for (size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    const std::string where = "\"data\".annotation[" + std::to_string(i) + "]";
    auto string_field = [&](const char* key, std::u16string& value) {
      if (!item.contains(key)) return true;
      if (!item[key].is_string()) {
        error = where + "." + key + " must be a string";
        return false;
      }
      value = to_utf16(item[key].get<std::string>());
      return true;
    };
    std::u16string part_text, markup, interpret_as;
    if (!item.is_object() || (item.contains("text") == item.contains("markup"))) {
      error = where + " must have either \"text\" or \"markup\"";
      return false;
    }
    if (!string_field("text", part_text) || !string_field("markup", markup) ||
        !string_field("interpretAs", interpret_as)) {
      return false;
    }
    if (item.contains("text")) {
      out.add(part_text, part_text.size(), false);
    } else {
      out.add(interpret_as, markup.size(), true);
    }
  }
  return true;
}

const AnnotatedText::Part* AnnotatedText::part_at(size_t offset) const {
  auto it = std::upper_bound(parts_.begin(), parts_.end(), offset,
                             [](size_t o, const Part& p) { return o < p.checked_start; });
  if (it == parts_.begin()) return nullptr;
  --it;
  return offset < it->checked_start + it->checked_length ? &*it : nullptr;
}

size_t AnnotatedText::original_start(size_t start) const {
  const Part* p = part_at(start);
  if (p == nullptr) return original_length_;
  return p->markup ? p->original_start : p->original_start + (start - p->checked_start);
}

size_t AnnotatedText::original_end(size_t start, size_t end) const {
  if (end <= start) return original_start(start);
  const Part* p = part_at(end - 1);
  if (p == nullptr) return original_length_;
  return p->markup ? p->original_start + p->original_length
                   : p->original_start + (end - p->checked_start);
}

}  // namespace replylint::server
