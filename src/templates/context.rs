//! Typed template contexts: what every template may read, documented in one place.
//!
//! Every field is always present (absent values are `null`), so templates can test them with
//! `{% if … %}` without tripping Tera's undefined-variable errors.

use serde::Serialize;

use crate::config::Direction;
use crate::i18n::Strings;

/// One locale as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleCtx {
    /// BCP 47 tag, e.g. `tr-TR`.
    pub code: String,
    /// The language's own name.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: Direction,
    /// URL of the locale's home page.
    pub home_url: String,
}

/// Site-wide values.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    /// The site's title in the page's locale.
    pub title: String,
    /// The absolute base URL, ending with `/` (empty when the site has none).
    pub base_url: String,
    /// The base URL's path, starting and ending with `/`.
    pub base_path: String,
    /// The default locale's code.
    pub default_locale: String,
    /// Every configured locale.
    pub locales: Vec<LocaleCtx>,
    /// URL of the theme's stylesheet.
    pub css_url: String,
    /// URL of the theme's script.
    pub js_url: String,
}

/// A titled link.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Display text.
    pub title: String,
    /// URL.
    pub url: String,
}

/// A link with an optional description (listings).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    /// Display text.
    pub title: String,
    /// URL.
    pub url: String,
    /// The target's description.
    pub description: Option<String>,
}

/// One version of the current page in another locale (or this one).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Locale code (hreflang).
    pub code: String,
    /// Locale name.
    pub name: String,
    /// URL of that version.
    pub url: String,
    /// Whether it is the page being rendered.
    pub current: bool,
}

/// A navigation entry.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Display text.
    pub title: String,
    /// URL.
    pub url: String,
    /// Whether this is the page being rendered.
    pub current: bool,
    /// Whether the page being rendered is inside this entry.
    pub open: bool,
    /// Child entries (listed for open sections only).
    pub children: Vec<NavItem>,
}

/// What every page template receives.
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    /// Site-wide values.
    pub site: &'a SiteCtx,
    /// The page's locale.
    pub lang: &'a LocaleCtx,
    /// UI strings of the page's locale.
    pub t: &'a Strings,
    /// This page's URL path.
    pub page_url: String,
    /// This page's absolute URL (the path when the site has no base URL).
    pub canonical_url: String,
    /// Every locale version of this page.
    pub alternates: Vec<Alternate>,
    /// URL for `hreflang="x-default"`.
    pub x_default_url: Option<String>,
    /// The locale's navigation, opened along this page's path.
    pub nav: Vec<NavItem>,
    /// From the locale's home down to this page's parent.
    pub breadcrumbs: Vec<Link>,
    /// kilavuz's version.
    pub kilavuz_version: &'static str,
}

/// An article page (`article.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The article.
    pub page: PageCtx<'a>,
}

/// The article itself.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    /// Title from front matter, else the h1's text, else the file name.
    pub title: &'a str,
    /// `description` from front matter.
    pub description: Option<&'a str>,
    /// The article's own leading h1 as HTML (with its id), when it has one.
    pub heading: Option<&'a str>,
    /// The body HTML without the leading h1.
    pub content: &'a str,
    /// h2 and h3 headings for an "on this page" list.
    pub toc: Vec<TocEntry<'a>>,
    /// The date for display.
    pub date: Option<String>,
    /// The date as `YYYY-MM-DD`.
    pub date_iso: Option<String>,
    /// This page's URL.
    pub url: &'a str,
    /// Every front matter key as written.
    pub meta: &'a serde_json::Map<String, serde_json::Value>,
    /// The previous page in navigation order.
    pub prev: Option<Link>,
    /// The next page in navigation order.
    pub next: Option<Link>,
    /// Set when the page shows another locale's text because it is not translated yet.
    pub fallback_from: Option<Alternate>,
    /// The offering named by front matter `support_terms: <id>`, shown as a terms block.
    pub support_terms: Option<super::support::PlanCtx>,
}

/// An "on this page" entry.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry<'a> {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: &'a str,
    /// The heading's text.
    pub title: &'a str,
}

/// A section listing or locale home (`section.html`).
#[derive(Debug, Clone, Serialize)]
pub struct SectionCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The section.
    pub section: SectionData<'a>,
}

/// The section itself.
#[derive(Debug, Clone, Serialize)]
pub struct SectionData<'a> {
    /// From the folder's index.md, else the folder name.
    pub title: &'a str,
    /// From the folder's index.md.
    pub description: Option<&'a str>,
    /// The index.md's leading h1, when it has one.
    pub heading: Option<&'a str>,
    /// The index.md body (empty when the folder has none).
    pub content: &'a str,
    /// Whether this is the locale's home page.
    pub is_home: bool,
    /// This section's URL.
    pub url: &'a str,
    /// Articles in the folder, in navigation order.
    pub pages: Vec<Entry>,
    /// Sub-folders, in navigation order.
    pub subsections: Vec<Entry>,
    /// Set when the page shows another locale's text because it is not translated yet.
    pub fallback_from: Option<Alternate>,
}

/// Pages outside any article: the language chooser and the 404 page.
#[derive(Debug, Clone, Serialize)]
pub struct PlainCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
}
