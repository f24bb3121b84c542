//! The index files: terms and stems in chunks, fragments and packs, postings, and edits that
//! equal a fresh build.

use serde_json::Value;

use crate::search::encode::{fragment, postings, push_number};
use crate::search::index::{
    HEADING_WEIGHT, Hit, Lexicon, PageText, Posting, REFERENCE_WORDS, TITLE_WEIGHT, index_pages,
    weight,
};
use crate::search::merge::{Merged, collect};
use crate::search::tokenize::{query_terms, tokens};
use crate::search::{Section, sections};

/// Every index file of `pages`, as a full build writes them.
fn build(pages: &[PageText], language: &str) -> Vec<(String, Vec<u8>)> {
    let lexicon = Lexicon::default();
    let mut merged = Merged::new(language, false);
    for page in index_pages(pages.to_vec(), language, &lexicon) {
        merged.add(&lexicon, &page);
    }
    merged.files(&lexicon)
}

fn index_of(files: &[(String, Vec<u8>)], path: &str) -> Value {
    let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
    serde_json::from_slice(bytes).unwrap()
}

fn chunk_of(files: &[(String, Vec<u8>)], key: &str) -> Value {
    let meta = index_of(files, "meta.json");
    let starts = meta["c"].as_array().unwrap();
    let n = starts.iter().filter(|s| s.as_str().unwrap() <= key).count();
    index_of(files, &format!("t/{n}.json"))
}

fn tr_page() -> PageText {
    PageText {
        url: "/tr-tr/a/".into(),
        title: "Müşteri desteği".into(),
        keywords: String::new(),
        kind: "article".into(),
        sections: vec![
            Section::default(),
            Section {
                id: "plan".into(),
                heading: "Planlar".into(),
                text: "Müşterilerinize yardım".into(),
            },
        ],
    }
}

#[test]
fn index_holds_terms_and_stems_in_their_chunks() {
    let files = build(&[tr_page()], "tr");
    // page 0, one section: section 0, weight 20 (the title's), position 0.
    assert_eq!(chunk_of(&files, "musteri")["w"]["musteri"], "010k0");
    // Section 1, weight 7 (one occurrence in a body of two words), position 1 (after the
    // heading's word).
    assert_eq!(
        chunk_of(&files, "musterilerinize")["w"]["musterilerinize"],
        "01171"
    );
    assert_eq!(chunk_of(&files, "musteri")["s"]["musteri"], "01171");
    let meta = index_of(&files, "meta.json");
    assert_eq!(meta["v"], 3);
    assert_eq!(meta["kinds"], serde_json::json!(["article"]));
    assert_eq!(meta["k"], "0");
    assert_eq!(meta["f"], serde_json::json!([]));
    let pack = index_of(&files, "p/0.json");
    assert_eq!(pack[0]["s"][1][0], "plan");
}

#[test]
fn a_title_or_heading_outweighs_any_body_and_the_body_score_saturates_with_length() {
    const IN_FIELD: u32 = 1 << 31;
    assert_eq!(weight(IN_FIELD, TITLE_WEIGHT, 0), 20);
    assert_eq!(weight(IN_FIELD, HEADING_WEIGHT, 0), 10);
    // One occurrence in a section of the reference length scores 4; more occurrences add less
    // and less, up to 8.8.
    let body = |tf: u32, words: u32| weight(tf, HEADING_WEIGHT, words);
    assert_eq!(body(1, REFERENCE_WORDS), 4);
    assert_eq!(body(2, REFERENCE_WORDS), 6);
    assert_eq!(body(1_000, REFERENCE_WORDS), 9);
    // The same count weighs less in a longer section; never less than 1.
    assert!(body(5, 1_000) < body(5, REFERENCE_WORDS));
    assert_eq!(body(1, 100_000), 1);
    // A 4,000-word table that names a term 117 times, against a heading.
    assert_eq!(body(117, 4_000), 7);
    assert!(body(100_000, 4_000) < HEADING_WEIGHT);
    assert_eq!(weight(IN_FIELD | 1, TITLE_WEIGHT, REFERENCE_WORDS), 24);
}

