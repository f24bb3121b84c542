//! The real Partner Center corpus (../shared/corpus beside the repository, CC BY 4.0) built end to
//! end through tests/fixtures/corpus/kilavuz.yaml: no DocFX syntax leaks into pages, every alert
//! and every `<a name>` anchor survives (as a heading's id or as a link target of its own), no
//! include puts blocks into a paragraph, and the link checker's broken links match a count made
//! here independently from the sources.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use tempfile::TempDir;
use walkdir::WalkDir;

#[path = "corpus/scan.rs"]
mod scan;

use scan::{alerts_in_yaml, included_files, is_alert_line, is_broken, link_targets, prose_lines};

struct Built {
    _dir: TempDir,
    out: PathBuf,
    stderr: String,
}

fn corpus() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    std::fs::canonicalize(&path)
        .unwrap_or_else(|_| panic!("the corpus must sit at {}", path.display()))
}

/// Locale URL slug and content folder, as tests/fixtures/corpus/kilavuz.yaml configures them.
fn locales() -> [(&'static str, PathBuf); 2] {
    [
        ("en-us", corpus().join("en-us")),
        ("tr-tr", corpus().join("tr-tr/partner-center")),
    ]
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        assert!(corpus().join("NOTICE.md").is_file());
        let dir = TempDir::new().unwrap();
        let out = dir.path().join("public");
        let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let result = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
            .arg("build")
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8(result.stderr).unwrap();
        assert!(result.status.success(), "{stderr}");
        Built {
            _dir: dir,
            out,
            stderr,
        }
    })
}

/// Every article of a locale (markdown outside includes/ except TOC.md, DocFX YAML pages).
fn articles(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|rel| {
            (rel.ends_with(".md")
                && !rel.split('/').any(|p| p == "includes")
                && !rel.to_ascii_lowercase().ends_with("toc.md"))
                || (rel.ends_with(".yml") && is_yaml_page(&read(&dir.join(rel))))
        })
        .collect()
}

fn is_yaml_page(text: &str) -> bool {
    ["FAQ", "Landing", "Hub"]
        .iter()
        .any(|k| text.starts_with(&format!("### YamlMime:{k}")))
}

fn files(dir: &Path) -> Vec<String> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The published HTML of an article of a locale.
fn page_html(slug: &str, rel: &str) -> String {
    let key = rel.trim_end_matches(".md").trim_end_matches(".yml");
    let folder = key
        .strip_suffix("index")
        .map_or_else(|| format!("{key}/"), str::to_string);
    read(&built().out.join(slug).join(folder).join("index.html"))
}

#[test]
fn every_article_is_published_in_its_locale() {
    let b = built();
    for (slug, dir) in locales() {
        let list = articles(&dir);
        assert!(list.len() > 250, "{slug}: {} articles", list.len());
        for rel in &list {
            assert!(
                page_html(slug, rel).contains("<main"),
                "{slug}/{rel} was not published"
            );
        }
    }
    assert!(b.stderr.contains("pages: en-US"), "{}", b.stderr);
}

#[test]
fn no_docfx_syntax_leaks_into_any_page() {
    let out = &built().out;
    let mut checked = 0;
    for rel in files(out).into_iter().filter(|r| r.ends_with(".html")) {
        let html = read(&out.join(&rel));
        let prose = without_code(&html);
        for needle in ["[!NOTE", "[!INCLUDE", "[!VIDEO", ":::image", ":::"] {
            assert!(!prose.contains(needle), "{rel} shows `{needle}`");
        }
        assert!(
            !prose.contains("</p></p>"),
            "{rel} puts an include's blocks into a paragraph"
        );
        let lower = prose.to_ascii_lowercase();
        for kind in [
            "[!note]",
            "[!tip]",
            "[!important]",
            "[!warning]",
            "[!caution]",
        ] {
            assert!(!lower.contains(kind), "{rel} shows `{kind}`");
        }
        checked += 1;
    }
    assert!(checked > 500, "{checked} pages");
}

