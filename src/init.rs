//! `kilavuz init DIR`: a new site that builds and passes `kilavuz check` with no diagnostics.
//!
//! A site is made of parts, each a function returning its files; [`PARTS`] lists them in order.
//! A new kind of content (a support offering, a decision tree) becomes one more function there.

use std::path::Path;

use crate::error::{Error, Result};

/// One file of a new site: its path relative to the site root and its text.
pub type File = (String, String);

/// The parts of a new site, in the order they are written.
pub const PARTS: &[fn() -> Vec<File>] = &[configuration, articles, offering, tree, editor];

/// Every file of a new site.
pub fn files() -> Vec<File> {
    PARTS.iter().flat_map(|part| part()).collect()
}

/// Writes a new site into `dir`, which must be missing or empty; returns the files written.
pub fn create(dir: &Path) -> Result<Vec<File>> {
    if dir.is_file() {
        return Err(Error::Usage(format!(
            "{} is a file; kilavuz init needs a new or empty folder",
            dir.display()
        )));
    }
    let has_entries = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if has_entries {
        return Err(Error::Usage(format!(
            "{} is not empty; kilavuz init writes only into a new or empty folder",
            dir.display()
        )));
    }
    let files = files();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            crate::fs::create_dir_all(parent)?;
        }
        crate::fs::write(&path, text.as_bytes())?;
    }
    Ok(files)
}

fn configuration() -> Vec<File> {
    let config = "\
# yaml-language-server: $schema=.kilavuz/schemas/kilavuz.json
# The site's configuration; the guide's configuration page describes every key. Unknown keys
# are errors, and editors with the YAML language server flag them as you type.
title: Example Support
description: How to get help with the services we run for you.
base_url: /                      # the URL the site is published at, e.g. https://support.example.org/
default_locale: en-US
locales:
  - {code: en-US, name: English}
# diagnostics:                   # per-code severity: error, warn or off
#   links.missing_anchor: error
";
    vec![
        ("kilavuz.yaml".to_string(), config.to_string()),
        (".gitignore".to_string(), "public/\n".to_string()),
    ]
}

fn articles() -> Vec<File> {
    let home = "\
---
title: Example Support
description: Start here to find help.
---

# Example Support

Welcome. [Getting started](getting-started.md) explains how to ask for help.
";
    let article = "\
---
title: Getting started
description: How to reach support and what to tell us.
date: 2025-01-15
---

# Getting started

## Contact us

Write to support and tell us [what we need to know](#what-we-need-to-know).

## What we need to know

- Your customer number.
- What you expected to happen, and what happened instead.
";
    vec![
        ("content/en-US/index.md".to_string(), home.to_string()),
        (
            "content/en-US/getting-started.md".to_string(),
            article.to_string(),
        ),
    ]
}

/// The JSON Schemas of every file format, and VS Code settings that apply them by path, so
/// that the YAML language server validates and completes kilavuz.yaml and the data files.
fn editor() -> Vec<File> {
    let mut files: Vec<File> = crate::schema::FORMATS
        .iter()
        .map(|f| {
            let path = format!("{}/{}", crate::schema::SITE_DIR, f.file_name());
            (path, f.json())
        })
        .collect();
    let schemas: serde_json::Map<String, serde_json::Value> = crate::schema::FORMATS
        .iter()
        .map(|f| {
            let path = format!("./{}/{}", crate::schema::SITE_DIR, f.file_name());
            (path, serde_json::Value::from(f.files))
        })
        .collect();
    let settings = serde_json::json!({ "yaml.schemas": schemas });
    let settings = serde_json::to_string_pretty(&settings).expect("settings serialize") + "\n";
    files.push((".vscode/settings.json".to_string(), settings));
    files
}

/// A small escalation tree over the plan: two questions' worth of pages at
/// `/en-us/help/get-help/`, whose outcomes take hours, numbers and targets from the plan.
fn tree() -> Vec<File> {
    let tree = "\
# An escalation decision tree: one static page per answer path at /en-us/help/get-help/.
# Outcomes name an offering and a severity; hours, numbers and targets come from the offering.
title: Get help
intro: Answer one question to see how to reach us and how fast we respond.
start: impact
fallback: talk-to-us
facts:
  severity: [high, normal]
nodes:
  impact:
    type: question
    text: How badly is your work affected?
    options:
      - {id: stopped, label: \"A service we run for you is down\", set: {severity: high}, next: route}
      - {id: slowed, label: \"Something is slow, wrong or unclear\", set: {severity: normal}, next: route}
  route:
    type: router
    rules:
      - {when: {severity: high}, to: call-us}
      - to: write-to-us
  call-us:
    type: outcome
    kind: contact_partner
    title: Call the service desk now
    contact: {offering: standard, severity: high}
  write-to-us:
    type: outcome
    kind: contact_partner
    title: Write to us
    contact: {offering: standard, severity: {fact: severity}}
  talk-to-us:
    type: outcome
    kind: contact_partner
    title: Not sure? Talk to us
    contact: {offering: standard, severity: normal}
";
    vec![(
        "content/data/trees/get-help.yaml".to_string(),
        tree.to_string(),
    )]
}

/// One partner plan with what it references: the provider, its business hours and a severity
/// scheme; it is published at `/en-us/support/` and `/en-us/support/standard/`.
fn offering() -> Vec<File> {
    let provider = "\
# Who gives support. relationship: direct_bill | indirect_provider | indirect_reseller | vendor
id: example
name: Example IT
url: https://www.example.org/
relationship: direct_bill
";
    let calendar = "\
# When the desk is staffed, in an IANA time zone (never EST or UTC+1).
id: business-hours
name: London business hours
time_zone: Europe/London
weekly:
  - {days: [mon, tue, wed, thu, fri], open: \"09:00\", close: \"17:30\"}
";
    let severities = "\
# Severity levels, most severe first (rank 1).
id: standard
levels:
  - {id: high, code: \"1\", rank: 1, label: High, definition: A service you depend on is down.}
  - {id: normal, code: \"2\", rank: 2, default: true, label: Normal, definition: Anything else.}
";
    let offering = "\
# A support plan; README.md lists every field and the rules the build checks.
id: standard
kind: partner
provider: example
status: active
name: Standard support
summary: Included with every service we run for you.
languages: [en-US]
severities: standard
channels:
  - {id: phone, type: phone, label: Service desk, number: \"+442079460123\", calendar: business-hours, severities: [high, normal]}
  - {id: email, type: email, label: Email, address: support@example.org, calendar: business-hours, severities: [normal]}
targets:
  - {severity: high, initial_response: {within: PT1H, clock: business-hours}}
  - {severity: normal, initial_response: {within: P1D, clock: business-hours}}
pricing: {model: included}
";
    vec![
        (
            "content/data/providers/example.yaml".to_string(),
            provider.to_string(),
        ),
        (
            "content/data/calendars/business-hours.yaml".to_string(),
            calendar.to_string(),
        ),
        (
            "content/data/severities/standard.yaml".to_string(),
            severities.to_string(),
        ),
        (
            "content/data/offerings/standard.yaml".to_string(),
            offering.to_string(),
        ),
    ]
}
