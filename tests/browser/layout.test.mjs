// Layout of every page type at the narrowest phone width (320 px), a common one (375 px) and a
// desktop's (1280 px), left-to-right (en-US) and right-to-left (ar-SA): the page never scrolls
// sideways, nothing sticks out of the viewport, and the header's parts, the main column and the
// footer never overlap. Screenshots go to a temporary folder (KILAVUZ_SHOTS=dir keeps them
// there for a look); none is committed.
// Weight: a page requests nothing from another host, loads search.js only on the search page
// (elsewhere the search box loads it when used), and its CSS and JS weigh at most 40 KB gzipped.
// Needs the debug binary, Chromium (CHROMIUM or /usr/bin/chromium) and `npm ci` in tests/browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { open, pagesOf, startExample } from "./example.mjs";

let site;

before(async () => { site = await startExample("kilavuz-layout-"); });
after(() => site?.stop());

/* Runs in the page: every layout failure that can be told from boxes. */
function problems() {
  const out = [];
  const width = document.documentElement.clientWidth;
  const scroll = document.scrollingElement.scrollWidth;
  if (scroll > width + 1) out.push(`the page scrolls sideways: ${scroll}px wide in a ${width}px viewport`);
  const visible = (el) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  // Nothing may stick out of the viewport unless a scrolling box (a wide table) holds it.
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
  for (const el of document.querySelectorAll("body *")) {
    if (!visible(el) || scrolls(el) || el.closest(".visually-hidden, .skip-link")) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > width + 1) { out.push(`${name(el)} sticks out: ${Math.round(r.left)}..${Math.round(r.right)} of ${width}px`); break; }
  }
  // The header's parts side by side, and the page's regions one below the other.
  const overlap = (a, b) => { const x = a.getBoundingClientRect(), y = b.getBoundingClientRect();
    return x.left < y.right - 1 && y.left < x.right - 1 && x.top < y.bottom - 1 && y.top < x.bottom - 1; };
  const parts = [...document.querySelectorAll(".site-header > *")].filter(visible);
  for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++)
    if (overlap(parts[i], parts[j])) out.push(`${name(parts[i])} overlaps ${name(parts[j])} in the header`);
  const regions = [".site-header", "main", ".site-footer"].map((s) => document.querySelector(s)).filter((el) => el && visible(el));
  for (let i = 0; i < regions.length; i++) for (let j = i + 1; j < regions.length; j++)
    if (overlap(regions[i], regions[j])) out.push(`${name(regions[i])} overlaps ${name(regions[j])}`);
  return out;
}

for (const width of [320, 375, 1280]) {
  test(`no sideways scrolling, nothing out of view and no overlaps at ${width}px`, async () => {
    const shots = process.env.KILAVUZ_SHOTS || join(site.tmp, "shots");
    mkdirSync(shots, { recursive: true });
    const page = await site.browser.newPage({ viewport: { width, height: 800 } });
    let loaded = [];
    page.on("response", (r) => loaded.push(r));
    const found = [];
    for (const l of ["en-us", "ar-sa"]) {
      for (const [type, path] of pagesOf(l)) {
        loaded = [];
        await open(page, site.origin, path);
        assert.equal(new URL(page.url()).pathname, path.split("?")[0], "no redirect");
        if (type === "search") await page.waitForSelector(".search-results li", { timeout: 10000 });
        found.push(...(await page.evaluate(problems)).map((p) => `${path} at ${width}px: ${p}`));
        let assets = 0;
        for (const r of loaded) {
          const url = r.url();
          if (!url.startsWith(site.origin)) found.push(`${path} requests ${url}`);
          if (/search\.[^/]*js$/.test(url) && type !== "search") found.push(`${path} loads search.js unasked`);
          if (/\.(css|js)$/.test(url)) assets += gzipSync(await r.body(), { level: 9 }).length;
        }
        if (assets > 40 * 1024) found.push(`${path}: ${assets} bytes of gzipped CSS and JS, more than 40 KB`);
        if (assets === 0) found.push(`${path}: no CSS or JS seen (is the theme missing?)`);
        await page.screenshot({ path: join(shots, `${l}-${type.replace(/ /g, "-")}-${width}.png`), fullPage: true });
      }
    }
    await page.close();
    assert.deepEqual(found, [], `\n${found.join("\n")}`);
  });
}
