// The LanguageTool HTTP API (/v2/check, /v2/languages) mapped onto replylint, so
// LanguageTool clients (browser extensions, editor plugins) that let a user pick
// their own server work as a pre-send check. Request parameters and the answer's
// JSON follow LanguageTool's published API; offsets are UTF-16 code units.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.hpp"
#include "server/annotated_text.hpp"

namespace replylint::server {

// Form or query parameters, name -> value (a name may repeat).
using Params = std::multimap<std::string, std::string>;

struct LtCheckRequest {
  AnnotatedText text;
  std::string language;  // as the client gave it: "auto", "nl-NL", ...
  std::string lang;      // what the analyser gets: "auto" or a language with rules
  std::set<std::string> enabled_rules, disabled_rules;
  std::set<std::string> enabled_categories, disabled_categories;  // LanguageTool ids
  bool enabled_only = false;
};

// Reads `text` or `data`, `language`, `enabledRules`, `disabledRules`,
// `enabledCategories`, `disabledCategories` and `enabledOnly`. `languages` are
// those with rules. Other LanguageTool parameters are accepted and ignored.
bool parse_lt_check(const Params& params, const std::vector<std::string>& languages,
                    LtCheckRequest& request, std::string& error);

// Whether a finding passes the request's rule and category filters.
bool lt_wants(const LtCheckRequest& request, const Finding& finding);

// "canned_empathy" -> "CANNED_EMPATHY", LanguageTool's style of category id.
std::string lt_category_id(std::string_view category);

// `analysis` is of request.text.checked(); `detected` is what language detection
// said (LanguageTool reports it even when the client chose the language).
nlohmann::ordered_json lt_check_response(const LtCheckRequest& request, const Analysis& analysis,
                                         const LanguageGuess& detected, std::string_view version);

// /v2/languages: each language with rules, plus the regional codes clients send.
nlohmann::ordered_json lt_languages(const std::vector<std::string>& languages);

}  // namespace replylint::server
