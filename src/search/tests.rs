//! Unit tests of the normalization spec, the tokenizer, HTML extraction and the index files.

use serde_json::Value;

use super::index::{PageText, build, shard_of};
use super::tokenize::{query_terms, tokens};
use super::{Section, sections};

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/search/vectors.json"
));

#[test]
fn shared_vectors_hold() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() > 20);
    for v in vectors {
        let want: Vec<&str> = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let got = query_terms(v["text"].as_str().unwrap(), v["lang"].as_str().unwrap());
        assert_eq!(got, want, "vector {v}");
    }
}

#[test]
fn tokens_keep_the_unfolded_word_for_stemming() {
    let t = tokens("Müşterilerinize DESTEK", "tr");
    assert_eq!(t[0].word, "müşterilerinize");
    assert_eq!(t[0].term, "musterilerinize");
    assert_eq!((t[1].term.as_str(), t[1].pos), ("destek", 1));
}

#[test]
fn sections_split_at_headings_with_ids() {
    let html = "<p>Intro &amp; more<script>var x = 1;</script></p>\n<h2 id=\"s&amp;1\">Set <code>up</code></h2>\n<p>Body&#39;s text &#x131;</p>";
    assert_eq!(
        sections(html),
        vec![
            Section {
                id: String::new(),
                heading: String::new(),
                text: "Intro & more".into()
            },
            Section {
                id: "s&1".into(),
                heading: "Set up".into(),
                text: "Body's text ı".into()
            },
        ]
    );
}

fn index_of(files: &[(String, Vec<u8>)], path: &str) -> Value {
    let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn index_holds_terms_and_stems_in_their_shards() {
    let page = PageText {
        url: "/tr-tr/a/".into(),
        title: "Müşteri desteği".into(),
        sections: vec![
            Section::default(),
            Section {
                id: "plan".into(),
                heading: "Planlar".into(),
                text: "Müşterilerinize yardım".into(),
            },
        ],
    };
    let files = build(&[page], "tr");
    let meta = index_of(&files, "meta.json");
    let shards = meta["shards"].as_u64().unwrap() as u32;
    let shard = index_of(&files, &format!("t/{}.json", shard_of("musteri", shards)));
    assert_eq!(shard["w"]["musteri"], serde_json::json!([0, 0, 10, 0]));
    assert_eq!(
        shard["w"]["musterilerinize"],
        serde_json::json!([0, 1, 1, 1])
    );
    assert_eq!(shard["s"]["musteri"], serde_json::json!([0, 1, 1, 1]));
    let fragment = index_of(&files, "p/0.json");
    assert_eq!(fragment["s"][1][0], "plan");
}

#[test]
fn shard_of_matches_search_js() {
    // The same values are asserted in tests/search/vectors.test.mjs.
    assert_eq!(shard_of("ab", u32::MAX), 1_294_271_946);
    assert_eq!(shard_of("𠀋x", u32::MAX), 1_147_060_150);
    assert_eq!(shard_of("musteri", 7), shard_of("mu", 7));
}
