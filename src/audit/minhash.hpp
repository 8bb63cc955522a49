// MinHash signatures over word 3-shingles, for finding near-identical replies
// (canned templates) in one pass: two replies' signatures agree in a share of
// positions that estimates the Jaccard similarity of their shingle sets.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace replylint::audit {

inline constexpr size_t kMinHashSize = 64;
inline constexpr size_t kBands = 16;  // LSH: 16 bands of 4 rows, candidates from J ~ 0.5
inline constexpr size_t kRows = kMinHashSize / kBands;
inline constexpr size_t kShingle = 3;
inline constexpr size_t kMinTokens = 4;  // shorter replies ("Thanks!") are no template

using Signature = std::array<uint32_t, kMinHashSize>;

// The words that make a template: lower-case, without @mentions; URLs and
// anything with a digit become placeholders, the name after a greeting becomes
// <name>, and the sign-off ("^MY", "Groetjes Issam") is dropped, so the names of
// customers and agents and order numbers do not hide that replies share a text.
std::vector<std::string> template_tokens(std::string_view text);

// nullopt for replies with fewer than kMinTokens tokens.
std::optional<Signature> minhash(std::string_view text);

double estimated_similarity(const Signature& a, const Signature& b);

// One key per band (band index mixed in): equal keys make candidates.
std::array<uint64_t, kBands> band_keys(const Signature& s);

}  // namespace replylint::audit
