//! Localization: every page in every locale, fallback pages, stable anchors, banners, dates,
//! RTL, hreflang and the translation report — asserted on a built fixture site.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/i18n/site")
}

fn kilavuz(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(args)
        .output()
        .expect("kilavuz runs")
}

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    stderr: String,
}

impl Built {
    fn page(&self, path: &str) -> String {
        std::fs::read_to_string(self.out.join(path))
            .unwrap_or_else(|e| panic!("{path} was not built: {e}"))
    }
}

fn build(root: &Path) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = kilavuz(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(result.status.success(), "build failed: {stderr}");
    Built {
        _dir: dir,
        out,
        stderr,
    }
}

#[test]
fn translated_headings_keep_the_source_ids() {
    let site = build(&fixture());
    let tr = site.page("tr-tr/guide/setup/index.html");
    assert!(tr.contains("<h2 id=\"install\">Kurulum</h2>"), "{tr}");
    assert!(tr.contains("<h2 id=\"sign-in\">Oturum açma</h2>"), "{tr}");
}

#[test]
fn turkish_slugs_case_dotted_and_dotless_i() {
    let site = build(&fixture());
    let tr = site.page("tr-tr/guide/hours/index.html");
    assert!(tr.contains("id=\"iletişim-bilgileri\""), "{tr}");
    assert!(tr.contains("id=\"resmî-tatiller\""), "{tr}");
}

#[test]
fn a_translation_that_drops_an_explicit_anchor_is_reported() {
    let site = build(&fixture());
    assert!(
        site.stderr
            .contains("content/tr-TR/guide/hours.md: warning[i18n.dropped_anchor]"),
        "{}",
        site.stderr
    );
    assert!(
        site.stderr
            .contains("content/tr-TR/guide/setup.md:11:1: warning[links.missing_anchor]"),
        "{}",
        site.stderr
    );
}

#[test]
fn cross_locale_anchor_links_stay_in_the_locale() {
    let site = build(&fixture());
    let en = site.page("en-us/index.html");
    assert!(en.contains("href=\"/en-us/guide/setup/#install\""), "{en}");
    let tr = site.page("tr-tr/guide/setup/index.html");
    assert!(
        tr.contains("href=\"/tr-tr/guide/hours/#opening-times\""),
        "{tr}"
    );
}

#[test]
fn every_locale_has_every_page_with_a_notice_where_untranslated() {
    let site = build(&fixture());
    for locale in ["en-us", "tr-tr", "ar-sa", "fr-fr"] {
        for page in ["", "guide/", "guide/setup/", "guide/hours/"] {
            site.page(&format!("{locale}/{page}index.html"));
        }
    }
    let fr = site.page("fr-fr/guide/hours/index.html");
    assert!(fr.contains("notice-fallback"), "{fr}");
    assert!(fr.contains("href=\"/en-us/guide/hours/\""), "{fr}");
    let ar = site.page("ar-sa/guide/setup/index.html");
    assert!(
        ar.contains("class=\"content article-body\" lang=\"en-US\" dir=\"ltr\""),
        "the source text keeps its language and direction inside an RTL page: {ar}"
    );
    let tr = site.page("tr-tr/guide/setup/index.html");
    assert!(
        !tr.contains("notice-fallback"),
        "a translated page has no fallback notice"
    );
}

#[test]
fn machine_translated_and_outdated_banners_link_to_the_source() {
    let site = build(&fixture());
    let setup = site.page("tr-tr/guide/setup/index.html");
    assert!(setup.contains("notice-mt"), "{setup}");
    assert!(
        setup.contains("notice-outdated"),
        "source 01/22 is newer than 01/02: {setup}"
    );
    assert!(
        setup.contains("<a href=\"/en-us/guide/setup/\" hreflang=\"en-US\""),
        "{setup}"
    );
    let hours = site.page("tr-tr/guide/hours/index.html");
    assert!(!hours.contains("notice-mt"), "{hours}");
    assert!(
        hours.contains("notice-outdated"),
        "newer than its source, but its source_hash does not match: {hours}"
    );
    let ar = site.page("ar-sa/index.html");
    assert!(
        !ar.contains("notice-outdated"),
        "a matching source_hash: {ar}"
    );
}

#[test]
fn dates_are_shown_in_the_locale_format() {
    let site = build(&fixture());
    assert!(
        site.page("tr-tr/guide/hours/index.html")
            .contains(">22 Ocak 2021</time>")
    );
    assert!(
        site.page("en-us/guide/setup/index.html")
            .contains(">January 22, 2021</time>")
    );
    assert!(
        site.page("ar-sa/guide/setup/index.html")
            .contains(">22 يناير 2021</time>")
    );
}

