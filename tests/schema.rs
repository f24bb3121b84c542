//! JSON Schemas (`kilavuz schema`) against real files: every example data file and config in
//! the repository, the research report's worked example, and representative mistakes that the
//! loader rejects, which the schemas must reject too. `kilavuz init`'s editor setup is checked
//! to point at schemas it wrote.

mod schema_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use schema_support::{Kind, Schemas, adapt_research, research_documents};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kilavuz(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(args)
        .output()
        .unwrap()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    files
}

/// The data kind of `content/data/<kind>/<file>.yaml`, from its folder.
fn data_kind(file: &Path) -> Option<Kind> {
    let folder = file.parent()?.file_name()?.to_str()?;
    let data = file.parent()?.parent()?.file_name()?.to_str()?;
    (data == "data").then(|| Kind::from_folder(folder))?
}

#[test]
fn schemas_are_valid_draft_2020_12_and_listed_by_name() {
    let schemas = Schemas::generate();
    for kind in Kind::ALL {
        let schema = schemas.json(kind);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind:?}"
        );
        jsonschema::meta::validate(schema).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
    }
    let unknown = kilavuz(&["schema", "nonsense"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("kilavuz, provider, calendar, severities, offering, tree"),
        "{stderr}"
    );
}

#[test]
fn schema_out_writes_every_schema_equal_to_the_printed_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let run = kilavuz(&["schema", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{run:?}");
    for kind in Kind::ALL {
        let printed = kilavuz(&["schema", kind.name()]).stdout;
        let written = std::fs::read(out.join(format!("{}.json", kind.name()))).unwrap();
        assert_eq!(printed, written, "{kind:?}");
    }
}

#[test]
fn every_example_data_file_and_config_in_the_repository_validates() {
    let schemas = Schemas::generate();
    let mut checked = 0;
    for file in yaml_files(&root().join("content/data")) {
        let kind = data_kind(&file).unwrap_or_else(|| panic!("{} has no kind", file.display()));
        schemas.assert_valid(kind, &file);
        checked += 1;
    }
    for config in ["kilavuz.yaml", "docs/kilavuz.yaml"] {
        schemas.assert_valid(Kind::Config, &root().join(config));
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} files checked");
}

/// Fixture sites record what the loader says about them: a data case's `expected` file names
/// its code and file, and an `unknown_key` case's kilavuz.yaml is a config the loader rejects. Files the
/// loader cannot parse (`*.invalid`) must fail the schema; every other file must pass it.
#[test]
fn fixture_files_pass_the_schema_exactly_when_the_loader_parses_them() {
    let schemas = Schemas::generate();
    let fixtures = root().join("tests/fixtures");
    let mut rejected = Vec::new();
    for file in yaml_files(&fixtures) {
        let rel = file.strip_prefix(&fixtures).unwrap().to_path_buf();
        let kind = if file.file_name().unwrap() == "kilavuz.yaml" {
            Kind::Config
        } else if let Some(kind) = data_kind(&file) {
            kind
        } else {
            continue;
        };
        if loader_rejects(&fixtures, &rel) {
            schemas.assert_invalid(kind, &file);
            rejected.push(rel);
        } else {
            schemas.assert_valid(kind, &file);
        }
    }
    assert!(
        rejected.iter().any(|r| r.starts_with("data"))
            && rejected.iter().any(|r| r.ends_with("kilavuz.yaml")),
        "the unparsable data and config fixtures are checked: {rejected:?}"
    );
}

fn loader_rejects(fixtures: &Path, rel: &Path) -> bool {
    let case = rel.parent().and_then(Path::file_name);
    if rel.file_name().is_some_and(|n| n == "kilavuz.yaml")
        && case.is_some_and(|c| c == "unknown_key")
    {
        return true;
    }
    let mut parts = rel.components();
    let (Some(area), Some(case)) = (parts.next(), parts.next()) else {
        return false;
    };
    let expected = fixtures.join(area).join(case).join("expected");
    let Ok(expected) = std::fs::read_to_string(expected) else {
        return false;
    };
    let words: Vec<&str> = expected.split_whitespace().collect();
    let in_case: PathBuf = parts.collect();
    words[1] == "data.invalid" && words[2].split(':').next() == in_case.to_str()
}

#[test]
fn the_research_reports_worked_example_validates_once_unsupported_fields_are_removed() {
    let schemas = Schemas::generate();
    let documents = research_documents(&root().join("tests/fixtures/schema"));
    assert_eq!(documents.len(), 12, "documents in §6");
    for (name, kind, mut doc) in documents {
        let removed = adapt_research(kind, &mut doc);
        if !removed.is_empty() {
            let original = schemas.errors(kind, &research_original(&name));
            assert!(!original.is_empty(), "{name}: {removed:?} were accepted");
        }
        let errors = schemas.errors(kind, &doc);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

fn research_original(name: &str) -> serde_json::Value {
    research_documents(&root().join("tests/fixtures/schema"))
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, doc)| doc)
        .unwrap()
}

/// One mistake: the file it is made in (relative to the data base fixture), the text replaced
/// and its replacement, and the code the loader reports.
const MISTAKES: &[(&str, &str, &str, &str)] = &[
    (
        "kilavuz.yaml",
        "default_locale: en-US",
        "default_locale: en-US\ntheme: dark",
        "config.invalid",
    ),
    (
        "kilavuz.yaml",
        "{code: tr-TR, name: Türkçe}",
        "{code: tr-TR, name: Türkçe, dir: sideways}",
        "config.invalid",
    ),
    (
        "kilavuz.yaml",
        "default_locale: en-US\n",
        "",
        "config.invalid",
    ),
    (
        "content/data/calendars/us-business.yaml",
        "time_zone: America/Los_Angeles",
        "time_zone: America/Los_Angeles\ntimezone: UTC",
        "data.invalid",
    ),
    (
        "content/data/offerings/contoso-standard.yaml",
        "kind: partner",
        "kind: partnr",
        "data.invalid",
    ),
    (
        "content/data/severities/microsoft-abc.yaml",
        "    rank: 1\n",
        "",
        "data.invalid",
    ),
    (
        "content/data/calendars/us-business.yaml",
        "coverage: limited",
        "coverage: partial",
        "data.invalid",
    ),
];

#[test]
fn schemas_reject_what_the_loader_rejects() {
    let schemas = Schemas::generate();
    let base = root().join("tests/fixtures/data/base");
    for (rel, from, to, code) in MISTAKES {
        let site = tempfile::tempdir().unwrap();
        schema_support::copy_tree(&base, site.path());
        let file = site.path().join(rel);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        schemas.assert_valid(Kind::of(rel), &file);
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
        let run = kilavuz(&["check", "--format", "json", site.path().to_str().unwrap()]);
        let report = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(1), "{rel}: {to}\n{report}");
        assert!(report.contains(code), "{rel}: {to}: no {code}\n{report}");
        schemas.assert_invalid(Kind::of(rel), &file);
    }
}

