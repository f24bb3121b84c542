//! Resolving the links of one rendered page: relative `.md` links become the target's pretty URL
//! in the page's locale, assets fall back to the default locale's files, `site_links` map
//! site-relative links, `tree:<id>` and `tree:<id>/<node>` become a decision tree's start page
//! or the first page showing that node, and anything broken becomes a diagnostic.

use super::index::SiteIndex;
use super::sources::page_key;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fs::join_relative;
use crate::markdown::LinkRef;

/// An `#anchor` to verify once every page's headings are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// The page that must have the anchor.
    pub target: usize,
    /// The anchor, without `#`.
    pub fragment: String,
    /// 1-based line of the link.
    pub line: usize,
    /// 1-based column of the link.
    pub col: usize,
}

/// An http(s) link an article writes, where it writes it; `check --external` asks for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    /// The URL without its `#fragment`.
    pub url: String,
    /// The file that writes it (the page, or one of its includes).
    pub file: std::path::PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// Resolves links of one page; collects diagnostics and anchors to check.
pub struct Resolver<'a> {
    /// The site configuration.
    pub config: &'a Config,
    /// The site index.
    pub index: &'a SiteIndex,
    /// The decision trees, for `tree:` links.
    pub trees: &'a [crate::trees::Tree],
    /// The page being rendered.
    pub page: usize,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Anchors to verify later.
    pub anchors: Vec<AnchorCheck>,
    /// http(s) links, for `check --external`.
    pub external: Vec<ExternalLink>,
    /// The local file the last resolved link points at, when it is an asset.
    pub last_asset: Option<std::path::PathBuf>,
}

impl crate::markdown::LinkResolver for Resolver<'_> {
    fn resolve(&mut self, link: &LinkRef<'_>) -> Option<String> {
        Resolver::resolve(self, link)
    }

    fn image_size(&mut self) -> Option<(u32, u32)> {
        super::images::size(&self.last_asset.take()?)
    }
}

impl Resolver<'_> {
    /// Resolves one link; `None` keeps it as written.
    pub fn resolve(&mut self, link: &LinkRef<'_>) -> Option<String> {
        self.last_asset = None;
        let href = link.href.trim();
        if href.starts_with("https://") || href.starts_with("http://") {
            self.external.push(ExternalLink {
                url: href.split('#').next().unwrap_or(href).to_string(),
                file: link.file.to_path_buf(),
                line: link.line,
                col: link.col,
            });
        }
        if let Some(target) = href.strip_prefix("tree:") {
            return Some(self.tree_link(target, href, link));
        }
        if href.is_empty() || has_scheme(href) || href.starts_with("//") {
            return None;
        }
        if let Some(fragment) = href.strip_prefix('#') {
            self.check_anchor(self.page, fragment, link);
            return None;
        }
        if href.starts_with('/') {
            return self.site_relative(href, link);
        }
        let (path, suffix) = split_suffix(href);
        let path = percent_decode(path);
        let Some(rel) = join_relative(link.dir, &path) else {
            self.report(
                "links.outside_root",
                link,
                format!("`{href}` points outside the locale's content folder"),
                "link only to files inside the site",
            );
            return Some("#".to_string());
        };
        if page_key(&rel).is_some() || rel.is_empty() || path.ends_with('/') {
            self.page_link(&rel, suffix, href, link)
        } else {
            self.asset_link(&rel, suffix, href, link)
        }
    }

    /// `tree:<id>` (the start page) or `tree:<id>/<node>` (the first page showing the node),
    /// in the page's locale.
    fn tree_link(&mut self, target: &str, href: &str, link: &LinkRef<'_>) -> String {
        let (target, suffix) = split_suffix(target);
        let (id, node) = target.split_once('/').unwrap_or((target, ""));
        let tree = self.trees.iter().find(|t| t.id == id);
        let page = tree.and_then(|t| match node {
            "" => t.pages.first(),
            node => super::trees::node_page(t, node),
        });
        let (Some(tree), Some(page)) = (tree, page) else {
            self.report(
                "links.missing_target",
                link,
                format!(
                    "`{href}` names no published decision tree or no question or outcome of it"
                ),
                "use `tree:<file name>` or `tree:<file name>/<question or outcome id>`",
            );
            return "#".to_string();
        };
        let slug = &self.config.locales[self.index.pages[self.page].locale].slug;
        let path = super::trees::page_path(tree, page);
        format!(
            "{}{suffix}",
            page_url(self.config, &format!("{slug}/{path}"))
        )
    }

    fn page_link(
        &mut self,
        rel: &str,
        suffix: &str,
        href: &str,
        link: &LinkRef<'_>,
    ) -> Option<String> {
        let locale = self.index.pages[self.page].locale;
        let key = match page_key(rel) {
            Some(key) => key.to_string(),
            None if rel.is_empty() => "index".to_string(),
            None => format!("{}/index", rel.trim_end_matches('/')),
        };
        let target = self
            .index
            .lookup(locale, &key)
            .or_else(|| self.index.lookup(self.config.default_locale, &key));
        let Some(target) = target else {
            self.report(
                "links.missing_target",
                link,
                format!("`{href}` links to {rel}, which does not exist"),
                "fix the path (it is relative to this file) or create the article",
            );
            return None;
        };
        if let Some(fragment) = suffix.strip_prefix('#') {
            self.check_anchor(target, fragment, link);
        }
        Some(format!(
            "{}{}",
            page_url(self.config, &self.index.pages[target].url),
            suffix
        ))
    }

    fn asset_link(
        &mut self,
        rel: &str,
        suffix: &str,
        href: &str,
        link: &LinkRef<'_>,
    ) -> Option<String> {
        let locale = self.index.pages[self.page].locale;
        let default = self.config.default_locale;
        let owner = [locale, default]
            .into_iter()
            .find(|&l| self.index.has_asset(l, rel));
        let Some(owner) = owner else {
            if self.is_folder(rel) {
                return self.page_link(&format!("{rel}/"), suffix, href, link);
            }
            self.report(
                "links.missing_file",
                link,
                format!("`{href}` refers to {rel}, which does not exist"),
                "fix the path (it is relative to this file) or add the file",
            );
            return None;
        };
        self.last_asset = Some(self.config.locales[owner].content_dir.join(rel));
        let url = format!("{}/{}", self.config.locales[owner].slug, rel);
        Some(format!("{}{}", page_url(self.config, &url), suffix))
    }

    /// Whether `rel` is a folder with a page in this locale or the default one (`../billing`).
    fn is_folder(&self, rel: &str) -> bool {
        let key = format!("{rel}/index");
        let locale = self.index.pages[self.page].locale;
        [locale, self.config.default_locale]
            .into_iter()
            .any(|l| self.index.lookup(l, &key).is_some())
    }

    fn site_relative(&mut self, href: &str, link: &LinkRef<'_>) -> Option<String> {
        let url = site_relative_url(self.config, self.index.pages[self.page].locale, href);
        if url.is_none() {
            self.report(
                "links.unmapped_site_relative",
                link,
                format!("`{href}` is a site-relative link that no `site_links` entry maps"),
                "add a `site_links` prefix for it in kilavuz.yaml, or use a relative or full URL",
            );
        }
        url
    }

    fn check_anchor(&mut self, target: usize, fragment: &str, link: &LinkRef<'_>) {
        if fragment.is_empty() {
            return;
        }
        self.anchors.push(AnchorCheck {
            target,
            fragment: percent_decode(fragment),
            line: link.line,
            col: link.col,
        });
    }

    fn report(&mut self, code: &'static str, link: &LinkRef<'_>, message: String, hint: &str) {
        self.diagnostics.push(
            Diagnostic::warning(code, link.file, message)
                .at(link.line, link.col)
                .hint(hint),
        );
    }
}

