//! `kilavuz check` as CI runs it: the exact shape of each output format for a known
//! diagnostic, per-code severities from kilavuz.yaml, exit codes, nothing written, and a site
//! from `kilavuz init` passing with zero diagnostics.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const HINT: &str =
    "link to one of the target's heading ids, or add `<a name=\"…\"></a>` to the heading";

/// What one run printed and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `kilavuz ARGS` in folder `cwd`.
fn kilavuz_in(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the kilavuz binary runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(case: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/check").join(case)
}

/// A copy of the `anchor` fixture with `extra` appended to its kilavuz.yaml.
fn anchor_with_config(extra: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for rel in [
        "kilavuz.yaml",
        "content/en-US/index.md",
        "content/en-US/guide.md",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture("anchor").join(rel), &to).unwrap();
    }
    let config = dir.path().join("kilavuz.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(extra);
    std::fs::write(&config, text).unwrap();
    dir
}

#[test]
fn human_format_prints_location_code_message_hint_and_counts() {
    let run = kilavuz_in(&fixture("anchor"), &["check", "."]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let expected = format!(
        "content/en-US/index.md:7:31: error[links.missing_anchor]: guide.md has no heading or anchor with id `set-up`\n  hint: {HINT}\n1 error(s), 0 warning(s)\n"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("diagnostics: 1 error(s), 0 warning(s) (links.missing_anchor 1)"),
        "the closing summary counts by code:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "human output goes to stderr");
}

#[test]
fn json_format_follows_the_documented_schema() {
    let run = kilavuz_in(&fixture("anchor"), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let expected = serde_json::json!({
        "version": 1,
        "diagnostics": [{
            "severity": "error",
            "code": "links.missing_anchor",
            "file": "content/en-US/index.md",
            "line": 7,
            "col": 31,
            "message": "guide.md has no heading or anchor with id `set-up`",
            "hint": HINT,
        }],
        "summary": {"errors": 1, "warnings": 0},
    });
    assert_eq!(doc, expected);
}

#[test]
fn github_format_annotates_paths_relative_to_the_checkout() {
    let expected_tail = format!(
        "content/en-US/index.md,line=7,col=31,title=links.missing_anchor::guide.md has no heading or anchor with id `set-up`%0Ahint: {HINT}\n"
    );
    let run = kilavuz_in(
        &manifest_dir(),
        &["check", "tests/fixtures/check/anchor", "--format", "github"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("::error file=tests/fixtures/check/anchor/{expected_tail}")
    );
    let run = kilavuz_in(&fixture("anchor"), &["check", "--format", "github"]);
    assert_eq!(run.stdout, format!("::error file={expected_tail}"));
}

#[test]
fn severities_per_code_come_from_kilavuz_yaml() {
    let warn = anchor_with_config("diagnostics:\n  links.missing_anchor: warn\n");
    let run = kilavuz_in(warn.path(), &["check", "--format", "json"]);
    assert_eq!(
        run.code,
        Some(0),
        "a warning does not fail check:\n{}",
        run.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["severity"], "warning");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"errors": 0, "warnings": 1})
    );

    let off = anchor_with_config("diagnostics:\n  links.missing_anchor: off\n");
    let run = kilavuz_in(off.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"], serde_json::json!([]));

    let error = anchor_with_config("diagnostics:\n  links.missing_anchor: error\n");
    let out = error.path().join("public");
    let run = kilavuz_in(error.path(), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(
        run.code,
        Some(1),
        "build fails on a code set to error:\n{}",
        run.stderr
    );
    assert!(!out.exists(), "a failed build writes nothing");

    let plain_out = TempDir::new().unwrap();
    let plain_out = plain_out.path().join("public");
    let plain = kilavuz_in(
        &fixture("anchor"),
        &["build", "--out", plain_out.to_str().unwrap()],
    );
    assert_eq!(
        plain.code,
        Some(0),
        "build alone keeps it a warning:\n{}",
        plain.stderr
    );
}

#[test]
fn a_misspelt_code_or_level_in_the_config_is_an_error() {
    let bad_code = anchor_with_config("diagnostics:\n  missing_anchor: warn\n");
    let run = kilavuz_in(bad_code.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("kilavuz.yaml:6:1: error[config.diagnostics]"),
        "{}",
        run.stderr
    );
    let bad_level = anchor_with_config("diagnostics:\n  links.missing_anchor: loud\n");
    let run = kilavuz_in(bad_level.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "config.invalid");
}

#[test]
fn usage_and_io_errors_exit_with_2() {
    let empty = TempDir::new().unwrap();
    let run = kilavuz_in(empty.path(), &["check"]);
    assert_eq!(run.code, Some(2), "no kilavuz.yaml: {}", run.stderr);
    let run = kilavuz_in(&fixture("anchor"), &["check", "--format", "xml"]);
    assert_eq!(run.code, Some(2), "unknown format: {}", run.stderr);
    let run = kilavuz_in(empty.path(), &["check", "does-not-exist"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn check_writes_nothing_and_quiet_prints_only_diagnostics() {
    let site = anchor_with_config("");
    let before = common::snapshot(site.path());
    let run = kilavuz_in(site.path(), &["check", "--quiet"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        common::snapshot(site.path()),
        before,
        "check changed the site"
    );
    assert!(!run.stderr.contains("check failed"), "{}", run.stderr);
    assert!(run.stderr.contains("error[links.missing_anchor]"));
}

#[test]
fn init_creates_a_site_that_passes_check_and_builds_cleanly() {
    let dir = TempDir::new().unwrap();
    let site = dir.path().join("new-site");
    let site_arg = site.to_str().unwrap();
    let run = kilavuz_in(dir.path(), &["init", site_arg]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.join("kilavuz.yaml").is_file());

    let run = kilavuz_in(dir.path(), &["check", site_arg, "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"], serde_json::json!([]), "{}", run.stdout);

    let run = kilavuz_in(dir.path(), &["build", site_arg]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let article = std::fs::read_to_string(site.join("public/en-us/getting-started/index.html"))
        .expect("the article is built");
    assert!(article.contains("What we need to know"), "{article}");
    let plan = std::fs::read_to_string(site.join("public/en-us/support/standard/index.html"))
        .expect("the offering is built");
    assert!(plan.contains("href=\"tel:+442079460123\""), "{plan}");
    let outcome =
        std::fs::read_to_string(site.join("public/en-us/help/get-help/stopped/index.html"))
            .expect("the tree's outcome page is built");
    assert!(outcome.contains("Call the service desk now"), "{outcome}");
    assert!(
        outcome.contains("tel:+442079460123"),
        "the number comes from the plan: {outcome}"
    );

    let again = kilavuz_in(dir.path(), &["init", site_arg]);
    assert_eq!(
        again.code,
        Some(2),
        "init never overwrites: {}",
        again.stderr
    );
}