#[test]
fn tree_schema_rejects_what_the_tree_loader_rejects() {
    let schemas = Schemas::generate();
    let research = research_original("trees/get-help.yaml");
    let mut tree = research.clone();
    adapt_research(Kind::Tree, &mut tree);
    let mistakes: [(&str, Mistake); 3] = [
        ("unknown key", |t| {
            t["nodes"]["issue"]["colour"] = "red".into()
        }),
        ("wrong enum value", |t| {
            t["nodes"]["talk-to-us"]["kind"] = "phone_us".into()
        }),
        ("missing required field", |t| {
            t["nodes"]["route"]["rules"][0]
                .as_object_mut()
                .unwrap()
                .remove("to");
        }),
    ];
    for (what, mistake) in mistakes {
        let mut bad = tree.clone();
        mistake(&mut bad);
        let dir = tempfile::tempdir().unwrap();
        let text = serde_json::to_string(&bad).unwrap();
        std::fs::write(dir.path().join("get-help.yaml"), &text).unwrap();
        let mut diagnostics = Vec::new();
        let locales = ["en-GB".to_string(), "de-DE".to_string()];
        let trees = kilavuz::trees::load(dir.path(), &locales, &AnyCatalog, &mut diagnostics);
        assert!(trees.is_empty(), "{what}: the loader accepted it");
        assert_eq!(diagnostics[0].code, "trees.invalid", "{what}");
        assert!(!schemas.errors(Kind::Tree, &bad).is_empty(), "{what}");
    }
}

/// A change that breaks a tree.
type Mistake = fn(&mut serde_json::Value);

struct AnyCatalog;

impl kilavuz::trees::Catalog for AnyCatalog {
    fn has_offering(&self, _: &str) -> bool {
        true
    }
    fn is_partner_offering(&self, offering: &str) -> bool {
        offering.starts_with("contoso")
    }
    fn has_severity(&self, _: &str, _: &str) -> bool {
        true
    }
    fn has_channel(&self, _: &str, _: &str) -> bool {
        true
    }
}

#[test]
fn init_points_editors_at_the_schemas_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let run = kilavuz(&["init", site.to_str().unwrap()]);
    assert!(run.status.success(), "{run:?}");
    let config = std::fs::read_to_string(site.join("kilavuz.yaml")).unwrap();
    let modeline = config.lines().next().unwrap();
    let target = modeline
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("first line: {modeline}"));
    let written = std::fs::read(site.join(target)).unwrap();
    assert_eq!(written, kilavuz(&["schema", "kilavuz"]).stdout);
    let settings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let globs = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(globs.len(), Kind::ALL.len());
    for (path, glob) in globs {
        assert!(site.join(path).is_file(), "{path} was not written");
        let name = Path::new(path).file_stem().unwrap().to_str().unwrap();
        let kind = Kind::ALL.iter().find(|k| k.name() == name).unwrap();
        assert_eq!(glob.as_str(), Some(kind.glob().as_str()), "{path}");
    }
}
