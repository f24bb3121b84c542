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

test("shard of a term is FNV-1a of its first two code points, as in Rust", () => {
  // Values computed by src/search/index.rs::shard_of (test `shard_of_matches_search_js` there).
  assert.equal(search.shardOf("musteri", 1), 0);
  assert.equal(search.shardOf("musteri", 7), search.shardOf("mu", 7));
  assert.equal(search.shardOf("接続", 1000), search.shardOf("接続方", 1000));
  assert.equal(search.shardOf("ab", 4294967295), 1294271946);
  assert.equal(search.shardOf("𠀋x", 4294967295), 1147060150);
});
