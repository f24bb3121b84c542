/* kilavuz search, query side. Loaded only when a reader uses the search box (kilavuz.js loads it
 * on focus or on "/") and by the /<locale>/search/ page. No dependencies.
 *
 * - normalize + tokenize: the same spec as src/search/normalize.rs and tokenize.rs, proven equal
 *   by tests/search/vectors.json (cargo test and node --test tests/search/ both run it).
 * - createEngine: fetches <locale>/_search/meta.json, then only the chunks of the query's terms
 *   (keys are sorted into chunks, so a term's prefix matches and stems sit in one or a few), then
 *   the fragment packs of the results shown (consecutive pages' titles, sections and snippets);
 *   results can be filtered by page kind (facets). Ranking: title > heading > body (weights in the index,
 *   the body's saturated and normalized by the section's length), exact > prefix > stemmed, each term
 *   weighted by its rarity, a bonus when all terms sit close together in one section and another
 *   when the page's title holds every term of a query of several, in any form. A page
 *   holds every term, but for a query of three or more it may miss common ones, and it may always
 *   miss function words such as `how` and `my` when the query has others (see rank).
 *   "Stemmed" means the query starts with an indexed stem, or with an indexed word of 4 or more
 *   characters (a word that is its own stem has no stem entry), so `yardımlar` finds `yardım`.
 * - a term also finds its synonyms (`meta.y`, from `search: {synonyms: …}` in kilavuz.yaml), scored
 *   at SYNONYM of a match of its own.
 * - a term that is no word and starts none may match words of its chunks with a typo or two (see
 *   typo; the results say which, `corrected`), and a term that matches nothing even so is left out
 *   of the query, which says so (`missing`).
 * - the header combobox and the results page (browser only).
 * In Node the file exports { tokens, queryTerms, fold, lower, numbers, decode, chunkOf, createEngine }. */
