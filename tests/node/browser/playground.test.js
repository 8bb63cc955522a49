// The playground page in a real browser (headless Chromium through playwright-core):
// type a reply like an agent does, see the findings highlighted at the right
// letters, the scores, the verdict and the suggestions; nothing loaded from
// elsewhere, no script errors, and the check debounced while typing.
// Arguments: the replylint binary, a rules directory, where to put screenshots.
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");
const { startServer, need } = require("../support/serve.js");

const { chromium } = need("playwright-core");

const [binary, rules, outputDir] = process.argv.slice(2);
const CHROMIUM = process.env.REPLYLINT_CHROMIUM || "/usr/bin/chromium";
const CUSTOMER = "Mijn pakket is al twee keer niet bezorgd en niemand belt terug.";
// An emoji before the findings: highlights must count UTF-16 units, as the page does.
const REPLY = "Hoi \u{1F600} Jan, wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.";

async function apiCheck(url, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const r = await fetch(url + "v1/check", { method: "POST", headers, body: JSON.stringify(body) });
  assert.equal(r.status, 200);
  return r.json();
}

async function marks(page) {
  return page.$$eval("#backdrop mark", (ms) => ms.map((m) => m.textContent));
}

async function newPage(browser, server, problems) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const origin = new URL(server.url).origin;
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith(origin)) problems.push("outside request: " + r.url()); });
  return page;
}

async function typingShowsFindings(browser, server) {
  const problems = [];
  const page = await newPage(browser, server, problems);
  let checks = 0;
  page.on("request", (r) => { if (r.url().endsWith("/v1/check")) checks++; });
  await page.goto(server.url);
  assert.equal(await page.title(), "replylint playground");

  await page.fill("#customer", CUSTOMER);
  await page.click("#reply");
  await page.keyboard.type(REPLY, { delay: 15 });

  // The highlight appears once the check is back.
  await page.waitForFunction(
    () => [...document.querySelectorAll("#backdrop mark")].some((m) => m.textContent === "wat vervelend zeg"),
    null, { timeout: 15000 });
  await page.waitForFunction(() => document.querySelector("#status").textContent.includes("checked in"));

  const expected = await apiCheck(server.url, { reply: REPLY, customer: CUSTOMER, lang: "auto" });
  assert.equal(await page.inputValue("#reply"), REPLY);
  assert.equal(await page.textContent("#score-authenticity"), String(expected.scores.authenticity));
  assert.equal(await page.textContent("#score-ownership"), String(expected.scores.ownership));
  assert.equal(await page.getAttribute("#verdict", "data-verdict"), expected.verdict);
  assert.equal(await page.locator("#findings .finding").count(), expected.findings.length);
  // The backdrop holds the reply letter for letter, and the marked letters are
  // exactly those of the findings (offsets in UTF-16 units, as JavaScript counts).
  assert.equal(await page.textContent("#backdrop"), REPLY);
  const markedUnits = await page.$eval("#backdrop", (b) => {
    const units = [];
    let at = 0;
    for (const node of b.childNodes) {
      const n = node.textContent.length;
      if (node.nodeName === "MARK") for (let i = at; i < at + n; i++) units.push(i);
      at += n;
    }
    return units;
  });
  const findingUnits = new Set();
  for (const f of expected.findings) {
    assert.equal(REPLY.slice(f.span.start_utf16, f.span.end_utf16), f.text);
    for (let i = f.span.start_utf16; i < f.span.end_utf16; i++) findingUnits.add(i);
  }
  assert.deepEqual(markedUnits, [...findingUnits].sort((a, b) => a - b));
  assert.ok((await marks(page)).includes("wat vervelend zeg"));
  // The suggestions are shown.
  const suggestions = await page.$$eval("#findings .suggestion", (ps) => ps.map((p) => p.textContent));
  for (const f of expected.findings) assert.ok(suggestions.some((s) => s.includes(f.suggestion)));
  // Debounced: far fewer checks than keystrokes.
  assert.ok(checks >= 1 && checks < REPLY.length / 4, `${checks} checks for ${REPLY.length} keystrokes`);

  fs.mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: path.join(outputDir, "playground.png"), fullPage: true });

  // Clicking a finding selects its text in the reply.
  const deflection = expected.findings.findIndex((f) => f.category === "deflection");
  await page.click(`#findings .finding[data-index="${deflection}"]`);
  const selection = await page.$eval("#reply", (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selection, expected.findings[deflection].text);

  // Rewriting the reply into an owning one clears the marks and lifts the verdict.
  await page.fill("#reply", "Ik bel u morgen vóór 12 uur over uw pakket.");
  await page.waitForFunction(() => document.querySelectorAll("#backdrop mark").length === 0 &&
    document.querySelector("#status").textContent.includes("checked in"));
  const better = await apiCheck(server.url, { reply: "Ik bel u morgen vóór 12 uur over uw pakket.", customer: CUSTOMER, lang: "auto" });
  await page.waitForFunction((v) => document.querySelector("#verdict").dataset.verdict === v, better.verdict);
  assert.ok((await page.locator("#signals .signal").count()) >= 1);

  // Emptying it resets everything.
  await page.fill("#reply", "");
  await page.waitForFunction(() => document.querySelector("#verdict").dataset.verdict === "");
  assert.deepEqual(problems, []);
  await page.close();
}

async function tokenIsAskedFor(browser, rulesDir) {
  const server = await startServer(binary, ["--rules", rulesDir], { REPLYLINT_TOKEN: "desk-token" });
  try {
    const problems = [];
    const page = await newPage(browser, server, problems);
    await page.goto(server.url);
    await page.fill("#reply", "Wat vervelend zeg!");
    await page.waitForSelector("#token-row:not([hidden])");
    assert.match(await page.textContent("#status"), /needs an access token/);
    await page.fill("#token", "desk-token");
    await page.dispatchEvent("#token", "change");
    await page.waitForFunction(() => document.querySelectorAll("#backdrop mark").length > 0);
    // The 401 of the first try is the only error the console shows.
    assert.deepEqual(problems.filter((p) => !p.includes("401")), []);
    await page.close();
  } finally {
    await server.stop();
  }
}

async function main() {
  const server = await startServer(binary, ["--rules", rules]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    await typingShowsFindings(browser, server);
    await tokenIsAskedFor(browser, rules);
    console.log("playground: highlights, scores, verdict and suggestions shown; screenshot in " + outputDir);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
