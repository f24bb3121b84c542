//! Support data end to end: every validation rule has a fixture (tests/fixtures/data/<rule>/,
//! laid over tests/fixtures/data/base/) that must fail with its code, file and line; the valid
//! base site's support pages and JSON-LD are checked on the produced HTML.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expected" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds the base site with `case` laid over it; returns the site folder and the run.
fn build(case: Option<&str>) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    if let Some(case) = case {
        copy_tree(&fixtures().join(case), dir.path());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(["build", "--out"])
        .arg(dir.path().join("public"))
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    (dir, out)
}

#[test]
fn every_rule_fixture_fails_with_its_code_file_and_line() {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base")
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let expected = std::fs::read_to_string(fixtures().join(case).join("expected")).unwrap();
        let mut parts = expected.split_whitespace();
        let (severity, code, place) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let (_dir, out) = build(Some(case));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let found = stderr.lines().any(|l| {
            l.starts_with(&format!("{place}:")) && l.contains(&format!("{severity}[{code}]"))
        });
        let exit_ok = (severity == "error") == (out.status.code() == Some(1));
        if !found || !exit_ok {
            failures.push(format!(
                "{case}: expected {severity}[{code}] at {place}, exit {:?}:\n{stderr}",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_base_fixture_builds_without_diagnostics() {
    let (_dir, out) = build(None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("data."), "{stderr}");
}

fn page(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn jsonld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD present")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn overview_uses_the_support_article_as_introduction_and_compares_plans() {
    let (dir, out) = build(None);
    assert!(out.status.success());
    let en = page(dir.path(), "en-us/support/index.html");
    assert!(en.contains("Our own introduction to support."));
    assert!(en.contains("Compare plans"));
    for text in [
        "Contoso Standard Support",
        "Contoso Premium Support",
        "30 minutes (24x7)",
        "1 hour (counted in: Pacific Time business hours)",
        "USD 4.00 per user per month, minimum 10",
        "America/Los_Angeles",
        "Microsoft Premier Support for Partners",
    ] {
        assert!(en.contains(text), "missing {text}");
    }
    let tr = page(dir.path(), "tr-tr/support/index.html");
    assert!(tr.contains("Contoso Standart Destek") && tr.contains("Planları karşılaştırın"));
    assert!(tr.contains("Pazartesi, Salı, Çarşamba, Perşembe, Cuma"));
}

#[test]
fn offering_page_has_everything_about_one_plan() {
    let (dir, _) = build(None);
    let html = page(dir.path(), "en-us/support/contoso-premium/index.html");
    for text in [
        "<h1>Contoso Premium Support</h1>",
        "href=\"tel:+14255550199\">+1 425 555 0199</a>",
        "24x7 critical line",
        "Escalation matrix",
        "Service delivery manager",
        "href=\"mailto:sdm@contoso.example\"",
        "Automatic escalation",
        "Escalation route",
        "Microsoft commercial support for CSP partners",
        "data-support-hours=",
        "/js/support-hours.",
        "Christmas Day: closed",
        "Europe/Istanbul",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    let upstream = page(dir.path(), "en-us/support/ms-psfp/index.html");
    assert!(upstream.contains("checked on <time datetime=\"2025-06-20\">"));
    assert!(upstream.contains("not published by the vendor"));
}

#[test]
fn jsonld_maps_provider_channels_hours_and_price() {
    let (dir, _) = build(None);
    let ld = jsonld(&page(
        dir.path(),
        "en-us/support/contoso-premium/index.html",
    ));
    assert_eq!(ld["@context"], "https://schema.org");
    let graph = ld["@graph"].as_array().unwrap();
    let org = &graph[0];
    assert_eq!(org["@type"], "Organization");
    assert_eq!(org["name"], "Contoso Cloud");
    let critical = org["contactPoint"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["telephone"] == "+14255550199")
        .unwrap();
    assert_eq!(critical["hoursAvailable"][0]["opens"], "00:00");
    assert_eq!(
        critical["hoursAvailable"][0]["dayOfWeek"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let service = &graph[1];
    assert_eq!(service["@type"], "Service");
    assert_eq!(service["provider"]["@id"], org["@id"]);
    let offer = &service["offers"];
    assert_eq!(offer["price"], "4.00");
    assert_eq!(offer["priceCurrency"], "USD");
    assert_eq!(offer["priceSpecification"]["billingDuration"], "P1M");
    assert_eq!(offer["eligibleQuantity"]["minValue"], 10);
    let desk = org["contactPoint"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["telephone"] == "+14255550100")
        .unwrap();
    let hours = desk["hoursAvailable"].as_array().unwrap();
    assert_eq!(hours[0]["opens"], "08:00");
    assert!(
        hours
            .iter()
            .any(|h| h["validFrom"] == "2025-12-25" && h.get("opens").is_none())
    );
    for path in [
        "en-us/support/index.html",
        "tr-tr/support/index.html",
        "tr-tr/support/contoso-standard/index.html",
    ] {
        jsonld(&page(dir.path(), path));
    }
}

#[test]
fn jsonld_cannot_close_its_script_element() {
    let (dir, _) = build(Some("base"));
    let name = dir.path().join("content/data/providers/contoso.yaml");
    let text = std::fs::read_to_string(&name)
        .unwrap()
        .replace("name: Contoso Cloud", "name: \"Contoso </script><b>x\"");
    std::fs::write(&name, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(["build", "--out"])
        .arg(dir.path().join("public"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = page(dir.path(), "en-us/support/index.html");
    assert!(html.contains("Contoso \\u003c/script\\u003e\\u003cb\\u003ex"));
    assert_eq!(jsonld(&html)["@graph"][0]["name"], "Contoso </script><b>x");
}

#[test]
fn articles_embed_support_terms_from_front_matter() {
    let (dir, _) = build(None);
    let html = page(dir.path(), "en-us/support/terms/index.html");
    assert!(html.contains("class=\"support-terms\""));
    assert!(html.contains("href=\"tel:+14255550100\""));
    assert!(html.contains("Response targets"));
}

#[test]
fn plans_are_listed_by_weight_not_by_id() {
    let (dir, out) = build(None);
    assert!(out.status.success());
    let html = page(dir.path(), "en-us/support/index.html");
    let standard = html.find("Contoso Standard Support").unwrap();
    let premium = html.find("Contoso Premium Support").unwrap();
    assert!(standard < premium, "weight 1 comes before weight 2");
}

/// A second partner (Fabrikam) on the same site: each plan's service names its own provider.
#[test]
fn jsonld_has_one_organization_per_provider() {
    let (dir, _) = build(None);
    let data = dir.path().join("content/data");
    std::fs::write(
        data.join("providers/fabrikam.yaml"),
        "id: fabrikam\nname: Fabrikam IT\nurl: https://fabrikam.example/\nrelationship: direct_bill\n",
    )
    .unwrap();
    std::fs::write(
        data.join("offerings/fabrikam-basic.yaml"),
        "id: fabrikam-basic\nkind: partner\nprovider: fabrikam\nstatus: active\nweight: 3\n\
         name: {en-US: Fabrikam Basic, tr-TR: Fabrikam Temel}\nseverities: microsoft-abc\n\
         languages: [en-US]\nchannels:\n  - {id: phone, type: phone, label: {en-US: Desk, tr-TR: Masa}, \
         number: \"+14255550777\", calendar: us-business, severities: [a, b, c], languages: [en-US]}\n\
         targets:\n  - {severity: a, initial_response: {within: PT2H, clock: us-business}}\n\
         \x20 - {severity: b, initial_response: {within: PT4H, clock: us-business}}\n\
         \x20 - {severity: c, initial_response: {within: P1D, clock: us-business}}\n\
         pricing: {model: included}\nescalation: {upstream: [ms-csp-commercial]}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(["build", "--strict", "--out"])
        .arg(dir.path().join("public"))
        .arg(dir.path())
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ld = jsonld(&page(dir.path(), "en-us/support/index.html"));
    let graph = ld["@graph"].as_array().unwrap();
    let org = |name: &str| {
        graph
            .iter()
            .find(|v| v["@type"] == "Organization" && v["name"] == name)
            .unwrap_or_else(|| panic!("no Organization {name}"))
    };
    let (contoso, fabrikam, microsoft) =
        (org("Contoso Cloud"), org("Fabrikam IT"), org("Microsoft"));
    let ids: std::collections::BTreeSet<&str> = [contoso, fabrikam, microsoft]
        .iter()
        .map(|o| o["@id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        fabrikam["contactPoint"]
            .to_string()
            .contains("+14255550777")
    );
    assert!(!contoso["contactPoint"].to_string().contains("+14255550777"));
    let provider_of = |name: &str| {
        graph
            .iter()
            .find(|v| v["@type"] == "Service" && v["name"] == name)
            .unwrap_or_else(|| panic!("no Service {name}"))["provider"]["@id"]
            .clone()
    };
    assert_eq!(provider_of("Fabrikam Basic"), fabrikam["@id"]);
    assert_eq!(provider_of("Contoso Premium Support"), contoso["@id"]);
    assert_eq!(
        provider_of("Microsoft commercial support for CSP partners"),
        microsoft["@id"]
    );
}
