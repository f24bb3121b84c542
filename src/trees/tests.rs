use super::*;

/// Offerings `standard` and `premium` (partner, severities a/b/c, channels phone/email) and
/// `vendor` (upstream, severities a/b).
struct Stub;

impl Catalog for Stub {
    fn has_offering(&self, offering: &str) -> bool {
        matches!(offering, "standard" | "premium" | "vendor")
    }
    fn is_partner_offering(&self, offering: &str) -> bool {
        offering != "vendor"
    }
    fn has_severity(&self, offering: &str, severity: &str) -> bool {
        matches!(severity, "a" | "b") || (offering != "vendor" && severity == "c")
    }
    fn has_channel(&self, _: &str, channel: &str) -> bool {
        matches!(channel, "phone" | "email")
    }
}

const VALID: &str = r#"
title: {en-US: Get help, tr-TR: Yardım alın}
start: issue
fallback: talk-to-us
facts:
  issue: [billing, technical]
  plan: [standard, premium]
  severity: [a, b]
nodes:
  issue:
    type: question
    text: {en-US: What is it about?, tr-TR: Konu nedir?}
    options:
      - {id: billing, label: {en-US: Billing, tr-TR: Fatura}, set: {issue: billing}, next: plan}
      - {id: technical, label: {en-US: Technical, tr-TR: Teknik}, set: {issue: technical}, next: plan}
  plan:
    type: question
    text: {en-US: Which plan?, tr-TR: Hangi plan?}
    options:
      - {id: standard, label: {en-US: Standard, tr-TR: Standart}, set: {plan: standard}, next: impact}
      - {id: premium, label: {en-US: Premium, tr-TR: Premium}, set: {plan: premium}, next: impact}
  impact:
    type: question
    text: {en-US: How bad?, tr-TR: Ne kadar kötü?}
    options:
      - {id: critical, label: {en-US: Critical, tr-TR: Kritik}, set: {severity: a}, next: route}
      - {id: moderate, label: {en-US: Moderate, tr-TR: Orta}, set: {severity: b}, next: route}
  route:
    type: router
    rules:
      - when: {issue: billing}
        to: out-billing
      - to: out-technical
  out-billing:
    type: outcome
    kind: contact_partner
    title: {en-US: Contact us about billing, tr-TR: Fatura için bize ulaşın}
    contact: {offering: {fact: plan}, severity: {fact: severity}}
  out-technical:
    type: outcome
    kind: contact_partner
    title: {en-US: Log a case, tr-TR: Kayıt açın}
    contact: {offering: {fact: plan}, severity: {fact: severity}}
    escalation:
      - {offering: vendor, severity: {fact: severity}, when: {en-US: If needed, tr-TR: Gerekirse}}
  talk-to-us:
    type: outcome
    kind: contact_partner
    title: {en-US: Talk to us, tr-TR: Bize ulaşın}
    contact: {offering: standard, severity: c, channels: [email]}
"#;

fn run(yaml: &str) -> (Vec<Tree>, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("get-help.yaml"), yaml).unwrap();
    let mut diags = Vec::new();
    let locales = ["en-US".to_string(), "tr-TR".to_string()];
    let trees = load(dir.path(), &locales, &Stub, &mut diags);
    for d in &mut diags {
        d.file = d.file.file_name().unwrap().into();
    }
    (trees, diags)
}

/// The diagnostics of a tree with `from` replaced by `to` in the valid example.
fn broken(from: &str, to: &str) -> Vec<Diagnostic> {
    assert!(VALID.contains(from), "{from}");
    let (trees, diags) = run(&VALID.replacen(from, to, 1));
    if crate::diagnostics::has_errors(&diags) {
        assert!(trees.is_empty(), "a tree with errors is not published");
    }
    diags
}

fn expect(diags: &[Diagnostic], code: &str, line: usize, text: &str) {
    assert!(
        diags
            .iter()
            .any(|d| d.code == code && (line == 0 || d.line == line) && d.message.contains(text)),
        "expected {code} at line {line} containing {text:?} in {diags:#?}"
    );
}

#[test]
fn the_valid_tree_unfolds_to_one_page_per_path() {
    let (trees, diags) = run(VALID);
    assert!(diags.is_empty(), "{diags:#?}");
    let pages = &trees[0].pages;
    // 1 start + 2 plan + 4 impact questions, 8 outcomes, 1 fallback.
    assert_eq!(pages.len(), 16);
    let paths: Vec<String> = pages.iter().map(|p| p.path.join("/")).collect();
    assert!(
        paths.contains(&"technical/premium/critical".to_string()),
        "{paths:?}"
    );
    assert!(paths.contains(&"talk-to-us".to_string()));
    let critical = pages
        .iter()
        .find(|p| p.path.join("/") == "technical/premium/critical")
        .unwrap();
    let PageKind::Outcome(resolved) = &critical.kind else {
        panic!("an outcome")
    };
    assert_eq!(resolved.node, "out-technical");
    assert_eq!(resolved.contact, Some(("premium".into(), Some("a".into()))));
    assert_eq!(
        resolved.escalation,
        [("vendor".to_string(), Some("a".to_string()))]
    );
}

