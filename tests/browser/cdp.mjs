// Shared by the headless-Chromium tests: a static file server on 127.0.0.1, Chromium driven over
// the DevTools protocol on a pipe (no npm packages), and a page handle with evaluate/key/click.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

export function serve(dir) {
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
export function connect(child) {
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

/* A page that is navigating has no context to evaluate in: Chromium answers such a call with one of
   these errors, which mean "not yet", not failure. */
const NAVIGATING = /navigated or closed|Cannot find context|Execution context was destroyed/;

export async function until(check, what, ms = 10000) {
  const start = Date.now();
  for (;;) {
    let value;
    try {
      value = await check();
    } catch (e) {
      if (!NAVIGATING.test(e.message)) throw e;
    }
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/* Headless Chromium with a fresh profile under `profileDir`. */
export function launch(chromium, profileDir) {
  if (!existsSync(chromium)) throw new Error(`no Chromium at ${chromium}: install it (apt-get install chromium) or set CHROMIUM`);
  const browser = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profileDir}`, "--remote-debugging-pipe", "about:blank"],
  { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  return { browser, cdp: connect(browser) };
}

/* Opens `origin + path` in a new tab; returns send/evaluate/key helpers bound to it. */
export async function openPage(cdp, origin, path) {
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

/* A left click in the middle of the first element `selector` finds in `page`, as a mouse makes it. */
export async function click(page, selector) {
  const box = await page.evaluate(`(() => {
    const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  })()`);
  for (const type of ["mousePressed", "mouseReleased"]) {
    await page.send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
  }
}

/* Closes Chromium, waiting up to 5 s for it to exit. */
export async function close(browser, cdp) {
  const exited = new Promise((r) => browser.once("exit", r));
  await cdp?.send("Browser.close").catch(() => {});
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  browser.kill();
}

/* Builds a site with `kilavuz build ARGS --out <temp>/site` (ARGS from `args(repoRoot)`), serves it
   on 127.0.0.1 and starts Chromium. Returns the origin, the DevTools handle and `stop()`. */
export async function startSite(args, prefix) {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const bin = process.env.KILAVUZ_BIN || join(root, "target", "debug", "kilavuz");
  const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  execFileSync(bin, ["build", ...args(root), "--out", join(tmp, "site")]);
  const server = serve(join(tmp, "site"));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const { browser, cdp } = launch(chromium, join(tmp, "profile"));
  const stop = async () => {
    await close(browser, cdp);
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  return { origin, cdp, stop };
}
