#include "audit/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <set>
#include <vector>

#include "audit/html_escape.hpp"
#include "audit/svg_chart.hpp"

namespace replylint::audit {

using json = nlohmann::ordered_json;

namespace {

const double kNoValue = std::numeric_limits<double>::quiet_NaN();  // a period without replies
const char* kAuthenticityColor = "#1565c0";
const char* kOwnershipColor = "#8e24aa";

const char* kStyle = R"css(
:root { --ink:#1d232b; --muted:#5f6b7a; --line:#e3e7ec; --bg:#f6f7f9; --card:#fff;
        --send:#2e7d32; --revise:#f9a825; --block:#c62828; --auth:#1565c0; --own:#8e24aa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
       color:var(--ink); background:var(--bg); }
header.top { background:#17202b; color:#fff; padding:22px 32px 0; }
header.top h1 { margin:0 0 4px; font-size:26px; }
header.top p { margin:0; color:#c5ced8; }
nav { display:flex; flex-wrap:wrap; gap:4px; margin-top:16px; }
nav a { color:#fff; text-decoration:none; padding:8px 12px; border-radius:6px 6px 0 0; background:#2a3644; }
nav a:hover { background:#3b4a5c; }
main { max-width:1180px; margin:0 auto; padding:8px 24px 48px; }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:20px 24px;
          margin:20px 0; }
h2 { margin:0 0 12px; font-size:21px; }
h3 { margin:18px 0 8px; font-size:17px; }
p.lead { color:var(--muted); margin-top:0; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(150px,1fr)); gap:12px; margin:12px 0 18px; }
.stat { border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.stat b { display:block; font-size:24px; line-height:1.2; overflow-wrap:anywhere; }
.stat span { color:var(--muted); font-size:13px; }
ul.key { margin:0 0 16px; padding-left:20px; } ul.key li { margin:4px 0; }
.verdictbar { display:flex; height:26px; border-radius:6px; overflow:hidden; margin:6px 0 4px; }
td.verdicts, td.when { white-space:nowrap; }
.verdictbar div { color:#fff; font-size:12px; line-height:26px; padding-left:8px; white-space:nowrap; overflow:hidden; }
.legend-row span { display:inline-block; margin-right:14px; font-size:13px; color:var(--muted); }
.dot { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:5px; vertical-align:middle; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(320px,1fr)); gap:18px; }
figure { margin:0; } figcaption { font-weight:600; margin-bottom:4px; }
svg.chart { width:100%; height:auto; display:block; }
svg .grid { stroke:#e6e9ee; stroke-width:1; }
svg .axis { font-size:11px; fill:#6b7683; } svg .value { font-size:10px; fill:#3a4654; }
svg .legend { font-size:12px; fill:#3a4654; }
table { border-collapse:collapse; width:100%; margin:8px 0 12px; font-size:14px; }
th, td { text-align:left; padding:7px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.bar { background:#eef1f5; border-radius:4px; height:10px; width:140px; display:inline-block; vertical-align:middle; margin-right:6px; }
.bar i { display:block; height:10px; border-radius:4px; background:#546e7a; }
code { font-size:12.5px; background:#f0f2f5; padding:1px 4px; border-radius:4px; }
mark { background:#ffe08a; padding:0 2px; border-radius:3px; }
mark.signal { background:#c8e6c9; }
q.snippet, blockquote { display:block; quotes:none; margin:6px 0; padding:8px 12px; background:#fafbfc;
          border-left:3px solid #cfd6de; border-radius:4px; white-space:pre-wrap; overflow-wrap:anywhere; }
.src { color:var(--muted); font-size:12px; }
.rule { border-top:1px solid var(--line); padding:12px 0; }
.rule:first-of-type { border-top:0; }
.sev { font-size:11px; padding:1px 7px; border-radius:10px; color:#fff; vertical-align:middle; }
.sev.error { background:var(--block); } .sev.warning { background:#ef8f00; } .sev.info { background:#607d8b; }
.suggest { margin:6px 0; } .suggest::before { content:"Instead: "; font-weight:600; color:var(--send); }
.coaching { display:grid; grid-template-columns:repeat(auto-fill,minmax(340px,1fr)); gap:14px; }
.coach { border:1px solid var(--line); border-radius:10px; padding:14px 16px; break-inside:avoid; }
.coach h3 { margin:0 0 2px; }
.coach ol { padding-left:20px; margin:8px 0 0; } .coach li { margin-bottom:10px; }
.trend { display:flex; align-items:center; gap:10px; font-size:13px; color:var(--muted); }
.better { color:var(--send); font-weight:600; } .worse { color:var(--block); font-weight:600; }
.template { border-top:1px solid var(--line); padding:12px 0; }
.pill { display:inline-block; font-size:12px; background:#eef1f5; border-radius:10px; padding:1px 8px; margin:2px 4px 2px 0; }
.none { color:var(--muted); font-style:italic; }
footer { color:var(--muted); font-size:13px; max-width:1180px; margin:0 auto; padding:0 24px 40px; }
@media print { body { background:#fff; } nav { display:none; } section { break-inside:auto; border:0; padding:0; } }
)css";

std::string esc(const json& v) {
  if (v.is_string()) return html_escape(v.get<std::string>());
  if (v.is_null()) return "";
  return html_escape(v.dump());
}

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint64_t count(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<uint64_t>() : 0;
}

double number(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

const json& member(const json& j, const char* key) {
  static const json empty_object = json::object();
  const auto it = j.find(key);
  return it != j.end() ? *it : empty_object;
}

const json& section(const json& j, const char* key) {
  static const json empty_array = json::array();
  const auto it = j.find(key);
  return it != j.end() ? *it : empty_array;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(double share) {
  return fmt(share >= 0.1 || share == 0 ? "%.0f%%" : "%.1f%%", share * 100);
}

// "canned_empathy" -> "Canned empathy".
std::string category_name(const std::string& category) {
  std::string s = category;
  std::replace(s.begin(), s.end(), '_', ' ');
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string share_bar(double share, const char* color = "#546e7a") {
  return "<span class=\"bar\"><i style=\"width:" + fmt("%.1f", std::min(1.0, share) * 100) +
         "%;background:" + color + "\"></i></span>" + percent(share);
}

std::string snippet_html(const json& s, bool with_source = true) {
  std::string h = "<q class=\"snippet\">" + esc(s.value("before", json(""))) + "<mark>" +
                  esc(s.value("match", json(""))) + "</mark>" + esc(s.value("after", json(""))) +
                  "</q>";
  if (with_source) {
    h += "<div class=\"src\">reply " + esc(s.value("id", json(""))) + " (line " +
         std::to_string(count(s, "line")) + ")";
    if (s.contains("agent")) h += " by " + esc(s["agent"]);
    h += "</div>";
  }
  return h;
}

// The reply with its findings marked; spans are byte offsets into `text`.
std::string highlighted(const std::string& text, const json& highlights) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (const auto& hl : highlights) {
    spans.emplace_back(hl.value("start", size_t{0}), hl.value("end", size_t{0}));
  }
  std::vector<size_t> order(spans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spans[a] < spans[b]; });
  std::string out;
  size_t at = 0;
  for (size_t i : order) {
    const auto [start, end] = spans[i];
    if (start < at || end > text.size() || end <= start) continue;  // overlapping or outside
    out += html_escape(std::string_view(text).substr(at, start - at));
    out += "<mark title=\"" + esc(highlights[i].value("rule", json(""))) + "\">" +
           html_escape(std::string_view(text).substr(start, end - start)) + "</mark>";
    at = end;
  }
  out += html_escape(std::string_view(text).substr(std::min(at, text.size())));
  return out;
}

std::string verdict_bar(const json& verdicts) {
  const double send = number(verdicts, "send"), revise = number(verdicts, "revise"),
               block = number(verdicts, "block");
  const double total = std::max(1.0, send + revise + block);
  std::string h = "<div class=\"verdictbar\">";
  const std::pair<const char*, double> parts[] = {
      {"send", send}, {"revise", revise}, {"block", block}};
  for (const auto& [name, n] : parts) {
    if (n <= 0) continue;
    h += "<div style=\"width:" + fmt("%.2f", n / total * 100) + "%;background:var(--" + name +
         ")\" title=\"" + name + ": " + thousands(static_cast<uint64_t>(n)) + "\">" + name + " " +
         percent(n / total) + "</div>";
  }
  return h + "</div>";
}

std::string verdict_shares(const json& verdicts) {
  const double send = number(verdicts, "send"), revise = number(verdicts, "revise"),
               block = number(verdicts, "block");
  const double total = std::max(1.0, send + revise + block);
  return "<span style=\"color:var(--send)\">" + percent(send / total) + "</span> / " +
         "<span style=\"color:#b07d00\">" + percent(revise / total) + "</span> / " +
         "<span style=\"color:var(--block)\">" + percent(block / total) + "</span>";
}

std::string scores_cell(const json& g) {
  const json& m = member(g, "mean_scores");
  return "<td class=\"num\">" + fmt("%.0f", number(m, "authenticity")) + "</td><td class=\"num\">" +
         fmt("%.0f", number(m, "ownership")) + "</td>";
}

void overview(std::string& h, const json& s) {
  const uint64_t analysed = count(s, "analysed"), errors = count(s, "errors");
  const json& overall = member(s, "overall");
  const json& verdicts = member(overall, "verdicts");
  const json& mean = member(overall, "mean_scores");
  h += "<section id=\"overview\"><h2>Overview</h2>";

  // The headlines a team lead reads first.
  h += "<ul class=\"key\">";
  const double total = std::max<double>(1, static_cast<double>(analysed));
  h += "<li><b>" + percent(number(verdicts, "send") / total) +
       "</b> of the replies could be sent as they are; <b>" +
       percent(number(verdicts, "revise") / total) + "</b> need a revision and <b>" +
       percent(number(verdicts, "block") / total) + "</b> should not have been sent.</li>";
  const json& cats = section(s, "categories");
  if (!cats.empty()) {
    h += "<li>Most frequent habit: <b>" + esc(category_name(str(cats[0], "category"))) +
         "</b>, in " + percent(number(cats[0], "share")) + " of the replies";
    if (cats.size() > 1) {
      h += ", then " + esc(category_name(str(cats[1], "category"))) + " (" +
           percent(number(cats[1], "share")) + ")";
    }
    h += ".</li>";
  }
  const json& templates = member(s, "templates");
  if (count(templates, "templates") > 0) {
    h += "<li><b>" + thousands(count(templates, "templates")) + "</b> canned templates (used " +
         std::to_string(count(templates, "min_replies")) + "+ times) account for <b>" +
         percent(number(templates, "share_in_templates")) + "</b> of the replies.</li>";
  }
  const json& timeline = section(s, "timeline");
  if (timeline.size() >= 2) {
    const json& a = timeline.front()["mean_scores"];
    const json& b = timeline.back()["mean_scores"];
    h += "<li>From " + esc(timeline.front()["period"]) + " to " + esc(timeline.back()["period"]) +
         ": authenticity " + fmt("%.0f", number(a, "authenticity")) + " &rarr; " +
         fmt("%.0f", number(b, "authenticity")) + ", ownership " +
         fmt("%.0f", number(a, "ownership")) + " &rarr; " + fmt("%.0f", number(b, "ownership")) +
         ".</li>";
  }
  if (errors > 0) {
    h += "<li><b>" + thousands(errors) + "</b> input record" + (errors == 1 ? "" : "s") +
         " could not be read; see <a href=\"#errors\">Errors</a>.</li>";
  }
  h += "</ul>";

  h += "<div class=\"cards\">";
  auto stat = [&](const std::string& value, const std::string& label) {
    h += "<div class=\"stat\"><b>" + value + "</b><span>" + label + "</span></div>";
  };
  stat(thousands(analysed), "replies audited");
  // Languages as shares, so the card stays small for millions of replies.
  std::string langs, lang_counts;
  for (const auto& [lang, n] : member(s, "languages").items()) {
    langs += (langs.empty() ? "" : " &middot; ") + html_escape(lang) + " " +
             percent(n.get<double>() / total);
    lang_counts +=
        (lang_counts.empty() ? "" : ", ") + html_escape(lang) + " " + thousands(n.get<uint64_t>());
  }
  stat(langs.empty() ? "&ndash;" : langs, "languages (" + lang_counts + ")");
  stat(fmt("%.0f", number(mean, "authenticity")), "mean authenticity (0&ndash;100)");
  stat(fmt("%.0f", number(mean, "ownership")), "mean ownership (0&ndash;100)");
  stat(fmt("%.2f", number(overall, "findings_per_reply")), "findings per reply");
  stat(thousands(errors), "records with errors");
  h += "</div>";

  h += "<h3>Verdicts</h3>" + verdict_bar(verdicts);
  h += "<div class=\"legend-row\"><span><i class=\"dot\" "
       "style=\"background:var(--send)\"></i>send: good to go</span>"
       "<span><i class=\"dot\" style=\"background:var(--revise)\"></i>revise: a score under the "
       "revise "
       "threshold or an error-level finding</span><span><i class=\"dot\" "
       "style=\"background:var(--block)\"></i>"
       "block: a score under the block threshold</span></div>";

  const json& hist = member(s, "histograms");
  std::vector<std::string> bins;
  for (const auto& b : section(hist, "bins")) bins.push_back(b.get<std::string>());
  auto counts = [&](const char* key) {
    std::vector<uint64_t> v;
    for (const auto& n : section(hist, key)) v.push_back(n.get<uint64_t>());
    return v;
  };
  h += "<h3>Score distributions</h3><div class=\"charts\">";
  h += "<figure><figcaption>Authenticity</figcaption>" +
       svg_histogram(counts("authenticity"), bins, kAuthenticityColor, "Authenticity histogram") +
       "</figure>";
  h += "<figure><figcaption>Ownership</figcaption>" +
       svg_histogram(counts("ownership"), bins, kOwnershipColor, "Ownership histogram") +
       "</figure>";
  h += "</div>";

  h += "<h3>Over time</h3>";
  const json& dates = member(s, "dates");
  if (timeline.empty()) {
    h += "<p class=\"none\">No readable <code>sent_at</code> dates in the input, so no time "
         "series.</p>";
  } else {
    std::vector<std::string> periods;
    Series auth{"authenticity", kAuthenticityColor, {}}, own{"ownership", kOwnershipColor, {}};
    std::vector<std::array<uint64_t, 3>> verdict_counts;
    for (const auto& p : timeline) {
      periods.push_back(str(p, "period"));
      const bool empty = count(p, "replies") == 0;  // a gap, not a zero
      auth.values.push_back(empty ? kNoValue : number(p["mean_scores"], "authenticity"));
      own.values.push_back(empty ? kNoValue : number(p["mean_scores"], "ownership"));
      verdict_counts.push_back({count(p["verdicts"], "send"), count(p["verdicts"], "revise"),
                                count(p["verdicts"], "block")});
    }
    h += "<p class=\"lead\">Per " + esc(dates.value("period", json("period"))) + ", " +
         esc(dates.value("first_day", json(""))) + " to " + esc(dates.value("last_day", json(""))) +
         ".";
    if (count(dates, "undated") > 0)
      h += " " + thousands(count(dates, "undated")) +
           " replies without a readable date are left out.";
    h += "</p>" + svg_timeline(periods, {auth, own}, verdict_counts);
  }
  h += "</section>";
}

void categories_and_rules(std::string& h, const json& s) {
  h += "<section id=\"categories\"><h2>Categories and rules</h2>";
  h += "<p class=\"lead\">How often each habit shows up: the share counts replies with at least "
       "one finding "
       "of the kind.</p>";
  const json& cats = section(s, "categories");
  if (cats.empty()) {
    h += "<p class=\"none\">No findings.</p>";
  } else {
    h +=
        "<table><thead><tr><th>Category</th><th>Share of replies</th><th class=\"num\">Replies</th>"
        "<th class=\"num\">Findings</th></tr></thead><tbody>";
    for (const auto& c : cats) {
      h += "<tr><td>" + esc(category_name(str(c, "category"))) + " <code>" + esc(c["category"]) +
           "</code></td><td>" + share_bar(number(c, "share"), "#ef6c00") +
           "</td><td class=\"num\">" + thousands(count(c, "replies")) + "</td><td class=\"num\">" +
           thousands(count(c, "findings")) + "</td></tr>";
    }
    h += "</tbody></table>";
  }
  const json& signals = section(s, "signals");
  if (!signals.empty()) {
    h += "<h3>Good signals</h3><p class=\"lead\">What raises the scores: commitments, timeframes, "
         "owned apologies.</p>"
         "<table><thead><tr><th>Signal</th><th>Share of replies</th><th "
         "class=\"num\">Replies</th></tr></thead><tbody>";
    for (const auto& c : signals) {
      h += "<tr><td>" + esc(category_name(str(c, "category"))) + "</td><td>" +
           share_bar(number(c, "share"), "#2e7d32") + "</td><td class=\"num\">" +
           thousands(count(c, "replies")) + "</td></tr>";
    }
    h += "</tbody></table>";
  }
  h += "</section><section id=\"rules\"><h2>Rules, with real examples</h2>";
  const json& rules = section(s, "rules");
  if (rules.empty()) h += "<p class=\"none\">No rule fired.</p>";
  for (const auto& r : rules) {
    const std::string severity = str(r, "severity");
    h += "<div class=\"rule\"><h3><code>" + esc(r["rule"]) + "</code> <span class=\"sev " +
         html_escape(severity) + "\">" + html_escape(severity) + "</span></h3>";
    h += "<div>" + esc(category_name(str(r, "category"))) + " &middot; " +
         esc(r.value("dimension", json(""))) + " &middot; in " +
         share_bar(number(r, "share"), "#ef6c00") + " of replies (" +
         thousands(count(r, "replies")) + ")</div>";
    h += "<p>" + esc(r.value("message", json(""))) + "</p>";
    for (const auto& ex : section(r, "examples")) h += snippet_html(ex);
    if (!str(r, "suggestion").empty()) h += "<p class=\"suggest\">" + esc(r["suggestion"]) + "</p>";
    h += "</div>";
  }
  h += "</section>";
}

std::string trend_html(const json& agent) {
  if (!agent.contains("trend") || agent["trend"].is_null()) {
    return "<div class=\"trend\">Not enough dated replies for a trend.</div>";
  }
  const json& t = agent["trend"];
  const double from = t["findings_per_reply"][0].get<double>(),
               to = t["findings_per_reply"][1].get<double>();
  const char* cls = to < from - 0.05 ? "better" : to > from + 0.05 ? "worse" : "";
  const char* word = to < from - 0.05 ? "improving" : to > from + 0.05 ? "slipping" : "steady";
  std::vector<double> auth, own;
  for (const auto& p : section(agent, "timeline")) {
    const bool empty = count(p, "replies") == 0;
    auth.push_back(empty ? kNoValue : number(p["mean_scores"], "authenticity"));
    own.push_back(empty ? kNoValue : number(p["mean_scores"], "ownership"));
  }
  return "<div class=\"trend\">" +
         svg_sparkline(
             {{"authenticity", kAuthenticityColor, auth}, {"ownership", kOwnershipColor, own}}) +
         "<span><span class=\"" + cls + "\">" + word + "</span>: findings per reply " +
         fmt("%.2f", from) + " &rarr; " + fmt("%.2f", to) + " (" + esc(t["from"]) + " &rarr; " +
         esc(t["to"]) + "); ownership " + fmt("%.0f", t["ownership"][0].get<double>()) +
         " &rarr; " + fmt("%.0f", t["ownership"][1].get<double>()) + "</span></div>";
}

void agents(std::string& h, const json& s) {
  const json& list = section(s, "agents");
  h += "<section id=\"agents\"><h2>Per agent</h2>";
  if (list.empty()) {
    h += "<p class=\"none\">The input names no agents (no <code>agent</code> field";
    h += "; <code>--agent-from-signoff</code> reads initials or names from the "
         "sign-off).</p></section>";
    return;
  }
  h += "<p class=\"lead\">" + thousands(list.size()) + " agents";
  if (count(s, "replies_without_agent") > 0) {
    h += "; " + thousands(count(s, "replies_without_agent")) +
         " replies name no agent and are left out here";
  }
  constexpr size_t kMaxRows = 300;
  h += ". Verdicts are send / revise / block.";
  if (list.size() > kMaxRows) {
    h += " The " + std::to_string(kMaxRows) +
         " with the most replies are listed; the summary JSON has all.";
  }
  h += "</p><table><thead><tr><th>Agent</th><th class=\"num\">Replies</th><th "
       "class=\"num\">Auth.</th>"
       "<th class=\"num\">Own.</th><th class=\"num\">Findings / reply</th><th>Verdicts</th><th>Top "
       "habits</th>"
       "</tr></thead><tbody>";
  constexpr size_t kMaxCards = 60;
  size_t index = 0;
  for (const auto& a : list) {
    if (index == kMaxRows) break;
    const std::string name = index < kMaxCards ? "<a href=\"#coach-" + std::to_string(index) +
                                                     "\">" + esc(a["agent"]) + "</a>"
                                               : esc(a["agent"]);
    ++index;
    h += "<tr><td>" + name + "</td><td class=\"num\">" + thousands(count(a, "replies")) + "</td>" +
         scores_cell(a) + "<td class=\"num\">" + fmt("%.2f", number(a, "findings_per_reply")) +
         "</td><td class=\"verdicts\">" + verdict_shares(a["verdicts"]) + "</td><td>";
    size_t habits = 0;
    for (const auto& c : section(a, "top_categories")) {
      if (habits++ == 3) break;
      h += "<span class=\"pill\">" + esc(category_name(str(c, "category"))) + " " +
           percent(number(c, "share")) + "</span>";
    }
    h += "</td></tr>";
  }
  h += "</tbody></table></section>";

  h += "<section id=\"coaching\"><h2>Coaching cards</h2><p class=\"lead\">Per agent: their three "
       "most frequent "
       "findings, each with one of their own replies and what to write instead, and their trend.";
  if (list.size() > kMaxCards) {
    h += " The " + std::to_string(kMaxCards) +
         " agents with the most replies are shown; the summary JSON has all.";
  }
  h += "</p><div class=\"coaching\">";
  size_t shown = 0;
  for (const auto& a : list) {
    if (shown == kMaxCards) break;
    h += "<article class=\"coach\" id=\"coach-" + std::to_string(shown++) + "\"><h3>" +
         esc(a["agent"]) + "</h3>";
    h += "<div class=\"src\">" + thousands(count(a, "replies")) +
         " replies &middot; authenticity " + fmt("%.0f", number(a["mean_scores"], "authenticity")) +
         " &middot; ownership " + fmt("%.0f", number(a["mean_scores"], "ownership")) + "</div>";
    h += trend_html(a);
    const json& top = section(a, "top_rules");
    if (top.empty()) {
      h += "<p class=\"none\">No findings: nothing to coach on.</p>";
    } else {
      h += "<ol>";
      for (const auto& r : top) {
        h += "<li><b>" + esc(category_name(str(r, "category"))) + "</b> in " +
             percent(number(r, "share")) + " of their replies <code>" + esc(r["rule"]) +
             "</code><br>" + esc(r.value("message", json("")));
        if (r.contains("example")) h += snippet_html(r["example"]);
        if (!str(r, "suggestion").empty())
          h += "<div class=\"suggest\">" + esc(r["suggestion"]) + "</div>";
        h += "</li>";
      }
      h += "</ol>";
    }
    h += "</article>";
  }
  h += "</div></section>";
}

void channels(std::string& h, const json& s) {
  const json& list = section(s, "channels");
  h += "<section id=\"channels\"><h2>Per channel</h2>";
  if (list.empty()) {
    h += "<p class=\"none\">The input names no channels.</p></section>";
    return;
  }
  h +=
      "<table><thead><tr><th>Channel</th><th class=\"num\">Replies</th><th class=\"num\">Auth.</th>"
      "<th class=\"num\">Own.</th><th class=\"num\">Findings / reply</th><th>Verdicts</th><th>Top "
      "habits</th>"
      "</tr></thead><tbody>";
  for (const auto& c : list) {
    h += "<tr><td>" + esc(c["channel"]) + "</td><td class=\"num\">" +
         thousands(count(c, "replies")) + "</td>" + scores_cell(c) + "<td class=\"num\">" +
         fmt("%.2f", number(c, "findings_per_reply")) + "</td><td class=\"verdicts\">" +
         verdict_shares(c["verdicts"]) + "</td><td>";
    for (const auto& cat : section(c, "top_categories")) {
      h += "<span class=\"pill\">" + esc(category_name(str(cat, "category"))) + " " +
           percent(number(cat, "share")) + "</span>";
    }
    h += "</td></tr>";
  }
  h += "</tbody></table></section>";
}

void templates(std::string& h, const json& s) {
  const json& t = member(s, "templates");
  const json& clusters = section(t, "clusters");
  h += "<section id=\"templates\"><h2>Canned templates</h2>";
  h += "<p class=\"lead\">Near-identical replies grouped by their wording (MinHash over word "
       "3-shingles; numbers, links, @mentions, greeted names and sign-offs ignored), used at "
       "least " +
       std::to_string(count(t, "min_replies")) +
       " times. Highlights show where rules fire; a template without highlights is pasted all the "
       "same.</p>";
  if (clusters.empty()) {
    h += "<p class=\"none\">No reply text repeats often enough to count as a "
         "template.</p></section>";
    return;
  }
  h += "<p>" + thousands(count(t, "templates")) + " templates cover " +
       thousands(count(t, "replies_in_templates")) + " replies (" +
       percent(number(t, "share_in_templates")) + ").</p>";
  int rank = 0;
  for (const auto& c : clusters) {
    h += "<div class=\"template\"><b>#" + std::to_string(++rank) + "</b> &middot; <b>" +
         thousands(count(c, "replies")) + "</b> replies (" + percent(number(c, "share")) + ")";
    const uint64_t agent_count = count(c, "agent_count");
    if (agent_count > 0) {
      h += " &middot; " + thousands(agent_count) + (agent_count == 1 ? " agent" : " agents");
    }
    if (c.contains("first_day"))
      h += " &middot; " + esc(c["first_day"]) + " to " + esc(c["last_day"]);
    h += " &middot; mean authenticity " + fmt("%.0f", number(c["mean_scores"], "authenticity")) +
         ", ownership " + fmt("%.0f", number(c["mean_scores"], "ownership"));
    // Whole-reply findings (no next step, ignores the customer) would mark everything:
    // they are named instead.
    const std::string text = str(c, "text");
    json phrases = json::array();
    std::set<std::string> whole_reply;
    for (const auto& hl : section(c, "highlights")) {
      const uint64_t start = count(hl, "start"), end = std::max(start, count(hl, "end"));
      if (static_cast<double>(end - start) >= 0.8 * static_cast<double>(text.size())) {
        whole_reply.insert(category_name(str(hl, "category")));
      } else {
        phrases.push_back(hl);
      }
    }
    h += "<blockquote>" + highlighted(text, phrases) + "</blockquote><div>";
    for (const auto& w : whole_reply) {
      h += "<span class=\"pill\">whole reply: " + html_escape(w) + "</span>";
    }
    size_t agents_shown = 0;
    for (const auto& a : section(c, "agents")) {
      if (agents_shown++ == 12) {
        h += "<span class=\"pill\">&hellip;</span>";
        break;
      }
      h += "<span class=\"pill\">" + esc(a["agent"]) + " " + thousands(count(a, "replies")) +
           "</span>";
    }
    std::set<std::string> rules;
    for (const auto& hl : section(c, "highlights")) rules.insert(str(hl, "rule"));
    h += "</div><div class=\"src\">first seen as reply " + esc(c["example_id"]) + " (line " +
         std::to_string(count(c, "example_line")) + ")";
    if (rules.empty()) {
      h += " &middot; no rule fires on it";
    } else {
      std::string list;
      for (const auto& r : rules) list += (list.empty() ? "" : ", ") + html_escape(r);
      h += " &middot; rules: " + list;
    }
    h += "</div></div>";
  }
  h += "</section>";
}

// The first string among `keys` of an object (a number or other JSON as text).
std::string first_of(const json& j, std::initializer_list<const char*> keys) {
  if (!j.is_object()) return {};
  for (const char* key : keys) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) continue;
    return it->is_string() ? it->get<std::string>() : it->dump();
  }
  return {};
}

void promises(std::string& h, const json& s) {
  const json& p = member(s, "promises");
  h += "<section id=\"promises\"><h2>Open promises</h2>";
  if (!p.value("available", false)) {
    h += "<p class=\"none\">No promise data: the analyser that wrote these results does not report "
         "commitments.</p></section>";
    return;
  }
  const json& items = section(p, "items");
  h += "<p class=\"lead\">" + thousands(count(p, "count")) + " commitments made to customers, " +
       thousands(count(p, "with_deadline")) +
       " of them with a deadline: what the customer will hold the team to.";
  if (items.size() < count(p, "with_deadline"))
    h += " The first " + thousands(items.size()) + " are listed.";
  h += "</p>";
  if (items.empty()) {
    h += "<p class=\"none\">No commitments with deadlines were found.</p></section>";
    return;
  }
  // Soonest deadline first; ones without a calendar date (no sent_at) last.
  std::vector<const json*> sorted;
  for (const auto& item : items) sorted.push_back(&item);
  auto due = [&](const json* item) {
    const std::string d = first_of(member(*item, "promise"), {"deadline"});
    return d.empty() ? std::string("~") : d;
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const json* a, const json* b) { return due(a) < due(b); });
  h += "<table><thead><tr><th>Deadline</th><th>Promise</th><th>Who</th><th>Agent</th><th>Sent</"
       "th><th>Reply</th>"
       "</tr></thead><tbody>";
  for (const json* item : sorted) {
    const json& promise = member(*item, "promise");
    std::string text = first_of(promise, {"what", "text", "promise", "commitment"});
    if (text.empty()) text = promise.is_string() ? promise.get<std::string>() : promise.dump();
    const std::string when = first_of(promise, {"deadline_text", "timeframe", "when"});
    const std::string deadline = first_of(promise, {"deadline", "due"});
    // Mark the words that set the deadline inside the promise.
    std::string shown;
    const size_t at = when.empty() ? std::string::npos : text.find(when);
    if (at == std::string::npos) {
      shown = html_escape(text);
    } else {
      shown = html_escape(text.substr(0, at)) + "<mark>" + html_escape(when) + "</mark>" +
              html_escape(text.substr(at + when.size()));
    }
    // ISO "2026-01-04T18:00" reads better as "2026-01-04 18:00".
    std::string due = deadline.empty() ? when : deadline;
    if (due.size() > 10 && due[10] == 'T') due[10] = ' ';
    h += "<tr><td class=\"when\">" + html_escape(due) + "</td><td>" + shown + "</td><td>" +
         html_escape(first_of(promise, {"who"})) + "</td><td>" +
         esc(item->value("agent", json(""))) + "</td><td class=\"when\">" +
         esc(item->value("sent_at", json(""))) + "</td><td>" + esc(item->value("id", json(""))) +
         "</td></tr>";
  }
  h += "</tbody></table></section>";
}

void errors(std::string& h, const json& s) {
  h += "<section id=\"errors\"><h2>Errors</h2>";
  if (count(s, "errors") == 0) {
    h += "<p>Every input record was read and analysed.</p></section>";
    return;
  }
  h += "<p class=\"lead\">" + thousands(count(s, "errors")) + " of " +
       thousands(count(s, "records")) +
       " records could not be analysed. Each has an error record with its line number in the "
       "output.</p>";
  h += "<table><thead><tr><th>Reason</th><th class=\"num\">Records</th></tr></thead><tbody>";
  for (const auto& r : section(s, "error_reasons")) {
    h += "<tr><td>" + esc(r["reason"]) + "</td><td class=\"num\">" +
         thousands(count(r, "records")) + "</td></tr>";
  }
  h += "</tbody></table><table><thead><tr><th "
       "class=\"num\">Line</th><th>Input</th><th>Id</th><th>Error</th></tr>"
       "</thead><tbody>";
  for (const auto& e : section(s, "error_records")) {
    h += "<tr><td class=\"num\">" + std::to_string(count(e, "line")) + "</td><td>" +
         esc(e.value("input", json(""))) + "</td><td>" + esc(e.value("id", json(""))) +
         "</td><td>" + esc(e["error"]) + "</td></tr>";
  }
  h += "</tbody></table></section>";
}

}  // namespace

std::string render_html_report(const json& s) {
  std::string title = str(s, "title");
  if (title.empty()) title = "Webcare reply audit";
  std::string h;
  h.reserve(256 * 1024);
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta name=\"generator\" content=\"replylint audit\"><title>" +
       html_escape(title) + "</title><style>" + kStyle + "</style></head><body>";
  h += "<header class=\"top\"><h1>" + html_escape(title) + "</h1><p>" +
       thousands(count(s, "analysed")) + " replies";
  std::string inputs;
  for (const auto& in : section(s, "inputs")) inputs += (inputs.empty() ? "" : ", ") + esc(in);
  if (!inputs.empty()) h += " from " + inputs;
  if (s.contains("generated_at")) h += " &middot; generated " + esc(s["generated_at"]);
  h += " &middot; replylint audit</p><nav>"
       "<a href=\"#overview\">Overview</a><a href=\"#categories\">Categories</a><a "
       "href=\"#rules\">Rules</a>"
       "<a href=\"#agents\">Agents</a><a href=\"#coaching\">Coaching</a><a "
       "href=\"#channels\">Channels</a>"
       "<a href=\"#templates\">Templates</a><a href=\"#promises\">Promises</a><a "
       "href=\"#errors\">Errors</a>"
       "</nav></header><main>";
  overview(h, s);
  categories_and_rules(h, s);
  agents(h, s);
  channels(h, s);
  templates(h, s);
  promises(h, s);
  errors(h, s);
  h += "</main><footer><p><b>How to read this.</b> Authenticity (a person engaging with this "
       "customer, not a "
       "script) and ownership (the company takes responsibility and moves the issue forward) start "
       "at a neutral "
       "base; every finding lowers its dimension, every good signal raises it, and repeats of one "
       "habit in a "
       "reply count less each time. Rules, weights and thresholds are in the rule packs and the "
       "config; "
       "<code>replylint explain RULE</code> tells why a rule matters.</p></footer></body></html>\n";
  return h;
}

}  // namespace replylint::audit
