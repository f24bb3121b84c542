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
    /// Absolute URL of the locale's home page (the path when the site has no base URL).
    pub home_absolute_url: String,
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
    /// URL of the search script, loaded when the search box is first used.
    pub search_js_url: String,
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
    /// That locale's text direction.
    pub dir: Direction,
    /// URL of that version.
    pub url: String,
    /// Absolute URL of that version (the path when the site has no base URL).
    pub absolute_url: String,
    /// Whether it is the page being rendered.
    pub current: bool,
    /// Whether that version is a real translation (not the default locale's text shown as a
    /// fallback); only real translations are announced with `hreflang`.
    pub translated: bool,
}

/// A navigation entry.
#[derive(Debug, Clone)]
pub struct NavItem<'a> {
    /// Display text.
    pub title: &'a str,
    /// URL.
    pub url: &'a str,
    /// Whether this is the page being rendered.
    pub current: bool,
    /// Whether the page being rendered is inside this entry.
    pub open: bool,
    /// Child entries (listed for open sections only).
    pub children: Vec<NavValue>,
    /// When `children` lists only some of a big section's entries: how many it has in all
    /// (the sidebar then links to the section's listing); 0 when every entry is listed.
    pub total: usize,
    /// When this entry stands for the entries a big TOC level leaves out before or after the
    /// ones it lists: how many they are (the entry has the title and URL of the nearest of
    /// them, and the sidebar shows "N more"); 0 for every other entry.
    pub more: usize,
}

/// A navigation entry, or a list of them, as templates read it. Values are shared, not copied:
/// an entry made once (a page's closed entry, which most sidebars list) goes into every sidebar
/// that lists it for the cost of a reference count, where serializing it again for each page
/// cost a tenth of a build's CPU time.
#[derive(Debug, Clone)]
pub struct NavValue(pub(super) tera::Value);

impl Default for NavValue {
    /// No entries.
    fn default() -> Self {
        Self::list(Vec::new())
    }
}

impl NavValue {
    /// A list of entries (a page's sidebar, or an entry's children).
    pub fn list(entries: Vec<NavValue>) -> Self {
        Self(tera::Value::from(
            entries.into_iter().map(|e| e.0).collect::<Vec<_>>(),
        ))
    }

    /// The HTML of an entry that is neither the current page nor open along its path, rendered
    /// by `partials/nav-entry.html` once per build: such an entry is the same in every sidebar
    /// that lists it ([`NavValue::closed`] writes it into one).
    pub fn closed_html(
        templates: &super::Templates,
        shared: &LocaleValues,
        title: &str,
        url: &str,
    ) -> Result<String, super::RenderError> {
        let item = NavItem {
            title,
            url,
            current: false,
            open: false,
            children: Vec::new(),
            total: 0,
            more: 0,
        };
        templates.render_nav_entry(&Self::from(item), shared)
    }

    /// Consecutive entries off the page's path, as one item whose `html` holds their
    /// [`NavValue::closed_html`], one a line, and that has no other field (a template reading
    /// one gets an error naming `html`, not an empty title): the sidebar writes it as it is.
    /// Tera walking each such entry again in every sidebar that lists it was a sixth of a
    /// build; one item per run instead of one per entry took another 30% off the template
    /// engine's work, and leaving out the empty fields 1.5% off the build's instructions.
    pub fn closed(html: &str) -> Self {
        Self(tera::Value::from(std::collections::BTreeMap::from([(
            "html",
            tera::Value::safe_string(html),
        )])))
    }

    fn entry(item: NavItem<'_>, html: Option<tera::Value>) -> Self {
        let mut fields = std::collections::BTreeMap::from([
            ("title", item.title.into()),
            ("url", item.url.into()),
            ("current", item.current.into()),
            ("open", item.open.into()),
            ("children", Self::list(item.children).0),
            ("total", item.total.into()),
            ("more", item.more.into()),
        ]);
        if let Some(html) = html {
            fields.insert("html", html);
        }
        Self(tera::Value::from(fields))
    }
}

impl From<NavItem<'_>> for NavValue {
    fn from(item: NavItem<'_>) -> Self {
        Self::entry(item, None)
    }
}

/// What every page of one locale shares — `site` (site-wide values), `lang` (the locale) and
/// `t` (its UI strings) — converted for the template engine once instead of once per page, and
/// the locales for each page's `languages`.
#[derive(Debug)]
pub struct LocaleValues {
    pub(super) site: tera::Value,
    pub(super) lang: tera::Value,
    pub(super) t: tera::Value,
    locales: Vec<LocaleCtx>,
    current: usize,
}

