// The query engine of theme/static/js/search.js against the index kilavuz builds for the fixture
// site tests/fixtures/search/multilang (Turkish, German, Arabic, Japanese and English pages).
// Needs the debug binary (`cargo build`, as `make test-node` does) or KILAVUZ_BIN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { createEngine } = require("../../theme/static/js/search.js");
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = process.env.KILAVUZ_BIN || join(root, "target", "debug", "kilavuz");
let out;
const fetched = [];

before(() => {
  out = mkdtempSync(join(tmpdir(), "kilavuz-search-"));
  execFileSync(bin, ["build", join(root, "tests/fixtures/search/multilang"), "--out", join(out, "site")]);
  execFileSync(bin, ["build", join(root, "tests/fixtures/data/base"), "--out", join(out, "support")]);
});
after(() => rmSync(out, { recursive: true, force: true }));

function engine(locale, site = "site") {
  return createEngine({
    indexUrl: `/${locale}/_search/`,
    load: async (url) => {
      fetched.push(url);
      return JSON.parse(readFileSync(join(out, site, url), "utf8"));
    },
  });
}

async function urls(locale, query) {
  const found = await engine(locale).search(query, 10);
  return found.results.map((r) => r.url);
}

test("Turkish: dotted and dotless i, upper case, and no diacritics all find the page", async () => {
  for (const q of ["kullanıcı", "kullanici", "KULLANICI", "Kullanıcı", "istanbul", "İstanbul"]) {
    const found = await urls("tr-tr", q);
    assert.equal(found[0], "/tr-tr/musteri/#ileti%C5%9Fim", q);
  }
});

test("Turkish: `musteri destegi` finds `Müşteri desteği`, ranked by its title", async () => {
  assert.deepEqual(await urls("tr-tr", "musteri destegi"), ["/tr-tr/musteri/"]);
});

test("Turkish: prefix and stem match agglutinative forms", async () => {
  const prefix = await engine("tr-tr").search("müşteri", 10);
  assert.equal(prefix.results[0].url, "/tr-tr/musteri/");
  // `müşteriye` is in no page; `müşteri` is the stem of the title's `Müşteri` and of `Müşterilerinize`.
  assert.equal((await urls("tr-tr", "müşteriye"))[0], "/tr-tr/musteri/");
  // `ofislerimiz` is in no page either; it starts with `ofis`, the stem of `ofisimizi`.
  const stemmed = await engine("tr-tr").search("ofislerimiz", 10);
  assert.equal(stemmed.results[0].url, "/tr-tr/musteri/#ileti%C5%9Fim");
  assert.deepEqual(stemmed.results[0].excerpt.filter((p) => p.hit).map((p) => p.text), ["ofisimizi"]);
});

test("German: ß and umlauts fold", async () => {
  assert.equal((await urls("de-de", "strasse"))[0], "/de-de/konto/#gr%C3%B6%C3%9Fe-der-anlage");
  assert.equal((await urls("de-de", "GROSSE"))[0], "/de-de/konto/#gr%C3%B6%C3%9Fe-der-anlage");
  assert.equal((await urls("de-de", "buro"))[0], "/de-de/konto/#gr%C3%B6%C3%9Fe-der-anlage");
});

test("Arabic: tashkeel and alef forms fold both ways", async () => {
  assert.equal((await urls("ar-sa", "الدعم"))[0], "/ar-sa/support/");
  assert.equal((await urls("ar-sa", "اتصل"))[0]?.startsWith("/ar-sa/support/#"), true);
  assert.equal((await urls("ar-sa", "المدرسه"))[0]?.startsWith("/ar-sa/support/#"), true);
});

test("Japanese: bigrams find words inside unspaced text, deep-linked to their section", async () => {
  assert.equal((await urls("ja-jp", "接続"))[0], "/ja-jp/setup/");
  const found = await engine("ja-jp").search("連絡", 10);
  assert.equal(found.results[0].heading, "サポートへの連絡");
  assert.ok(found.results[0].excerpt.some((p) => p.hit && p.text === "連絡"));
  assert.equal((await urls("ja-jp", "ｻﾎﾟｰﾄ"))[0].startsWith("/ja-jp/setup/#"), true);
});

