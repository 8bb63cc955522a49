// A real LanguageTool client against replylint's /v2/check: npm's
// `languagetool-api` builds the query (its check() only knows the public
// server's address, so the request is sent from here with the same URL
// encoding), and its showMistakes and bestSuggestion read the answer. The answer
// is also held against the shape of LanguageTool's published API (swagger
// CheckResults) and its offsets are checked as JavaScript counts them: UTF-16.
"use strict";
const assert = require("node:assert/strict");
const { startServer, need } = require("../support/serve.js");

const languagetool = need("languagetool-api");
const query = need("languagetool-api/query.js");

const [binary, rules] = process.argv.slice(2);
const TEXT = "Wat vervelend zeg! \u{1F600} Daarvoor moet u bij de leverancier zijn.";

const callback = (fn, answer) => new Promise((resolve) => fn(answer, resolve));

function assertShape(answer) {
  const isString = (v, what) => assert.equal(typeof v, "string", what + " must be a string");
  const isInt = (v, what) => assert.ok(Number.isInteger(v), what + " must be an integer");
  isString(answer.software.name, "software.name");
  isString(answer.software.version, "software.version");
  isString(answer.software.buildDate, "software.buildDate");
  isInt(answer.software.apiVersion, "software.apiVersion");
  isString(answer.language.name, "language.name");
  isString(answer.language.code, "language.code");
  isString(answer.language.detectedLanguage.name, "language.detectedLanguage.name");
  isString(answer.language.detectedLanguage.code, "language.detectedLanguage.code");
  assert.equal(typeof answer.language.detectedLanguage.confidence, "number");
  assert.ok(Array.isArray(answer.matches));
  for (const m of answer.matches) {
    isString(m.message, "message");
    isString(m.shortMessage, "shortMessage");
    isInt(m.offset, "offset");
    isInt(m.length, "length");
    assert.ok(Array.isArray(m.replacements) && m.replacements.length > 0);
    for (const r of m.replacements) isString(r.value, "replacements[].value");
    isString(m.context.text, "context.text");
    isInt(m.context.offset, "context.offset");
    isInt(m.context.length, "context.length");
    isString(m.sentence, "sentence");
    isString(m.rule.id, "rule.id");
    isString(m.rule.description, "rule.description");
    isString(m.rule.issueType, "rule.issueType");
    isString(m.rule.category.id, "rule.category.id");
    isString(m.rule.category.name, "rule.category.name");
  }
}

async function main() {
  const server = await startServer(binary, ["--rules", rules]);
  try {
    // GET, exactly the URL languagetool-api's check() builds.
    const params = { language: "nl-NL", text: TEXT, disabledRules: ["WHITESPACE_RULE", "UPPERCASE_SENTENCE_START"] };
    const url = encodeURI(server.url + "v2/check" + query(params));
    const got = await fetch(url);
    assert.equal(got.status, 200);
    const answer = await got.json();
    assertShape(answer);
    assert.equal(answer.language.code, "nl-NL");
    assert.equal(answer.language.detectedLanguage.code, "nl");

    const mistakes = await callback(languagetool.showMistakes, answer);
    assert.ok(mistakes.includes("Wat vervelend zeg"), "showMistakes: " + JSON.stringify(mistakes));
    assert.ok(mistakes.includes("Daarvoor moet u bij de leverancier zijn"), JSON.stringify(mistakes));
    // The context's marked part is the text at offset/length in the original: UTF-16 units.
    assert.deepEqual(mistakes, answer.matches.map((m) => TEXT.substr(m.offset, m.length)));

    const best = await callback(languagetool.bestSuggestion, answer);
    assert.equal(best.length, answer.matches.length);
    for (const b of best) {
      assert.ok(b.mistake.length > 0);
      assert.ok(b.bestSuggestion.length > 10, "a suggestion that says what to write");
    }

    // POST, as browser extensions and editor plugins send it, with LanguageTool's filters.
    const form = new URLSearchParams({ text: TEXT, language: "auto", disabledCategories: "CANNED_EMPATHY" });
    const posted = await (await fetch(server.url + "v2/check", { method: "POST", body: form })).json();
    assertShape(posted);
    const postedMistakes = await callback(languagetool.showMistakes, posted);
    assert.ok(!postedMistakes.includes("Wat vervelend zeg"));
    assert.ok(postedMistakes.includes("Daarvoor moet u bij de leverancier zijn"));

    const languages = await (await fetch(server.url + "v2/languages")).json();
    assert.ok(languages.some((l) => l.longCode === "nl-NL" && l.code === "nl" && l.name.startsWith("Dutch")));

    console.log(`languagetool-api read ${mistakes.length} mistakes:`, best);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
