//! End-to-end tests of the search index: the real binary builds tests/fixtures/search/multilang
//! and the tests read the produced index files and pages. The query side is tested by
//! `node --test tests/search/` against the same fixture.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/multilang")
}

fn build(out: &Path) {
    build_site(&fixture(), out);
}

fn build_site(site: &Path, out: &Path) {
    let (code, stderr) = try_build(site, out);
    assert_eq!(code, Some(0), "{stderr}");
}

/// `kilavuz build SITE --out OUT`: its exit code and stderr.
fn try_build(site: &Path, out: &Path) -> (Option<i32>, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    (run.status.code(), stderr)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn all_shards(dir: &Path) -> String {
    let meta = json(&dir.join("meta.json"));
    (0..=meta["c"].as_array().unwrap().len())
        .map(|n| std::fs::read_to_string(dir.join(format!("t/{n}.json"))).unwrap())
        .collect()
}

/// Every page's fragment, in page order, read through the packs `meta.json` lists.
fn fragments(dir: &Path) -> Vec<Value> {
    let meta = json(&dir.join("meta.json"));
    let firsts = meta["f"].as_array().unwrap();
    let all: Vec<Value> = (0..=firsts.len())
        .flat_map(|n| {
            json(&dir.join(format!("p/{n}.json")))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(all.len() as u64, meta["pages"].as_u64().unwrap());
    all
}

#[test]
fn every_locale_gets_an_index_with_its_language() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = tmp.path().join("site");
    build(&out);
    for (slug, lang, pages) in [
        ("en-us", "en", 5), // billing, index, invoices, limits, quotas: not `internal` nor `drafts/plan`
        ("tr-tr", "tr", 8),
        ("de-de", "de", 2),
        ("ar-sa", "ar", 2),
        ("ja-jp", "ja", 2),
    ] {
        let meta = json(&out.join(slug).join("_search/meta.json"));
        assert_eq!(meta["lang"], lang);
        assert_eq!(meta["pages"], pages, "{slug}");
        assert_eq!(
            meta["tw"], 20,
            "the weight from which a hit of section 0 is the title's"
        );
    }
    let tr = all_shards(&out.join("tr-tr/_search"));
    assert!(tr.contains("\"kullanici\":"));
    assert!(tr.contains("\"musterilerinize\":"));
    let ja = all_shards(&out.join("ja-jp/_search"));
    assert!(ja.contains("\"接続\":") && ja.contains("\"連絡\":"));
    let de = fragments(&out.join("de-de/_search"));
    assert!(de.iter().any(|f| f["u"] == "/de-de/konto/"));
}

#[test]
fn pages_with_search_false_and_fallback_pages_are_left_out() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = tmp.path().join("site");
    build(&out);
    assert!(!all_shards(&out.join("en-us/_search")).contains("zephyrquux"));
    let fragments = std::fs::read_dir(out.join("tr-tr/_search/p"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(!fragments.contains("/tr-tr/billing/"));
}

#[test]
fn config_exclude_patterns_keep_pages_out() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = tmp.path().join("site");
    build(&out);
    assert!(
        std::fs::read_to_string(out.join("en-us/drafts/plan/index.html"))
            .unwrap()
            .contains("blorptastic")
    );
    assert!(!all_shards(&out.join("en-us/_search")).contains("blorptastic"));
}

#[test]
fn an_unknown_key_under_search_is_a_config_error() {
    let tmp = tempfile::TempDir::new().unwrap();
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/unknown_key");
    let (code, stderr) = try_build(&site, &tmp.path().join("site"));
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("kilavuz.yaml:7:3: error[config.invalid]") && stderr.contains("exclued"),
        "{stderr}"
    );
}

/// Builds the multilang fixture with `search:` in its kilavuz.yaml replaced by `search`; the
/// exit code and stderr.
fn build_with_search(search: &str) -> (Option<i32>, String) {
    let tmp = tempfile::TempDir::new().unwrap();
    let site = tmp.path().join("src");
    let copy = Command::new("cp")
        .arg("-r")
        .arg(fixture())
        .arg(&site)
        .status()
        .unwrap();
    assert!(copy.success());
    let config = std::fs::read_to_string(site.join("kilavuz.yaml")).unwrap();
    let at = config.find("search:").unwrap();
    std::fs::write(
        site.join("kilavuz.yaml"),
        format!("{}{search}", &config[..at]),
    )
    .unwrap();
    try_build(&site, &tmp.path().join("site"))
}

#[test]
fn synonyms_are_folded_into_meta_both_ways() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = tmp.path().join("site");
    build(&out);
    let meta = json(&out.join("en-us/_search/meta.json"));
    assert_eq!(
        meta["y"]["reimbursement"],
        serde_json::json!(["chargeback", "refund"])
    );
    assert_eq!(
        meta["y"]["refund"],
        serde_json::json!(["chargeback", "reimbursement"])
    );
    assert_eq!(
        json(&out.join("tr-tr/_search/meta.json"))["y"],
        serde_json::json!({"fatura": ["makbuz"], "makbuz": ["fatura"]})
    );
    assert!(
        json(&out.join("de-de/_search/meta.json"))
            .get("y")
            .is_none()
    );
    let (code, stderr) =
        build_with_search("search:\n  synonyms:\n    tr-TR:\n      - [İPTAL, Fesih]\n");
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn bad_synonyms_are_config_errors_naming_their_line() {
    for (search, line, says) in [
        (
            "search:\n  synonyms:\n    fr-FR:\n      - [annuler, résilier]\n",
            13,
            "search synonyms for `fr-FR`, which is not one of the configured locales",
        ),
        (
            "search:\n  synonyms:\n    en-US:\n      - [credit card, payment card]\n",
            13,
            "search synonyms for `en-US`: `credit card` is more than one word",
        ),
        (
            "search:\n  synonyms:\n    en-US:\n      - [alone]\n",
            13,
            "a group lists two or more words",
        ),
        (
            "search:\n  synonyms:\n    en-US:\n      - [refund, \"--\"]\n",
            13,
            "`--` has no letters or digits",
        ),
    ] {
        let (code, stderr) = build_with_search(search);
        assert_eq!(code, Some(1), "{search}: {stderr}");
        assert!(
            stderr.contains(&format!("kilavuz.yaml:{line}:1: error[config.search]"))
                && stderr.contains(says),
            "{search}: {stderr}"
        );
    }
}

#[test]
fn support_pages_are_indexed_with_their_kind() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = tmp.path().join("site");
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/base");
    build_site(&site, &out);
    let dir = out.join("en-us/_search");
    let meta = json(&dir.join("meta.json"));
    assert_eq!(meta["kinds"], serde_json::json!(["article", "support"]));
    let kinds = meta["k"].as_str().unwrap();
    let all = fragments(&dir);
    let premium = all
        .iter()
        .position(|f| f["u"] == "/en-us/support/contoso-premium/")
        .expect("the premium plan's page is indexed");
    assert_eq!(&kinds[premium..=premium], "1", "kind `support`");
    assert_eq!(all[premium]["t"], "Contoso Premium Support");
    assert!(all_shards(&dir).contains("\"premium\":"));
}

