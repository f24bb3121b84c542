//! The output folder as a whole: site-wide files, the sitemap, a base URL with a sub-path,
//! byte-identical rebuilds, and a failed build leaving the previous output alone.

mod common;

use common::{attr_values, build_into, build_ok, copy_fixture, snapshot};
use tempfile::TempDir;

/// One `<url>` entry of a sitemap.
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    /// (hreflang, href) of each alternate, in order.
    alternates: Vec<(String, String)>,
}

fn sitemap_urls(xml: &str) -> Vec<SitemapUrl> {
    let between = |text: &str, open: &str, close: &str| {
        let start = text.find(open)? + open.len();
        let end = text[start..].find(close)? + start;
        Some(text[start..end].to_string())
    };
    xml.split("<url>")
        .skip(1)
        .map(|entry| {
            let loc = between(entry, "<loc>", "</loc>").expect("every url has a loc");
            let lastmod = between(entry, "<lastmod>", "</lastmod>");
            let alternates = entry
                .split("<xhtml:link ")
                .skip(1)
                .map(|link| {
                    let lang = attr_values(link, "hreflang")[0].to_string();
                    let href = attr_values(link, "href")[0].to_string();
                    (lang, href)
                })
                .collect();
            SitemapUrl {
                loc,
                lastmod,
                alternates,
            }
        })
        .collect()
}

#[test]
fn site_wide_files_exist_and_the_root_lists_every_locale_home() {
    let site = build_ok("site", &[]);
    for file in ["404.html", "robots.txt", "sitemap.xml", "index.html"] {
        assert!(site.exists(file), "{file} missing: {:#?}", site.files());
    }
    let chooser = site.read("index.html");
    let hrefs = attr_values(&chooser, "href");
    assert!(hrefs.contains(&"/en-us/"), "{hrefs:#?}");
    assert!(hrefs.contains(&"/tr-tr/"), "{hrefs:#?}");
    assert!(chooser.contains(">Türkçe</a>"), "{chooser}");
    assert!(site.exists("en-us/index.html") && site.exists("tr-tr/index.html"));
}

#[test]
fn sitemap_lists_every_page_with_its_own_date_and_both_locales() {
    let site = build_ok("site", &[]);
    let urls = sitemap_urls(&site.read("sitemap.xml"));
    let mut pages: Vec<String> = site
        .files()
        .into_iter()
        .filter_map(|f| f.strip_suffix("index.html").map(str::to_string))
        .filter(|dir| !dir.is_empty() && dir != FALLBACK && !dir.ends_with("/search/"))
        .map(|dir| format!("https://help.example/{dir}"))
        .collect();
    pages.sort();
    let mut locs: Vec<String> = urls.iter().map(|u| u.loc.clone()).collect();
    locs.sort();
    assert_eq!(
        locs, pages,
        "every page once but fallback pages, nothing else"
    );

    let lastmods: Vec<(&str, Option<&str>)> = urls
        .iter()
        .map(|u| {
            (
                u.loc.strip_prefix("https://help.example/").unwrap(),
                u.lastmod.as_deref(),
            )
        })
        .collect();
    for expected in [
        ("en-us/", Some("2024-01-02")),
        ("en-us/support/", Some("2023-09-26")),
        ("en-us/support/hours/", Some("2024-02-29")),
        ("en-us/billing/invoice/", Some("2024-03-05")),
        ("en-us/billing/", None),
        ("tr-tr/", Some("2024-01-03")),
        ("tr-tr/support/", Some("2023-09-27")),
        ("tr-tr/support/hours/", Some("2024-03-01")),
    ] {
        assert!(
            lastmods.contains(&expected),
            "{expected:?} in {lastmods:#?}"
        );
    }

    for SitemapUrl {
        loc, alternates, ..
    } in &urls
    {
        let path = loc
            .strip_prefix("https://help.example/")
            .and_then(|p| p.split_once('/'))
            .map(|(_, rest)| rest)
            .unwrap();
        let mut expected = vec![(
            "en-US".to_string(),
            format!("https://help.example/en-us/{path}"),
        )];
        if format!("tr-tr/{path}") != FALLBACK {
            expected.push((
                "tr-TR".to_string(),
                format!("https://help.example/tr-tr/{path}"),
            ));
        }
        assert_eq!(alternates, &expected, "{loc}");
    }
}

/// The fixture's one untranslated page, published in tr-TR with the English text.
const FALLBACK: &str = "tr-tr/billing/invoice/";