#[test]
fn rtl_locales_get_dir_rtl_and_every_page_lists_its_alternates() {
    let site = build(&fixture());
    let ar = site.page("ar-sa/index.html");
    assert!(ar.contains("<html lang=\"ar-SA\" dir=\"rtl\">"), "{ar}");
    let en = site.page("en-us/guide/setup/index.html");
    assert!(en.contains("<html lang=\"en-US\" dir=\"ltr\">"));
    for (code, url) in [
        ("en-US", "https://help.example.org/en-us/guide/setup/"),
        ("tr-TR", "https://help.example.org/tr-tr/guide/setup/"),
        ("x-default", "https://help.example.org/en-us/guide/setup/"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"{url}\">");
        assert!(en.contains(&link), "missing {link}");
    }
    assert!(
        !en.contains("hreflang=\"fr-FR\" href=\"https"),
        "fallback pages are not announced as translations"
    );
    let fr = site.page("fr-fr/guide/setup/index.html");
    assert!(
        fr.contains(
            "<link rel=\"canonical\" href=\"https://help.example.org/en-us/guide/setup/\">"
        ),
        "a fallback page's canonical is the page whose text it shows"
    );
    assert!(
        fr.contains("href=\"/tr-tr/guide/setup/\" hreflang=\"tr-TR\""),
        "the switch still lists it"
    );
    assert!(
        en.contains("href=\"/tr-tr/guide/setup/\" hreflang=\"tr-TR\""),
        "the switch keeps the page"
    );
    let sitemap = site.page("sitemap.xml");
    assert!(
        !sitemap.contains("fr-fr/guide/setup/"),
        "fallback pages stay out of the sitemap"
    );
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"tr-TR\" href=\"https://help.example.org/tr-tr/guide/setup/\"/>"
    ));
    let chooser = site.page("index.html");
    for home in ["/en-us/", "/tr-tr/", "/ar-sa/", "/fr-fr/"] {
        assert!(
            chooser.contains(&format!("href=\"{home}\"")),
            "chooser lacks {home}"
        );
    }
}

#[test]
fn missing_ui_strings_are_reported_and_filled_from_the_default_locale() {
    let site = build(&fixture());
    assert!(
        site.stderr.contains(
            "i18n/fr-FR.yaml: warning[i18n.missing_key]: there are no fr-FR UI strings; all"
        ),
        "{}",
        site.stderr
    );
    assert!(
        site.page("fr-fr/guide/setup/index.html")
            .contains("On this page")
    );
    assert!(
        site.page("tr-tr/guide/setup/index.html")
            .contains("Bu sayfada")
    );
}

#[test]
fn plural_forms_follow_the_locale() {
    let site = build(&fixture());
    assert!(site.page("en-us/guide/index.html").contains("(2 pages)"));
    assert!(site.page("tr-tr/guide/index.html").contains("(2 sayfa)"));
    assert!(site.page("ar-sa/guide/index.html").contains("(صفحتان)"));
}

#[test]
fn translation_report_in_json() {
    let result = kilavuz(&["translations", fixture().to_str().unwrap(), "--json"]);
    assert!(result.status.success());
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(report["source_locale"], "en-US");
    let tr = &report["locales"][0];
    assert_eq!(tr["locale"], "tr-TR");
    assert_eq!(tr["total"], 3);
    assert_eq!(tr["translated"], 2);
    assert_eq!(tr["missing"], serde_json::json!(["index.md"]));
    assert_eq!(
        tr["outdated"],
        serde_json::json!(["guide/hours.md", "guide/setup.md"])
    );
    let index_hash = report["source_hashes"]["index.md"].as_str().unwrap();
    let ar_index = std::fs::read_to_string(fixture().join("content/ar-SA/index.md")).unwrap();
    assert!(ar_index.contains(&format!("source_hash: {index_hash}")));
    assert_eq!(
        tr["machine_translated"],
        serde_json::json!(["guide/setup.md"])
    );
    let fr = &report["locales"][2];
    assert_eq!(fr["translated"], 0);
    assert!(fr["missing_ui_strings"].as_array().unwrap().len() > 10);
}

#[test]
fn fallback_pages_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&fixture(), &root);
    let config = std::fs::read_to_string(root.join("kilavuz.yaml")).unwrap();
    std::fs::write(
        root.join("kilavuz.yaml"),
        config + "fallback_pages: false\n",
    )
    .unwrap();
    let site = build(&root);
    assert!(!site.out.join("fr-fr/guide/hours/index.html").exists());
    let ar = site.page("ar-sa/index.html");
    assert!(
        ar.contains("href=\"/en-us/guide/setup/\""),
        "links fall back to the default locale: {ar}"
    );
    let hours = site.page("en-us/guide/hours/index.html");
    for entry in [
        "<a href=\"/en-us/guide/hours/\" hreflang=\"en-US\" lang=\"en-US\" dir=\"ltr\" aria-current=\"true\">",
        "<a href=\"/fr-fr/\" hreflang=\"fr-FR\" lang=\"fr-FR\" dir=\"ltr\">",
        "<a href=\"/ar-sa/\" hreflang=\"ar-SA\" lang=\"ar-SA\" dir=\"rtl\">",
    ] {
        assert!(
            hours.contains(entry),
            "the language switch links a locale without the page to its home: {entry}"
        );
    }
}
