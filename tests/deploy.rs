//! Deploy-ready output of `kilavuz build`: fingerprinted css/js whose references resolve,
//! `redirect_from` pages and `_redirects`, `.nojekyll`, the manifest, minification, and
//! byte-identical rebuilds.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{attr_values, build_into, snapshot};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const BASE_PATH: &str = "/help/";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/deploy/site")
}

/// Builds `root` with `extra` arguments; returns the temp folder and the output's files.
fn build(root: &Path, extra: &[&str]) -> (TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("public");
    let run = build_into(root, &out, extra);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    let files = snapshot(&out);
    (dir, files)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} missing from {:#?}", files.keys()));
    String::from_utf8(bytes.clone()).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn referenced_css_and_js_get_content_hashed_names_that_resolve() {
    let (_dir, files) = build(&fixture(), &[]);
    assert!(
        !files.contains_key("css/kilavuz.css"),
        "{:#?}",
        files.keys()
    );
    assert!(!files.contains_key("js/kilavuz.js"));
    assert!(
        files.contains_key("css/print.css"),
        "a file no page references keeps its name"
    );
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let refs = attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
            .filter(|u| u.ends_with(".css") || u.ends_with(".js"));
        for url in refs {
            let rel = url
                .strip_prefix(BASE_PATH)
                .unwrap_or_else(|| panic!("{path}: {url} lacks the base path"));
            let target = files
                .get(rel)
                .unwrap_or_else(|| panic!("{path} references {url}, which does not exist"));
            let (stem, _) = rel.rsplit_once('.').unwrap();
            let hash = stem.rsplit_once('.').unwrap().1;
            assert_eq!(hash.len(), 10, "{rel}");
            assert!(
                sha256(target).starts_with(hash),
                "{rel} is named by its content"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "the chooser, 404 and three articles each reference the css and the js: {checked}"
    );
}

#[test]
fn fingerprinting_can_be_turned_off() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&fixture(), &root);
    let config = root.join("kilavuz.yaml");
    let text_before = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text_before + "fingerprint: false\n").unwrap();
    let (_out, files) = build(&root, &[]);
    assert!(files.contains_key("css/kilavuz.css"));
    let home = text(&files, "en-us/index.html");
    assert!(home.contains("href=\"/help/css/kilavuz.css\""), "{home}");
}

#[test]
fn redirect_from_makes_redirect_pages_and_a_redirects_file() {
    let (_dir, files) = build(&fixture(), &[]);
    for (old, target) in [
        ("en-us/old-guide/index.html", "/help/en-us/guide/"),
        ("legacy/guide.html", "/help/en-us/guide/"),
        ("en-us/questions/index.html", "/help/en-us/faq/"),
    ] {
        let page = text(&files, old);
        assert!(
            page.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            )),
            "{old}: {page}"
        );
        assert!(
            page.contains(&format!(
                "<link rel=\"canonical\" href=\"https://docs.example{target}\">"
            )),
            "{page}"
        );
        assert!(page.contains("noindex"));
        let rel = target.strip_prefix(BASE_PATH).unwrap();
        assert!(
            files.contains_key(&format!("{rel}index.html")),
            "{target} exists"
        );
    }
    assert_eq!(
        text(&files, "_redirects"),
        "/help/old-home/ /help/en-us/ 301\n\
         /help/en-us/questions/ /help/en-us/faq/ 301\n\
         /help/en-us/old-guide/ /help/en-us/guide/ 301\n\
         /help/legacy/guide.html /help/en-us/guide/ 301\n",
        "the site's own rules come first"
    );
}

#[test]
fn a_redirect_over_an_existing_page_is_an_error() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&fixture(), &root);
    let faq = root.join("content/en-US/faq.md");
    let text_before = std::fs::read_to_string(&faq).unwrap();
    std::fs::write(
        &faq,
        text_before.replace("/en-us/questions/", "/en-us/guide/"),
    )
    .unwrap();
    let run = build_into(&root, &dir.path().join("public"), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.diagnostics(),
        [
            "content/en-US/faq.md:3:1: error[front_matter.redirect_from]: `/en-us/guide/` would replace en-us/guide/index.html, which the site already has"
        ]
    );
}

#[test]
fn nojekyll_and_a_manifest_of_every_file() {
    let (_dir, files) = build(&fixture(), &[]);
    assert_eq!(files.get(".nojekyll").map(Vec::len), Some(0));
    let manifest: serde_json::Value =
        serde_json::from_str(&text(&files, "kilavuz-manifest.json")).unwrap();
    assert_eq!(manifest["version"], 1);
    let listed = manifest["files"].as_object().unwrap();
    let expected: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .filter(|(p, _)| *p != "kilavuz-manifest.json")
        .map(|(p, b)| (p.clone(), serde_json::Value::String(sha256(b))))
        .collect();
    assert_eq!(listed, &expected);
}

#[test]
fn rebuilds_are_byte_identical() {
    let (_a, first) = build(&fixture(), &["--minify"]);
    let (_b, second) = build(&fixture(), &["--minify"]);
    assert!(first == second, "two builds differ");
}

#[test]
fn minify_shrinks_html_but_keeps_preformatted_text() {
    let (_a, plain) = build(&fixture(), &[]);
    let (_b, small) = build(&fixture(), &["--minify"]);
    let guide = "en-us/guide/index.html";
    assert!(small[guide].len() < plain[guide].len());
    let html = text(&small, guide);
    assert!(
        html.contains(
            "<pre><code>    indented   code    keeps\n        its    spacing\n</code></pre>"
        ),
        "{html}"
    );
    assert!(
        !html
            .lines()
            .any(|l| l.starts_with(' ') && !l.starts_with("        its")),
        "indentation is gone:\n{html}"
    );
}
