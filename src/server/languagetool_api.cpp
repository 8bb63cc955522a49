#include "server/languagetool_api.hpp"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "server/utf16_text.hpp"

namespace replylint::server {
namespace {

using ojson = nlohmann::ordered_json;

// LanguageTool shows this many characters of text on each side of a match.
constexpr size_t kContextSize = 40;

struct LanguageName {
  std::string_view code, long_code, name;
};

// Names for the codes clients send. A language with rules but no entry here is
// listed under its own code.
constexpr LanguageName kLanguageNames[] = {
    {"nl", "nl", "Dutch"},
    {"nl", "nl-NL", "Dutch (Netherlands)"},
    {"nl", "nl-BE", "Dutch (Belgium)"},
    {"en", "en", "English"},
    {"en", "en-US", "English (US)"},
    {"en", "en-GB", "English (GB)"},
};

std::string language_name(std::string_view code) {
  for (const auto& n : kLanguageNames)
    if (n.long_code == code) return std::string(n.name);
  return std::string(code);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const std::string* single(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

// LanguageTool lists are comma-separated ("A,B"); a repeated parameter adds to them.
std::set<std::string> id_list(const Params& params, const std::string& name, bool upper) {
  std::set<std::string> out;
  auto [from, to] = params.equal_range(name);
  for (auto it = from; it != to; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) out.insert(upper ? lt_category_id(item) : std::string(item));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return out;
}

std::string category_name(std::string_view category) {
  std::string name(category);
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

// The text around a match, as LanguageTool gives it: up to kContextSize units on
// each side, "..." where it was cut, line breaks shown as spaces.
ojson context_of(std::u16string_view text, size_t start, size_t end) {
  size_t from = start > kContextSize ? start - kContextSize : 0;
  if (inside_pair(text, from)) --from;
  size_t to = std::min(text.size(), end + kContextSize);
  if (inside_pair(text, to)) ++to;
  std::u16string context;
  if (from > 0) context += u"...";
  const size_t offset = context.size() + (start - from);
  context += text.substr(from, to - from);
  if (to < text.size()) context += u"...";
  std::replace_if(
      context.begin(), context.end(),
      [](char16_t c) { return c == u'\n' || c == u'\r' || c == u'\t'; }, u' ');
  return ojson{{"text", to_utf8(context)}, {"offset", offset}, {"length", end - start}};
}

icu::BreakIterator& thread_sentence_iterator() {
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> p(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU sentence break iterator unavailable");
    return p;
  }();
  thread_local const std::unique_ptr<icu::BreakIterator> local(prototype->clone());
  return *local;
}

// The sentence (or sentences) holding [start, end), trimmed.
std::string sentence_of(std::u16string_view text, size_t start, size_t end) {
  icu::BreakIterator& it = thread_sentence_iterator();
  const icu::UnicodeString alias(false, text.data(), static_cast<int32_t>(text.size()));
  it.setText(alias);
  const auto s = static_cast<int32_t>(start), e = static_cast<int32_t>(end);
  size_t from = static_cast<size_t>(it.isBoundary(s) ? s : it.preceding(s));
  int32_t after = it.isBoundary(e) && e > s ? e : it.following(e);
  size_t to = after == icu::BreakIterator::DONE ? text.size() : static_cast<size_t>(after);
  auto space = [](char16_t c) { return c == u' ' || c == u'\n' || c == u'\r' || c == u'\t'; };
  while (from < to && space(text[from])) ++from;
  while (to > from && space(text[to - 1])) --to;
  return to_utf8(text.substr(from, to - from));
}

ojson language_json(const std::string& code, const LanguageGuess& detected) {
  return ojson{{"name", language_name(code)},
               {"code", code},
               {"detectedLanguage",
                {{"name", language_name(detected.lang)},
                 {"code", detected.lang},
                 {"confidence", std::round(detected.confidence * 100) / 100}}}};
}

}  // namespace

std::string lt_category_id(std::string_view category) {
  std::string id(category);
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return id;
}

bool parse_lt_check(const Params& params, const std::vector<std::string>& languages,
                    LtCheckRequest& request, std::string& error) {
  request = LtCheckRequest{};
  const std::string* text = single(params, "text");
  const std::string* data = single(params, "data");
  if (text != nullptr && data != nullptr) {
    error = "give \"text\" or \"data\", not both";
    return false;
  }
  if (text == nullptr && data == nullptr) {
    error = "missing \"text\" (or \"data\")";
    return false;
  }
  if (text != nullptr) {
    request.text = AnnotatedText::plain(*text);
  } else if (!AnnotatedText::parse(*data, request.text, error)) {
    return false;
  }

  const std::string* language = single(params, "language");
  if (language == nullptr || language->empty()) {
    error = "missing \"language\" (a code such as nl-NL or en-US, or auto)";
    return false;
  }
  request.language = *language;
  const std::string code = lower(*language);
  if (code == "auto") {
    request.lang = "auto";
  } else {
    const std::string base = code.substr(0, code.find_first_of("-_"));
    if (std::find(languages.begin(), languages.end(), base) == languages.end()) {
      std::string known = "auto";
      for (const auto& l : languages) known += ", " + l;
      error = "language \"" + *language + "\" is not supported (use one of: " + known +
              "; see /v2/languages)";
      return false;
    }
    request.lang = base;
  }

  request.enabled_rules = id_list(params, "enabledRules", false);
  request.disabled_rules = id_list(params, "disabledRules", false);
  request.enabled_categories = id_list(params, "enabledCategories", true);
  request.disabled_categories = id_list(params, "disabledCategories", true);
  if (const std::string* only = single(params, "enabledOnly")) {
    const std::string value = lower(*only);
    if (value != "true" && value != "false") {
      error = "\"enabledOnly\" must be true or false";
      return false;
    }
    request.enabled_only = value == "true";
  }
  if (request.enabled_only && request.enabled_rules.empty() && request.enabled_categories.empty()) {
    error = "\"enabledOnly\" needs \"enabledRules\" or \"enabledCategories\"";
    return false;
  }
  return true;
}

bool lt_wants(const LtCheckRequest& request, const Finding& finding) {
  const std::string category = lt_category_id(finding.category);
  if (request.enabled_only) {
    return request.enabled_rules.count(finding.rule) > 0 ||
           request.enabled_categories.count(category) > 0;
  }
  return request.disabled_rules.count(finding.rule) == 0 &&
         request.disabled_categories.count(category) == 0;
}

ojson lt_check_response(const LtCheckRequest& request, const Analysis& analysis,
                        const LanguageGuess& detected, std::string_view version) {
  const std::u16string& text = request.text.checked();
  ojson matches = ojson::array();
  for (const Finding& f : analysis.findings) {
    if (!lt_wants(request, f)) continue;
    const size_t start = std::min(f.span.start_utf16, text.size());
    const size_t end = std::clamp(f.span.end_utf16, start, text.size());
    const size_t offset = request.text.original_start(start);
    const std::string category = category_name(f.category);
    ojson replacements = ojson::array();
    if (!f.suggestion.empty()) replacements.push_back({{"value", f.suggestion}});
    matches.push_back(
        ojson{{"message", f.message},
              {"shortMessage", category},
              {"replacements", replacements},
              {"offset", offset},
              {"length", request.text.original_end(start, end) - offset},
              {"context", context_of(text, start, end)},
              {"sentence", sentence_of(text, start, end)},
              {"type", {{"typeName", "Other"}}},
              {"rule",
               {{"id", f.rule},
                {"description", f.message},
                {"issueType", "style"},
                {"category", {{"id", lt_category_id(f.category)}, {"name", category}}}}},
              {"ignoreForIncompleteSentence", false},
              {"contextForSureMatch", 0}});
  }
  const std::string code = request.lang == "auto" ? analysis.lang : request.language;
  return ojson{{"software",
                {{"name", "replylint"},
                 {"version", version},
                 {"buildDate", ""},
                 {"apiVersion", 1},
                 {"premium", false},
                 {"status", ""}}},
               {"warnings", {{"incompleteResults", false}}},
               {"language", language_json(code, detected)},
               {"matches", matches},
               // Not in LanguageTool's answer; its clients ignore it, replylint's can use it.
               {"replylint",
                {{"scores",
                  {{"authenticity", analysis.scores.authenticity},
                   {"ownership", analysis.scores.ownership}}},
                 {"verdict", to_string(analysis.verdict)}}}};
}

ojson lt_languages(const std::vector<std::string>& languages) {
  ojson out = ojson::array();
  for (const auto& lang : languages) {
    bool named = false;
    for (const auto& n : kLanguageNames) {
      if (n.code != lang) continue;
      out.push_back({{"name", n.name}, {"code", n.code}, {"longCode", n.long_code}});
      named = true;
    }
    if (!named) out.push_back({{"name", lang}, {"code", lang}, {"longCode", lang}});
  }
  return out;
}

}  // namespace replylint::server
