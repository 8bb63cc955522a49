#include "audit/template_clusters.hpp"

#include <algorithm>
#include <bit>

#include "audit/time_bucket.hpp"

namespace replylint::audit {

namespace {

// Cut at a UTF-8 character boundary.
size_t utf8_cut(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text.size();
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

size_t BandTable::position(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = home(key);
  while (slots_[i].order_plus_one != 0 && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

std::optional<uint64_t> BandTable::find(uint64_t key) const {
  if (slots_.empty()) return std::nullopt;
  const Slot& slot = slots_[position(key)];
  if (slot.order_plus_one == 0) return std::nullopt;
  return slot.order_plus_one - 1;
}

void BandTable::emplace(uint64_t key, uint64_t order) {
  if (2 * (used_ + 1) > slots_.size()) grow();
  Slot& slot = slots_[position(key)];
  if (slot.order_plus_one != 0) return;  // filed already
  slot = {key, order + 1};
  ++used_;
}

void BandTable::erase(uint64_t key, uint64_t order) {
  if (slots_.empty()) return;
  const size_t mask = slots_.size() - 1;
  size_t i = position(key);
  if (slots_[i].order_plus_one != order + 1) return;  // not filed, or filed for another
  // Each later entry of the run moves back into the hole unless its home lies
  // (cyclically) after the hole and at or before where it stands.
  for (size_t j = (i + 1) & mask; slots_[j].order_plus_one != 0; j = (j + 1) & mask) {
    const size_t h = home(slots_[j].key);
    const bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
    if (!stays) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = Slot{};
  --used_;
}

void BandTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  const size_t size = old.empty() ? 1024 : 2 * old.size();
  slots_.assign(size, Slot{});
  shift_ = 64 - std::countr_zero(size);
  used_ = 0;
  for (const Slot& s : old) {
    if (s.order_plus_one != 0) emplace(s.key, s.order_plus_one - 1);
  }
}

void TemplateClusters::add(const Signature& signature, const TemplateSample& sample) {
  ++considered_;
  const auto keys = band_keys(signature);
  TemplateCluster* best = nullptr;
  double best_similarity = threshold_;
  for (uint64_t key : keys) bands_.prefetch(key);  // 16 lookups, their misses overlapped
  std::array<uint64_t, kBands> looked_at;  // a reply of a template meets its cluster in most bands
  size_t looked = 0;
  for (uint64_t key : keys) {
    const std::optional<uint64_t> order = bands_.find(key);
    if (!order || std::find(looked_at.begin(), looked_at.begin() + looked, *order) !=
                      looked_at.begin() + looked)
      continue;
    looked_at[looked++] = *order;
    TemplateCluster& candidate = clusters_.at(*order);
    const double similarity = estimated_similarity(signature, candidate.signature);
    if (similarity >= best_similarity &&
        (!best || similarity > best_similarity || candidate.order < best->order)) {
      best = &candidate;
      best_similarity = similarity;
    }
  }
  if (!best) {
    const uint64_t order = next_order_++;
    TemplateCluster& c = clusters_[order];
    c.order = order;
    c.signature = signature;
    // Lossy counting: a cluster born in bucket b may have missed up to b - 1.
    c.delta = (considered_ - 1) / prune_every_;
    c.text = std::string(sample.text.substr(0, utf8_cut(sample.text, kMaxTemplateText)));
    c.id = std::string(sample.id);
    c.line = sample.line;
    if (sample.findings) {
      for (const Finding& f : *sample.findings) {
        if (f.span.end <= c.text.size()) {
          c.highlights.push_back({static_cast<uint32_t>(f.span.start),
                                  static_cast<uint32_t>(f.span.end), name(f.rule),
                                  name(f.category)});
        }
      }
    }
    for (uint64_t key : keys) bands_.emplace(key, order);
    best = &c;
  }
  TemplateCluster& c = *best;
  ++c.count;
  if (!sample.agent.empty()) {
    // Kept names are compared by where they are: one name, one place.
    const std::string_view agent = name(sample.agent);
    auto it = std::find_if(c.agents.begin(), c.agents.end(),
                           [&](const auto& a) { return a.first.data() == agent.data(); });
    if (it != c.agents.end()) {
      ++it->second;
    } else if (c.agents.size() < kMaxTemplateAgents) {
      c.agents.emplace_back(agent, 1);
    } else {
      ++c.other_agents;
    }
  }
  if (sample.day) {
    if (!c.first_day || *sample.day < *c.first_day) c.first_day = sample.day;
    if (!c.last_day || *sample.day > *c.last_day) c.last_day = sample.day;
  }
  c.sum_authenticity += sample.scores.authenticity;
  c.sum_ownership += sample.scores.ownership;
  ++c.verdicts[static_cast<size_t>(sample.verdict)];
  if (considered_ % prune_every_ == 0) prune();
}

std::string_view TemplateClusters::name(std::string_view name) {
  auto it = names_.find(name);
  if (it == names_.end()) it = names_.emplace(name).first;
  return *it;
}

void TemplateClusters::prune() {
  const uint64_t bucket = considered_ / prune_every_;
  for (auto it = clusters_.begin(); it != clusters_.end();) {
    TemplateCluster& c = it->second;
    if (c.count + c.delta <= bucket) {
      for (uint64_t key : band_keys(c.signature)) bands_.erase(key, c.order);
      it = clusters_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<const TemplateCluster*> TemplateClusters::top(size_t limit, uint64_t min_count) const {
  std::vector<const TemplateCluster*> out;
  for (const auto& [order, c] : clusters_) {
    if (c.count >= min_count) out.push_back(&c);
  }
  std::sort(out.begin(), out.end(), [](const TemplateCluster* a, const TemplateCluster* b) {
    return a->count != b->count ? a->count > b->count : a->order < b->order;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

nlohmann::ordered_json to_json(const TemplateCluster& c) {
  using json = nlohmann::ordered_json;
  // The most replies first, then by name.
  auto agents = c.agents;
  std::sort(agents.begin(), agents.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  json agent_list = json::array();
  for (const auto& [name, n] : agents)
    agent_list.push_back({{"agent", std::string(name)}, {"replies", n}});
  json highlights = json::array();
  for (const TemplateHighlight& h : c.highlights) {
    highlights.push_back({{"start", h.start},
                          {"end", h.end},
                          {"rule", std::string(h.rule)},
                          {"category", std::string(h.category)}});
  }
  const double n = static_cast<double>(std::max<uint64_t>(c.count, 1));
  json j = {
      {"replies", c.count},
      {"text", c.text},
      {"example_id", c.id},
      {"example_line", c.line},
      {"agents", agent_list},
      {"agent_count", c.agents.size() + (c.other_agents > 0 ? 1 : 0)},
      {"other_agents_replies", c.other_agents},
      {"mean_scores",
       {{"authenticity", std::round(c.sum_authenticity / n * 10) / 10},
        {"ownership", std::round(c.sum_ownership / n * 10) / 10}}},
      {"verdicts", {{"send", c.verdicts[0]}, {"revise", c.verdicts[1]}, {"block", c.verdicts[2]}}},
      {"highlights", highlights}};
  if (c.first_day) j["first_day"] = iso_date(*c.first_day);
  if (c.last_day) j["last_day"] = iso_date(*c.last_day);
  return j;
}

}  // namespace replylint::audit