#[test]
fn a_base_url_sub_path_prefixes_every_link_and_the_sitemap() {
    let site = build_ok("site", &["--base-url", "https://example.org/docs/"]);
    let mut checked = 0;
    for (file, html) in site.html_pages() {
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            checked += 1;
            assert!(
                !url.starts_with('/') || url.starts_with("/docs/"),
                "{file}: `{url}` escapes the /docs/ sub-path"
            );
            assert!(
                !url.starts_with("http") || url.starts_with("https://example.org/docs/"),
                "{file}: `{url}` is absolute without the sub-path"
            );
        }
    }
    assert!(checked > 50, "the scan saw only {checked} URLs");
    let hours = site.read("tr-tr/support/hours/index.html");
    let srcs = attr_values(&hours, "src");
    assert!(
        srcs.contains(&"/docs/en-us/support/media/map.png"),
        "{srcs:#?}"
    );

    let urls = sitemap_urls(&site.read("sitemap.xml"));
    assert!(!urls.is_empty());
    for SitemapUrl {
        loc, alternates, ..
    } in &urls
    {
        assert!(loc.starts_with("https://example.org/docs/"), "{loc}");
        for (_, href) in alternates {
            assert!(href.starts_with("https://example.org/docs/"), "{href}");
        }
    }
    let robots = site.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.org/docs/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let first = build_ok("site", &[]);
    let second = build_ok("site", &[]);
    let a = snapshot(&first.out());
    let b = snapshot(&second.out());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &a {
        assert!(&b[path] == bytes, "{path} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let root = copy_fixture("site");
    let parent = TempDir::new().unwrap();
    let out = parent.path().join("public");
    let first = build_into(root.path(), &out, &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    std::fs::write(out.join("marker.txt"), "the user's own file").unwrap();
    let before = snapshot(&out);
    assert!(before.contains_key("en-us/support/hours/index.html"));

    std::fs::write(
        root.path().join("content/en-US/support/broken.md"),
        "---\ntitle: [unclosed\n---\nBody\n",
    )
    .unwrap();
    let second = build_into(root.path(), &out, &[]);
    assert_eq!(second.code, Some(1), "{}", second.stderr);
    assert!(
        second.stderr.contains("content/en-US/support/broken.md:"),
        "{}",
        second.stderr
    );
    assert!(
        snapshot(&out) == before,
        "the output folder changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["public"], "no staging folder is left behind");
}

/// A rebuild into the previous output links each file it left unchanged there (same inode,
/// so the same modification time) and writes the others anew: the page that changed, a file
/// of the previous output someone edited (same size, other bytes), and one replaced by a
/// symbolic link (as long as the file) to a file with the right bytes outside the output, which
/// stays untouched.
#[cfg(unix)]
#[test]
fn a_rebuild_links_the_unchanged_files_of_the_previous_output_and_writes_the_rest() {
    use std::os::unix::fs::MetadataExt;
    let root = copy_fixture("site");
    let parent = TempDir::new().unwrap();
    let out = parent.path().join("public");
    let first = build_into(root.path(), &out, &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let built = snapshot(&out);
    let inode = |rel: &str| std::fs::symlink_metadata(out.join(rel)).unwrap().ino();
    let (unchanged, in_memory) = ("en-us/support/hours/index.html", "404.html");
    let (edited, linked, changed) = (
        "tr-tr/support/hours/index.html",
        "robots.txt",
        "en-us/billing/invoice/index.html",
    );
    let kept = [inode(unchanged), inode(in_memory)];
    std::fs::write(out.join(edited), vec![b'x'; built[edited].len()]).unwrap();
    let name = format!("{}.txt", "o".repeat(built[linked].len() - "../.txt".len()));
    let outside = parent.path().join(&name);
    std::fs::write(&outside, &built[linked]).unwrap();
    std::fs::remove_file(out.join(linked)).unwrap();
    std::os::unix::fs::symlink(format!("../{name}"), out.join(linked)).unwrap();
    let link = std::fs::symlink_metadata(out.join(linked)).unwrap();
    assert_eq!(
        link.len() as usize,
        built[linked].len(),
        "as long as the file"
    );
    let invoice = root.path().join("content/en-US/billing/invoice.md");
    let text = std::fs::read_to_string(&invoice).unwrap();
    std::fs::write(&invoice, text.replace("at the bottom", "at the top")).unwrap();

    let second = build_into(root.path(), &out, &[]);
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    let rebuilt = snapshot(&out);
    assert_eq!(
        [inode(unchanged), inode(in_memory)],
        kept,
        "linked, not written"
    );
    assert_eq!(rebuilt[unchanged], built[unchanged]);
    assert_eq!(rebuilt[edited], built[edited], "the edit is undone");
    let meta = std::fs::symlink_metadata(out.join(linked)).unwrap();
    assert!(meta.is_file(), "a regular file again, not a link: {meta:?}");
    assert_eq!(rebuilt[linked], built[linked]);
    assert_eq!(std::fs::read(&outside).unwrap(), built[linked]);
    assert!(String::from_utf8_lossy(&rebuilt[changed]).contains("at the top"));
}
