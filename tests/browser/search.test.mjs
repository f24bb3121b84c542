// Search in a real browser: headless Chromium, driven over the DevTools protocol on a pipe (no npm
// packages), opens pages of the built fixture site served on 127.0.0.1, types into the header's
// search box and follows a result. Needs the debug binary and Chromium (CHROMIUM or /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { click, openPage as open, startSite, until } from "./cdp.mjs";

let site, origin, cdp;

const openPage = (path) => open(cdp, origin, path);

before(async () => {
  site = await startSite((root) => [join(root, "tests/fixtures/search/multilang")], "kilavuz-browser-");
  ({ origin, cdp } = site);
});

after(() => site?.stop());

test("'/' focuses the box, typing lists results, arrows and Enter follow one", async () => {
  const page = await openPage("/tr-tr/fatura/");
  assert.equal(await page.evaluate("'KilavuzSearch' in window"), false, "search.js loads only on use");
  await page.key("/", "Slash", 191, "/");
  assert.equal(await page.evaluate("document.activeElement.id"), "kilavuz-search-input");
  await page.send("Input.insertText", { text: "KULLANICI" });
  await until(() => page.evaluate("document.querySelectorAll('#kilavuz-search-list [role=option]').length > 0"), "suggestions");
  assert.equal(await page.evaluate("document.getElementById('kilavuz-search-input').getAttribute('aria-expanded')"), "true");
  await page.key("ArrowDown", "ArrowDown", 40);
  assert.equal(await page.evaluate("document.getElementById('kilavuz-search-input').getAttribute('aria-activedescendant')"), "kilavuz-search-list-0");
  await page.key("Enter", "Enter", 13, "\r");
  const at = await until(async () => {
    const href = await page.evaluate("location.pathname + location.hash");
    return href.startsWith("/tr-tr/musteri/") && href;
  }, "navigation to the result");
  assert.equal(decodeURIComponent(at), "/tr-tr/musteri/#iletişim");
});

test("the box announces how many results there are and shows when none match", async () => {
  const page = await openPage("/en-us/");
  const status = "document.querySelector('[data-kilavuz-search-box-status]')";
  await page.evaluate("document.getElementById('kilavuz-search-input').focus()");
  await page.send("Input.insertText", { text: "zzqxw" });
  await until(async () => (await page.evaluate(`${status}.textContent`)) === "No pages match “zzqxw”.", "the no-results status");
  assert.equal(await page.evaluate("document.getElementById('kilavuz-search-list').hidden"), true);
  assert.ok(await page.evaluate(`${status}.getBoundingClientRect().height > 10`), "shown under the box");
  await page.evaluate("document.getElementById('kilavuz-search-input').value = ''");
  await page.send("Input.insertText", { text: "refund" });
  await until(async () => (await page.evaluate(`${status}.textContent`)) === "1 result for “refund”", "the count");
  assert.ok(await page.evaluate(`${status}.getBoundingClientRect().height <= 1`), "announced, not shown");
  assert.equal(await page.evaluate("document.querySelectorAll('#kilavuz-search-list [role=option]').length"), 1);
});

test("the results page works from a plain form submit and marks the hits", async () => {
  const page = await openPage("/tr-tr/search/?q=musteri+destegi");
  await until(() => page.evaluate("document.querySelectorAll('[data-kilavuz-search-results] a').length > 0"), "results");
  assert.equal(await page.evaluate("document.querySelector('[data-kilavuz-search-results] a').getAttribute('href')"), "/tr-tr/musteri/");
  assert.match(await page.evaluate("document.querySelector('[data-kilavuz-search-status]').textContent"), /1 sonuç/);
});

test("the results page names a word no page holds and shows the results of the others", async () => {
  const page = await openPage("/tr-tr/search/?q=musteri+destegi+zzqxw");
  await until(() => page.evaluate("document.querySelectorAll('[data-kilavuz-search-results] a').length > 0"), "results");
  assert.equal(await page.evaluate("document.querySelector('[data-kilavuz-search-results] a').getAttribute('href')"), "/tr-tr/musteri/");
  assert.match(await page.evaluate("document.querySelector('[data-kilavuz-search-status]').textContent"),
    /1 sonuç “zzqxw” hiçbir sayfada geçmiyor/);
});

test("the results page names the words a typo was taken for", async () => {
  const page = await openPage("/en-us/search/?q=refnud");
  await until(() => page.evaluate("document.querySelectorAll('[data-kilavuz-search-results] a').length > 0"), "results");
  assert.match(await page.evaluate("document.querySelector('[data-kilavuz-search-status]').textContent"),
    /No page contains “refnud”: results for “refund”\./);
  assert.match(await page.evaluate("document.querySelector('[data-kilavuz-search-results] mark').textContent"), /^refund/i);
});

test("an index that cannot be loaded is said so, and the next query tries again", async () => {
  const page = await openPage("/en-us/");
  let blocking = true;
  cdp.on((msg) => {
    if (msg.method !== "Fetch.requestPaused") return;
    const { requestId } = msg.params;
    const answer = blocking ? page.send("Fetch.failRequest", { requestId, errorReason: "InternetDisconnected" })
      : page.send("Fetch.continueRequest", { requestId });
    answer.catch(() => {});
  });
  await page.send("Fetch.enable", { patterns: [{ urlPattern: "*/_search/*" }] });
  await page.send("Page.navigate", { url: origin + "/en-us/search/?q=refund" });
  const status = "document.querySelector('[data-kilavuz-search-status]').textContent";
  await until(async () => /^Search is unavailable/.test(await page.evaluate(status)), "the results page's error");
  const box = "document.querySelector('[data-kilavuz-search-box-status]')";
  await page.evaluate("document.getElementById('kilavuz-search-input').focus()");
  await page.send("Input.insertText", { text: "refund" });
  await until(async () => /^Search is unavailable/.test(await page.evaluate(`${box}.textContent`)), "the box's error");
  assert.ok(await page.evaluate(`${box}.getBoundingClientRect().height > 10`), "shown under the box");
  blocking = false;
  await page.send("Input.insertText", { text: "s" });
  await until(() => page.evaluate("document.querySelectorAll('#kilavuz-search-list [role=option]').length > 0"), "results once the index loads");
  await page.send("Fetch.disable");
});

test("RTL: the Arabic box finds Arabic pages typed without tashkeel", async () => {
  const page = await openPage("/ar-sa/");
  assert.equal(await page.evaluate("document.documentElement.dir"), "rtl");
  await page.evaluate("document.getElementById('kilavuz-search-input').focus()");
  await page.send("Input.insertText", { text: "الدعم" });
  await until(() => page.evaluate("document.querySelectorAll('#kilavuz-search-list [role=option]').length > 0"), "suggestions");
  assert.equal(await page.evaluate("document.querySelector('#kilavuz-search-list [role=option]').getAttribute('data-href')"), "/ar-sa/support/");
  assert.equal(await page.evaluate("document.querySelector('#kilavuz-search-list [role=option] a, #kilavuz-search-list [tabindex]')"), null,
    "an option holds nothing focusable");
  await click(page, "#kilavuz-search-list [role=option]");
  await until(async () => (await page.evaluate("location.pathname")) === "/ar-sa/support/", "a click follows the option");
});
