// End-to-end test of `kilavuz serve` in headless Chromium: a page follows edits without a
// manual reload (keeping its scroll position), swaps stylesheets in place, shows the build-error
// overlay for a broken front matter and hides it once the file is fixed.
// Run by `make test-browser`; KILAVUZ_BIN and CHROMIUM override the binary paths.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const bin = process.env.KILAVUZ_BIN ?? join(repo, "target", "debug", "kilavuz");
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT = 20000;

const site = mkdtempSync(join(tmpdir(), "kilavuz-browser-"));
cpSync(join(repo, "tests", "fixtures", "serve", "basic"), site, { recursive: true });
const guide = join(site, "content", "en-US", "guide.md");
const article = (title, text) =>
  `---\ntitle: ${title}\n---\n# Guide\n\n${text}\n\n` +
  Array.from({ length: 80 }, (_, i) => `Filler paragraph ${i}.\n`).join("\n");

const server = spawn(bin, ["serve", "--port", "0", site], { stdio: ["ignore", "inherit", "pipe"] });
const log = [];
const url = await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error("kilavuz serve did not start")), TIMEOUT);
  createInterface({ input: server.stderr }).on("line", (line) => {
    log.push(line);
    const found = line.match(/^serving (http:\/\/\S+)/);
    if (found) {
      clearTimeout(timer);
      ok(found[1]);
    }
  });
  server.on("exit", (code) => fail(new Error(`kilavuz serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`${url}en-us/guide/`);
  assert.match(await page.textContent("main"), /The original guide text\./);

  // A stylesheet change is applied in place: the page keeps its JavaScript state.
  await page.evaluate(() => (window.kilavuzMarker = "still here"));
  mkdirSync(join(site, "static", "css"), { recursive: true });
  writeFileSync(join(site, "static", "css", "kilavuz.css"), "body { background: rgb(1, 2, 3); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)");
  assert.equal(await page.evaluate(() => window.kilavuzMarker), "still here", "no full reload for CSS");

  // An article edit reloads the page by itself, at the same scroll position.
  writeFileSync(guide, article("Guide", "A long edited guide."));
  await page.waitForFunction(() => document.querySelector("main").textContent.includes("A long edited guide."));
  await page.evaluate(() => window.scrollTo(0, 600));
  writeFileSync(guide, article("Guide", "The newest guide text."));
  await page.waitForFunction(() => document.querySelector("main").textContent.includes("The newest guide text."));
  await page.waitForFunction(() => Math.abs(window.scrollY - 600) < 5);

  // A front matter error shows the overlay over the last good build.
  writeFileSync(guide, "---\ntitle: [broken\n---\n# Guide\n\nBroken.\n");
  const overlay = page.locator("#kilavuz-errors");
  await overlay.waitFor({ state: "visible" });
  assert.match(await overlay.textContent(), /content\/en-US\/guide\.md:\d+/);
  assert.match(await page.textContent("main"), /The newest guide text\./);

  // Fixing the file hides the overlay and shows the fix.
  writeFileSync(guide, article("Guide", "The fixed guide text."));
  await overlay.waitFor({ state: "detached" });
  await page.waitForFunction(() => document.querySelector("main").textContent.includes("The fixed guide text."));
  console.log("browser test passed: live reload, CSS swap, scroll kept, error overlay shown and cleared");
} catch (error) {
  failed = true;
  console.error(error);
  console.error("kilavuz serve said:\n" + log.join("\n"));
} finally {
  await browser.close();
  server.kill();
  rmSync(site, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