#[test]
fn a_long_section_that_repeats_a_term_weighs_less_than_the_title_that_names_it() {
    let table = (0..80)
        .map(|n| format!("Quota {n} of resource group {n}."))
        .collect::<Vec<_>>()
        .join(" ");
    let page = |title: &str, text: &str| PageText {
        url: format!("/{title}/"),
        title: title.into(),
        keywords: String::new(),
        kind: "article".into(),
        sections: vec![
            Section::default(),
            Section {
                id: "codes".into(),
                heading: "Codes".into(),
                text: text.into(),
            },
        ],
    };
    let terms = collect(
        &[page("Quota", "Ask for more."), page("Limits", &table)],
        "en",
    );
    let weights: Vec<(u32, u32, u32)> = terms.words["quota"]
        .iter()
        .map(|p| (p.page, p.hit.section, p.hit.weight))
        .collect();
    // 80 occurrences in 480 words: 4 × 80 × 2.2 / (80 + 1.2 × (0.25 + 0.75 × 4.8)) = 8.3.
    assert_eq!(weights, [(0, 0, TITLE_WEIGHT), (1, 1, 8)]);
}

#[test]
fn keywords_weigh_as_a_heading_of_the_first_section_and_stay_out_of_the_excerpt() {
    let page = PageText {
        url: "/en-us/bill/".into(),
        title: "Understand your bill".into(),
        keywords: "read bill, Invoice".into(),
        kind: "article".into(),
        sections: vec![Section {
            text: "Your invoice lists the month's charges.".into(),
            ..Section::default()
        }],
    };
    let terms = collect(std::slice::from_ref(&page), "en");
    let hit = |term: &str| terms.words[term][0].hit;
    assert_eq!(hit("read").weight, HEADING_WEIGHT);
    assert_eq!(hit("read").section, 0);
    // In the title too: the title's weight, not both.
    assert_eq!(hit("bill").weight, TITLE_WEIGHT);
    // In the body too: the heading's weight plus the body's score of one occurrence.
    assert_eq!(hit("invoice").weight, weight(1 << 30 | 1, TITLE_WEIGHT, 6));
    assert!(hit("invoice").weight > HEADING_WEIGHT);
    assert!(
        weight(1 << 30 | 10_000, TITLE_WEIGHT, 1) < TITLE_WEIGHT,
        "a title's hit is told by its weight"
    );
    // Positions run on from the title (0–2) through the keywords (3–5) into the body.
    assert_eq!(hit("read").pos, 3);
    assert_eq!(terms.words["lists"][0].hit.pos, 8);
    let json: Value = serde_json::from_slice(&fragment(&page)).unwrap();
    assert!(!json.to_string().contains("read"), "{json}");
}

#[test]
fn fragments_clip_excerpts_at_400_characters_and_escape_as_json_does() {
    let ascii = "word ".repeat(100);
    let turkish = "müşteri desteği ".repeat(40);
    let mixed = format!("{}ş{}", "a".repeat(398), "b".repeat(10));
    let texts = [
        ascii.clone(),
        ascii[..400].to_string(),
        turkish.clone(),
        mixed.clone(),
        "short \"quoted\" back\\slash \u{1} tab\tend".to_string(),
        "a control character \u{7} alone".to_string(),
    ];
    let page = PageText {
        url: "/en-us/a/".into(),
        title: "A \"title\"".into(),
        keywords: String::new(),
        kind: "article".into(),
        sections: texts
            .iter()
            .map(|text| Section {
                id: "id".into(),
                heading: "Heading".into(),
                text: text.clone(),
            })
            .collect(),
    };
    let json = String::from_utf8(fragment(&page)).unwrap();
    let parsed: Value = serde_json::from_str(&json).unwrap();
    let clipped: Vec<String> = texts
        .iter()
        .map(|t| t.chars().take(400).collect())
        .collect();
    for (s, want) in clipped.iter().enumerate() {
        assert_eq!(parsed["s"][s][2], want.as_str(), "section {s}");
    }
    assert_eq!(parsed["t"], "A \"title\"");
    // Escaped the way serde_json escapes, byte for byte.
    for text in &clipped[4..] {
        assert!(json.contains(&serde_json::to_string(text).unwrap()));
    }
}

