// The query side's normalization must equal the index side's: the same vectors run in
// src/search/tests.rs (cargo test) and here (node --test tests/search/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const search = require("../../theme/static/js/search.js");
const { vectors } = JSON.parse(readFileSync(new URL("./vectors.json", import.meta.url), "utf8"));

test("vectors.json has the tricky cases", () => {
  assert.ok(vectors.length > 20);
  assert.ok(vectors.some((v) => v.lang === "tr" && v.text.includes("İ")));
});

for (const v of vectors) {
  test(`${v.lang}: ${JSON.stringify(v.text)}`, () => {
    assert.deepEqual(search.tokens(v.text, v.lang), v.terms);
  });
}

test("postings decode as Rust encodes them", () => {
  // Strings from src/search/tests.rs (numbers_are_base_32…, postings_are_delta_encoded…).
  assert.deepEqual(search.decode("310a2x53112152222"), [3, 0, 10, 2, 40, 1, 1, 2, 40, 2, 5, 2, 40, 4, 2, 2]);
  assert.deepEqual(search.numbers("0vx0_8xDy0"), [0, 31, 32, 1000, 40000]);
});

test("chunks are found in code point order, as Rust sorts keys", () => {
  const starts = ["b", "d", "\uffff", "𠀋"];
  assert.equal(search.chunkOf("a", starts), 0);
  assert.equal(search.chunkOf("b", starts), 1);
  assert.equal(search.chunkOf("ca", starts), 1);
  assert.equal(search.chunkOf("z", starts), 2);
  // U+FFFF sorts before U+2000B by code point (not by UTF-16 unit, where it would be after).
  assert.equal(search.chunkOf("\uffffa", starts), 3);
  assert.equal(search.chunkOf("𠀋", starts), 4);
});
