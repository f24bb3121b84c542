// The "open now / opens next" script (theme/static/js/support-hours.js) as a built site ships it,
// run against the data-support-hours attributes of a built offering page at fixed instants:
// an overnight desk in Tokyo with a closed day and a short-hours exception, and a New York day
// desk across the start of daylight saving time. Needs `cargo build` first (make test-node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "kilavuz-hours-"));
process.on("exit", () => rmSync(out, { recursive: true, force: true }));
execFileSync(join(root, "target/debug/kilavuz"),
  ["build", join(root, "tests/fixtures/support/hours"), "--out", join(out, "public")],
  { stdio: ["ignore", "ignore", "inherit"] });

const script = readdirSync(join(out, "public/js")).find((f) => f.startsWith("support-hours."));
const { isOpen, nextOpening } = createRequire(import.meta.url)(join(out, "public/js", script));

const html = readFileSync(join(out, "public/en-us/support/night/index.html"), "utf8");
const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<")
  .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const calendars = [...html.matchAll(/data-support-hours="([^"]*)"/g)]
  .map((m) => JSON.parse(unescape(m[1])));
const calendar = (zone) => {
  const found = calendars.find((c) => c.zone === zone);
  assert.ok(found, `the page carries the ${zone} calendar`);
  return found;
};
const tokyo = calendar("Asia/Tokyo");
const newYork = calendar("America/New_York");
const at = (iso) => new Date(iso);
const next = (cal, iso) => nextOpening(cal, at(iso))?.toISOString();

test("an overnight opening is open on both sides of midnight", () => {
  assert.equal(isOpen(tokyo, at("2026-01-05T14:00:00Z")), true, "Mon 23:00 JST");
  assert.equal(isOpen(tokyo, at("2026-01-05T18:00:00Z")), true, "Tue 03:00 JST, Monday's night");
  assert.equal(isOpen(tokyo, at("2026-01-05T21:00:00Z")), false, "Tue 06:00 JST, closed");
  assert.equal(isOpen(tokyo, at("2026-01-09T20:59:00Z")), true, "Sat 05:59 JST, Friday's night");
  assert.equal(isOpen(tokyo, at("2026-01-10T14:00:00Z")), false, "Sat 23:00 JST, no Saturday night");
});

test("closed now: opens next at the exact minute", () => {
  assert.equal(next(tokyo, "2026-01-06T03:00:00Z"), "2026-01-06T13:00:00.000Z", "Tue noon → Tue 22:00 JST");
  assert.equal(next(tokyo, "2026-01-10T00:00:00Z"), "2026-01-12T13:00:00.000Z", "Sat → Mon 22:00 JST");
  assert.equal(next(tokyo, "2026-01-05T14:00:00Z"), "2026-01-05T14:00:00.000Z", "open: now");
});

test("a closed holiday stops the night that starts on it, not the one ending on it", () => {
  assert.equal(isOpen(tokyo, at("2026-01-06T18:00:00Z")), true, "Wed 03:00 JST, Tuesday's night");
  assert.equal(isOpen(tokyo, at("2026-01-07T14:00:00Z")), false, "Wed 23:00 JST, staff day");
  assert.equal(isOpen(tokyo, at("2026-01-07T18:00:00Z")), false, "Thu 03:00 JST, no Wednesday night");
});

test("an exception replaces the day's hours", () => {
  assert.equal(next(tokyo, "2026-01-07T14:00:00Z"), "2026-01-08T14:00:00.000Z", "→ Thu 23:00 JST");
  assert.equal(isOpen(tokyo, at("2026-01-08T14:15:00Z")), true, "Thu 23:15 JST");
  assert.equal(isOpen(tokyo, at("2026-01-08T14:30:00Z")), false, "Thu 23:30 JST, short night over");
  assert.equal(next(tokyo, "2026-01-08T14:45:00Z"), "2026-01-09T13:00:00.000Z", "→ Fri 22:00 JST");
});

test("hours follow the calendar's zone across daylight saving time", () => {
  assert.equal(isOpen(newYork, at("2026-03-06T13:30:00Z")), false, "Fri 08:30 EST");
  assert.equal(next(newYork, "2026-03-06T13:30:00Z"), "2026-03-06T14:00:00.000Z", "→ 09:00 EST");
  assert.equal(isOpen(newYork, at("2026-03-09T13:30:00Z")), true, "Mon 09:30 EDT");
  assert.equal(next(newYork, "2026-03-06T22:00:00Z"), "2026-03-09T13:00:00.000Z", "Fri 17:00 EST → Mon 09:00 EDT");
});
