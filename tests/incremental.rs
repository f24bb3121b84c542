//! Incremental rebuilds (what `kilavuz serve` does after an article edit) must equal a full
//! build: same files, same bytes, same diagnostics.

mod common;

use std::path::{Path, PathBuf};

use kilavuz::config::{self, Overrides};
use kilavuz::site::{self, BuildOptions, Model};

/// What `kilavuz serve` builds with: the model keeps what its updates reuse.
fn serve_options() -> BuildOptions {
    BuildOptions {
        incremental: true,
        ..BuildOptions::default()
    }
}

fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&from, &root);
    (dir, root)
}

fn config(root: &Path) -> config::Config {
    config::load(root, &Overrides::default()).unwrap().unwrap()
}

/// Edits `rel` to `text`, updates `model`, and checks the result against a fresh full build.
fn edit_and_compare(model: &mut Model, root: &Path, rel: &str, text: &str, incremental: bool) {
    let path = root.join(rel);
    std::fs::write(&path, text).unwrap();
    let path = std::fs::canonicalize(&path).unwrap();
    assert_eq!(
        model.update_articles(&[path]),
        incremental,
        "{rel}: incremental update expected: {incremental}"
    );
    if !incremental {
        *model = Model::build(&config(root), &serve_options());
    }
    let updated = model.built();
    let fresh = site::build(&config(root), &BuildOptions::default());
    assert_eq!(
        updated.diagnostics, fresh.diagnostics,
        "{rel}: diagnostics differ"
    );
    let paths = |b: &site::Built| b.output.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&updated), paths(&fresh), "{rel}: file lists differ");
    for (file, bytes) in &fresh.output.files {
        assert!(
            updated.output.files[file] == *bytes,
            "{rel}: {file} differs from a full build"
        );
    }
}

#[test]
fn article_edits_rebuild_incrementally_and_equal_a_full_build() {
    let (_dir, root) = copy_fixture("i18n/site");
    let mut model = Model::build(&config(&root), &serve_options());

    // A default-locale article whose translation inherits its heading ids and which fallback
    // pages show in two locales: rename a heading, drop the anchor another page links to.
    edit_and_compare(
        &mut model,
        &root,
        "content/en-US/guide/hours.md",
        "---\ntitle: Service hours\ndate: 2021-01-10\n---\n# Service hours\n\n## Opening hours\n\nNew text.\n\n## Holidays\n",
        true,
    );
    // Its anchor back; the body of the translation that links to it.
    edit_and_compare(
        &mut model,
        &root,
        "content/en-US/guide/hours.md",
        "---\ntitle: Service hours\ndate: 2021-01-10\n---\n# Service hours\n\n## <a name=\"opening-times\"></a>Opening times\n\n## Holidays\n",
        true,
    );
    edit_and_compare(
        &mut model,
        &root,
        "content/tr-TR/guide/setup.md",
        "---\ntitle: Hesabınızı kurun\nms.date: 01/02/2021\nms.translationtype: MT\nms.contentlocale: tr-TR\n---\n# Hesabınızı kurun\n\n## Kurulum\n\nYeni metin, [saatler](hours.md#opening-times) ve [yok](missing.md).\n\n## Oturum açma\n",
        true,
    );
    // A title change shows in navigation and listings: a full build.
    edit_and_compare(
        &mut model,
        &root,
        "content/en-US/guide/hours.md",
        "---\ntitle: Support hours\ndate: 2021-01-10\n---\n# Support hours\n\n## Holidays\n",
        false,
    );
}

#[test]
fn an_edit_introducing_a_yaml_error_is_not_taken_incrementally() {
    let (_dir, root) = copy_fixture("i18n/site");
    let mut model = Model::build(&config(&root), &serve_options());
    edit_and_compare(
        &mut model,
        &root,
        "content/en-US/guide/setup.md",
        "---\ntitle: [broken\n---\n# Set up\n",
        false,
    );
}

#[test]
fn a_template_change_renders_again_without_markdown_and_equals_a_full_build() {
    let (_dir, root) = copy_fixture("i18n/site");
    let mut model = Model::build(&config(&root), &serve_options());
    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    std::fs::write(
        root.join("templates/partials/footer.html"),
        "<footer class=\"site-footer\">Changed footer</footer>\n",
    )
    .unwrap();
    assert!(model.update_templates());
    let updated = model.built();
    let fresh = site::build(&config(&root), &BuildOptions::default());
    assert_eq!(updated.diagnostics, fresh.diagnostics);
    assert_eq!(updated.output, fresh.output);
    let page = &updated.output.files["en-us/guide/setup/index.html"];
    assert!(String::from_utf8_lossy(page).contains("Changed footer"));

    std::fs::write(root.join("templates/partials/footer.html"), "{% if %}\n").unwrap();
    assert!(
        !model.update_templates(),
        "a broken template leaves it to a full build"
    );
}