#[test]
fn dangling_references() {
    let diags = broken(
        "next: plan}\n      - {id: technical",
        "next: nowhere}\n      - {id: technical",
    );
    expect(&diags, "trees.dangling", 10, "`nowhere`");
    expect(
        &broken("start: issue", "start: begin"),
        "trees.dangling",
        3,
        "names no node",
    );
}

#[test]
fn cycles() {
    let diags = broken(
        "next: route}\n      - {id: moderate",
        "next: issue}\n      - {id: moderate",
    );
    expect(&diags, "trees.cycle", 22, "leads back to `issue`");
}

#[test]
fn unreachable_nodes() {
    let diags = broken("      - to: out-technical", "      - to: out-billing");
    expect(&diags, "trees.unreachable", 39, "`out-technical`");
}

#[test]
fn questions_need_two_options() {
    let diags = broken(
        "      - {id: premium, label: {en-US: Premium, tr-TR: Premium}, set: {plan: premium}, next: impact}\n",
        "",
    );
    expect(&diags, "trees.options", 16, "1 option(s)");
}

#[test]
fn router_last_rule_must_be_unconditional() {
    let diags = broken(
        "      - to: out-technical",
        "      - when: {issue: technical}\n        to: out-technical",
    );
    expect(&diags, "trees.router", 28, "must catch everything");
}

#[test]
fn a_fact_read_before_it_is_set() {
    let diags = broken("set: {issue: billing}, next: plan", "next: plan");
    expect(&diags, "trees.path", 28, "reads fact `issue`");
}

#[test]
fn fact_values_outside_their_domain() {
    let diags = broken("set: {severity: b}", "set: {severity: z}");
    expect(
        &diags,
        "trees.fact_value",
        27,
        "`z` is not one of the values of fact `severity`",
    );
}

#[test]
fn severities_the_offering_does_not_define() {
    let widened = VALID.replacen("severity: [a, b]", "severity: [a, b, c]", 1);
    let (_, diags) = run(&widened.replacen("set: {severity: b}", "set: {severity: c}", 1));
    expect(
        &diags,
        "trees.path",
        39,
        "offering `vendor` defines no severity `c`",
    );
}

#[test]
fn customers_never_contact_an_upstream_offering() {
    let diags = broken(
        "contact: {offering: standard, severity: c",
        "contact: {offering: vendor, severity: a",
    );
    expect(&diags, "trees.path", 46, "put it under `escalation`");
}

#[test]
fn unknown_offerings_and_channels() {
    expect(
        &broken("offering: vendor,", "offering: nobody,"),
        "trees.unknown_offering",
        39,
        "`nobody`",
    );
    expect(
        &broken("channels: [email]", "channels: [fax]"),
        "trees.path",
        46,
        "no channel `fax`",
    );
}

#[test]
fn duplicate_option_ids() {
    let diags = broken("{id: technical, label", "{id: billing, label");
    expect(&diags, "trees.duplicate_id", 14, "`billing` twice");
}

#[test]
fn missing_translations_are_warnings() {
    let (trees, diags) = run(&VALID.replacen(
        "{en-US: Which plan?, tr-TR: Hangi plan?}",
        "{en-US: Which plan?}",
        1,
    ));
    assert_eq!(trees.len(), 1, "still published, with the default text");
    expect(&diags, "trees.missing_translation", 16, "no tr-TR text");
}

#[test]
fn the_page_budget_fails_the_tree() {
    let diags = broken("start: issue", "max_pages: 10\nstart: issue");
    expect(&diags, "trees.too_many_pages", 10, "more than 10 pages");
}

#[test]
fn unknown_keys_and_non_slug_ids() {
    expect(
        &broken(
            "kind: contact_partner",
            "kind: contact_partner\n    colour: red",
        ),
        "trees.invalid",
        0,
        "unknown field `colour`",
    );
    expect(
        &broken("  out-billing:", "  Out_Billing:"),
        "trees.id",
        34,
        "not a slug",
    );
}

#[test]
fn the_diagram_is_an_accessible_svg_with_every_reachable_node() {
    let (trees, _) = run(VALID);
    let svg = diagram::svg(&trees[0].def, "Get help <diagram>", "tr-TR", "en-US");
    assert!(svg.starts_with("<svg class=\"tree-diagram\""), "{svg}");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id=\"tree-diagram-title\">Get help &lt;diagram&gt;</title>"));
    for text in [
        "Konu nedir?",
        "Hangi plan?",
        "Ne kadar kötü?",
        "Kayıt açın",
        "Bize ulaşın",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    assert_eq!(svg.matches("class=\"tree-router\"").count(), 1);
    assert_eq!(svg.matches("<path class=\"tree-edge\"").count(), 8);
}