/// A site-relative link (`/azure/…`) mapped through `site_links` for `locale`, if one matches.
pub fn site_relative_url(config: &Config, locale: usize, href: &str) -> Option<String> {
    let slug = &config.locales[locale].slug;
    config.site_links.iter().find_map(|(prefix, target)| {
        let rest = href.strip_prefix(prefix.as_str())?;
        let base = target.replace("{locale}", slug);
        Some(format!(
            "{base}{}",
            rest.strip_suffix(".md").unwrap_or(rest)
        ))
    })
}

/// The URL of a site path (relative to the base URL), base path included and percent-encoded.
pub fn page_url(config: &Config, path: &str) -> String {
    let mut url = String::with_capacity(config.base_url.path.len() + path.len());
    url.push_str(&config.base_url.path);
    push_encoded(&mut url, path);
    url
}

/// The absolute URL of a site path, or the path when the site has no absolute base URL.
pub fn absolute_url(config: &Config, path: &str) -> String {
    if config.base_url.absolute.is_empty() {
        page_url(config, path)
    } else {
        let mut url = String::with_capacity(config.base_url.absolute.len() + path.len());
        url.push_str(&config.base_url.absolute);
        push_encoded(&mut url, path);
        url
    }
}

fn has_scheme(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits `path?query#fragment` into the path and the rest.
fn split_suffix(href: &str) -> (&str, &str) {
    let at = href.find(['?', '#']).unwrap_or(href.len());
    href.split_at(at)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Percent-encodes a path for use in an href, keeping `/` and unreserved characters.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded(&mut out, path);
    out
}

/// Appends `path` percent-encoded, as [`encode_path`] returns it.
fn push_encoded(out: &mut String, path: &str) {
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(plain) {
        out.push_str(path);
        return;
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in path.bytes() {
        if plain(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_suffixes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a.md#x:y"));
        assert_eq!(split_suffix("a.md#b?c"), ("a.md", "#b?c"));
    }

    #[test]
    fn percent_coding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(
            encode_path("tr-tr/müşteri hizmetleri/"),
            "tr-tr/m%C3%BC%C5%9Fteri%20hizmetleri/"
        );
    }
}
