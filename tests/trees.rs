//! Decision trees end to end: the bundled example's `get-help` tree in both locales (page count,
//! question and outcome pages, the decision table, JSON-LD, sitemap, search, `tree:` links), an
//! indirect reseller's escalation route, and an invalid tree whose file:line reaches the CLI.

mod common;

use std::path::{Path, PathBuf};

use common::{Built, attr_values, build_into, kilavuz};
use tempfile::TempDir;

fn example() -> Built {
    let dir = TempDir::new().unwrap();
    let run = build_into(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &dir.path().join("public"),
        &["--strict"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    Built { dir, run }
}

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/trees")
        .join(case)
}

/// The text between `<main` and `</main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    &html[start..html.find("</main>").expect("</main>")]
}

/// The JSON-LD of a page, parsed.
fn jsonld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end].replace("<\\/", "</")).expect("valid JSON-LD")
}

#[test]
fn the_example_tree_unfolds_to_one_page_per_path_in_every_locale() {
    let site = example();
    for locale in ["en-us", "tr-tr"] {
        let prefix = format!("{locale}/help/get-help/");
        let pages: Vec<String> = site
            .files()
            .into_iter()
            .filter(|f| f.starts_with(&prefix) && f.ends_with("index.html"))
            .collect();
        // 24 questions, 47 path outcomes, the fallback and the decision table.
        assert_eq!(pages.len(), 24 + 47 + 1 + 1, "{locale}: {pages:#?}");
    }
}

#[test]
fn a_question_page_has_its_h1_answers_so_far_and_plain_links() {
    let site = example();
    let html = site.read("en-us/help/get-help/contoso/technical/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<h1>Which product is affected?</h1>"),
        "{main}"
    );
    let back = html.find("class=\"tree-back-link\"").expect("a back link");
    assert!(
        back < html.find("<main").unwrap(),
        "the back link comes before <main>"
    );
    assert!(html.contains("<a class=\"tree-back-link\" href=\"/en-us/help/get-help/contoso/\">"));
    let answers = &main[main.find("tree-answers").expect("answers so far")..];
    assert!(answers.contains("<dt>Who bills you for your Microsoft subscriptions?</dt>"));
    assert!(answers.contains("<dd>A service or product not working as expected</dd>"));
    let hrefs = attr_values(answers, "href");
    assert_eq!(
        &hrefs[..2],
        ["/en-us/help/get-help/", "/en-us/help/get-help/contoso/"],
        "one Change link per answer, to that question's page"
    );
    for option in ["azure", "microsoft-365", "dynamics-365", "on-premises"] {
        let href = format!("href=\"/en-us/help/get-help/contoso/technical/{option}/\"");
        assert!(main.contains(&href), "{href}");
    }
    assert!(main.contains("href=\"/en-us/help/get-help/talk-to-us/\">Not sure? Talk to us</a>"));
    assert!(main.contains("href=\"/en-us/help/get-help/\">Start again</a>"));
    assert!(
        !main.contains("<script"),
        "the questions need no script (the only inline one, in the head, applies a chosen color theme)"
    );
}

#[test]
fn outcome_pages_show_channel_hours_zone_target_and_the_upstream_route() {
    let site = example();
    let premium =
        site.read("en-us/help/get-help/contoso/technical/azure/premium/critical/index.html");
    let main = main_of(&premium);
    assert!(main.contains("<h1>Phone us now</h1>"));
    assert!(main.contains("href=\"tel:+14255550199\""), "the 24x7 line");
    assert!(main.contains("Severity A: Critical business impact"));
    assert!(main.contains("Response target: <strong>30 minutes (24x7)</strong>"));
    assert!(main.contains("Microsoft Premier Support for Partners"));
    assert!(main.contains("Published response target: 1 hour (24x7)"));

    let standard =
        site.read("en-us/help/get-help/contoso/technical/azure/standard/critical/index.html");
    let main = main_of(&standard);
    assert!(main.contains("href=\"tel:+14255550100\""));
    assert!(
        main.contains("<strong>America/Los_Angeles</strong>"),
        "hours in the calendar's zone"
    );
    assert!(main.contains("08:00–18:00"));
    assert!(main.contains("1 hour (counted in: Pacific Time business hours)"));

    let billing = site.read("tr-tr/help/get-help/contoso/billing/standard/minimal/index.html");
    let main = main_of(&billing);
    assert!(
        main.contains("<h1>Faturalama için Contoso&#39;ya ulaşın</h1>"),
        "{main}"
    );
    assert!(main.contains("<strong>Europe/Istanbul</strong>"));
    assert!(main.contains("CSP iş ortakları için Microsoft ticari destek"));
    let older = site.read("en-us/help/get-help/contoso/technical/on-premises/older/index.html");
    assert!(older.contains("mailto:support@contoso.example"));
    assert!(
        !main_of(&older).contains("tel:"),
        "only the email channel the tree names"
    );
}

