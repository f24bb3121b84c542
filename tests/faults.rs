//! Faults while writing: a build killed with SIGKILL while it writes, killed between its two
//! renames, or failing on a read-only or full filesystem leaves the previous output complete.
//! Read-only and full filesystems are small tmpfs mounts in a private mount namespace
//! (`unshare -m`, needs root); where that is not allowed, a read-only folder stands in for the
//! first and the second is skipped with a note.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kilavuz");
const CONFIG: &str =
    "title: Faults\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n";

/// A site of `pages` articles whose text says `version`.
fn site(root: &Path, pages: usize, version: &str) {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(root.join("kilavuz.yaml"), CONFIG).unwrap();
    for i in 0..pages {
        let dir = root.join(format!("content/en-US/s{}", i % 10));
        std::fs::create_dir_all(&dir).unwrap();
        let body = format!("Text of page {i}, {version}. ").repeat(40);
        std::fs::write(
            dir.join(format!("p{i}.md")),
            format!("# Page {i}\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn build(root: &Path, out: &Path) -> Option<i32> {
    Command::new(BIN)
        .arg("build")
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_output_complete() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    site(&root, 400, "old");
    assert_eq!(build(&root, &out), Some(0));
    let before = snapshot(&out);
    site(&root, 400, "new");
    let staging = dir.path().join(".public.kilavuz-staging");
    let mut child = Command::new(BIN)
        .arg("build")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !staging.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before writing"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(
        snapshot(&out),
        before,
        "the old output, complete and unchanged"
    );

    assert_eq!(build(&root, &out), Some(0));
    assert!(
        !staging.exists(),
        "the next build clears what the killed one left"
    );
    let page = std::fs::read_to_string(out.join("en-us/s0/p0/index.html")).unwrap();
    assert!(page.contains("Text of page 0, new."));
}

#[test]
fn a_build_killed_between_its_renames_gets_the_old_output_back() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("public"));
    site(&root, 3, "old");
    assert_eq!(build(&root, &out), Some(0));
    let before = snapshot(&out);
    // The state a SIGKILL after the first rename leaves: the old output moved aside.
    std::fs::rename(&out, dir.path().join(".public.kilavuz-previous")).unwrap();
    std::fs::write(root.join("content/en-US/broken.md"), "---\ntitle: [\n---\n").unwrap();
    assert_eq!(build(&root, &out), Some(1), "a failing build");
    assert_eq!(snapshot(&out), before, "the old output is back in place");
}

#[cfg(unix)]
#[test]
fn an_unwritable_output_is_an_error_and_keeps_the_old_output() {
    if let Some(result) = in_tmpfs("4m", "mount -o remount,ro \"$MNT\"") {
        assert!(result.contains("exit=2"), "{result}");
        assert!(result.contains("same=yes"), "{result}");
        assert!(result.contains("Read-only file system"), "{result}");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (root, parent) = (dir.path().join("site"), dir.path().join("ro"));
    let out = parent.join("public");
    site(&root, 3, "old");
    assert_eq!(build(&root, &out), Some(0));
    let before = snapshot(&out);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let code = build(&root, &out);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, Some(2));
    assert_eq!(snapshot(&out), before);
}

#[cfg(unix)]
#[test]
fn a_full_disk_is_an_error_and_keeps_the_old_output() {
    // 3 MB more text makes the second build's output too large for the 2 MB filesystem.
    let grow = "python3 -c \"open('$SITE/content/en-US/big.md','w').write('# Big\\n\\n' + 'word ' * 600000)\"";
    let Some(result) = in_tmpfs("2m", grow) else {
        eprintln!("skipped: cannot mount a tmpfs in a private namespace here (needs root)");
        return;
    };
    assert!(result.contains("exit=2"), "{result}");
    assert!(result.contains("same=yes"), "{result}");
    assert!(result.contains("No space left on device"), "{result}");
    assert!(result.contains("staging=gone"), "{result}");
}

/// Builds a small site into a fresh tmpfs of `size` in a private mount namespace, runs
/// `between` (a shell command; `$MNT` is the mount, `$SITE` the site), builds again, and
/// reports the second build's exit code and stderr and whether the output is unchanged.
/// `None` when the namespace or the mount is not allowed.
fn in_tmpfs(size: &str, between: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, 3, "old");
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let script = format!(
        "set -u; mount -t tmpfs -o size={size} tmpfs \"$MNT\" || exit 99
         \"$BIN\" build \"$SITE\" --out \"$MNT/public\" >/dev/null 2>&1 || exit 98
         before=$(cd \"$MNT/public\" && find . -type f -exec sha256sum {{}} + | sort)
         {between}
         \"$BIN\" build \"$SITE\" --out \"$MNT/public\" 2>\"$MNT/../err\"; echo exit=$?
         after=$(cd \"$MNT/public\" && find . -type f -exec sha256sum {{}} + | sort)
         [ \"$before\" = \"$after\" ] && echo same=yes || echo same=no
         [ -e \"$MNT/.public.kilavuz-staging\" ] && echo staging=left || echo staging=gone
         cat \"$MNT/../err\""
    );
    let output = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c", &script])
        .env("MNT", &mnt)
        .env("SITE", &root)
        .env("BIN", BIN)
        .output()
        .ok()?;
    match output.status.code() {
        Some(0) => Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        Some(98) => panic!("the first build failed: {output:?}"),
        _ => None,
    }
}
