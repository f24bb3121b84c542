// Query side of benches/search_bench.sh: serves each built site on 127.0.0.1, runs typical queries
// cold (fresh browser context each) in headless Chromium and counts the bytes the server sent for
// the search (gzip for compressible files, as a static host would). Prints a table.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const [kilavuzOut, pagefindOut] = process.argv.slice(2);
const QUERIES = [["en-us", "subscription"], ["en-us", "managed identity"], ["tr-tr", "abonelik"], ["tr-tr", "yonetilen kimlik"], ["tr-tr", "şifrelenmiş"]];
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".wasm": "application/wasm" };

function serve(dir, counter) {
  return createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (path.includes("..") || !existsSync(file)) { res.writeHead(404).end(); return; }
    let body = readFileSync(file);
    const headers = { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-store" };
    if (TYPES[extname(file)] && /gzip/.test(req.headers["accept-encoding"] || "")) { body = gzipSync(body); headers["content-encoding"] = "gzip"; }
    if (!file.endsWith("index.html")) counter.bytes += body.length;
    res.writeHead(200, headers).end(body);
  });
}

function cdpClient(child) {
  let id = 0, buf = "";
  const waiting = new Map();
  child.stdio[4].on("data", (c) => {
    buf += c.toString();
    let end;
    while ((end = buf.indexOf("\0")) >= 0) {
      const m = JSON.parse(buf.slice(0, end)); buf = buf.slice(end + 1);
      if (m.id && waiting.has(m.id)) { const w = waiting.get(m.id); waiting.delete(m.id); m.error ? w.reject(new Error(JSON.stringify(m.error))) : w.resolve(m.result); }
    }
  });
  return (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const msg = { id: ++id, method, params, ...(sessionId ? { sessionId } : {}) };
    waiting.set(msg.id, { resolve, reject });
    child.stdio[3].write(JSON.stringify(msg) + "\0");
  });
}

// search.js carries a content hash in its name when the build fingerprints assets.
const SEARCH_JS = "/js/" + readdirSync(join(kilavuzOut, "js")).find((f) => /^search(\.[0-9a-f]+)?\.js$/.test(f));
const KILAVUZ = (locale, q) => `new Promise((ok, fail) => { const s = document.createElement('script'); s.src = '${SEARCH_JS}'; s.onload = ok; s.onerror = fail; document.head.appendChild(s); })
  .then(() => { const t0 = performance.now(); return KilavuzSearch.createEngine({ indexUrl: '/${locale}/_search/' }).search(${JSON.stringify(q)}, 10)
  .then((r) => ({ ms: performance.now() - t0, hits: r.total })); })`;
const PAGEFIND = (locale, q) => `import('/pagefind/pagefind.js').then(async (pf) => { await pf.options({}); const t0 = performance.now();
  const r = await pf.search(${JSON.stringify(q)}); await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { ms: performance.now() - t0, hits: r.results.length }; })`;

async function run(dir, script, label) {
  const counter = { bytes: 0 };
  const server = serve(dir, counter);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), "kilavuz-bench-"));
  const child = spawn(process.env.CHROMIUM || "/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--remote-debugging-pipe"],
  { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  const send = cdpClient(child);
  for (const [locale, q] of QUERIES) {
    const { browserContextId } = await send("Target.createBrowserContext");
    const { targetId } = await send("Target.createTarget", { url: "about:blank", browserContextId });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    await send("Page.navigate", { url: `${origin}/${locale}/` }, sessionId);
    await new Promise((r) => setTimeout(r, 500));
    counter.bytes = 0;
    const r = await send("Runtime.evaluate", { expression: script(locale, q), awaitPromise: true, returnByValue: true }, sessionId);
    const v = r.result.value || { ms: NaN, hits: r.exceptionDetails?.exception?.description };
    console.log(`${label.padEnd(9)} ${locale} ${JSON.stringify(q).padEnd(20)} hits ${String(v.hits).padStart(5)}  ${String(counter.bytes).padStart(8)} bytes  ${v.ms.toFixed(1).padStart(7)} ms`);
    await send("Target.disposeBrowserContext", { browserContextId });
  }
  await send("Browser.close").catch(() => {});
  await new Promise((r) => setTimeout(r, 500));
  child.kill();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log("engine    locale query                 results  transfer (cold, incl. script)  latency");
await run(kilavuzOut, KILAVUZ, "kilavuz");
await run(pagefindOut, PAGEFIND, "pagefind");