#[test]
fn every_tree_page_has_a_breadcrumb_list() {
    let site = example();
    let html = site.read("en-us/help/get-help/contoso/technical/azure/premium/critical/index.html");
    let ld = jsonld(&html);
    assert_eq!(ld["@type"], "BreadcrumbList");
    let items = ld["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), 6, "the start and five answers");
    assert_eq!(
        items[0]["item"],
        "https://support.contoso.example/en-us/help/get-help/"
    );
    assert_eq!(items[3]["name"], "Which product is affected?: Azure");
    assert!(
        items[5].get("item").is_none(),
        "the current page has no item"
    );
    let start = jsonld(&site.read("tr-tr/help/get-help/index.html"));
    assert_eq!(
        start["itemListElement"][0]["name"],
        "Bir Microsoft hizmetiyle ilgili yardım alın"
    );
}

#[test]
fn the_decision_table_lists_every_path_with_a_diagram() {
    let site = example();
    let html = site.read("en-us/help/get-help/all/index.html");
    let main = main_of(&html);
    assert_eq!(
        main.matches("<th scope=\"row\">").count(),
        48,
        "47 paths and the fallback"
    );
    assert!(main.contains("<svg class=\"tree-diagram\""));
    assert!(
        main.contains("<title id=\"tree-diagram-title\">Get help with a Microsoft service</title>")
    );
    assert!(
        main.contains("href=\"/en-us/help/get-help/contoso/technical/azure/premium/critical/\"")
    );
    assert!(
        main.contains("<a href=\"tel:+14255550100\">Service desk (English): +1 425 555 0100</a>"),
        "phone numbers are grouped for reading"
    );
}

#[test]
fn tree_pages_are_in_the_sitemap_search_and_linked_from_the_seed_article() {
    let site = example();
    let sitemap = site.read("sitemap.xml");
    for url in [
        "https://support.contoso.example/en-us/help/get-help/",
        "https://support.contoso.example/tr-tr/help/get-help/contoso/billing/premium/critical/",
        "https://support.contoso.example/en-us/help/get-help/all/",
        "https://support.contoso.example/tr-tr/support/contoso-premium/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
    let indexed = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("en-us/_search/"))
        .any(|f| site.read(&f).contains("/en-us/help/get-help/"));
    assert!(indexed, "the tree's pages are in the search index");
    let article = site.read("tr-tr/support/customer-support/index.html");
    assert!(article.contains("href=\"/tr-tr/help/get-help/\""));
    assert!(
        article.contains("href=\"/tr-tr/help/get-help/contoso/technical/on-premises/\""),
        "tree:get-help/version links to the first path reaching that question"
    );
}

#[test]
fn an_indirect_resellers_route_goes_to_its_indirect_provider_first() {
    let dir = TempDir::new().unwrap();
    let run = build_into(
        &fixture("reseller"),
        &dir.path().join("public"),
        &["--strict"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = Built { dir, run };
    let html = site.read("en-us/help/help-me/outage/index.html");
    let route = &html[html.find("tree-route").expect("a route")..];
    let adatum = route
        .find("Adatum reseller support")
        .expect("the indirect provider");
    let vendor = route
        .find("Microsoft partner cloud support")
        .expect("the vendor");
    assert!(adatum < vendor, "{route}");
    assert!(route.contains("Published response target: 1 hour (24x7)"));
    let start = site.read("en-us/help/help-me/index.html");
    assert!(
        start.contains("Something is down &lt;now&gt;"),
        "labels are escaped"
    );
    let home = site.read("en-us/index.html");
    assert!(home.contains("href=\"/en-us/help/help-me/\""));
    assert!(home.contains("href=\"/en-us/help/help-me/billing/\""));
}

#[test]
fn an_invalid_tree_and_broken_tree_links_fail_check_with_file_and_line() {
    let run = kilavuz([
        std::ffi::OsStr::new("check"),
        fixture("invalid").as_os_str(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lines = run.diagnostics();
    for expected in [
        "content/data/trees/broken.yaml:5:1: error[trees.dangling]",
        "content/en-US/index.md:3:5: error[links.missing_target]",
        "content/en-US/index.md:3:42: error[links.missing_target]",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected} in {lines:#?}"
        );
    }
}
