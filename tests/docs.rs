//! The user guide in docs/ cannot drift from the code: its CLI reference is the binary's own
//! help, every diagnostic code the source can report has an entry in the diagnostics reference
//! of every locale, and the guide passes `kilavuz check` (also `make test-docs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kilavuz(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(args)
        .output()
        .unwrap()
}

const CLI_PAGE: &str = "docs/content/en-US/includes/cli-commands.md";

#[test]
fn the_cli_reference_is_the_binarys_help() {
    let generated = kilavuz(&["help-markdown"]);
    assert!(generated.status.success(), "{generated:?}");
    let committed = std::fs::read_to_string(root().join(CLI_PAGE)).unwrap_or_default();
    assert!(
        committed == String::from_utf8(generated.stdout).unwrap(),
        "{CLI_PAGE} is out of date; regenerate it with\n    \
         cargo run -q -- help-markdown > {CLI_PAGE}"
    );
    for page in ["en-US", "tr-TR"] {
        let text =
            std::fs::read_to_string(root().join(format!("docs/content/{page}/reference/cli.md")))
                .unwrap();
        assert!(
            text.contains("[!INCLUDE [commands](../includes/cli-commands.md)]"),
            "{page}'s CLI page does not include the generated reference"
        );
    }
}

/// Every string literal that is the first argument of a call and looks like a code of an area
/// that reports diagnostics (`Diagnostic::error("data.phone", …`, `self.report("links.…", …`).
fn codes_in_source() -> BTreeSet<String> {
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(root().join("src")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            let text = std::fs::read_to_string(path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            texts.push(code.to_string());
        }
    }
    let literals: Vec<(bool, String)> = texts.iter().flat_map(|t| first_arguments(t)).collect();
    let areas: BTreeSet<&str> = literals
        .iter()
        .filter(|(direct, _)| *direct)
        .filter_map(|(_, code)| code.split('.').next())
        .collect();
    let files = [
        ".md", ".yml", ".yaml", ".html", ".json", ".css", ".js", ".xml", ".txt",
    ];
    literals
        .iter()
        .filter(|(_, code)| areas.contains(code.split('.').next().unwrap()))
        .filter(|(_, code)| !files.iter().any(|ext| code.ends_with(ext)))
        .map(|(_, code)| code.clone())
        .collect()
}

/// `("area.name",` literals after an opening parenthesis; `true` when the call is
/// `error(`/`warning(`.
fn first_arguments(text: &str) -> Vec<(bool, String)> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('(') {
        let rest = text[i + 1..].trim_start();
        let Some(rest) = rest.strip_prefix('"') else {
            continue;
        };
        let Some(end) = rest.find('"') else {
            continue;
        };
        let literal = &rest[..end];
        let shaped = literal.contains('.')
            && !literal.starts_with('.')
            && literal
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
        if !shaped || !rest[end + 1..].trim_start().starts_with(',') {
            continue;
        }
        let direct = text[..i].ends_with("error") || text[..i].ends_with("warning");
        found.push((direct, literal.to_string()));
    }
    found
}

#[test]
fn every_diagnostic_code_has_an_entry_in_the_reference() {
    let codes = codes_in_source();
    assert!(
        codes.len() >= 90,
        "only {} codes found: {codes:?}",
        codes.len()
    );
    for code in ["links.outside_root", "data.phone", "trees.cycle"] {
        assert!(codes.contains(code), "the scan misses {code}");
    }
    for locale in ["en-US", "tr-TR"] {
        let page = format!("docs/content/{locale}/reference/diagnostics.md");
        let text = std::fs::read_to_string(root().join(&page)).unwrap();
        let missing: Vec<&String> = codes
            .iter()
            .filter(|c| !text.contains(&format!("| `{c}` |")))
            .collect();
        assert!(
            missing.is_empty(),
            "{page} has no row (`| \\`code\\` | cause | fix |`) for {missing:?}"
        );
    }
}

#[test]
fn the_guide_passes_check_in_every_locale() {
    let docs = root().join("docs");
    let run = kilavuz(&["check", "--quiet", docs.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for locale in ["en-US", "tr-TR"] {
        let en: BTreeSet<PathBuf> = articles(&docs.join("content/en-US"));
        let other: BTreeSet<PathBuf> = articles(&docs.join("content").join(locale));
        assert_eq!(en, other, "{locale} translates every page of the guide");
    }
}

fn articles(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| !p.components().any(|c| c.as_os_str() == "includes"))
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}
