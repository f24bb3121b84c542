// Benchmark (not a test): edit-to-reload latency of `kilavuz serve` in headless Chromium.
// Usage: node bench-reload.mjs SITE_ROOT [ARTICLE_REL_PATH]  (SITE_ROOT is edited: use a copy).
// `make bench-serve` generates a corpus of 3000 articles with ../shared/bench/gen_corpus.py first.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.KILAVUZ_BIN ?? resolve(here, "..", "..", "target", "release", "kilavuz");
const site = resolve(process.argv[2] ?? ".");
const locale = "en-US";
const firstArticle = (dir) => {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const file = entries.find((e) => e.isFile() && e.name.endsWith(".md") && e.name !== "index.md");
  if (file) return join(dir, file.name);
  return firstArticle(join(dir, entries.find((e) => e.isDirectory()).name));
};
const article = process.argv[3] ? join(site, process.argv[3]) : firstArticle(join(site, "content", locale));
const rel = article.slice(join(site, "content", locale).length + 1).replace(/\.md$/, "");
const original = readFileSync(article, "utf8");

const server = spawn(bin, ["serve", "--port", "0", site], { stdio: ["ignore", "inherit", "pipe"] });
const lines = createInterface({ input: server.stderr });
const url = await new Promise((ok) =>
  lines.on("line", (line) => {
    const found = line.match(/^serving (http:\/\/\S+)/);
    if (found) ok(found[1]);
  }),
);
const buildTimes = [];
lines.on("line", (line) => {
  const ms = line.match(/^built in (\d+) ms/);
  if (ms) buildTimes.push(Number(ms[1]));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
const page = await browser.newPage();
await page.goto(`${url}${locale.toLowerCase()}/${rel}/`);
const latencies = [];
for (let i = 0; i < 7; i++) {
  const marker = `Bench edit number ${i}.`;
  const start = performance.now();
  writeFileSync(article, original.replace(/\n# (.*)\n/, `\n# $1\n\n${marker}\n`));
  await page.waitForFunction((m) => document.body.textContent.includes(m), marker, { timeout: 60000, polling: 10 });
  latencies.push(performance.now() - start);
  await new Promise((r) => setTimeout(r, 300));
}
writeFileSync(article, original);
await browser.close();
server.kill();
const sorted = [...latencies].sort((a, b) => a - b);
console.log(`edit-to-reload over ${latencies.length} edits of ${rel}: median ${sorted[3].toFixed(0)} ms, ` +
  `min ${sorted[0].toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms; rebuilds (server-side) ${buildTimes.join(", ")} ms`);