#[test]
fn fragments_are_packed_by_size_and_found_through_the_packs_first_pages() {
    let pages: Vec<PageText> = (0..300)
        .map(|n| PageText {
            url: format!("/tr-tr/a{n}/"),
            ..tr_page()
        })
        .collect();
    let files = build(&pages, "tr");
    let meta = index_of(&files, "meta.json");
    let firsts: Vec<usize> = meta["f"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_u64().unwrap() as usize)
        .collect();
    assert!(
        firsts.len() >= 3,
        "300 pages fill several packs: {firsts:?}"
    );
    assert!(firsts.windows(2).all(|w| w[0] < w[1]));
    for (n, start) in std::iter::once(0).chain(firsts.iter().copied()).enumerate() {
        let path = format!("p/{n}.json");
        let (_, bytes) = files.iter().find(|(p, _)| *p == path).unwrap();
        assert!(bytes.len() < 10_000, "{path} has {} bytes", bytes.len());
        let pack = index_of(&files, &path);
        let end = firsts.get(n).copied().unwrap_or(pages.len());
        assert_eq!(pack.as_array().unwrap().len(), end - start, "{path}");
        assert_eq!(pack[0]["u"], format!("/tr-tr/a{start}/"));
    }
    assert!(
        !files
            .iter()
            .any(|(p, _)| *p == format!("p/{}.json", firsts.len() + 1))
    );
}

#[test]
fn numbers_are_base_32_with_leading_digits_marked() {
    let mut out = Vec::new();
    for n in [0, 31, 32, 1000, 40_000] {
        push_number(&mut out, n);
    }
    // The same string is decoded in tests/search/vectors.test.mjs.
    assert_eq!(out, b"0vx0_8xDy0");
    out.clear();
    push_number(&mut out, u32::MAX);
    assert_eq!(out, b"z_____v", "the largest number takes seven digits");
}

#[test]
fn postings_are_delta_encoded_and_keep_the_heaviest_sections() {
    let hit = |section, weight| Hit {
        section,
        weight,
        pos: 2,
    };
    let on = |page, hit| Posting { page, hit };
    let list = vec![
        on(3, hit(0, 10)),
        on(40, hit(1, 1)),
        on(40, hit(2, 5)),
        on(40, hit(3, 1)),
        on(40, hit(4, 2)),
    ];
    // 3, 1 section: (0, 10, 2); +37, the 3 heaviest (a tie goes to the earlier section):
    // (1, 1, 2), (+1, 5, 2), (+2, 2, 2).
    assert_eq!(postings(&list), b"310a2x53112152222");
}

#[test]
fn words_fold_and_stem_once_per_page_and_merge_in_page_order() {
    let mut second = tr_page();
    second.title = "KULLANICI kullanıcı".into();
    let terms = collect(&[tr_page(), second], "tr");
    let users = &terms.words["kullanici"];
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].page, 1);
    assert_eq!(users[0].hit.weight, 20);
    assert_eq!(
        terms.words["yardim"]
            .iter()
            .map(|p| p.page)
            .collect::<Vec<_>>(),
        [0, 1]
    );
}

