//! The live progress line: on a terminal (a pseudo-terminal from util-linux `script`) a build
//! shows pages done and pages per second while it renders; under `--quiet`, or when stderr is
//! a pipe, it shows none of it.

use std::path::Path;
use std::process::Command;

/// A site with enough pages that rendering outlasts the line's first redraw (0.1 s).
fn many_pages(dir: &Path) {
    std::fs::create_dir_all(dir.join("content/en-US")).unwrap();
    std::fs::write(
        dir.join("kilavuz.yaml"),
        "title: Many\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n",
    )
    .unwrap();
    for i in 0..400 {
        std::fs::write(
            dir.join(format!("content/en-US/page{i}.md")),
            format!("---\ntitle: Page {i}\n---\n\n# Page {i}\n\nText with a [link](page0.md).\n"),
        )
        .unwrap();
    }
}

fn build_on_terminal(site: &Path, extra: &str) -> String {
    let command = format!(
        "{} build {} --out {} {extra}",
        env!("CARGO_BIN_EXE_kilavuz"),
        site.display(),
        site.join("public").display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("util-linux `script` runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_terminal_sees_pages_per_second_and_quiet_or_a_pipe_see_none() {
    let site = tempfile::tempdir().unwrap();
    many_pages(site.path());
    let live = build_on_terminal(site.path(), "");
    assert!(
        live.contains("building pages: ") && live.contains(" pages/s ("),
        "{live}"
    );
    let quiet = build_on_terminal(site.path(), "--quiet");
    assert!(
        !quiet.contains("pages/s") && !quiet.contains('\r'),
        "{quiet}"
    );
    let piped = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .arg("build")
        .arg(site.path())
        .arg("--out")
        .arg(site.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(
        !stderr.contains('\r') && !stderr.contains("building pages"),
        "{stderr}"
    );
    assert!(
        stderr.contains("pages/s)"),
        "the closing summary still prints: {stderr}"
    );
}
