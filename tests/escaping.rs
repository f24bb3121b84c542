//! Text from front matter and YAML data is never markup: hostile titles, descriptions,
//! provider and offering names come out escaped in element text, attributes and JSON-LD, the
//! search index carries them as plain text, and URLs in data other than plain `https://` ones
//! are refused; decision-tree titles, questions, answers and notes likewise. The sites are
//! tests/fixtures/data/base and tests/fixtures/trees/reseller with hostile values written over
//! them.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const PAYLOAD: &str = "<script>alert(1)</script>\"'&<!--<script>";

/// The base data site with `edits` (path, text to find, replacement) applied and `files`
/// added, built.
fn build(edits: &[(&str, &str, &str)], files: &[(&str, &str)]) -> (tempfile::TempDir, Output) {
    build_fixture("data/base", edits, files)
}

fn build_fixture(
    fixture: &str,
    edits: &[(&str, &str, &str)],
    files: &[(&str, &str)],
) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    common::copy_dir(&base, dir.path());
    for (path, from, to) in edits {
        let file = dir.path().join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(text.contains(from), "{path} has no `{from}`");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    }
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("build")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("public"))
        .output()
        .unwrap();
    (dir, out)
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(path)).unwrap()
}

/// The page with its theme's own scripts removed, so what is left can be searched for markup
/// that came from data.
fn foreign_markup(html: &str) -> Vec<&str> {
    ["<script>alert", "</script>\"", "<!--<script>", "\"'&"]
        .into_iter()
        .filter(|needle| html.contains(needle))
        .collect()
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn front_matter_titles_descriptions_and_keywords_are_escaped_everywhere() {
    let article = format!(
        "---\ntitle: {}\ndescription: {}\nkeywords: [{}]\n---\nPlain body text mentioning pineapple.\n",
        yaml_string(&format!("Title {PAYLOAD}")),
        yaml_string(&format!("Desc {PAYLOAD}")),
        yaml_string(&format!("Kw {PAYLOAD}")),
    );
    let (dir, out) = build(&[], &[("content/en-US/hostile.md", &article)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(dir.path(), "en-us/hostile/index.html");
    assert_eq!(foreign_markup(&page), Vec::<&str>::new(), "{page}");
    let escaped =
        "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;&quot;&#x27;&amp;&lt;!--&lt;script&gt;";
    let escaped_alt = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;!--&lt;script&gt;";
    let count = page.matches(escaped).count() + page.matches(escaped_alt).count();
    assert!(
        count >= 3,
        "title, h1 and description escaped ({count}): {page}"
    );
    assert!(
        page.contains("<meta name=\"description\" content=\"Desc &lt;script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("<meta name=\"keywords\" content=\"Kw &lt;script&gt;"),
        "{page}"
    );
    // Pages that list the article (the home section, navigation) escape it too.
    let home = read(dir.path(), "en-us/index.html");
    assert_eq!(foreign_markup(&home), Vec::<&str>::new(), "{home}");

    // The search index holds the title as plain text (search.js only sets textContent).
    let index_dir = dir.path().join("public/en-us/_search");
    let mut found = false;
    for entry in walkdir::WalkDir::new(&index_dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            found |= json.to_string().contains("Title <script>alert(1)</script>");
        }
    }
    assert!(found, "the title is searchable as written");
    let search_js = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/static/js/search.js"),
    )
    .unwrap();
    assert!(!search_js.contains("innerHTML") && !search_js.contains("insertAdjacentHTML"));
}

#[test]
fn provider_and_offering_names_are_escaped_in_pages_and_json_ld() {
    let name = yaml_string(&format!("Contoso {PAYLOAD}"));
    let offering = format!(
        "{{en-US: {}, tr-TR: Standart}}",
        yaml_string(&format!("Plan {PAYLOAD}"))
    );
    let (dir, out) = build(
        &[
            (
                "content/data/providers/contoso.yaml",
                "name: Contoso Cloud",
                &format!("name: {name}"),
            ),
            (
                "content/data/offerings/contoso-standard.yaml",
                "name: {en-US: Contoso Standard Support, tr-TR: Contoso Standart Destek}",
                &format!("name: {offering}"),
            ),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for path in [
        "en-us/support/index.html",
        "en-us/support/contoso-standard/index.html",
    ] {
        let page = read(dir.path(), path);
        assert_eq!(foreign_markup(&page), Vec::<&str>::new(), "{path}: {page}");
        assert!(page.contains("Plan &lt;script&gt;alert(1)"), "{path}");
        let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let json = &page[start..start + page[start..].find("</script>").unwrap()];
        assert!(!json.contains('<') && !json.contains('>'), "{path}: {json}");
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert!(
            value
                .to_string()
                .contains(&format!("Contoso {PAYLOAD}").replace('"', "\\\""))
        );
    }
}

#[test]
fn urls_in_data_other_than_plain_https_are_refused() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)//https://x.example/",
        "data:text/html,<script>alert(1)</script>",
        "https://portal.contoso.example/\\\"onmouseover=\\\"alert(1)",
        "https://portal.contoso.example/<script>",
        "//evil.example/",
    ] {
        let (_dir, out) = build(
            &[(
                "content/data/offerings/contoso-standard.yaml",
                "url: \"https://portal.contoso.example/\"",
                &format!("url: \"{url}\""),
            )],
            &[],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{url}: {stderr}");
        assert!(
            stderr.contains("error[data.url]") && stderr.contains("is not an absolute https URL"),
            "{url}: {stderr}"
        );
    }
}

#[test]
fn decision_tree_texts_are_escaped_in_pages_diagrams_and_json_ld() {
    let tree = "content/data/trees/help-me.yaml";
    let hostile = |label: &str| yaml_string(&format!("{label} {PAYLOAD}"));
    let (dir, out) = build_fixture(
        "trees/reseller",
        &[
            (
                tree,
                "title: Get help",
                &format!("title: {}", hostile("Tree")),
            ),
            (
                tree,
                "text: What is it about?",
                &format!("text: {}", hostile("Question")),
            ),
            (
                tree,
                "label: An invoice",
                &format!("label: {}", hostile("Answer")),
            ),
            (
                tree,
                "title: Phone us now",
                &format!("title: {}", hostile("Outcome")),
            ),
            (
                tree,
                "when: \"If the fault is Microsoft's, it goes on to:\"",
                &format!("when: {}", hostile("Note")),
            ),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for path in [
        "en-us/help/help-me/index.html",
        "en-us/help/help-me/billing/index.html",
        "en-us/help/help-me/outage/index.html",
        "en-us/help/help-me/all/index.html",
    ] {
        let page = read(dir.path(), path);
        assert_eq!(foreign_markup(&page), Vec::<&str>::new(), "{path}: {page}");
        assert!(page.contains("Tree &lt;script&gt;alert(1)"), "{path}");
        let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let json = &page[start..start + page[start..].find("</script>").unwrap()];
        assert!(!json.contains('<') && !json.contains('>'), "{path}: {json}");
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert!(
            value.to_string().contains("Tree <script>alert(1)"),
            "{path}"
        );
    }
    let outage = read(dir.path(), "en-us/help/help-me/outage/index.html");
    assert!(outage.contains("Outcome &lt;script&gt;alert(1)"));
    assert!(outage.contains("Note &lt;script&gt;alert(1)"));
    let start = read(dir.path(), "en-us/help/help-me/index.html");
    assert!(start.contains("Question &lt;script&gt;alert(1)"));
    assert!(start.contains("Answer &lt;script&gt;alert(1)"));
    let all = read(dir.path(), "en-us/help/help-me/all/index.html");
    let svg = &all[all
        .find("<svg class=\"tree-diagram\"")
        .expect("the /all/ page draws the diagram")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(svg.contains("&lt;script&gt;alert(1)"), "{svg}");
}
