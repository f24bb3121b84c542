//! DocFX syntax end to end on a tiny two-locale site (tests/fixtures/docfx/site): includes with
//! their guards, localized alerts, `:::image` with the default locale's image, unsupported
//! syntax reported at file:line, YAML FAQ pages and `TOC.md` navigation; anchors outside
//! headings and includes that interrupt a paragraph, on a site written by the test.

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
        en.contains("<a href=\"/en-us/faq/#why-\">link</a>"),
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
    assert!(
        faq.contains("<h3 id=\"why-\">Why?</h3>"),
        "a question's id is Learn's, which links written for Learn use: {faq}"
    );
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

/// Writes `files` (path, text) under a new temporary folder.
fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn anchors_outside_headings_and_includes_that_interrupt_a_paragraph() {
    // The shape of the Partner Center announcements: a numbered anchor on its own line, the
    // include on the next, and a heading with a second anchor.
    let announcements = "---\ntitle: Announcements\n---\n# Announcements\n\n\
        <a name=\"16\"></a>\n[!INCLUDE [Item](includes/item.md)]\n[!INCLUDE [Other](includes/other.md)]\n\n\
        ## <a name=\"notice\"></a><a name=\"17\"></a>Notice\n\nText.\n\n<div id=\"box\">Boxed.</div>\n";
    let dir = site(&[
        (
            "kilavuz.yaml",
            "title: T\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n  - {code: tr-TR, name: Türkçe}\n",
        ),
        ("content/en-US/announcements.md", announcements),
        (
            "content/en-US/includes/item.md",
            "## New UI\n\nThe new *UI* ships.\n",
        ),
        ("content/en-US/includes/other.md", "Other text.\n"),
        (
            "content/en-US/index.md",
            "---\ntitle: Home\n---\n# Home\n\n[a](announcements.md#16) [b](announcements.md#17) \
             [c](announcements.md#notice) [d](announcements.md#missing) [e](guide.md#only-english) \
             [f](announcements.md#box)\n",
        ),
        (
            "content/en-US/guide.md",
            "# Guide\n\n## Only English\n\nText.\n",
        ),
        ("content/tr-TR/guide.md", "# Kılavuz\n\n## Bir\n\n## İki\n"),
        (
            "content/tr-TR/announcements.md",
            "# Duyurular\n\n<a name=\"16\"></a>\n[!INCLUDE [Öğe](includes/item.md)]\n\n## <a name=\"notice\"></a>Bildirim\n\n<div id=\"box\">Kutu.</div>\n",
        ),
    ]);
    let out = dir.path().join("public");
    let result = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("build")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert!(result.status.success(), "{stderr}");
    let html = std::fs::read_to_string(out.join("en-us/announcements/index.html")).unwrap();
    assert!(
        html.contains(
            "<p><a name=\"16\"></a></p>\n<h2 id=\"new-ui\">New UI</h2>\n<p>The new <em>UI</em> ships.</p>\n<p>Other text.</p>"
        ),
        "each include is a block of its own: {html}"
    );
    assert!(
        html.contains("<h2 id=\"notice\"><a name=\"17\"></a>Notice</h2>"),
        "{html}"
    );
    assert!(
        !html.contains("</p></p>") && !html.contains("INCLUDE"),
        "{html}"
    );
    let mut diagnostics: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning["))
        .map(|l| l.split_once("content/").map_or(l, |(_, rest)| rest))
        .collect();
    diagnostics.sort_unstable();
    assert_eq!(
        diagnostics,
        [
            "en-US/index.md:6:110: warning[links.missing_anchor]: guide.md in tr-TR has no heading or anchor with id `only-english` (this article is shown untranslated in tr-TR, where its links lead to tr-TR's pages)",
            "en-US/index.md:6:26: warning[links.missing_anchor]: announcements.md in tr-TR has no heading or anchor with id `17` (this article is shown untranslated in tr-TR, where its links lead to tr-TR's pages)",
            "en-US/index.md:6:80: warning[links.missing_anchor]: announcements.md has no heading or anchor with id `missing`",
            "en-US/index.md:6:80: warning[links.missing_anchor]: announcements.md in tr-TR has no heading or anchor with id `missing` (this article is shown untranslated in tr-TR, where its links lead to tr-TR's pages)",
            "tr-TR/announcements.md: warning[i18n.dropped_anchor]: the source article has an anchor `17` that this translation lacks",
        ],
        "{stderr}"
    );
}

#[test]
fn a_toc_entry_that_names_no_page_is_reported_at_its_line() {
    // The missing `a.md` is reported on its own line, not on that of the missing `data.md`,
    // which holds it; the Turkish TOC has Windows line ends.
    let dir = site(&[
        (
            "kilavuz.yaml",
            "title: T\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n  - {code: tr-TR, name: Türkçe}\n",
        ),
        ("content/en-US/index.md", "# Home\n"),
        ("content/en-US/guide.md", "# Guide\n"),
        (
            "content/en-US/toc.yml",
            "- name: Home\n  href: index.md\n- name: Data\n  href: data.md\n  items:\n  - name: Guide\n    href: guide.md\n  - name: A\n    href: a.md\n",
        ),
        ("content/tr-TR/index.md", "# Ana sayfa\n"),
        (
            "content/tr-TR/toc.yml",
            "- name: Ana sayfa\r\n  href: index.md\r\n- name: Eski\r\n  href: eski.md\r\n",
        ),
    ]);
    let result = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("build")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("public"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert!(result.status.success(), "{stderr}");
    let mut warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning[toc.missing_target]"))
        .map(|l| l.split_once(": warning").unwrap().0)
        .map(|l| l.rsplit_once("content/").unwrap().1)
        .collect();
    warnings.sort_unstable();
    assert_eq!(
        warnings,
        ["en-US/toc.yml:4", "en-US/toc.yml:9", "tr-TR/toc.yml:4"],
        "{stderr}"
    );
}
