// The theme toggle in a real browser: headless Chromium (DevTools pipe, no npm packages) follows
// the system's color scheme until the reader picks one, and the choice survives a reload and
// other pages. Needs the debug binary and Chromium (CHROMIUM or /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { click, openPage, startSite, until } from "./cdp.mjs";

let site, origin, cdp;

before(async () => {
  site = await startSite((root) => [root, "--base-url", "/"], "kilavuz-theme-");
  ({ origin, cdp } = site);
});

after(() => site?.stop());

const background = (page) => page.evaluate("getComputedStyle(document.body).backgroundColor");
const pressed = (page) => page.evaluate("document.querySelector('[data-kilavuz-theme]').getAttribute('aria-pressed')");
const LIGHT = "rgb(255, 255, 255)";
const DARK = "rgb(21, 23, 27)";

async function scheme(page, value) {
  await page.send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value }] });
}

const clickToggle = (page) => click(page, "[data-kilavuz-theme]");

async function reload(page, path) {
  await page.send("Page.navigate", { url: origin + path });
  await until(async () => (await page.evaluate("location.pathname")) === path
    && (await page.evaluate("document.readyState")) === "complete"
    && (await page.evaluate("!!document.querySelector('[data-kilavuz-theme]:not([hidden])')")), `loading ${path}`);
}

test("the system scheme rules until the reader picks one, which is remembered", async () => {
  const page = await openPage(cdp, origin, "/en-us/");
  await page.evaluate("localStorage.clear()");
  await reload(page, "/en-us/getting-started/");
  await scheme(page, "light");
  assert.equal(await background(page), LIGHT);
  assert.equal(await pressed(page), "false");
  await scheme(page, "dark");
  assert.equal(await background(page), DARK, "no choice yet: the system's dark scheme");
  await until(async () => (await pressed(page)) === "true", "the button follows the system");

  await clickToggle(page);
  assert.equal(await background(page), LIGHT, "the reader picked light");
  assert.equal(await pressed(page), "false");
  assert.equal(await page.evaluate("localStorage.getItem('kilavuz-theme')"), "light");

  await reload(page, "/tr-tr/");
  assert.equal(await page.evaluate("document.documentElement.getAttribute('data-theme')"), "light");
  assert.equal(await background(page), LIGHT, "the choice holds on other pages, against the system");

  await scheme(page, "light");
  await clickToggle(page);
  assert.equal(await background(page), DARK, "dark on a light system");
  await reload(page, "/en-us/");
  assert.equal(await background(page), DARK);
  assert.equal(await pressed(page), "true");
});
