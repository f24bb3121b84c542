//! The bodies of the fuzz targets, one function per target taking the raw input, shared with
//! the regression test that replays the kept crashers (`tests/fuzz_regressions.rs` includes
//! this file), so a fixed crash stays fixed under `cargo test`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kilavuz::config::{self, Config, Overrides};
use kilavuz::content::front_matter;
use kilavuz::markdown::{self, AlertTitles, IdStyle, LinkRef, RenderInput};
use kilavuz::search::{normalize, sections, tokenize};
use kilavuz::trees::{self, Catalog};

/// The front matter splitter and the YAML reader behind it, on any text.
pub fn front_matter(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let text = text.trim_start_matches('\u{feff}');
    if let Ok(split) = front_matter::split(text)
        && let Some(yaml) = split.yaml
    {
        let mut diagnostics = Vec::new();
        front_matter::parse(yaml, split.yaml_line, Path::new("a.md"), &mut diagnostics);
    }
}

const INCLUDES: [(&str, &str); 5] = [
    (
        "includes/a.md",
        "A [!INCLUDE [b](b.md)] and\n\n[!INCLUDE [b](b.md)]\n",
    ),
    ("includes/b.md", "> [!NOTE]\n> B [!INCLUDE [a](a.md)]\n"),
    ("includes/self.md", "# Self\n\n[!INCLUDE [self](self.md)]\n"),
    (
        "includes/fan.md",
        "[!INCLUDE [a](a.md)] [!INCLUDE [a](a.md)] [!INCLUDE [fan](fan.md)]\n",
    ),
    (
        "includes/tabs.md",
        "# [One](#tab/one)\n\nx\n\n# [Two](#tab/two)\n\ny\n\n---\n",
    ),
];

/// A content folder with the includes, kept for the whole run.
fn content() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static DIR: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in INCLUDES {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let dirs = vec![dir.path().to_path_buf()];
        (dir, dirs)
    })
}

/// The markdown pipeline with every DocFX extension: directives, includes (read from a small
/// content folder on disk that holds a cycle, a self-include and a fan-out), tabs, headings,
/// alerts, links and the leak check; then the same text as a translation of the first.
pub fn markdown(bytes: &[u8]) {
    let Ok(body) = std::str::from_utf8(bytes) else {
        return;
    };
    let nested = body.len() % 2 == 1;
    let (dir, content_dirs) = content();
    let file = dir
        .path()
        .join(if nested { "guide/page.md" } else { "page.md" });
    let titles = AlertTitles::default();
    let input = RenderInput {
        body,
        body_line: 1,
        language: "tr",
        ids: IdStyle::GitHub,
        source_headings: None,
        file: &file,
        dir: if nested { "guide" } else { "" },
        content_dirs,
        alert_titles: &titles,
    };
    let mut resolver = |link: &LinkRef<'_>| {
        link.href
            .ends_with(".md")
            .then(|| format!("/x/{}", link.href))
    };
    let first = markdown::render(&input, &mut resolver);
    let translated = RenderInput {
        source_headings: Some(&first.headings),
        language: "en",
        file: Path::new("other.md"),
        ..input
    };
    markdown::render(&translated, &mut resolver);
}

const CONFIG: &str = "title: Fuzz\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n  - {code: tr-TR, name: Türkçe}\n";

/// Where fuzzed support data goes: (kind folder, file name).
const DATA_TARGETS: [(&str, &str); 8] = [
    ("offerings", "zz-fuzz.yaml"),
    ("offerings", "contoso-standard.yaml"),
    ("offerings", "contoso-premium.yaml"),
    ("calendars", "zz-fuzz.yaml"),
    ("calendars", "us-business.yaml"),
    ("severities", "zz-fuzz.yaml"),
    ("severities", "microsoft-abc.yaml"),
    ("providers", "contoso.yaml"),
];

struct Site {
    _dir: tempfile::TempDir,
    data: PathBuf,
    example: PathBuf,
    config: Config,
}

