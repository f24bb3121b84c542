//! Heading ids and link rewriting, end to end: the `site` fixture (en-US and a partial tr-TR
//! overlay) is built with the real binary and the produced pages are read back.

mod common;

use common::{attr_values, build_ok};

/// The ids of the headings (`<h1>`…`<h6>`) of a page's article, in order.
fn heading_ids(html: &str) -> Vec<&str> {
    html.match_indices("<h")
        .filter(|(i, _)| {
            html.as_bytes()
                .get(i + 2)
                .is_some_and(|b| (b'1'..=b'6').contains(b))
        })
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            attr_values(tag, "id").first().copied()
        })
        .filter(|id| !id.starts_with("kilavuz-"))
        .collect()
}

#[test]
fn explicit_anchors_win_and_slugs_are_deduplicated() {
    let site = build_ok("site", &[]);
    let html = site.read("en-us/support/hours/index.html");
    assert_eq!(
        heading_ids(&html),
        [
            "service-hours",
            "weekday-hours",
            "holidays",
            "contact-us",
            "contact-us-1",
            "contact-us-2"
        ],
        "{html}"
    );
    assert!(
        !html.contains("<a name=\"weekday-hours\">"),
        "the explicit anchor becomes the heading's id, not a leftover tag"
    );
    assert!(
        !html.contains("{#holidays}"),
        "the attribute block is not shown"
    );
}

#[test]
fn turkish_headings_get_turkish_lowercase_slugs() {
    let site = build_ok("site", &[]);
    let html = site.read("tr-tr/support/hours/index.html");
    assert_eq!(
        heading_ids(&html),
        [
            "hizmet-saatleri",
            "weekday-hours",
            "holidays",
            "iletişim",
            "ırmak-ışık"
        ],
        "{html}"
    );
    assert!(html.contains(">İLETİŞİM</h2>"), "the text keeps its case");
}

#[test]
fn relative_md_links_become_pretty_urls_with_their_anchor() {
    let site = build_ok("site", &[]);
    let folder_index = site.read("en-us/support/index.html");
    let hrefs = attr_values(&folder_index, "href");
    for expected in [
        "/en-us/support/hours/#weekday-hours",
        "/en-us/support/hours/#holidays",
        "/en-us/billing/",
    ] {
        assert!(hrefs.contains(&expected), "{expected} not in {hrefs:#?}");
    }
    let hours = site.read("en-us/support/hours/index.html");
    let hrefs = attr_values(&hours, "href");
    assert!(hrefs.contains(&"/en-us/support/"), "{hrefs:#?}");
    assert!(
        hrefs.contains(&"/en-us/billing/invoice/#total"),
        "{hrefs:#?}"
    );
    assert_eq!(
        hours
            .matches("href=\"/en-us/billing/invoice/#total\"")
            .count(),
        2,
        "`..\\billing\\invoice.md` is `../billing/invoice.md`: {hrefs:#?}"
    );
    assert!(
        !hrefs.contains(&"../billing"),
        "a folder linked without a trailing slash is a page link: {hrefs:#?}"
    );
    let home = site.read("en-us/index.html");
    let hrefs = attr_values(&home, "href");
    assert!(hrefs.contains(&"/en-us/support/"), "{hrefs:#?}");
    assert!(hrefs.contains(&"/en-us/billing/"), "{hrefs:#?}");
    for (file, html) in site.html_pages() {
        assert!(
            !attr_values(&html, "href").iter().any(|h| h.contains(".md")),
            "{file} still links to a .md file"
        );
    }
}

#[test]
fn a_link_to_an_untranslated_page_lands_on_the_locales_fallback_page() {
    let site = build_ok("site", &[]);
    let hours = site.read("tr-tr/support/hours/index.html");
    assert!(
        attr_values(&hours, "href").contains(&"/tr-tr/billing/invoice/#total"),
        "{hours}"
    );
    let fallback = site.read("tr-tr/billing/invoice/index.html");
    assert!(fallback.contains("<html lang=\"tr-TR\""), "tr-TR chrome");
    assert!(fallback.contains("notice-fallback"), "{fallback}");
    assert!(
        fallback.contains("Bu sayfa henüz dilinize çevrilmedi"),
        "the notice is in Turkish: {fallback}"
    );
    assert!(
        attr_values(&fallback, "href").contains(&"/en-us/billing/invoice/"),
        "the notice links to the source"
    );
    assert!(
        fallback.contains("id=\"total\""),
        "the source's anchors exist"
    );
    let translated = site.read("tr-tr/support/hours/index.html");
    assert!(
        !translated.contains("notice-fallback"),
        "a real translation has no notice"
    );
}

#[test]
fn images_next_to_articles_are_copied_and_fall_back_to_the_default_locale() {
    let site = build_ok("site", &[]);
    assert_eq!(site.read("en-us/support/media/map.png"), "PNGMAP");
    assert_eq!(site.read("tr-tr/support/media/logo.png"), "PNGLOGO-TR");
    assert!(
        !site.exists("tr-tr/support/media/map.png"),
        "no copy is invented"
    );
    let en = site.read("en-us/support/hours/index.html");
    assert!(
        attr_values(&en, "src").contains(&"/en-us/support/media/map.png"),
        "{en}"
    );
    let tr = site.read("tr-tr/support/hours/index.html");
    let srcs = attr_values(&tr, "src");
    assert!(srcs.contains(&"/en-us/support/media/map.png"), "{srcs:#?}");
    assert!(srcs.contains(&"/tr-tr/support/media/logo.png"), "{srcs:#?}");
}
