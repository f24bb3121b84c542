//! DocFX syntax end to end on a tiny two-locale site (tests/fixtures/docfx/site): includes with
//! their guards, localized alerts, `:::image` with the default locale's image, unsupported
//! syntax reported at file:line, YAML FAQ pages and `TOC.md` navigation.

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

fn build() -> (TempDir, String) {
    let dir = TempDir::new().unwrap();
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docfx/site");
    let result = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(dir.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert!(result.status.success(), "{stderr}");
    (dir, stderr)
}

fn page(dir: &TempDir, path: &str) -> String {
    std::fs::read_to_string(dir.path().join("public").join(path)).unwrap()
}

#[test]
fn includes_alerts_and_images() {
    let (dir, _) = build();
    let en = page(&dir, "en-us/guide/index.html");
    assert!(
        en.contains(
            "<div class=\"alert alert-tip\" role=\"note\"><p class=\"alert-title\">Tip</p>"
        ),
        "{en}"
    );
    assert!(
        en.contains("<a href=\"/en-us/faq/#why\">link</a>"),
        "links in includes are relative to the include: {en}"
    );
    assert!(en.contains("<p>Loop text.</p>"), "{en}");
    assert!(!en.contains(":::") && !en.contains("[!"), "{en}");
    let tr = page(&dir, "tr-tr/guide/index.html");
    assert!(tr.contains("<p class=\"alert-title\">Not</p>"), "{tr}");
    assert!(
        tr.contains(
            "<img src=\"/en-us/media/shot.png\" loading=\"lazy\" decoding=\"async\" alt=\"Ekran görüntüsü\">"
        ),
        "the Turkish page shows the English image: {tr}"
    );
}

#[test]
fn unsupported_syntax_and_bad_includes_are_reported_at_their_line() {
    let (_, stderr) = build();
    for expected in [
        "en/guide.md:10:1: warning[markdown.unsupported_syntax]: `:::zone:::` is not supported",
        "en/guide.md:12:1: warning[markdown.include]: include `../../kilavuz.yaml` points outside the content folder",
        "en/includes/loop.md:3:1: warning[markdown.include]: include `note.md` includes itself (a cycle)",
    ] {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in\n{stderr}"
        );
    }
    assert_eq!(stderr.matches("warning[").count(), 3, "{stderr}");
}

#[test]
fn faq_pages_and_toc_md_navigation() {
    let (dir, _) = build();
    let faq = page(&dir, "en-us/faq/index.html");
    assert!(faq.contains("<h1 id=\"questions\">Questions</h1>"), "{faq}");
    assert!(faq.contains("<h3 id=\"why\">Why?</h3>"), "{faq}");
    assert!(faq.contains("<a href=\"/en-us/guide/\">guide</a>"), "{faq}");
    assert!(
        faq.contains("<a href=\"/en-us/faq/\">Help</a>"),
        "a TOC group links to its first page: {faq}"
    );
    assert!(faq.contains("aria-current=\"page\">Questions</a>"), "{faq}");
    // Entries off the page's path are closed, and still link to their page (or a group's
    // first page).
    assert!(
        faq.contains("<li class=\"nav-item\"><a href=\"/en-us/guide/\">Guide</a>"),
        "{faq}"
    );
    let guide = page(&dir, "en-us/guide/index.html");
    assert!(
        guide.contains("<li class=\"nav-item\"><a href=\"/en-us/faq/\">Help</a>"),
        "{guide}"
    );
    assert!(
        !dir.path().join("public/en-us/TOC/index.html").exists(),
        "TOC.md is navigation, not a page"
    );
}
