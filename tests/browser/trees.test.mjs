// Decision tree pages in a real browser: headless Chromium (DevTools pipe, no npm packages) clicks
// from the bundled example's start page to an outcome, checks "your answers so far", then goes
// back with the back link, the browser's history and a Change link. Needs the debug binary and
// Chromium (CHROMIUM or /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openPage, startSite, until } from "./cdp.mjs";

let site, origin, cdp;

before(async () => {
  site = await startSite((root) => [root, "--base-url", "/"], "kilavuz-trees-");
  ({ origin, cdp } = site);
});

after(() => site?.stop());

/* Clicks the link whose text is `text` (inside `scope`) with real mouse events; waits for the new page. */
async function click(page, text, scope = "main") {
  const before = await page.evaluate("location.pathname");
  const box = await page.evaluate(`(() => {
    const a = [...document.querySelectorAll(${JSON.stringify(scope + " a")})].find((a) => a.textContent.trim() === ${JSON.stringify(text)});
    if (!a) return null;
    a.scrollIntoView({ block: "center", behavior: "instant" });
    const r = a.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  })()`);
  assert.ok(box, `a link "${text}" in ${scope} on ${before}`);
  for (const type of ["mousePressed", "mouseReleased"]) {
    await page.send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
  }
  await until(async () => (await page.evaluate("location.pathname")) !== before
    && (await page.evaluate("document.readyState")) === "complete", `navigation from ${before}`);
  return page.evaluate("location.pathname");
}

const h1 = (page) => page.evaluate("document.querySelector('main h1').textContent.trim()");

test("from the start page to an outcome and back, with the answers so far", async () => {
  const page = await openPage(cdp, origin, "/en-us/help/get-help/");
  assert.equal(await h1(page), "Who bills you for your Microsoft subscriptions?");
  assert.equal(await page.evaluate("document.querySelector('.tree-back-link')"), null, "no back link on the start page");
  await click(page, "Contoso bills us directly");
  await click(page, "A service or product not working as expected");
  await click(page, "Azure");
  await click(page, "Premium");
  const at = await click(page, "Critical: a production service is down or badly degraded");
  assert.equal(at, "/en-us/help/get-help/contoso/technical/azure/premium/critical/");
  assert.equal(await h1(page), "Phone us now");
  assert.match(await page.evaluate("document.querySelector('.tree-card').textContent"), /\+1 425 555 0199/);
  const answers = await page.evaluate(`[...document.querySelectorAll('.tree-answer')].map((d) =>
    [d.querySelector('dt').textContent, d.querySelector('dd').textContent, d.querySelector('.tree-change a').getAttribute('href')])`);
  assert.deepEqual(answers, [
    ["Who bills you for your Microsoft subscriptions?", "Contoso bills us directly", "/en-us/help/get-help/"],
    ["What is the problem about?", "A service or product not working as expected", "/en-us/help/get-help/contoso/"],
    ["Which product is affected?", "Azure", "/en-us/help/get-help/contoso/technical/"],
    ["Which Contoso support plan do you have?", "Premium", "/en-us/help/get-help/contoso/technical/azure/"],
    ["How badly is your business affected?", "Critical: a production service is down or badly degraded", "/en-us/help/get-help/contoso/technical/azure/premium/"],
  ]);

  assert.equal(await click(page, "Back", ".tree-back"), "/en-us/help/get-help/contoso/technical/azure/premium/");
  assert.equal(await h1(page), "How badly is your business affected?");
  assert.equal(await page.evaluate("document.querySelectorAll('.tree-answer').length"), 4);

  await page.evaluate("history.back()");
  await until(async () => (await page.evaluate("location.pathname")).endsWith("/premium/critical/"), "history back");
  await until(async () => (await page.evaluate("document.readyState")) === "complete", "load");
  assert.equal(await h1(page), "Phone us now");

  const changed = await page.evaluate("document.querySelectorAll('.tree-change a')[2].getAttribute('href')");
  await click(page, "Change Which product is affected?");
  assert.equal(await page.evaluate("location.pathname"), changed);
  assert.equal(await h1(page), "Which product is affected?");
  assert.equal(await click(page, "Start again"), "/en-us/help/get-help/");
});