test("Japanese and Chinese: one character finds the pages that hold it anywhere in a word", async () => {
  // 接 starts the pair 接続; 法 only ends 方法 (the last character of its run); 認 sits inside 確認.
  for (const q of ["接", "法", "認"]) assert.equal((await urls("ja-jp", q))[0], "/ja-jp/setup/", q);
  assert.equal((await urls("ja-jp", "鯨")).length, 0);
});

test("Pages excluded by `search: {exclude}` in kilavuz.yaml are not found", async () => {
  assert.equal((await engine("en-us").search("blorptastic", 10)).total, 0);
});

test("Facets: results count per page kind and filter to support plans", async () => {
  const all = await engine("en-us", "support").search("premium", 50);
  assert.ok(all.facets.support >= 1, JSON.stringify(all.facets));
  assert.equal(all.total, Object.values(all.facets).reduce((a, b) => a + b, 0));
  const plans = await engine("en-us", "support").search("premium", 50, { kind: "support" });
  assert.equal(plans.total, all.facets.support);
  assert.ok(plans.results.every((r) => r.kind === "support" && r.url.startsWith("/en-us/support/")));
  assert.ok(plans.results.some((r) => r.url === "/en-us/support/contoso-premium/"));
  const articles = await engine("en-us", "support").search("premium", 50, { kind: "article" });
  assert.ok(articles.results.every((r) => r.kind === "article"));
});

test("Ranking: a title match ranks above a body match", async () => {
  assert.deepEqual((await urls("en-us", "invoices")).slice(0, 2), ["/en-us/invoices/", "/en-us/billing/#payment-methods"]);
});

test("Ranking: phrase proximity picks the section where the words stand together", async () => {
  const found = await engine("en-us").search("duplicate payment", 10);
  assert.equal(found.results[0].url, "/en-us/billing/#refund-policy");
});

test("Ranking: a title match ranks above a long table that names the term on every row", async () => {
  // limits.md says `quota` 80 times in one section; quotas.md only has `Quotas` as its title.
  assert.deepEqual(await urls("en-us", "quota"), ["/en-us/quotas/", "/en-us/limits/#limits-by-code"]);
});

/* The postings encoding of src/search/encode.rs for [page, [[section, weight, position], …]]. */
function encodePostings(pages) {
  const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  const number = (n) => {
    const digits = [];
    do { digits.unshift(n % 32); n = Math.floor(n / 32); } while (n > 0);
    return digits.map((d, i) => DIGITS[d + (i < digits.length - 1 ? 32 : 0)]).join("");
  };
  let out = "", previous = 0;
  for (const [page, hits] of pages) {
    out += number(page - previous) + number(hits.length);
    previous = page;
    let section = 0;
    for (const [s, weight, pos] of hits) { out += number(s - section) + number(weight) + number(pos); section = s; }
  }
  return out;
}

test("Ranking: a rare term counts for more than a common one", async () => {
  // 100 pages; `common` is in 90 of them, `rare` in pages 1 and 2 only. Page 1 has `common` in
  // its title and `rare` in its body, page 2 the other way round: without weighting terms by
  // rarity page 1 would win (24 + 4 against 4 + 20).
  const common = [[1, [[0, 24, 0]]], [2, [[0, 4, 3]]]];
  for (let p = 3; p < 91; p++) common.push([p, [[0, 4, 0]]]);
  const files = {
    "meta.json": { v: 3, lang: "en", pages: 100, c: [], f: [], kinds: ["article"], k: "0".repeat(100) },
    "t/0.json": { w: { common: encodePostings(common), rare: encodePostings([[1, [[0, 4, 5]]], [2, [[0, 20, 0]]]]) }, s: {} },
    "p/0.json": Array.from({ length: 100 }, (_, p) => ({ u: `/p${p}/`, t: `Page ${p}`, s: [["", "", ""]] })),
  };
  const rarity = createEngine({ indexUrl: "/", load: async (url) => files[url.slice(1)] });
  assert.deepEqual((await rarity.search("common rare", 10)).results.map((r) => r.url), ["/p2/", "/p1/"]);
  assert.equal((await rarity.search("common", 10)).results[0].url, "/p1/");
  // Later results, as the results page's "more" button asks for them.
  const all = (await rarity.search("common", 90)).results.map((r) => r.url);
  const later = await rarity.search("common", 10, { offset: 85 });
  assert.equal(later.total, 90);
  assert.deepEqual(later.results.map((r) => r.url), all.slice(85));
});

