// Accessibility of every page type of the default theme: axe-core (WCAG 2.0–2.2 A and AA rules)
// in headless Chromium through playwright-core, on the bundled example site with an Arabic
// (right-to-left) locale added, in light and dark color schemes. A serious or critical
// violation fails the test, printed with the rule, the page and the offending elements.
// Needs the debug binary, Chromium (CHROMIUM or /usr/bin/chromium) and `npm ci` in tests/browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./cdp.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = process.env.KILAVUZ_BIN || join(root, "target", "debug", "kilavuz");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/* One page of each type; `{l}` is the locale's URL slug. */
const PAGES = {
  home: "/{l}/",
  article: "/{l}/getting-started/first-steps/",
  section: "/{l}/support/",
  "support overview": "/{l}/support/",
  offering: "/{l}/support/contoso-premium/",
  "tree question": "/{l}/help/get-help/contoso/",
  "tree outcome": "/{l}/help/get-help/talk-to-us/",
  "tree all": "/{l}/help/get-help/all/",
  search: "/{l}/search/?q=support",
  "404": "/404.html",
  "language chooser": "/",
};
const LOCALES = ["en-us", "tr-tr", "ar-sa"];

let tmp, server, origin, browser;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "kilavuz-a11y-"));
  const site = join(tmp, "src");
  for (const part of ["kilavuz.yaml", "content", "templates"]) cpSync(join(root, part), join(site, part), { recursive: true });
  const config = readFileSync(join(site, "kilavuz.yaml"), "utf8")
    .replace("  - {code: tr-TR, name: Türkçe}\n", "  - {code: tr-TR, name: Türkçe}\n  - {code: ar-SA, name: العربية}\n");
  writeFileSync(join(site, "kilavuz.yaml"), config);
  execFileSync(bin, ["build", site, "--out", join(tmp, "site"), "--base-url", "/", "--quiet"], { stdio: "ignore" });
  server = serve(join(tmp, "site"));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function violations(page, path) {
  const response = await page.goto(origin + path);
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

for (const scheme of ["light", "dark"]) {
  test(`no serious or critical axe violations on any page type (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const found = [];
    for (const l of LOCALES) {
      for (const [, path] of Object.entries(PAGES)) {
        const at = path.replace("{l}", l);
        if (l !== "en-us" && !at.includes(l)) continue; // "/" and /404.html are not per locale
        found.push(...await violations(page, at));
      }
    }
    await context.close();
    assert.deepEqual(found, [], `\n${found.join("\n")}`);
  });
}
