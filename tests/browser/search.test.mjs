// Search in a real browser: headless Chromium, driven over the DevTools protocol on a pipe (no npm
// packages), opens pages of the built fixture site served on 127.0.0.1, types into the header's
// search box and follows a result. Needs the debug binary and Chromium (CHROMIUM or /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = process.env.KILAVUZ_BIN || join(root, "target", "debug", "kilavuz");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
let tmp, server, origin, browser, cdp;

function serve(dir) {
  return createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.includes("..")) { res.writeHead(403).end(); return; }
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
}

/* A DevTools protocol client over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON). */
function connect(child) {
  let id = 0, buffer = "";
  const waiting = new Map(), listeners = [];
  child.stdio[4].on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (msg.id && waiting.has(msg.id)) {
        const { resolve, reject } = waiting.get(msg.id);
        waiting.delete(msg.id);
        msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
      } else listeners.forEach((l) => l(msg));
    }
  });
  return {
    send(method, params = {}, sessionId) {
      const msg = { id: ++id, method, params, ...(sessionId ? { sessionId } : {}) };
      child.stdio[3].write(JSON.stringify(msg) + "\0");
      return new Promise((resolve, reject) => waiting.set(msg.id, { resolve, reject }));
    },
    on(listener) { listeners.push(listener); },
  };
}

async function until(check, what, ms = 10000) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openPage(path) {
  const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
  const send = (method, params) => cdp.send(method, params, sessionId);
  const evaluate = async (expression) =>
    (await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;
  const key = (key, code, keyCode, text) => Promise.all(["keyDown", "keyUp"].map((type) =>
    send("Input.dispatchKeyEvent", { type, key, code, windowsVirtualKeyCode: keyCode, ...(type === "keyDown" && text ? { text } : {}) })));
  await send("Page.navigate", { url: origin + path });
  await until(() => evaluate("document.readyState === 'complete' && location.href !== 'about:blank'"), "page load");
  return { send, evaluate, key };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "kilavuz-browser-"));
  execFileSync(bin, ["build", join(root, "tests/fixtures/search/multilang"), "--out", join(tmp, "site")]);
  server = serve(join(tmp, "site"));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${join(tmp, "profile")}`, "--remote-debugging-pipe", "about:blank"],
  { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  cdp = connect(browser);
});

after(async () => {
  const exited = new Promise((r) => browser.once("exit", r));
  await cdp?.send("Browser.close").catch(() => {});
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  browser.kill();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

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

test("the results page works from a plain form submit and marks the hits", async () => {
  const page = await openPage("/tr-tr/search/?q=musteri+destegi");
  await until(() => page.evaluate("document.querySelectorAll('[data-kilavuz-search-results] a').length > 0"), "results");
  assert.equal(await page.evaluate("document.querySelector('[data-kilavuz-search-results] a').getAttribute('href')"), "/tr-tr/musteri/");
  assert.match(await page.evaluate("document.querySelector('[data-kilavuz-search-status]').textContent"), /1 sonuç/);
});

test("RTL: the Arabic box finds Arabic pages typed without tashkeel", async () => {
  const page = await openPage("/ar-sa/");
  assert.equal(await page.evaluate("document.documentElement.dir"), "rtl");
  await page.evaluate("document.getElementById('kilavuz-search-input').focus()");
  await page.send("Input.insertText", { text: "الدعم" });
  await until(() => page.evaluate("document.querySelectorAll('#kilavuz-search-list [role=option]').length > 0"), "suggestions");
  assert.equal(await page.evaluate("document.querySelector('#kilavuz-search-list a').getAttribute('href')"), "/ar-sa/support/");
});