test("Ranking: a query of three or more words may miss its common ones, a shorter one may not", async () => {
  // 100 pages. `account` is in 80 of them, `subscription` in 30, `cancel` in pages 1, 2 and 5 only.
  // Page 1 holds all three in its body; page 2 has `cancel subscription` as its title but no
  // `account`; page 5 says only `cancel`; pages 3, 4, 6… have `account` and `subscription` at most.
  const account = [], subscription = [];
  for (let p = 0; p < 100; p++) {
    if (p !== 2 && account.length < 80) account.push([p, [[0, 4, 0]]]);
    if (p !== 5 && subscription.length < 30) subscription.push([p, [[0, p === 2 ? 20 : 4, p === 2 ? 1 : 2]]]);
  }
  const cancel = [[1, [[0, 4, 1]]], [2, [[0, 20, 0]]], [5, [[0, 4, 0]]]];
  const files = {
    "meta.json": { v: 3, lang: "en", pages: 100, c: [], f: [], kinds: ["article"], k: "0".repeat(100) },
    "t/0.json": { w: { account: encodePostings(account), cancel: encodePostings(cancel), subscription: encodePostings(subscription) }, s: {} },
    "p/0.json": Array.from({ length: 100 }, (_, p) => ({ u: `/p${p}/`, t: `Page ${p}`, s: [["", "", ""]] })),
  };
  const loose = createEngine({ indexUrl: "/", load: async (url) => files[url.slice(1)] });
  // Page 5 holds `cancel`, 70% of the query's rarity; the pages without `cancel` hold 30%.
  assert.deepEqual((await loose.search("account cancel subscription", 10)).results.map((r) => r.url), ["/p2/", "/p1/", "/p5/"]);
  assert.deepEqual((await loose.search("cancel subscription", 10)).results.map((r) => r.url), ["/p2/", "/p1/"]);
  // Two words must both be there: page 2, titled with `cancel`, lacks `account`.
  assert.deepEqual((await loose.search("account cancel", 10)).results.map((r) => r.url), ["/p1/", "/p5/"]);
});

test("Typos: a word that matches nothing finds the words of its chunks one or two edits away", async () => {
  // `refnud`: two letters swapped; `paymnet`, `Müşteriqq` (9 letters: two edits); `invoicse`.
  assert.deepEqual(await urls("en-us", "refnud"), ["/en-us/billing/#refund-policy"]);
  assert.deepEqual(await urls("en-us", "paymnet methods"), ["/en-us/billing/#payment-methods"]);
  assert.equal((await engine("tr-tr").search("Müşteriqq", 10)).results[0].url, "/tr-tr/musteri/");
  const typo = await engine("en-us").search("refnud", 10);
  assert.ok(typo.results[0].excerpt.some((part) => part.hit && /^refund/i.test(part.text)), "the word it found is marked");
  assert.deepEqual(typo.corrected, [["refnud", ["refund"]]], "and named");
  // A word that matches exactly is not widened: `refund` does not also find `refunds`' neighbours.
  const exact = await engine("en-us").search("refund", 10);
  assert.deepEqual(exact.results.map((r) => r.url), ["/en-us/billing/#refund-policy"]);
  assert.deepEqual(exact.corrected, []);
});

test("Typos: one edit up to seven letters, two from eight, none up to three", async () => {
  const words = ["subscription", "cancel", "tax"];
  const files = {
    "meta.json": { v: 3, lang: "en", pages: words.length, c: [], f: [], kinds: ["article"], k: "0".repeat(words.length) },
    "t/0.json": { w: Object.fromEntries(words.map((w, p) => [w, encodePostings([[p, [[0, 4, 0]]]])])), s: {} },
    "p/0.json": words.map((w, p) => ({ u: `/p${p}/`, t: w, s: [["", "", ""]] })),
  };
  const typos = createEngine({ indexUrl: "/", load: async (url) => files[url.slice(1)] });
  const found = async (q) => (await typos.search(q, 10)).results.map((r) => r.url);
  assert.deepEqual(await found("subscripton"), ["/p0/"], "a letter left out");
  assert.deepEqual(await found("subscirptoin"), ["/p0/"], "two swaps in twelve letters");
  assert.deepEqual(await found("subscrptn"), [], "three edits");
  assert.deepEqual(await found("cancle"), ["/p1/"], "a swap in six letters");
  assert.deepEqual(await found("cnacle"), [], "two swaps in six letters");
  assert.deepEqual(await found("tux"), [], "three letters");
});

