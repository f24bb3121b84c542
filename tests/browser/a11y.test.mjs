// Accessibility of every page type of the default theme: axe-core (WCAG 2.0–2.2 A and AA rules)
// in headless Chromium through playwright-core, on the bundled example site with an Arabic
// (right-to-left) locale added, in light and dark color schemes. A serious or critical
// violation fails the test, printed with the rule, the page and the offending elements.
// Needs the debug binary, Chromium (CHROMIUM or /usr/bin/chromium) and `npm ci` in tests/browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { open, pagesOf, startExample } from "./example.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const LOCALES = ["en-us", "tr-tr", "ar-sa"];

let site, origin, browser;

before(async () => {
  site = await startExample("kilavuz-a11y-");
  ({ origin, browser } = site);
});

after(() => site?.stop());

async function violations(page, path) {
  const response = await open(page, origin, path);
  assert.ok(response.ok() || path === "/404.html", `${path}: ${response.status()}`);
  if (path.includes("/search/")) await page.waitForSelector(".search-results li, .search-empty", { timeout: 10000 }).catch(() => {});
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
  }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}) on ${path}: ${v.help}\n` +
      v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"));
}

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    resultTypes: ["violations"],
  }));
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")}`);
}

for (const scheme of ["light", "dark"]) {
  test(`the header's search box, open on results and on none, has no serious violations (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const found = [];
    for (const l of LOCALES) {
      await open(page, origin, `/${l}/`);
      await page.fill("#kilavuz-search-input", "support");
      await page.waitForSelector("#kilavuz-search-list [role=option]", { timeout: 10000 });
      found.push(...(await axe(page)).map((v) => `${l}, results: ${v}`));
      await page.fill("#kilavuz-search-input", "zzqxw");
      await page.waitForSelector(".search-none-shown", { timeout: 10000 });
      found.push(...(await axe(page)).map((v) => `${l}, none: ${v}`));
    }
    await context.close();
    assert.deepEqual(found, [], `\n${found.join("\n")}`);
  });
}

for (const scheme of ["light", "dark"]) {
  test(`no serious or critical axe violations on any page type (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const found = [];
    for (const l of LOCALES) {
      for (const [, path] of pagesOf(l)) found.push(...await violations(page, path));
    }
    await context.close();
    assert.deepEqual(found, [], `\n${found.join("\n")}`);
  });
}
