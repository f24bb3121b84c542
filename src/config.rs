//! The site configuration: `kilavuz.yaml` read into a raw form, then resolved into [`Config`].
//!
//! The raw form mirrors the file (unknown keys are errors); the resolved form holds computed
//! values (locale URL segments, content folders, the base URL's path) that the rest of the
//! pipeline uses without re-deriving them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Level};
use crate::error::{Error, Result};
use crate::schema::JsonSchema;

/// The configuration file's name in a site root.
pub const FILE_NAME: &str = "kilavuz.yaml";

/// Display text that is either the same in every locale or given per locale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum LocalizedText {
    /// One text for every locale.
    Same(String),
    /// Text per locale code; missing locales fall back to the default locale.
    PerLocale(BTreeMap<String, String>),
}

impl LocalizedText {
    /// The text for `locale`, falling back to `default_locale`, then to any text at all.
    pub fn get<'a>(&'a self, locale: &str, default_locale: &str) -> &'a str {
        match self {
            Self::Same(text) => text,
            Self::PerLocale(map) => map
                .get(locale)
                .or_else(|| map.get(default_locale))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }
}

/// `kilavuz.yaml` as written: the site's configuration.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kilavuz.yaml")]
pub(crate) struct RawConfig {
    /// The site's title: one text, or a text per locale code.
    title: LocalizedText,
    /// The site's description (meta description, feeds).
    #[serde(default)]
    description: Option<LocalizedText>,
    /// Where the site is published, e.g. `https://support.example.org/docs/` or `/docs/`.
    #[serde(default)]
    base_url: Option<String>,
    /// The code of the locale every other locale translates from.
    default_locale: String,
    /// The site's locales, in the order the language menu lists them.
    locales: Vec<RawLocale>,
    /// Site-relative link prefixes mapped to URL templates (`{locale}` is replaced).
    #[serde(default)]
    site_links: BTreeMap<String, String>,
    /// Whether a page missing in a locale is published there with the default locale's text.
    #[serde(default = "yes")]
    fallback_pages: bool,
    /// Severity per diagnostic code: `error`, `warn` or `off`.
    #[serde(default)]
    diagnostics: BTreeMap<String, Level>,
    /// Whether `build` puts a content hash in css/js file names.
    #[serde(default = "yes")]
    fingerprint: bool,
    /// Whether `build` minifies HTML.
    #[serde(default)]
    minify: bool,
    #[serde(default)]
    search: RawSearch,
    #[serde(default = "stale_after_days")]
    stale_after_days: u32,
    /// Where writers edit the sources: an https URL that a page's source path (from the site
    /// root, e.g. `content/en-US/guide.md`) is appended to for its "Edit this page" link, e.g.
    /// `https://github.com/contoso/support-docs/edit/main/`.
    #[serde(default)]
    edit_url: Option<String>,
}

fn stale_after_days() -> u32 {
    365
}

/// `search:` in kilavuz.yaml.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    exclude: Vec<String>,
    /// Per locale code, groups of words that mean the same (`[cancel, terminate]`): a query
    /// for one also finds the others.
    #[serde(default)]
    synonyms: BTreeMap<String, Vec<Vec<String>>>,
}

fn yes() -> bool {
    true
}

/// One locale of the site.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    /// BCP 47 tag, e.g. `tr-TR`; also the content folder's name.
    code: String,
    /// The language's own name, e.g. `Türkçe`.
    name: String,
    /// Text direction; derived from the language when absent (ar, he, fa, ur are rtl).
    #[serde(default)]
    dir: Option<Direction>,
    /// The folder holding this locale's articles (default `content/<code>`).
    #[serde(default)]
    content_dir: Option<PathBuf>,
}

/// Text direction of a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, Urdu).
    Rtl,
}

/// One configured locale, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// The BCP 47 tag as written in the config, e.g. `tr-TR`.
    pub code: String,
    /// The language's own name, e.g. `Türkçe`.
    pub name: String,
    /// Text direction.
    pub dir: Direction,
    /// The URL segment: the code in lower case, e.g. `tr-tr`.
    pub slug: String,
    /// The primary language subtag in lower case, e.g. `tr`.
    pub language: String,
    /// The folder holding this locale's articles.
    pub content_dir: PathBuf,
}

