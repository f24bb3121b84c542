//! Helpers shared by the end-to-end tests: run the real `kilavuz` binary on a fixture site and
//! read what it wrote, the way a user would look at the output folder.
//!
//! Each test file compiles this module on its own and uses a subset of it, hence the
//! `dead_code` allowance below.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit code (`None` when killed by a signal).
    pub(crate) code: Option<i32>,
    /// Everything printed on stderr (diagnostics and the summary line).
    pub(crate) stderr: String,
}

impl Run {
    /// The diagnostic lines (`file:line:col: level[code]: message`), in printed order.
    pub(crate) fn diagnostics(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error[") || l.contains(": warning["))
            .collect()
    }
}

/// A fixture site's folder: `tests/fixtures/build/<case>`.
pub(crate) fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/build")
        .join(case)
}

/// Runs `kilavuz` with `args`, on a fixed build date (2026-01-01, as `SOURCE_DATE_EPOCH`) so
/// that date rules (effective dates, stale reviews) do not depend on the machine's clock.
pub(crate) fn kilavuz<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .expect("the kilavuz binary runs");
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `kilavuz build ROOT --out OUT EXTRA…`.
pub(crate) fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        root.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    kilavuz(args)
}

/// A built site in a temporary folder.
pub(crate) struct Built {
    /// Holds the output folder alive.
    pub(crate) dir: TempDir,
    /// The run that produced it.
    pub(crate) run: Run,
}

impl Built {
    /// The output folder.
    pub(crate) fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// The text of an output file; fails the test, listing what exists, when it is missing.
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {rel} ({e}); the output holds {:#?}",
                list_files(&self.out())
            )
        })
    }

    /// Whether an output file exists.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }

    /// Every output file, relative and sorted.
    pub(crate) fn files(&self) -> Vec<String> {
        list_files(&self.out())
    }

    /// Every produced HTML file with its text.
    pub(crate) fn html_pages(&self) -> Vec<(String, String)> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| {
                let text = self.read(&f);
                (f, text)
            })
            .collect()
    }
}

/// Builds a fixture into a fresh temporary folder, whatever the outcome.
pub(crate) fn build(case: &str, extra: &[&str]) -> Built {
    let dir = TempDir::new().expect("temp dir");
    let run = build_into(&fixture(case), &dir.path().join("public"), extra);
    Built { dir, run }
}

/// Builds a fixture that must build cleanly: exit 0 and not a single diagnostic.
pub(crate) fn build_ok(case: &str, extra: &[&str]) -> Built {
    let built = build(case, extra);
    assert_eq!(built.run.code, Some(0), "{}", built.run.stderr);
    assert!(
        built.run.diagnostics().is_empty(),
        "unexpected diagnostics:\n{}",
        built.run.stderr
    );
    built
}

/// Copies a fixture into a temporary folder, so a test can change it.
pub(crate) fn copy_fixture(case: &str) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy_dir(&fixture(case), dir.path());
    dir
}

/// Copies a folder tree.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every file under `dir`, as sorted `/`-separated relative paths.
pub(crate) fn list_files(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

/// Every file under `dir` with its bytes, by sorted relative path.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).expect("inside root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(&path).expect("read output file"));
        }
    }
}

/// Every value of `attr="…"` in `html`, in order.
pub(crate) fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .filter(|(i, _)| *i == 0 || html.as_bytes()[i - 1].is_ascii_whitespace())
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}