/// The HTML without `<pre>` and `<code>` contents, where DocFX syntax may be quoted on purpose.
fn without_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<code") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</code>")
            .map_or("", |end| &rest[start + end..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn every_alert_is_rendered_as_an_alert() {
    let mut in_lists = 0;
    let mut total = 0;
    for (slug, dir) in locales() {
        for rel in articles(&dir) {
            let text = read(&dir.join(&rel));
            let lines = prose_lines(&text);
            let expected = if rel.ends_with(".yml") {
                alerts_in_yaml(&text)
            } else {
                lines.iter().filter(|l| is_alert_line(l)).count()
            };
            in_lists += lines
                .iter()
                .filter(|l| is_alert_line(l) && l.starts_with(' '))
                .count();
            let html = page_html(slug, &rel);
            let rendered = html.matches("<div class=\"alert alert-").count();
            if text.to_ascii_lowercase().contains("[!include") {
                assert!(
                    rendered >= expected,
                    "{slug}/{rel}: {rendered} < {expected}"
                );
            } else {
                assert_eq!(rendered, expected, "{slug}/{rel}");
            }
            total += expected;
        }
    }
    assert!(
        total > 1000 && in_lists > 100,
        "{total} alerts, {in_lists} in lists"
    );
    let tr = page_html("tr-tr", "customer-self-support.md");
    assert!(
        !tr.contains("alert-title\">Note<"),
        "Turkish alert titles are localized"
    );
}

#[test]
fn every_a_name_anchor_is_a_heading_id() {
    let mut anchors = 0;
    for (slug, dir) in locales() {
        for rel in articles(&dir).into_iter().filter(|r| r.ends_with(".md")) {
            let text = read(&dir.join(&rel));
            let html = page_html(slug, &rel);
            for line in prose_lines(&text) {
                if !line.trim_start().starts_with('#') {
                    continue;
                }
                let Some(at) = line.find("<a name=\"") else {
                    continue;
                };
                let name = &line[at + 9..];
                let name = &name[..name.find('"').unwrap()];
                let needle = format!(" id=\"{name}\"");
                assert!(
                    html.contains(&needle),
                    "{slug}/{rel}: no heading id `{name}`"
                );
                anchors += 1;
            }
        }
    }
    assert!(anchors > 3000, "{anchors} anchors");
}

#[test]
fn links_may_land_on_anchors_outside_headings() {
    // The announcements put `<a name="16"></a>` on the line above each item's include, and the
    // index and other months link to `2023-april.md#16`.
    let april = page_html("en-us", "announcements/2023-april.md");
    assert!(
        april.contains("<p><a name=\"16\"></a></p>\n<h2 id=\"new-ui-to-manage-azure-spending"),
        "the include after the anchor is a block: {april}"
    );
    let numbered: Vec<&str> = built()
        .stderr
        .lines()
        .filter(|l| l.contains("links.missing_anchor"))
        .filter(|l| {
            l.rsplit_once("with id `").is_some_and(|(_, id)| {
                let id = id.split('`').next().unwrap_or_default();
                !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
            })
        })
        .collect();
    assert!(numbered.is_empty(), "{numbered:#?}");
}

/// The page's sidebar HTML.
fn sidebar(html: &str) -> &str {
    let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

#[test]
fn the_sidebar_follows_the_docfx_tocs() {
    let tr = page_html("tr-tr", "customer-support.md");
    let nav = sidebar(&tr);
    assert!(nav.contains("Microsoft’tan destek alma"), "{nav}");
    assert!(
        nav.contains("aria-current=\"page\">Müşterilerinize destek sağlama</a>"),
        "{nav}"
    );
    let en = page_html("en-us", "announcements/2023-october.md");
    let nav = sidebar(&en);
    assert!(
        nav.contains("is-open\"><a href=\"/en-us/announcements/\">Announcements</a>"),
        "{nav}"
    );
    assert!(
        nav.contains("aria-current=\"page\">October 2023</a>"),
        "{nav}"
    );
    let dev = page_html("en-us", "developer/partner-center-authentication.md");
    assert!(sidebar(&dev).contains("aria-current=\"page\">Authenticate in Partner Center</a>"));
    let market = page_html("en-us", "marketplace/overview.md");
    assert!(
        sidebar(&market).contains("aria-current=\"page\">"),
        "marketplace/TOC.yml is read"
    );
    assert!(
        !built().stderr.contains("toc.invalid"),
        "every TOC file parses"
    );
}

#[test]
fn broken_links_match_an_independent_count() {
    let [(_, en), _] = locales();
    let mut expected = BTreeSet::new();
    for (_, dir) in locales() {
        let mut sources = articles(&dir);
        sources.extend(included_files(&dir, &sources));
        for rel in sources {
            let text = read(&dir.join(&rel));
            let folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
            for href in link_targets(&text, rel.ends_with(".yml")) {
                if is_broken(&href, folder, &dir, &en) {
                    expected.insert((dir.join(&rel), href));
                }
            }
        }
    }
    let reported = reported_broken_links(&built().stderr);
    let missing: Vec<_> = expected.difference(&reported).collect();
    let extra: Vec<_> = reported.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not reported: {missing:#?}\nreported but not broken: {extra:#?}"
    );
    assert!(expected.len() > 100, "{} broken links", expected.len());
}

/// `(file, href)` of every missing page or file the build reported.
fn reported_broken_links(stderr: &str) -> BTreeSet<(PathBuf, String)> {
    stderr
        .lines()
        .filter(|l| {
            l.contains("warning[links.missing_target]") || l.contains("warning[links.missing_file]")
        })
        .map(|l| {
            let file = l.split(':').next().unwrap();
            let href = l.split('`').nth(1).unwrap();
            let file = std::fs::canonicalize(file).unwrap();
            (file, href.to_string())
        })
        .collect()
}