test("A word no page holds is left out of the query and named, unless it is the only one", async () => {
  const found = await engine("en-us").search("refund zzqxw", 10);
  assert.deepEqual(found.results.map((r) => r.url), ["/en-us/billing/#refund-policy"]);
  assert.deepEqual(found.missing, ["zzqxw"]);
  const turkish = await engine("tr-tr").search("müşteri Şxqzwy", 10);
  assert.deepEqual(turkish.missing, ["Şxqzwy"], "named as typed, not folded");
  assert.equal(turkish.results[0].url, "/tr-tr/musteri/");
  const none = await engine("en-us").search("zzqxw", 10);
  assert.equal(none.total, 0);
  assert.deepEqual(none.missing, []);
});

test("Ranking: function words of a question count for little and may be missing", async () => {
  // 100 pages. Page 0 is titled `cancel subscription`; page 1 has a FAQ heading "How do I … my
  // subscription" without `cancel`; `my` is rare (5 pages), `how`, `do`, `i` common (30 pages),
  // `cancel` in pages 0, 1 (body) and 2, `subscription` in 30 pages.
  const list = (pages, weight) => pages.map((p) => [p, [[0, weight(p), 0]]]);
  const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);
  const common = [1, ...range(60, 89)];
  const words = {
    how: list(common, () => 10), do: list(common, () => 10), i: list(common, () => 10),
    my: list([1, 60, 61, 62, 63], () => 10), subscription: list([0, 1, ...range(60, 88)], (p) => (p === 0 ? 20 : 10)),
    cancel: list([0, 1, 2], (p) => (p === 0 ? 20 : 4)),
  };
  const files = {
    "meta.json": { v: 3, lang: "en", pages: 100, c: [], f: [], kinds: ["article"], k: "0".repeat(100) },
    "t/0.json": { w: Object.fromEntries(Object.entries(words).map(([w, l]) => [w, encodePostings(l)])), s: {} },
    "p/0.json": Array.from({ length: 100 }, (_, p) => ({ u: `/p${p}/`, t: `Page ${p}`, s: [["", "", ""]] })),
  };
  const stops = createEngine({ indexUrl: "/", load: async (url) => files[url.slice(1)] });
  const found = async (q) => (await stops.search(q, 3)).results.map((r) => r.url);
  const question = await stops.search("how do i cancel my subscription", 3);
  assert.equal(question.results[0].url, "/p0/");
  const plain = (await stops.search("cancel subscription", 3)).results[0];
  assert.ok(question.results[0].score >= plain.score, "missing the function words costs page 0 nothing");
  assert.deepEqual(await found("my cancel"), ["/p0/", "/p1/", "/p2/"], "two words, one of them a function word");
  assert.deepEqual(await found("how my"), ["/p1/", "/p60/", "/p61/"], "only function words: all of them needed");
});

test("Ranking: Turkish questions' auxiliary verbs (olunur, edilir, yapılır) are function words", async () => {
  // Page 0 is titled "Genel yönetici olma" and never says "olunur"; page 1 says "yönetici" and
  // "olunur" in its body; pages 2–31 say "olunur".
  const list = (pages, weight) => pages.map((p) => [p, [[0, weight, 0]]]);
  const words = {
    yonetici: [[0, [[0, 20, 1]]], [1, [[0, 4, 3]]]],
    olunur: list([1, ...Array.from({ length: 30 }, (_, i) => i + 2)], 4),
    edilir: list([1], 4),
  };
  const files = {
    "meta.json": { v: 3, lang: "tr", pages: 40, c: [], f: [], kinds: ["article"], k: "0".repeat(40) },
    "t/0.json": { w: Object.fromEntries(Object.entries(words).map(([w, l]) => [w, encodePostings(l)])), s: {} },
    "p/0.json": Array.from({ length: 40 }, (_, p) => ({ u: `/p${p}/`, t: `Sayfa ${p}`, s: [["", "", ""]] })),
  };
  const tr = createEngine({ indexUrl: "/", load: async (url) => files[url.slice(1)] });
  const found = async (q) => (await tr.search(q, 3)).results.map((r) => r.url);
  assert.deepEqual(await found("yönetici nasıl olunur"), ["/p0/", "/p1/"]);
  assert.deepEqual(await found("yönetici nasıl edilir"), ["/p0/", "/p1/"]);
  assert.deepEqual(await found("olunur"), ["/p1/", "/p2/", "/p3/"], "alone, it is searched for");
});

