// The results page in a real browser, on a generated site of 120 pages that all hold one word:
// the first 50 results, then a button that loads 50 more (and moves the focus to the first of
// them), then the last 20, and no button. Needs the debug binary and Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPage, startSite, until } from "./cdp.mjs";

const PAGES = 120;
let source, site;

before(async () => {
  source = mkdtempSync(join(tmpdir(), "kilavuz-more-src-"));
  writeFileSync(join(source, "kilavuz.yaml"), "title: More\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n");
  mkdirSync(join(source, "content", "en-US"), { recursive: true });
  writeFileSync(join(source, "content", "en-US", "index.md"), "---\ntitle: Home\n---\n# Home\n\nStart here.\n");
  for (let i = 0; i < PAGES; i++) {
    const n = String(i).padStart(3, "0");
    writeFileSync(join(source, "content", "en-US", `page-${n}.md`),
      `---\ntitle: Page ${n}\n---\n# Page ${n}\n\nThe quokka ${"sleeps ".repeat(i % 7)}here.\n`);
  }
  site = await startSite(() => [source], "kilavuz-more-");
});

after(async () => {
  await site?.stop();
  rmSync(source, { recursive: true, force: true });
});

test("results come 50 at a time behind a button that names how many follow", async () => {
  const page = await openPage(site.cdp, site.origin, "/en-us/search/?q=quokka");
  const count = () => page.evaluate("document.querySelectorAll('[data-kilavuz-search-results] li').length");
  const button = "document.querySelector('[data-kilavuz-search-more]')";
  await until(async () => (await count()) === 50, "the first 50 results");
  assert.match(await page.evaluate("document.querySelector('[data-kilavuz-search-status]').textContent"), /^120 results for “quokka”/);
  assert.equal(await page.evaluate(`${button}.textContent`), "Show 50 more results");
  await page.evaluate(`${button}.click()`);
  await until(async () => (await count()) === 100, "50 more");
  assert.equal(await page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('[data-kilavuz-search-results] li')[50]"), true,
    "the focus moves to the first new result");
  assert.equal(await page.evaluate(`${button}.textContent`), "Show 20 more results");
  await page.evaluate(`${button}.click()`);
  await until(async () => (await count()) === PAGES, "the last 20");
  assert.equal(await page.evaluate(button), null, "no button once every result is shown");
  const urls = await page.evaluate("[...document.querySelectorAll('[data-kilavuz-search-results] a')].map((a) => a.getAttribute('href'))");
  assert.equal(new Set(urls).size, PAGES, "each page once");
});