(function () {
  "use strict";

  /* ---- Normalization spec (see src/search/normalize.rs) ---- */
  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var FOLD_MAP = { "آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ı": "i", "ß": "ss" };

  function lower(text, lang) {
    var nfkc = String(text).normalize("NFKC");
    if (lang === "tr" || lang === "az") nfkc = nfkc.replace(/I/g, "ı").replace(/İ/g, "i");
    return nfkc.toLowerCase();
  }

  function fold(word) {
    var out = "";
    for (var c of word.normalize("NFD")) {
      var cp = c.codePointAt(0);
      if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x64b && cp <= 0x65f) || cp === 0x670 || cp === 0x640) continue;
      out += FOLD_MAP[c] || c;
    }
    return out.normalize("NFC");
  }

  function isCjk(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff);
  }

  /* Runs of letters, digits and marks; CJK runs inside a word become overlapping pairs. */
  function tokens(text, lang) {
    var out = [];
    var words = [], word = "";
    for (var c of lower(text, lang)) {
      if (WORD_CHAR.test(c)) { word += c; } else if (word) { words.push(word); word = ""; }
    }
    if (word) words.push(word);
    words.forEach(function (w) {
      runs(w).forEach(function (run) {
        if (!run.cjk) { out.push(fold(run.text)); return; }
        var chars = Array.from(fold(run.text));
        if (chars.length === 1) out.push(chars[0]);
        for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      });
    });
    return out.filter(function (t) { return t.length > 0; });
  }

  function runs(word) {
    var out = [];
    for (var c of word) {
      var cjk = isCjk(c), last = out[out.length - 1];
      if (last && last.cjk === cjk) last.text += c; else out.push({ cjk: cjk, text: c });
    }
    return out;
  }

  function queryTerms(text, lang) {
    var seen = {};
    return tokens(text, lang).filter(function (t) { return seen[t] ? false : (seen[t] = true); });
  }

  /* ---- Index files (see src/search/encode.rs) ---- */
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var MAX_PREFIX_CHUNKS = 3, TOP = "\u{10FFFF}";

  /* Numbers of a postings string: base-32 digits, leading ones from the upper half of DIGITS. */
  function numbers(text) {
    var out = [], v = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS.indexOf(text[i]);
      if (d >= 32) { v = v * 32 + d - 32; } else { out.push(v * 32 + d); v = 0; }
    }
    return out;
  }

  /* Postings as [page, section, weight, position, …], four numbers per listed section. */
  function decode(text) {
    var n = numbers(text), out = [], page = 0, i = 0;
    while (i < n.length) {
      page += n[i];
      var count = n[i + 1], section = 0;
      i += 2;
      for (var j = 0; j < count; j++, i += 3) {
        section += n[i];
        out.push(page, section, n[i + 1], n[i + 2]);
      }
    }
    return out;
  }

  /* Code point order, as Rust sorts the keys. */
  function before(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d < 0;
    }
    return x.length < y.length;
  }

  /* The chunk holding `key`: how many chunk starts sort at or before it. */
  function chunkOf(key, starts) {
    var lo = 0, hi = starts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (before(key, starts[mid])) hi = mid; else lo = mid + 1; }
    return lo;
  }

  /* Chunks a query term needs: its prefix matches (a few chunks at most) and its own prefixes of
   * three or more characters, where its stems and shorter words are. */
  function chunksFor(term, starts) {
    var chars = Array.from(term), first = chunkOf(term, starts), out = [first];
    if (prefixOk(term)) {
      var last = Math.min(chunkOf(term + TOP, starts), first + MAX_PREFIX_CHUNKS - 1);
      for (var c = first + 1; c <= last; c++) out.push(c);
    }
    for (var n = 3; n < chars.length; n++) out.push(chunkOf(chars.slice(0, n).join(""), starts));
    return out.filter(function (c, i) { return out.indexOf(c) === i; });
  }

  /* ---- Query engine ---- */
  var EXACT = 3, STEMMED = 1, TYPO = 1, SYNONYM = 0.9, PROXIMITY = 4, TITLED = 20, MIN_LOOSE = 3, COVERED = 2 / 3;

  function length(s) { return Array.from(s).length; }

  /* Prefix matching needs two characters, or one CJK character (the start of a pair). */
  function prefixOk(term) { return length(term) >= 2 || isCjk(term); }

  /* How a query term matches an index word: 3 exact, 1.5–2.5 prefix (closer is better), 0 none. */
  function wordMatch(word, term) {
    if (word === term) return EXACT;
    if (prefixOk(term) && word.startsWith(term)) return 1.5 + length(term) / length(word);
    return 0;
  }

  /* How many typos a term of `n` characters may have: none up to 3, one up to 7, two beyond. */
  function typos(n) { return n >= 8 ? 2 : n >= 4 ? 1 : 0; }

  /* Whether `word` is `term` with at most `typos(term)` edits: a character inserted, deleted or
   * replaced, or two neighbours swapped (optimal string alignment distance). CJK terms, pairs of
   * characters, never have typos. */
  function typo(word, term) {
    var a = Array.from(term), b = Array.from(word), max = typos(a.length);
    if (!max || Math.abs(a.length - b.length) > max) return false;
    var before = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        cur[j] = d;
        low = Math.min(low, d);
      }
      if (low > max) return false;
      before = prev;
      prev = cur;
    }
    return prev[b.length] <= max;
  }

  /* The query's own spelling of `term` (a folded term of it), for telling the reader about it. */
  function typed(query, term, lang) {
    var words = String(query).split(/[^\p{Alphabetic}\p{N}\p{M}]+/u);
    for (var i = 0; i < words.length; i++) if (tokens(words[i], lang).indexOf(term) >= 0) return words[i];
    return term;
  }

  /* Function words of questions, folded, per language: in a query with other words they count for
   * STOP of their rarity and a page need not hold them, so that `how do I cancel my subscription`
   * ranks the pages on cancelling, not the FAQ headings that say "How do I" and "my". */
  var STOP = 0.1, STOP_WORDS = {
    en: "a an and are as at be by can could did do does for from how i if in is it me my of on or our should that the this to was we what when where which who why will with would you your",
    tr: "ama bana ben benim bir bu da daha de eder ederim edilir gibi hangi icin ile ki mi mu nasil ne neden nedir nerede nicin o olarak olunur olur sen senin siz sizin su ve veya ya yaparim yapilir",
    de: "an auf das dem den der des die ein eine einem einen einer es fur ich ihr ihre im in ist kann mein meine meinen mit oder sie sind und unser von wann warum was welche wie wir wo zu"
  };
  var stopSets = {};
  function isStop(term, lang) {
    if (!stopSets[lang]) {
      stopSets[lang] = {};
      (STOP_WORDS[lang] || "").split(" ").forEach(function (w) { if (w) stopSets[lang][w] = true; });
    }
    return stopSets[lang][term] === true;
  }

  function createEngine(options) {
    var base = options.indexUrl;
    var load = options.load || function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    };
    var cache = {};
    /* A file of the index, fetched once; a failed fetch is forgotten, so the next query tries
     * again (the reader may be back online). */
    function get(path) {
      if (!cache[path]) {
        cache[path] = Promise.resolve(load(base + path)).catch(function (e) {
          delete cache[path];
          throw e;
        });
      }
      return cache[path];
    }

    /* A page's fragment, from the pack of consecutive pages that holds it. */
    function fragmentOf(page, firsts) {
      var n = 0;
      while (n < firsts.length && firsts[n] <= page) n++;
      var first = n > 0 ? firsts[n - 1] : 0;
      return get("p/" + n + ".json").then(function (pack) { return pack[page - first]; });
    }

    /* Keeps in `hits` the better of its hit at `key` ("page:section") and this one, and whether
     * any of them was in the page's title. */
    function keepBest(hits, key, score, pos, title) {
      var had = hits[key];
      if (!had || had.score < score) hits[key] = { score: score, pos: pos, title: title || (had && had.title) };
      else if (title) had.title = true;
    }

    /* Hits of `term` in its `chunks`; marks the words and stems it matched in `seen`, and lists
     * in `near` the words it matched through a typo (no typos without `near`). A hit in section
     * 0 weighing `tw` or more (meta.json) is in the page's title. */
    function hitsOf(term, chunks, seen, near, tw) {
      var hits = {}, written = false;
      function take(text, mult) {
        var postings = decode(text);
        for (var i = 0; i + 3 < postings.length; i += 4) {
          var key = postings[i] + ":" + postings[i + 1], score = mult * postings[i + 2];
          keepBest(hits, key, score, postings[i + 3], postings[i + 1] === 0 && postings[i + 2] >= tw);
        }
      }
      chunks.forEach(function (chunk) {
        Object.keys(chunk.w).forEach(function (word) {
          var match = wordMatch(word, term);
          var mult = match || (length(word) >= 4 && term.startsWith(word) ? STEMMED : 0);
          if (mult) { take(chunk.w[word], mult); seen[word] = true; }
          written = written || match > 0;
        });
        Object.keys(chunk.s).forEach(function (stem) {
          if (term.startsWith(stem)) { take(chunk.s[stem], STEMMED); seen[stem] = true; }
        });
      });
      // No word starts with the term: the words of the same chunks that are the term with a typo
      // or two (they sort beside it, so `subscripton` finds `subscription` without another fetch),
      // beside any stems it starts with (`bütçsi` starts with the stem of `bütün`).
      if (!written && near) chunks.forEach(function (chunk) {
        Object.keys(chunk.w).forEach(function (word) {
          if (typo(word, term)) { take(chunk.w[word], TYPO); seen[word] = true; near.push(word); }
        });
      });
      return hits;
    }

    /* How rare a term is among the locale's `total` pages, from the `keys` ("page:section") of its
     * hits: BM25's inverse document frequency, so that in `partner earned credit` the page about
     * earned credit beats the pages that only say "partner" often. */
    function rarity(keys, total) {
      var pages = {};
      keys.forEach(function (key) { pages[key.split(":")[0]] = true; });
      var n = Object.keys(pages).length;
      return Math.log(1 + (Math.max(total, n) - n + 0.5) / (n + 0.5));
    }

    /* Pages ranked for the query whose terms' hits are `perTerm`. A function word (`stop[t]`) in
     * a query with other words counts for STOP of its rarity and a page may miss it. A page must
     * hold every other term, but for a query of MIN_LOOSE or more of them it may miss common
     * ones, as long as the terms it holds make up COVERED of their rarity: `reset password azure
     * portal` then finds the two reset articles, which never say "portal". Such a page's score
     * is scaled by the square of the share it covers. A page whose title holds every term that
     * counts, in any form, of a query of two or more gets TITLED times their rarity: `müşteri
     * listesi` finds "Müşteri listenizi yönetin" before the price list whose title says
     * "listesi" exactly. */
    function rank(perTerm, total, stop) {
      var pages = {}, idfs = [], rarities = 0, titled = {};
      var content = perTerm.filter(function (hits, t) { return !stop[t]; }).length;
      function counts(t) { return !stop[t] || !content; }
      var n = content || perTerm.length;
      perTerm.forEach(function (hits, t) {
        var keys = Object.keys(hits), idf = rarity(keys, total) * (counts(t) ? 1 : STOP);
        idfs[t] = idf;
        if (counts(t)) rarities += idf;
        keys.forEach(function (key) {
          var parts = key.split(":"), page = +parts[0], sec = +parts[1], score = idf * hits[key].score;
          var p = pages[page] || (pages[page] = { page: page, best: [], sections: {} });
          var s = p.sections[sec] || (p.sections[sec] = { terms: {}, score: 0 });
          s.terms[t] = hits[key];
          s.score += score;
          p.best[t] = Math.max(p.best[t] || 0, score);
          if (hits[key].title && counts(t)) (titled[page] || (titled[page] = {}))[t] = true;
        });
      });
      function rarityOf(ts) { return ts.reduce(function (a, t) { return a + idfs[t]; }, 0); }
      return Object.keys(pages).map(function (k) {
        var p = pages[k], held = Object.keys(p.best).filter(counts);
        p.share = held.length === n ? 1 : rarityOf(held) / rarities;
        return p;
      }).filter(function (p) {
        return p.share === 1 || (n >= MIN_LOOSE && p.share >= COVERED);
      }).map(function (p) {
        var score = p.best.reduce(function (a, b) { return a + b; }, 0), bonus = 0, section = -1, top = -1;
        var held = Object.keys(p.best).length;
        Object.keys(p.sections).forEach(function (k) {
          var s = p.sections[k], ts = Object.keys(s.terms), sScore = s.score;
          if (held > 1 && ts.length === held) {
            var pos = ts.map(function (t) { return s.terms[t].pos; });
            var span = Math.max.apply(null, pos) - Math.min.apply(null, pos) - (held - 1);
            var near = PROXIMITY * rarityOf(ts) / (1 + Math.max(0, span));
            sScore += near;
            bonus = Math.max(bonus, near);
          }
          // Deep-link to the section that holds the most query terms, then the best scored.
          sScore += ts.length * 1000;
          if (sScore > top) { top = sScore; section = +k; }
        });
        if (n > 1 && Object.keys(titled[p.page] || {}).length === n) bonus += TITLED * rarities;
        return { page: p.page, section: section, score: (score + bonus) * p.share * p.share };
      }).sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    }

    /* Results for `query`: the best `limit` after the first `filter.offset` (of `filter.kind`
     * only, when given), the total, how many results each page kind has (the facets), and the
     * query's words that no page holds (`missing`, left out of the query so that one unknown word
     * does not empty the results) or that matched with a typo (`corrected`: [the word as typed,
     * the words it matched]). */
    function search(query, limit, filter) {
      var kind = filter && filter.kind, offset = (filter && filter.offset) || 0;
      return get("meta.json").then(function (meta) {
        var terms = queryTerms(query, meta.lang);
        if (!terms.length) return { terms: terms, missing: [], corrected: [], total: 0, facets: {}, results: [] };
        // Each term with its synonyms (`meta.y`, from the site's config), and their chunks.
        var alike = terms.map(function (t) { return [t].concat((meta.y && meta.y[t]) || []); });
        return Promise.all(alike.map(function (words) {
          return Promise.all(words.map(function (w) {
            return Promise.all(chunksFor(w, meta.c).map(function (c) { return get("t/" + c + ".json"); }));
          }));
        })).then(function (chunks) {
          var seen = {}, found = [], stop = [], missing = [], corrected = [];
          terms.forEach(function (t, i) {
            var near = [], hits = hitsOf(t, chunks[i][0], seen, near, meta.tw);
            alike[i].slice(1).forEach(function (synonym, j) {
              var more = hitsOf(synonym, chunks[i][j + 1], seen, null, meta.tw);
              Object.keys(more).forEach(function (key) {
                keepBest(hits, key, more[key].score * SYNONYM, more[key].pos, more[key].title);
              });
            });
            if (!Object.keys(hits).length) { missing.push(typed(query, t, meta.lang)); return; }
            if (near.length) corrected.push([typed(query, t, meta.lang), near.sort()]);
            found.push(hits);
            stop.push(isStop(t, meta.lang));
          });
          var ranked = found.length ? rank(found, meta.pages, stop) : [];
          var facets = {};
          ranked.forEach(function (r) {
            r.kind = meta.kinds[DIGITS.indexOf(meta.k[r.page])] || "";
            facets[r.kind] = (facets[r.kind] || 0) + 1;
          });
          if (kind) ranked = ranked.filter(function (r) { return r.kind === kind; });
          var matched = terms.concat(Object.keys(seen));
          var shown = ranked.slice(offset, offset + (limit || 10));
          return Promise.all(shown.map(function (r) { return fragmentOf(r.page, meta.f || []); }))
            .then(function (fragments) {
              return {
                terms: terms,
                missing: found.length ? missing : [],
                corrected: corrected,
                total: ranked.length,
                facets: facets,
                results: shown.map(function (r, i) { return result(r, fragments[i], matched, meta.lang); })
              };
            });
        });
      });
    }
    return { search: search };
  }

  function result(r, fragment, matched, lang) {
    var sec = fragment.s[r.section] || ["", "", ""];
    var text = sec[2] || (fragment.s.find(function (s) { return s[2]; }) || ["", "", ""])[2];
    return {
      url: fragment.u + (r.section > 0 && sec[0] ? "#" + encodeURIComponent(sec[0]) : ""),
      title: fragment.t,
      heading: r.section > 0 ? sec[1] : "",
      excerpt: excerpt(text, matched, lang),
      kind: r.kind,
      score: r.score
    };
  }

  /* ---- Excerpts: a window of the section text around the first hit, hits marked ---- */
  var EXCERPT_CHARS = 180;

  /* A word is marked when it starts with a query term or with a word or stem the query matched. */
  function hitWord(word, matched) {
    return matched.some(function (m) { return word === m || (length(m) >= 2 && word.startsWith(m)); });
  }

  function marks(text, terms, lang) {
    var out = [];
    var re = /[\p{Alphabetic}\p{N}\p{M}]+/gu, m;
    while ((m = re.exec(text))) {
      var span = m[0], at = m.index;
      if (!Array.from(span).some(isCjk)) {
        if (hitWord(tokens(span, lang)[0] || "", terms)) out.push([at, at + span.length]);
        continue;
      }
      var folded = span.normalize("NFKC");
      terms.forEach(function (q) {
        if (!Array.from(q).some(isCjk) || folded.length !== span.length) return;
        for (var i = folded.indexOf(q); i >= 0; i = folded.indexOf(q, i + 1)) out.push([at + i, at + i + q.length]);
      });
    }
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  function excerpt(text, terms, lang) {
    var found = marks(text, terms, lang);
    var start = found.length ? Math.max(0, found[0][0] - EXCERPT_CHARS / 3) : 0;
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < found[0][0]) start = space + 1; }
    var end = Math.min(text.length, start + EXCERPT_CHARS);
    var parts = [], at = start;
    if (start > 0) parts.push({ text: "…", hit: false });
    found.forEach(function (mk) {
      var a = Math.max(mk[0], at), b = Math.min(mk[1], end);
      if (a >= b) return;
      if (a > at) parts.push({ text: text.slice(at, a), hit: false });
      parts.push({ text: text.slice(a, b), hit: true });
      at = b;
    });
    if (at < end) parts.push({ text: text.slice(at, end), hit: false });
    if (end < text.length) parts.push({ text: "…", hit: false });
    return parts;
  }

  var api = { lower: lower, fold: fold, tokens: tokens, queryTerms: queryTerms, numbers: numbers, decode: decode, chunkOf: chunkOf, createEngine: createEngine };
  if (typeof module === "object" && module.exports) { module.exports = api; return; }
  window.KilavuzSearch = api;
  /* ---- Browser UI: the header combobox and the results page ---- */
  var SUGGESTIONS = 8, PAGE_RESULTS = 50, DELAY = 120, CORRECTIONS_SHOWN = 3;
  var engines = {};
  function engineFor(indexUrl) {
    return engines[indexUrl] || (engines[indexUrl] = createEngine({ indexUrl: indexUrl }));
  }

  /* The form of a UI string for `n` results: the string is JSON, a plain text or a map of CLDR
   * plural categories (`{"one": …, "other": …}`); `{count}` becomes `n`. */
  function counted(json, n) {
    var forms;
    try { forms = JSON.parse(json); } catch (e) { forms = json; }
    if (forms && typeof forms === "object") {
      forms = forms[new Intl.PluralRules(document.documentElement.lang || undefined).select(n)] || forms.other;
    }
    return String(forms || "").replace("{count}", String(n));
  }

  function renderExcerpt(parts) {
    var p = document.createElement("span");
    p.className = "search-excerpt";
    parts.forEach(function (part) {
      var node = part.hit ? document.createElement("mark") : document.createTextNode(part.text);
      if (part.hit) node.textContent = part.text;
      p.appendChild(node);
    });
    return p;
  }

  /* A result's title and excerpt in an element `tag`: a link on the results page, a span in the
   * box's options (an option may hold nothing focusable; the box follows its `data-href`). */
  function resultContent(r, tag) {
    var a = document.createElement(tag);
    if (tag === "a") a.href = r.url;
    var title = document.createElement("span");
    title.className = "search-title";
    title.textContent = r.heading ? r.title + " › " + r.heading : r.title;
    a.appendChild(title);
    a.appendChild(renderExcerpt(r.excerpt));
    return a;
  }

  function combobox(form) {
    var input = form.querySelector("[role=combobox]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var engine = engineFor(form.getAttribute("data-index"));
    // The status says how many results there are (a live region) and, shown, that none match;
    // a header template of its own may leave it out.
    var status = form.querySelector("[data-kilavuz-search-box-status]");
    var active = -1, timer = 0, generation = 0;
    function options() { return list.querySelectorAll("[role=option]"); }
    function tell(text, shown) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("search-none-shown", shown);
    }
    function close() {
      tell("", false);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function select(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === active)); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function show(found, q) {
      if (status) {
        var text = found.total ? counted(status.getAttribute("data-count"), found.total) : status.getAttribute("data-no-results");
        tell(text.replace("{query}", q), !found.total);
      }
      list.textContent = "";
      found.results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-href", r.url);
        li.appendChild(resultContent(r, "span"));
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = !found.results.length;
      input.setAttribute("aria-expanded", String(found.results.length > 0));
    }
    function run() {
      var mine = ++generation, q = input.value;
      if (!q.trim()) { close(); return; }
      engine.search(q, SUGGESTIONS).then(function (found) { if (mine === generation) show(found, q.trim()); },
        function () {
          if (mine !== generation) return;
          close();
          tell(status ? status.getAttribute("data-error") : "", true);
        });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, DELAY); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { run(); return; }
        select(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
        e.preventDefault();
        location.href = options()[active].getAttribute("data-href");
      } else if (e.key === "Escape") {
        if (list.hidden) input.value = ""; else close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
    list.addEventListener("click", function (e) {
      var option = e.target.closest("[role=option]");
      if (option) location.href = option.getAttribute("data-href");
    });
    if (input.value.trim()) run();
  }

  function resultsPage(page) {
    var input = page.querySelector("input[name=q]");
    var status = page.querySelector("[data-kilavuz-search-status]");
    var list = page.querySelector("[data-kilavuz-search-results]");
    var params = new URLSearchParams(location.search);
    var q = params.get("q") || "", kind = params.get("kind") || "";
    input.value = q;
    if (!q.trim()) { status.textContent = page.getAttribute("data-empty"); return; }
    var engine = engineFor(page.getAttribute("data-index"));
    var failed = function () { status.textContent = page.getAttribute("data-error"); };
    engine.search(q, PAGE_RESULTS, { kind: kind }).then(function (found) {
      var text = found.total ? counted(page.getAttribute("data-count"), found.total) : page.getAttribute("data-no-results");
      status.textContent = text.replace("{query}", q);
      found.corrected.forEach(function (c) {
        status.textContent += " " + page.getAttribute("data-corrected").replace("{typed}", c[0])
          .replace("{words}", c[1].slice(0, CORRECTIONS_SHOWN).join(", "));
      });
      if (found.missing.length) {
        status.textContent += " " + page.getAttribute("data-missing").replace("{words}", found.missing.join(", "));
      }
      facets(page, q, kind, found.facets);
      more(page, list, found, function (offset) {
        return engine.search(q, PAGE_RESULTS, { kind: kind, offset: offset });
      }, failed);
    }, failed);
  }

  /* Appends `found`'s results to the results page's `list`, and a button that loads the next
   * ones through `next(offset)` while there are more (`failed()` when that fails); the first
   * new result takes the focus. */
  function more(page, list, found, next, failed) {
    found.results.forEach(function (r, i) {
      var li = document.createElement("li");
      var a = resultContent(r, "a");
      li.appendChild(a);
      list.appendChild(li);
      if (i === 0 && list.children.length > 1) a.focus();
    });
    var shown = list.children.length;
    if (shown >= found.total) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "search-more";
    button.setAttribute("data-kilavuz-search-more", "");
    button.textContent = counted(page.getAttribute("data-more"), Math.min(PAGE_RESULTS, found.total - shown));
    button.addEventListener("click", function () {
      button.disabled = true;
      next(shown).then(function (found) {
        button.remove();
        more(page, list, found, next, failed);
      }, function () {
        button.disabled = false;
        failed();
      });
    });
    list.after(button);
  }

  /* Links that filter the results by page kind, shown when the results have more than one. */
  function facets(page, q, current, counts) {
    var nav = page.querySelector("[data-kilavuz-search-facets]"), kinds = Object.keys(counts).sort();
    if (!nav || kinds.length < 2) return;
    var all = kinds.reduce(function (n, k) { return n + counts[k]; }, 0);
    [""].concat(kinds).forEach(function (k) {
      var a = document.createElement("a"), url = new URLSearchParams({ q: q });
      if (k) url.set("kind", k);
      a.href = "?" + url.toString();
      a.setAttribute("data-kind", k);
      a.textContent = (k ? page.getAttribute("data-kind-" + k) || k : page.getAttribute("data-all")) + " (" + (k ? counts[k] : all) + ")";
      if (k === current) a.setAttribute("aria-current", "page");
      nav.appendChild(a);
      nav.appendChild(document.createTextNode(" "));
    });
    nav.hidden = false;
  }

  function init() {
    document.querySelectorAll("form[data-kilavuz-search]").forEach(combobox);
    document.querySelectorAll("[data-kilavuz-search-page]").forEach(resultsPage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
