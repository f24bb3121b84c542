//! Hostile and broken input: every case ends in a clear diagnostic or correct output, never a
//! panic, in bounded time. Fixtures are generated into temporary folders (some are large or
//! contain names and links git cannot carry).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str =
    "title: Adversarial\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n";

struct Run {
    code: i32,
    stderr: String,
    out: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

/// Builds a site made of `files` (path → bytes) with a deadline; panics on crash or timeout.
fn build(files: &[(&str, &[u8])], deadline: Duration) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/en-US")).unwrap();
    std::fs::write(root.join("kilavuz.yaml"), CONFIG).unwrap();
    for (path, bytes) in files {
        let path = root.join("content/en-US").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    run(dir, &root, deadline)
}

fn run(dir: tempfile::TempDir, root: &Path, deadline: Duration) -> Run {
    let out = dir.path().join("public");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
        .args([
            "build",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > deadline {
            child.kill().unwrap();
            panic!("kilavuz took longer than {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap();
    let code = status
        .code()
        .unwrap_or_else(|| panic!("kilavuz was killed by a signal: {stderr}"));
    assert!(code == 0 || code == 1, "exit {code} (a panic?): {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        code,
        stderr,
        out,
        _dir: dir,
    }
}

const SHORT: Duration = Duration::from_secs(20);

#[test]
fn bom_crlf_only_front_matter_and_empty_files_build() {
    let run = build(
        &[
            (
                "bom.md",
                b"\xef\xbb\xbf---\ntitle: With BOM\n---\n# With BOM\n",
            ),
            (
                "crlf.md",
                b"---\r\ntitle: Crlf\r\n---\r\n# Crlf\r\n\r\n## Sub part\r\n",
            ),
            ("only.md", b"---\ntitle: Only front matter\n---\n"),
            ("empty.md", b""),
        ],
        SHORT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bom = std::fs::read_to_string(run.out.join("en-us/bom/index.html")).unwrap();
    assert!(
        bom.contains("<title>With BOM"),
        "the BOM does not hide the front matter"
    );
    let crlf = std::fs::read_to_string(run.out.join("en-us/crlf/index.html")).unwrap();
    assert!(crlf.contains("<h2 id=\"sub-part\">"), "{crlf}");
    assert!(run.out.join("en-us/only/index.html").is_file());
    assert!(run.out.join("en-us/empty/index.html").is_file());
}

#[test]
fn invalid_utf8_is_an_error_with_its_position() {
    let run = build(&[("bad.md", b"# Title\nok \xff\xfe\n")], SHORT);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/en-US/bad.md:2:4: error[content.encoding]"),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_bombs_deep_nesting_and_duplicate_keys_are_errors() {
    let mut laughs = String::from("---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        laughs.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    laughs.push_str("---\nbody\n");
    let nested = format!(
        "---\nx: {}{}\n---\nbody\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let run = build(
        &[
            ("laughs.md", laughs.as_bytes()),
            ("nested.md", nested.as_bytes()),
            ("dup.md", b"---\ntitle: A\ntitle: B\n---\nbody\n"),
        ],
        SHORT,
    );
    assert_eq!(run.code, 1);
    for expected in [
        "content/en-US/dup.md:3:1: error[front_matter.invalid_yaml]: invalid YAML front matter: duplicate entry with key \"title\"",
        "content/en-US/laughs.md:2: error[front_matter.invalid_yaml]",
        "content/en-US/nested.md:2:",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected}: {}",
            run.stderr
        );
    }
}

#[test]
fn ten_thousand_levels_of_nesting_render() {
    let list = format!("{}x\n", "- ".repeat(10_000));
    let quotes = format!("{} deep\n", ">".repeat(10_000));
    let run = build(
        &[
            ("list.md", list.as_bytes()),
            ("quotes.md", quotes.as_bytes()),
        ],
        SHORT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = std::fs::read_to_string(run.out.join("en-us/list/index.html")).unwrap();
    assert!(list.matches("<ul>").count() >= 10_000);
}

#[test]
fn a_fifty_megabyte_article_builds_and_repeated_problems_are_summed_up() {
    let paragraph =
        "Lorem ipsum dolor sit amet, **consectetur** adipiscing elit. [a link](missing.md)\n\n";
    let big = paragraph.repeat(50 * 1024 * 1024 / paragraph.len() + 1);
    let run = build(&[("big.md", big.as_bytes())], Duration::from_secs(300));
    assert_eq!(run.code, 0, "warnings only");
    assert_eq!(
        run.stderr.matches("warning[links.missing_target]").count(),
        11,
        "ten listed, then one summary"
    );
    assert!(
        run.stderr.contains("more times in this file"),
        "{}",
        run.stderr
    );
}

#[test]
fn file_names_with_spaces_unicode_and_windows_illegal_characters() {
    let run = build(
        &[
            (
                "with space.md",
                b"# Space\n\n[to unicode](m%C3%BC%C5%9Fteri%20%C3%BC.md)\n",
            ),
            ("müşteri ü.md", b"# Unicode\n"),
            ("a<b>.md", b"# Angle\n"),
        ],
        SHORT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[content.file_name]"),
        "{}",
        run.stderr
    );
    let page = std::fs::read_to_string(run.out.join("en-us/with space/index.html")).unwrap();
    assert!(
        page.contains("href=\"/en-us/m%C3%BC%C5%9Fteri%20%C3%BC/\""),
        "{page}"
    );
    assert!(run.out.join("en-us/müşteri ü/index.html").is_file());
}

#[test]
fn two_files_mapping_to_the_same_url_are_an_error() {
    let run = build(
        &[("guide.md", b"# A\n"), ("guide/index.md", b"# B\n")],
        SHORT,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/en-US/guide.md: error[content.duplicate_url]"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_and_loops_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content/en-US");
    std::fs::create_dir_all(content.join("loop")).unwrap();
    std::fs::write(root.join("kilavuz.yaml"), CONFIG).unwrap();
    std::fs::write(content.join("index.md"), "# Home\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", content.join("passwd.md")).unwrap();
    std::os::unix::fs::symlink("..", content.join("loop/up")).unwrap();
    let run = run(dir, &root, SHORT);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/en-US/passwd.md: error[content.outside_root]"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_article_inside_the_root_is_published_like_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content/en-US");
    std::fs::create_dir_all(content.join("guides")).unwrap();
    std::fs::write(root.join("kilavuz.yaml"), CONFIG).unwrap();
    std::fs::write(content.join("index.md"), "# Home\n").unwrap();
    std::fs::write(content.join("guides/hours.md"), "# Support hours\n").unwrap();
    std::os::unix::fs::symlink("guides/hours.md", content.join("hours.md")).unwrap();
    std::os::unix::fs::symlink("guides", content.join("linked")).unwrap();
    let run = run(dir, &root, SHORT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(run.out.join("en-us/hours/index.html")).unwrap();
    assert!(page.contains("Support hours"), "{page}");
    assert!(
        !run.out.join("en-us/linked/hours/index.html").exists(),
        "a linked folder is not walked"
    );
}

#[test]
fn links_and_images_climbing_out_of_the_content_folder_are_refused() {
    let run = build(
        &[(
            "index.md",
            b"# Home\n\n[secret](../../../../etc/passwd) ![x](../../kilavuz.yaml)\n",
        )],
        SHORT,
    );
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    assert_eq!(
        run.stderr.matches("warning[links.outside_root]").count(),
        2,
        "{}",
        run.stderr
    );
    let home = std::fs::read_to_string(run.out.join("en-us/index.html")).unwrap();
    assert!(
        !home.contains("etc/passwd") && !home.contains("kilavuz.yaml"),
        "{home}"
    );
}

#[test]
fn include_cycles_and_include_bombs_end_in_bounded_time() {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "index.md".into(),
            b"# Home\n\n[!INCLUDE [a](includes/a.md)]\n\n[!INCLUDE [bomb](includes/l0.md)]\n"
                .to_vec(),
        ),
        (
            "includes/a.md".into(),
            b"A\n\n[!INCLUDE [b](b.md)]\n".to_vec(),
        ),
        (
            "includes/b.md".into(),
            b"B\n\n[!INCLUDE [a](a.md)]\n".to_vec(),
        ),
    ];
    // Ten includes of the next level, eight levels: 10^8 expansions without a budget.
    for level in 0..9 {
        let text = if level < 8 {
            format!("[!INCLUDE [x](l{}.md)]\n\n", level + 1).repeat(10)
        } else {
            "leaf\n".to_string()
        };
        files.push((format!("includes/l{level}.md"), text.into_bytes()));
    }
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let run = build(&files, SHORT);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "includes/b.md:3:1: warning[markdown.include]: include `a.md` includes itself (a cycle)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("a page may expand at most 500 includes"),
        "{}",
        run.stderr
    );
    let home = std::fs::read_to_string(run.out.join("en-us/index.html")).unwrap();
    assert!(
        home.contains("<p>A</p>") && home.contains("<p>B</p>"),
        "{home}"
    );
    assert!(home.matches("leaf").count() <= 500, "the budget holds");
}

#[cfg(unix)]
#[test]
fn includes_reaching_outside_the_root_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), "TOP-SECRET\n").unwrap();
    let root = dir.path().join("site");
    let content = root.join("content/en-US");
    std::fs::create_dir_all(content.join("includes")).unwrap();
    std::fs::write(root.join("kilavuz.yaml"), CONFIG).unwrap();
    std::fs::write(
        content.join("index.md"),
        "# Home\n\n[!INCLUDE [p](../../etc/passwd)]\n\n[!INCLUDE [p](../../../../../../../../etc/passwd)]\n\n\
         [!INCLUDE [p](/etc/passwd)]\n\n[!INCLUDE [o](../../../outside/secret.md)]\n\n\
         [!INCLUDE [l](includes/link.md)]\n\n[!INCLUDE [d](includes/dir/secret.md)]\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.join("secret.md"), content.join("includes/link.md"))
        .unwrap();
    std::os::unix::fs::symlink(&outside, content.join("includes/dir")).unwrap();
    let run = run(dir, &root, SHORT);
    assert_eq!(
        run.code, 1,
        "symbolic links out of the root are errors: {}",
        run.stderr
    );
    for expected in [
        "content/en-US/index.md:3:1: warning[markdown.include]: include `../../etc/passwd` points outside the content folder",
        "content/en-US/index.md:7:1: warning[markdown.include]: include `/etc/passwd` refers to etc/passwd, which does not exist",
        "content/en-US/index.md:9:1: warning[markdown.include]: include `../../../outside/secret.md` points outside",
        "content/en-US/index.md:11:1: warning[markdown.include]: include `includes/link.md` is a symbolic link to a file outside the content folder",
        "content/en-US/index.md:13:1: warning[markdown.include]: include `includes/dir/secret.md` is a symbolic link to a file outside the content folder",
        "content/en-US/includes/link.md: error[content.outside_root]",
        "content/en-US/includes/dir: error[content.outside_root]",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert!(
        !run.stderr.contains("TOP-SECRET") && !run.stderr.contains("root:x:0"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_content_end_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content/en-US");
    std::fs::create_dir_all(content.join("a/b")).unwrap();
    std::fs::write(root.join("kilavuz.yaml"), CONFIG).unwrap();
    std::fs::write(content.join("index.md"), "# Home\n").unwrap();
    std::os::unix::fs::symlink("self.md", content.join("self.md")).unwrap();
    std::os::unix::fs::symlink("two.md", content.join("one.md")).unwrap();
    std::os::unix::fs::symlink("one.md", content.join("two.md")).unwrap();
    std::os::unix::fs::symlink("../../a", content.join("a/b/up")).unwrap();
    let run = run(dir, &root, SHORT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for name in ["self.md", "one.md", "two.md"] {
        assert!(
            run.stderr
                .contains(&format!("content/en-US/{name}: error[")),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_locale_listed_twice_in_another_case_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for locale in ["en-US", "EN-us"] {
        std::fs::create_dir_all(root.join("content").join(locale)).unwrap();
        std::fs::write(
            root.join("content").join(locale).join("index.md"),
            "# Home\n",
        )
        .unwrap();
    }
    std::fs::write(
        root.join("kilavuz.yaml"),
        "title: T\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n  - {code: EN-us, name: Other}\n",
    )
    .unwrap();
    let run = run(dir, &root, SHORT);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[config.locale]: locale `EN-us` is listed twice"),
        "both would be served at /en-us/: {}",
        run.stderr
    );
}

#[test]
fn a_page_of_one_locale_taking_another_locales_url_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let files = [
        ("en-US/index.md", "# Home\n"),
        ("en-US/guide.md", "# Guide\n"),
        (
            "tr-TR/rehber.md",
            "---\nredirect_from: /en-us/guide/\n---\n# Rehber\n",
        ),
    ];
    for (path, text) in files {
        let path = root.join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::write(
        root.join("kilavuz.yaml"),
        format!("{CONFIG}  - {{code: tr-TR, name: Türkçe}}\n"),
    )
    .unwrap();
    let run = run(dir, &root, SHORT);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/tr-TR/rehber.md:2:1: error[front_matter.redirect_from]: `/en-us/guide/` \
             would replace en-us/guide/index.html"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.out.exists(), "nothing is written");
}