impl LocaleValues {
    /// The values of one locale.
    pub fn new(site: &SiteCtx, lang: &LocaleCtx, t: &Strings) -> Self {
        Self {
            site: tera::Value::from_serializable(site),
            lang: tera::Value::from_serializable(lang),
            t: tera::Value::from_serializable(t),
            current: site
                .locales
                .iter()
                .position(|l| l.code == lang.code)
                .unwrap_or(usize::MAX),
            locales: site.locales.clone(),
        }
    }

    /// The language switch of a page whose versions are `alternates`: every locale, in the
    /// configured order, linking to the page's version there, or to that locale's home when the
    /// page has none (the theme's header looped over `site.locales` and searched `alternates`
    /// for each, which was a tenth of rendering a page's templates).
    pub(super) fn languages(&self, alternates: &[Alternate]) -> tera::Value {
        let languages: Vec<Language<'_>> = self
            .locales
            .iter()
            .enumerate()
            .map(|(l, locale)| Language {
                code: &locale.code,
                name: &locale.name,
                dir: locale.dir,
                url: alternates
                    .iter()
                    .find(|a| a.code == locale.code)
                    .map_or(&locale.home_url, |a| &a.url),
                current: l == self.current,
            })
            .collect();
        tera::Value::from_serializable(&languages)
    }
}

/// One entry of a page's language switch (`languages`).
#[derive(Serialize)]
struct Language<'a> {
    /// Locale code.
    code: &'a str,
    /// The language's own name.
    name: &'a str,
    /// That locale's text direction.
    dir: Direction,
    /// This page in that locale, or the locale's home.
    url: &'a str,
    /// Whether it is the page's own locale.
    current: bool,
}

/// What every page template receives.
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    /// `site`, `lang` and `t`, given to the template as they are (see [`LocaleValues`]).
    #[serde(skip)]
    pub shared: &'a LocaleValues,
    /// This page's URL path.
    pub page_url: String,
    /// This page's absolute URL (the path when the site has no base URL); for a fallback page,
    /// the URL of the page whose text it shows.
    pub canonical_url: String,
    /// Every locale version of this page.
    pub alternates: Vec<Alternate>,
    /// Absolute URL for `hreflang="x-default"`, set when the page has translations.
    pub x_default_url: Option<String>,
    /// The locale's navigation, opened along this page's path: a list of entries (`title`,
    /// `url`, `current`, `open`, `children`, `total`, `more`, as in [`NavItem`]), given to the template
    /// as it is; or why an entry of it failed to render, which rendering the page reports.
    #[serde(skip)]
    pub nav: Result<NavValue, super::RenderError>,
    /// From the locale's home down to this page's parent.
    pub breadcrumbs: Vec<Link>,
    /// kilavuz's version.
    pub kilavuz_version: &'static str,
}

/// A page's template context: it serializes to the page's own values and lends its locale's
/// shared ones (see [`super::Templates::render`]).
pub trait Page: Serialize {
    /// The common part.
    fn common(&self) -> &Common<'_>;
}

/// Implements [`Page`] for contexts whose `common` field holds their common part.
macro_rules! pages {
    ($($ctx:ident),* $(,)?) => {
        $(impl $crate::templates::context::Page for $ctx<'_> {
            fn common(&self) -> &$crate::templates::context::Common<'_> {
                &self.common
            }
        })*
    };
}
pub(super) use pages;

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
    /// `keywords` from front matter (a comma-separated text is split).
    pub keywords: &'a [String],
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
    /// Set when the page is a translation of a default-locale article.
    pub translation: Option<TranslationCtx>,
    /// The offering named by front matter `support_terms: <id>`, shown as a terms block.
    pub support_terms: Option<super::support::PlanCtx>,
    /// Where to edit the page's source, when kilavuz.yaml has `edit_url`.
    pub edit_url: Option<String>,
}

/// The state of a translated page.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationCtx {
    /// `ms.translationtype: MT`.
    pub machine_translated: bool,
    /// The source article is dated later than the translation.
    pub outdated: bool,
    /// The source article.
    pub source: Alternate,
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
    /// Set when the page is a translation of a default-locale article.
    pub translation: Option<TranslationCtx>,
    /// Where to edit the section's `index.md`, when kilavuz.yaml has `edit_url` and the section
    /// has a source.
    pub edit_url: Option<String>,
}

/// Pages outside any article: the language chooser and the 404 page.
#[derive(Debug, Clone, Serialize)]
pub struct PlainCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
}

/// The search results page, `/<locale>/search/` (`search.html`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Where the query side finds its files.
    pub search: SearchData,
}

/// What the search page's script needs.
#[derive(Debug, Clone, Serialize)]
pub struct SearchData {
    /// URL of the locale's index folder (`…/_search/`).
    pub index_url: String,
}

pages!(ArticleCtx, SectionCtx, PlainCtx, SearchCtx);