/// Every term of `page` with the first position, in its section, of each occurrence (the title's
/// or heading's terms first), tokenized as queries are.
fn query_side_positions(page: &PageText, language: &str) -> Vec<(String, u32, u32)> {
    let mut out: Vec<(String, u32, u32)> = Vec::new();
    for (s, section) in page.sections.iter().enumerate() {
        let prefix = if s == 0 {
            &page.title
        } else {
            &section.heading
        };
        let text = format!("{prefix} {}", section.text);
        for token in tokens(&text, language) {
            if !out
                .iter()
                .any(|(t, sec, _)| *t == token.term && *sec == s as u32)
            {
                out.push((token.term, s as u32, token.pos));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn pages_index_the_terms_queries_make_of_their_words_as_written_or_lowered() {
    // The first section's text is split as written and lower-cased word by word; `ǅ` (no
    // one-character lower case in the fast table) sends the second through the whole-text path,
    // with the same words in other cases.
    let page = PageText {
        url: "/tr-tr/a/".into(),
        title: "İSTANBUL Müşteri".into(),
        keywords: String::new(),
        kind: "article".into(),
        sections: vec![
            Section {
                text: "Istanbul MÜŞTERİ müşteri, ILIK-ılık straße Σίσυφος 2024 İz".into(),
                ..Section::default()
            },
            Section {
                id: "b".into(),
                heading: "ǅ MÜŞTERİ".into(),
                text: "İstanbul ISTANBUL Müşterİ straße ılık".into(),
            },
        ],
    };
    for language in ["tr", "en"] {
        let terms = collect(std::slice::from_ref(&page), language);
        let mut indexed: Vec<(String, u32, u32)> = terms
            .words
            .iter()
            .flat_map(|(term, list)| {
                list.iter()
                    .map(|p| (term.clone(), p.hit.section, p.hit.pos))
            })
            .collect();
        indexed.sort();
        assert_eq!(indexed, query_side_positions(&page, language), "{language}");
    }
}

#[test]
fn cjk_runs_also_index_their_last_character() {
    let page = PageText {
        url: "/ja-jp/a/".into(),
        title: String::new(),
        keywords: String::new(),
        kind: "article".into(),
        sections: vec![Section {
            text: "接続方法".into(),
            ..Section::default()
        }],
    };
    let mut terms: Vec<String> = collect(&[page], "ja").words.into_keys().collect();
    terms.sort();
    assert_eq!(terms, ["接続", "方法", "法", "続方"]);
    assert_eq!(query_terms("法", "ja"), ["法"]);
}

#[test]
fn generated_pages_are_found_by_their_mark() {
    let page = "<header><h1>Site</h1></header><main><nav>x</nav><article class=\"a\" data-search-kind=\"support\"><h1>Plans &amp; hours</h1><h2 id=\"p\">Premium</h2><p>24/7</p></article></main><footer>f</footer>";
    let (kind, html) = crate::search::marked(page).unwrap();
    assert_eq!(kind, "support");
    assert!(html.starts_with("<article") && !html.contains("footer"));
    assert_eq!(crate::search::first_heading(html), "Plans & hours");
    assert_eq!(sections(html)[1].heading, "Premium");
    assert!(crate::search::marked("<main><p>no mark</p></main>").is_none());
}

#[test]
fn replacing_a_page_in_a_merged_index_equals_building_it_afresh() {
    let mut second = tr_page();
    second.url = "/tr-tr/b/".into();
    second.sections[1].text = "Destek planları ve müşteri hizmetleri".into();
    let mut edited = tr_page();
    edited.sections[1].text = "Yeni metin: faturalandırma, destek talebi".into();

    let lexicon = Lexicon::default();
    let before = index_pages(vec![tr_page(), second.clone()], "tr", &lexicon);
    let mut merged = Merged::new("tr", true);
    for page in &before {
        merged.add(&lexicon, page);
    }
    let stale = shared(&mut merged, &lexicon);
    let after = index_pages(vec![edited.clone()], "tr", &lexicon);
    merged.replace(&lexicon, 0, &before[0], &after[0]);
    let updated = shared(&mut merged, &lexicon);

    let fresh = build(&[edited, second], "tr");
    assert_ne!(stale, fresh, "the edit changes the index");
    assert_eq!(updated, fresh);
}

#[test]
fn replacing_several_pages_between_encodings_equals_building_afresh() {
    let words = [
        "destek",
        "plan",
        "fatura",
        "müşteri",
        "talep",
        "hizmet",
        "saat",
        "kanal",
    ];
    let page = |n: usize, seed: usize| {
        let mut page = tr_page();
        page.url = format!("/tr-tr/{n}/");
        page.sections[1].text = (0..5)
            .map(|k| words[(n * 3 + seed * 5 + k * k) % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        page
    };
    let lexicon = Lexicon::default();
    let mut texts: Vec<PageText> = (0..7).map(|n| page(n, 0)).collect();
    let mut indexed = index_pages(texts.clone(), "tr", &lexicon);
    let mut merged = Merged::new("tr", true);
    for p in &indexed {
        merged.add(&lexicon, p);
    }
    shared(&mut merged, &lexicon);
    // Neighbouring pages, the first and the last, a page changed twice before encoding.
    for (round, changed) in [vec![2, 3], vec![0, 6], vec![4], vec![1, 4, 5]]
        .into_iter()
        .enumerate()
    {
        for &n in &changed {
            texts[n] = page(n, round + 1);
            let new = index_pages(vec![texts[n].clone()], "tr", &lexicon).remove(0);
            merged.replace(&lexicon, n, &indexed[n], &new);
            indexed[n] = new;
        }
        assert_eq!(
            shared(&mut merged, &lexicon),
            build(&texts, "tr"),
            "round {round}"
        );
    }
}

/// An editable index's files, as bytes.
fn shared(merged: &mut Merged, lexicon: &Lexicon) -> Vec<(String, Vec<u8>)> {
    merged
        .shared_files(lexicon)
        .into_iter()
        .map(|(path, bytes)| (path, bytes.to_vec()))
        .collect()
}

#[test]
fn an_edit_makes_again_only_the_chunks_and_packs_it_changes_and_equals_a_fresh_build() {
    let page = |n: usize, extra: &str| {
        let mut page = tr_page();
        page.url = format!("/tr-tr/{n}/");
        // What is added comes first: the positions of the words after it change.
        page.sections[1].text = format!("{extra} destek kelime{n} sözcük{}", n % 7);
        page
    };
    let lexicon = Lexicon::default();
    let mut texts: Vec<PageText> = (0..400).map(|n| page(n, "")).collect();
    let mut indexed = index_pages(texts.clone(), "tr", &lexicon);
    let mut merged = Merged::new("tr", true);
    for p in &indexed {
        merged.add(&lexicon, p);
    }
    let mut before = merged.shared_files(&lexicon);
    let count = |prefix: &str| before.iter().filter(|(p, _)| p.starts_with(prefix)).count();
    assert!(
        count("t/") > 2 && count("p/") > 4,
        "several chunks and packs"
    );
    // Same size; much longer (the packs after it move); a new word (a new key).
    let edits = [
        (3, "talep"),
        (200, &"uzun metin ".repeat(400)[..]),
        (399, "yenikelime"),
    ];
    for (round, (n, extra)) in edits.into_iter().enumerate() {
        texts[n] = page(n, extra);
        let new = index_pages(vec![texts[n].clone()], "tr", &lexicon).remove(0);
        merged.replace(&lexicon, n, &indexed[n], &new);
        indexed[n] = new;
        let after = merged.shared_files(&lexicon);
        let fresh = build(&texts, "tr");
        let bytes: Vec<(String, Vec<u8>)> =
            after.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect();
        assert_eq!(bytes, fresh, "round {round}");
        let kept = after
            .iter()
            .filter(|(path, body)| {
                before
                    .iter()
                    .any(|(p, b)| p == path && std::sync::Arc::ptr_eq(b, body))
            })
            .count();
        assert!(
            kept > 0 && kept < after.len() - 1,
            "round {round}: {kept} kept"
        );
        before = after;
    }
}