test("Ranking: a title that holds every word of the query, in any form, comes first", async () => {
  // "Lisans listenizi yönetin" holds `lisans` and, through the stem `liste`, `listesi`; "Azure
  // fiyat listesi" holds the rarer `listesi` exactly in its title and the common `lisans` (five
  // pages say it) in a heading, which outweighed the first page before the title bonus.
  assert.deepEqual((await urls("tr-tr", "lisans listesi")).slice(0, 2), [
    "/tr-tr/lisans-listesi/",
    "/tr-tr/fiyat-listesi/",
  ]);
  assert.deepEqual((await urls("tr-tr", "fiyat listesi")).slice(0, 1), ["/tr-tr/fiyat-listesi/"]);
});

test("A failed fetch fails the query and is tried again by the next one", async () => {
  let fail = true;
  const flaky = createEngine({
    indexUrl: "/en-us/_search/",
    load: async (url) => {
      if (fail && url.endsWith("meta.json")) throw new Error("offline");
      return JSON.parse(readFileSync(join(out, "site", url), "utf8"));
    },
  });
  await assert.rejects(flaky.search("refund", 10), /offline/);
  fail = false;
  assert.deepEqual((await flaky.search("refund", 10)).results.map((r) => r.url), ["/en-us/billing/#refund-policy"]);
});

test("Synonyms from kilavuz.yaml: a query finds the pages of the words its word means", async () => {
  const meta = JSON.parse(readFileSync(join(out, "site/en-us/_search/meta.json"), "utf8"));
  assert.deepEqual(meta.y, { chargeback: ["reimbursement", "refund"].sort(), reimbursement: ["chargeback", "refund"], refund: ["chargeback", "reimbursement"] });
  assert.deepEqual(await urls("en-us", "reimbursement"), ["/en-us/billing/#refund-policy"]);
  assert.deepEqual(await urls("en-us", "chargeback policy"), ["/en-us/billing/#refund-policy"]);
  const marked = (await engine("en-us").search("reimbursement", 10)).results[0].excerpt;
  assert.ok(marked.some((part) => part.hit && /^refund/i.test(part.text)), "the synonym found is marked");
  assert.equal((await engine("tr-tr").search("makbuz", 10)).results[0].url, "/tr-tr/fatura/");
  assert.equal(JSON.parse(readFileSync(join(out, "site/de-de/_search/meta.json"), "utf8")).y, undefined, "no synonyms, no key");
});

test("Front matter keywords find a page that never says them, ranked as a heading, not in the excerpt", async () => {
  const found = await engine("en-us").search("remittance advice", 10);
  assert.deepEqual(found.results.map((r) => r.url), ["/en-us/invoices/"]);
  assert.ok(!found.results[0].excerpt.some((part) => part.hit), "the page's text has no hit to mark");
  assert.deepEqual(await urls("en-us", "pdf"), ["/en-us/invoices/"]);
  // Folded like any text: `DEKONT` and `odeme belgesi` find `Dekont` and `ödeme belgesi`.
  assert.deepEqual(await urls("tr-tr", "DEKONT"), ["/tr-tr/fatura/"]);
  assert.deepEqual(await urls("tr-tr", "odeme belgesi"), ["/tr-tr/fatura/"]);
});

test("`search: false` pages are not indexed", async () => {
  const found = await engine("en-us").search("zephyrquux", 10);
  assert.equal(found.total, 0);
  assert.ok(readFileSync(join(out, "site/en-us/internal/index.html"), "utf8").includes("zephyrquux"));
});

test("A query fetches meta, one chunk per term and one fragment per result shown", async () => {
  fetched.length = 0;
  const found = await engine("en-us").search("refund", 10);
  assert.equal(found.results.length, 1);
  assert.deepEqual(fetched.filter((u) => !u.endsWith("meta.json")).map((u) => u.split("/_search/")[1].split("/")[0]), ["t", "p"]);
});