/// A site holding a copy of the example site's support data, kept for the whole run.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let example = [here.join("content/data"), here.join("../content/data")]
            .into_iter()
            .find(|p| p.is_dir())
            .expect("the example site's support data");
        let data = dir.path().join("content/data");
        for kind in ["offerings", "calendars", "severities", "providers"] {
            std::fs::create_dir_all(data.join(kind)).unwrap();
        }
        restore(&example, &data);
        std::fs::create_dir_all(dir.path().join("content/en-US")).unwrap();
        std::fs::write(dir.path().join("kilavuz.yaml"), CONFIG).unwrap();
        let config = config::load(dir.path(), &Overrides::default())
            .unwrap()
            .unwrap();
        Site {
            _dir: dir,
            data,
            example,
            config,
        }
    })
}

/// Puts the example files back as they were.
fn restore(example: &Path, data: &Path) {
    for (kind, name) in DATA_TARGETS {
        let to = data.join(kind).join(name);
        match std::fs::read(example.join(kind).join(name)) {
            Ok(bytes) => std::fs::write(to, bytes).unwrap(),
            Err(_) => {
                let _ = std::fs::remove_file(to);
            }
        }
    }
}

/// The support data loader (providers, calendars, severities, offerings with `extends`): the
/// first byte picks the kind and whether the rest replaces one of the example site's files or
/// is added next to them, so references, merges and validation all run.
pub fn data(bytes: &[u8]) {
    let Some((&pick, text)) = bytes.split_first() else {
        return;
    };
    let site = site();
    let (kind, name) = DATA_TARGETS[usize::from(pick) % DATA_TARGETS.len()];
    std::fs::write(site.data.join(kind).join(name), text).unwrap();
    let mut diagnostics = Vec::new();
    kilavuz::data::load(&site.config, &mut diagnostics);
    restore(&site.example, &site.data);
}

/// Offerings `standard` and `premium` (partner, severities a/b/c, channels phone/email) and
/// `vendor` (upstream, severities a/b).
struct Stub;

impl Catalog for Stub {
    fn has_offering(&self, offering: &str) -> bool {
        matches!(offering, "standard" | "premium" | "vendor")
    }
    fn is_partner_offering(&self, offering: &str) -> bool {
        offering != "vendor"
    }
    fn has_severity(&self, offering: &str, severity: &str) -> bool {
        matches!(severity, "a" | "b") || (offering != "vendor" && severity == "c")
    }
    fn has_channel(&self, _: &str, channel: &str) -> bool {
        matches!(channel, "phone" | "email")
    }
}

/// The escalation tree loader (parse, graph checks, unfolding every answer path) and its
/// diagram, on any bytes written to a tree file.
pub fn trees(bytes: &[u8]) {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::fs::write(dir.path().join("get-help.yaml"), bytes).unwrap();
    let locales = ["en-US".to_string(), "tr-TR".to_string()];
    let mut diagnostics = Vec::new();
    for tree in trees::load(dir.path(), &locales, &Stub, &mut diagnostics) {
        trees::diagram::svg(&tree.def, "Tree", "tr-TR", "en-US");
    }
}

const LANGUAGES: [&str; 5] = ["en", "tr", "el", "ja", "ar"];

/// The search normalizer and tokenizer for page text and queries, in languages whose
/// lower-casing differs (Turkish dotted/dotless i, Greek final sigma), and the HTML text
/// extractor: the first byte picks the language.
pub fn search(bytes: &[u8]) {
    let Some((&pick, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let language = LANGUAGES[usize::from(pick) % LANGUAGES.len()];
    for token in tokenize::tokens(text, language) {
        assert!(!token.term.is_empty());
        assert_eq!(
            normalize::fold(&token.term),
            token.term,
            "folding is idempotent"
        );
    }
    tokenize::query_terms(text, language);
    sections(text);
}
