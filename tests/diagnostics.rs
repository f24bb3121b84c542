//! Diagnostics as a user sees them: `file:line:col: level[code]: message` on stderr, every
//! problem of a build in one run, sorted, and the exit codes 0 (ok), 1 (errors), 2 (usage/I/O).

mod common;

use common::{build, build_into, copy_fixture, fixture};
use tempfile::TempDir;

/// The `file:line:col: level[code]` part of each diagnostic line.
fn locations(diagnostics: &[&str]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d.split_once("]: ").map_or(*d, |(head, _)| head).to_string() + "]")
        .collect()
}

#[test]
fn invalid_front_matter_names_the_real_file_line_and_column() {
    let built = build("bad_yaml", &[]);
    assert_eq!(built.run.code, Some(1), "{}", built.run.stderr);
    assert_eq!(
        locations(&built.run.diagnostics()),
        ["content/en-US/broken.md:2:9: error[front_matter.invalid_yaml]"],
        "the YAML starts on the file's line 2:\n{}",
        built.run.stderr
    );
    assert!(
        !built.out().exists(),
        "nothing is written when the build fails"
    );
}

#[test]
fn broken_links_and_anchors_are_warnings_that_do_not_fail_the_build() {
    let built = build("broken_links", &[]);
    assert_eq!(built.run.code, Some(0), "{}", built.run.stderr);
    assert_eq!(
        locations(&built.run.diagnostics()),
        [
            "content/en-US/guide/setup.md:6:9: warning[links.missing_anchor]",
            "content/en-US/guide/setup.md:7:7: warning[links.missing_file]",
            "content/en-US/index.md:8:3: warning[links.missing_target]",
            "content/en-US/index.md:10:3: warning[links.missing_anchor]",
            "content/en-US/index.md:12:13: warning[links.missing_target]",
        ],
        "{}",
        built.run.stderr
    );
    assert!(
        built.exists("en-us/index.html"),
        "the site is still written"
    );
}

#[test]
fn strict_turns_link_warnings_into_errors() {
    let built = build("broken_links", &["--strict"]);
    assert_eq!(built.run.code, Some(1), "{}", built.run.stderr);
    let diagnostics = built.run.diagnostics();
    assert_eq!(diagnostics.len(), 5, "{}", built.run.stderr);
    assert!(
        diagnostics.iter().all(|d| d.contains(": error[links.")),
        "{}",
        built.run.stderr
    );
    assert!(diagnostics.iter().any(|d| d.contains("guide/nowhere.md")));
    assert!(diagnostics.iter().any(|d| d.contains("no-such-heading")));
    assert!(
        !built.out().exists(),
        "a failed strict build writes nothing"
    );
}

#[test]
fn every_problem_of_a_build_is_reported_in_one_run_sorted_by_file_and_line() {
    let root = copy_fixture("broken_links");
    std::fs::write(
        root.path().join("content/en-US/guide/bad.md"),
        "---\ntitle: ok\ndescription: a: b\n---\n[gone](gone.md)\n",
    )
    .unwrap();
    let out = TempDir::new().unwrap();
    let run = build_into(root.path(), &out.path().join("public"), &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        locations(&run.diagnostics()),
        [
            "content/en-US/guide/bad.md:3:15: error[front_matter.invalid_yaml]",
            "content/en-US/guide/bad.md:5:1: warning[links.missing_target]",
            "content/en-US/guide/setup.md:6:9: warning[links.missing_anchor]",
            "content/en-US/guide/setup.md:7:7: warning[links.missing_file]",
            "content/en-US/index.md:8:3: warning[links.missing_target]",
            "content/en-US/index.md:10:3: warning[links.missing_anchor]",
            "content/en-US/index.md:12:13: warning[links.missing_target]",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 error(s), 6 warning(s)"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_key_in_the_config_fails_naming_its_line() {
    let built = build("unknown_key", &[]);
    assert_eq!(built.run.code, Some(1), "{}", built.run.stderr);
    let diagnostics = built.run.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{}", built.run.stderr);
    assert!(
        diagnostics[0].starts_with("kilavuz.yaml:5:1: error[config.invalid]"),
        "the file is named relative to the site root, like every other diagnostic: {}",
        diagnostics[0]
    );
    assert!(
        diagnostics[0].contains("colour_scheme"),
        "{}",
        diagnostics[0]
    );
}

#[test]
fn a_missing_config_is_a_usage_error() {
    let empty = TempDir::new().unwrap();
    let out = TempDir::new().unwrap();
    let run = build_into(empty.path(), &out.path().join("public"), &[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("kilavuz.yaml"), "{}", run.stderr);
    let run = build_into(
        &fixture("no-such-site"),
        &out.path().join("public"),
        &["--strict"],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}