/// The site's base URL, split into the absolute form and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme, host and path, ending with `/` (e.g. `https://example.org/docs/`); empty when the
    /// site has no absolute URL.
    pub absolute: String,
    /// The path part, starting and ending with `/` (e.g. `/docs/`).
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host/sub/path` or a bare `/sub/path/`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (origin, path) = if let Some(rest) = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
        {
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 || rest[..host_end].contains(['?', '#', ' ']) {
                return None;
            }
            let scheme_len = text.len() - rest.len();
            (&text[..scheme_len + host_end], &rest[host_end..])
        } else if text.starts_with('/') {
            ("", text)
        } else {
            return None;
        };
        if path.contains(['?', '#', ' ', '\\']) || path.split('/').any(|s| s == "..") {
            return None;
        }
        let mut path = path.trim_end_matches('/').to_string();
        path.push('/');
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        let absolute = if origin.is_empty() {
            String::new()
        } else {
            format!("{origin}{path}")
        };
        Some(Self { absolute, path })
    }
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (absolute).
    pub root: PathBuf,
    /// The site's title.
    pub title: LocalizedText,
    /// The site's description.
    pub description: Option<LocalizedText>,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// Index of the default locale in `locales`.
    pub default_locale: usize,
    /// Configured locales, in the config's order.
    pub locales: Vec<Locale>,
    /// Site-relative link prefixes mapped to URL templates (`{locale}` is replaced), longest
    /// prefix first.
    pub site_links: Vec<(String, String)>,
    /// Whether a page missing in a locale is published there with the default locale's text.
    pub fallback_pages: bool,
    /// Severity overrides per diagnostic code (`links.missing_anchor: warn`).
    pub levels: BTreeMap<String, Level>,
    /// Whether `build` puts a content hash in css/js file names and rewrites references.
    pub fingerprint: bool,
    /// Whether `build` minifies HTML.
    pub minify: bool,
    /// Pages kept out of the search index: path prefixes or globs over a page's path inside
    /// its locale (`internal/`, `**/draft-*`), from `search: {exclude: […]}`.
    pub search_exclude: Vec<String>,
    /// Search synonyms by locale code, from `search: {synonyms: {tr-TR: [[iptal, fesih]]}}`.
    pub search_synonyms: BTreeMap<String, crate::search::Synonyms>,
    /// Support data reviewed or verified longer ago than this many days gets a warning.
    pub stale_after_days: u32,
    /// The prefix of "Edit this page" links (ends with `/`), from `edit_url`.
    pub edit_url: Option<String>,
}

impl Config {
    /// The default locale.
    pub fn default_locale(&self) -> &Locale {
        &self.locales[self.default_locale]
    }

    /// The configuration file's path.
    pub fn file(&self) -> PathBuf {
        self.root.join(FILE_NAME)
    }
}

/// Options from the command line that override the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
}

/// Reads and resolves `kilavuz.yaml` in `root`.
///
/// A missing file is an [`Error`]; a file with mistakes yields every diagnostic found, its path
/// relative to the site root like every other diagnostic.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Result<Config, Vec<Diagnostic>>> {
    let root = crate::fs::canonicalize(root)?;
    let loaded = read(root.clone(), overrides)?;
    Ok(loaded.map_err(|diags| diags.into_iter().map(|d| d.relative_to(&root)).collect()))
}

fn read(root: PathBuf, overrides: &Overrides) -> Result<Result<Config, Vec<Diagnostic>>> {
    let file = root.join(FILE_NAME);
    if !file.is_file() {
        return Err(Error::Usage(format!(
            "{} has no {FILE_NAME}: run kilavuz in a site root, pass the root as an argument, \
             or create one with `kilavuz init`",
            root.display()
        )));
    }
    let bytes = crate::fs::read(&file)?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Err(vec![
            Diagnostic::error(
                "config.encoding",
                &file,
                "the configuration is not valid UTF-8",
            )
            .hint("save kilavuz.yaml as UTF-8"),
        ]));
    };
    let raw: RawConfig = match crate::yaml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            return Ok(Err(vec![
                Diagnostic::error("config.invalid", &file, e.message)
                    .at(e.line, e.col)
                    .hint("see the configuration reference (docs/content/en-US/configuration.md), or kilavuz schema kilavuz"),
            ]));
        }
    };
    Ok(resolve(root, &text, raw, overrides))
}

fn resolve(
    root: PathBuf,
    text: &str,
    raw: RawConfig,
    overrides: &Overrides,
) -> Result<Config, Vec<Diagnostic>> {
    let file = root.join(FILE_NAME);
    let mut problems = Vec::new();
    let line_of = |key: &str| key_line(text, key);

    let base_url_text = overrides
        .base_url
        .clone()
        .or(raw.base_url)
        .unwrap_or_else(|| "/".to_string());
    let base_url = BaseUrl::parse(&base_url_text).unwrap_or_else(|| {
        problems.push(
            Diagnostic::error(
                "config.base_url",
                &file,
                format!("base_url `{base_url_text}` is not an http(s) URL or an absolute path"),
            )
            .at(line_of("base_url"), 1)
            .hint("write it like https://support.example.org/docs/"),
        );
        BaseUrl::parse("/").expect("`/` is a valid base path")
    });

    let edit_url = raw.edit_url.filter(|url| {
        let plain = url.starts_with("https://")
            && url.len() > "https://".len()
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c));
        if !plain {
            problems.push(
                Diagnostic::error(
                    "config.edit_url",
                    &file,
                    format!("edit_url `{url}` is not a plain https URL"),
                )
                .at(line_of("edit_url"), 1)
                .hint("write the prefix of your repository's edit links, e.g. https://github.com/contoso/docs/edit/main/"),
            );
        }
        plain
    });
    let edit_url = edit_url.map(|url| {
        if url.ends_with('/') {
            url
        } else {
            format!("{url}/")
        }
    });

    let mut locales: Vec<Locale> = Vec::new();
    for raw_locale in raw.locales {
        if !is_language_tag(&raw_locale.code) {
            problems.push(
                Diagnostic::error(
                    "config.locale",
                    &file,
                    format!("`{}` is not a BCP 47 language tag", raw_locale.code),
                )
                .at(line_of("locales"), 1)
                .hint("use tags like en-US, tr-TR or ar-SA"),
            );
            continue;
        }
        if locales
            .iter()
            .any(|l| l.code.eq_ignore_ascii_case(&raw_locale.code))
        {
            problems.push(
                Diagnostic::error(
                    "config.locale",
                    &file,
                    format!("locale `{}` is listed twice", raw_locale.code),
                )
                .at(line_of("locales"), 1),
            );
            continue;
        }
        locales.push(resolve_locale(&root, raw_locale));
    }
    let default_locale = locales.iter().position(|l| l.code == raw.default_locale);
    if default_locale.is_none() {
        problems.push(
            Diagnostic::error(
                "config.default_locale",
                &file,
                format!(
                    "default_locale `{}` is not one of the configured locales",
                    raw.default_locale
                ),
            )
            .at(line_of("default_locale"), 1)
            .hint("add it under `locales:` or pick one of the listed codes"),
        );
    }

    let mut site_links: Vec<(String, String)> = raw.site_links.into_iter().collect();
    for (prefix, _) in &site_links {
        if !prefix.starts_with('/') {
            problems.push(
                Diagnostic::error(
                    "config.site_links",
                    &file,
                    format!("site_links key `{prefix}` must start with `/`"),
                )
                .at(line_of("site_links"), 1),
            );
        }
    }
    site_links.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    for code in raw
        .diagnostics
        .keys()
        .filter(|c| !crate::diagnostics::is_code(c))
    {
        problems.push(
            Diagnostic::error(
                "config.diagnostics",
                &file,
                format!("`{code}` is not a diagnostic code"),
            )
            .at(line_of("diagnostics"), 1)
            .hint("codes look like `links.missing_anchor`; each printed diagnostic shows its code"),
        );
    }

    let mut search_synonyms = BTreeMap::new();
    for (code, groups) in &raw.search.synonyms {
        let line = synonyms_line(text, code);
        let Some(locale) = locales.iter().find(|l| &l.code == code) else {
            problems.push(
                Diagnostic::error(
                    "config.search",
                    &file,
                    format!(
                        "search synonyms for `{code}`, which is not one of the configured locales"
                    ),
                )
                .at(line, 1)
                .hint("key the groups by a code listed under `locales:`"),
            );
            continue;
        };
        match crate::search::synonyms(groups, &locale.language) {
            Ok(synonyms) => {
                search_synonyms.insert(code.clone(), synonyms);
            }
            Err(e) => problems.push(
                Diagnostic::error(
                    "config.search",
                    &file,
                    format!("search synonyms for `{code}`: {e}"),
                )
                .at(line, 1)
                .hint("write each group as a list of single words, e.g. `- [cancel, terminate]`"),
            ),
        }
    }

    match default_locale {
        Some(default_locale) if problems.is_empty() => Ok(Config {
            root,
            title: raw.title,
            description: raw.description,
            base_url,
            default_locale,
            locales,
            site_links,
            fallback_pages: raw.fallback_pages,
            levels: raw.diagnostics,
            fingerprint: raw.fingerprint,
            minify: raw.minify,
            search_exclude: raw.search.exclude,
            search_synonyms,
            stale_after_days: raw.stale_after_days,
            edit_url,
        }),
        _ => Err(problems),
    }
}

fn resolve_locale(root: &Path, raw: RawLocale) -> Locale {
    let language = raw
        .code
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let dir = raw.dir.unwrap_or(match language.as_str() {
        "ar" | "he" | "fa" | "ur" => Direction::Rtl,
        _ => Direction::Ltr,
    });
    let content_dir = root.join(
        raw.content_dir
            .unwrap_or_else(|| Path::new("content").join(&raw.code)),
    );
    let content_dir = crate::fs::canonicalize(&content_dir).unwrap_or(content_dir);
    Locale {
        slug: raw.code.to_ascii_lowercase(),
        code: raw.code,
        name: raw.name,
        dir,
        language,
        content_dir,
    }
}

fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The line of `code:` under `synonyms:` (or of `synonyms:` itself), for diagnostics.
fn synonyms_line(text: &str, code: &str) -> usize {
    let mut lines = text.lines().enumerate();
    let Some((at, _)) = lines
        .by_ref()
        .find(|(_, l)| l.trim_start().starts_with("synonyms:"))
    else {
        return 0;
    };
    lines
        .find(|(_, l)| {
            let l = l.trim_start().trim_start_matches(['"', '\'']);
            l.strip_prefix(code).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map_or(at + 1, |(i, _)| i + 1)
}

/// The 1-based line where a top-level `key:` starts, or 0.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_sub_path() {
        let b = BaseUrl::parse("https://example.org/docs").unwrap();
        assert_eq!(b.absolute, "https://example.org/docs/");
        assert_eq!(b.path, "/docs/");
        let b = BaseUrl::parse("https://example.org").unwrap();
        assert_eq!(b.path, "/");
        assert_eq!(BaseUrl::parse("/").unwrap().absolute, "");
        assert!(BaseUrl::parse("example.org").is_none());
        assert!(BaseUrl::parse("https://example.org/../x").is_none());
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en-US"));
        assert!(is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag("english"));
        assert!(!is_language_tag("en_US"));
        assert!(!is_language_tag("../x"));
    }

    #[test]
    fn localized_text_falls_back_to_default_locale() {
        let t: LocalizedText = crate::yaml::from_str("{en-US: Hello, tr-TR: Merhaba}").unwrap();
        assert_eq!(t.get("tr-TR", "en-US"), "Merhaba");
        assert_eq!(t.get("de-DE", "en-US"), "Hello");
    }
}