#[test]
fn search_page_and_header_box_exist_in_every_locale() {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = tmp.path().join("site");
    build(&out);
    let page = std::fs::read_to_string(out.join("ar-sa/search/index.html")).unwrap();
    assert!(page.contains("<html lang=\"ar-SA\" dir=\"rtl\">"));
    assert!(page.contains("data-index=\"/ar-sa/_search/\""));
    let script = page
        .split("<script src=\"/js/search.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the search page loads search.js (fingerprinted)");
    assert!(
        out.join(format!("js/search.{script}")).is_file(),
        "{script}"
    );
    let article = std::fs::read_to_string(out.join("tr-tr/musteri/index.html")).unwrap();
    assert!(article.contains("action=\"/tr-tr/search/\" method=\"get\""));
    assert!(article.contains("role=\"combobox\""));
    assert!(
        article.contains(&format!("data-script=\"/js/search.{script}\"")),
        "the box lazy-loads the same, rewritten URL"
    );
}

#[test]
fn index_files_are_byte_identical_across_builds() {
    let tmp = tempfile::TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&a);
    build(&b);
    for slug in ["en-us", "tr-tr", "ja-jp"] {
        let dir = format!("{slug}/_search");
        assert_eq!(all_shards(&a.join(&dir)), all_shards(&b.join(&dir)));
    }
}
