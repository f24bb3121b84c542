//! The build itself: from a resolved [`Config`] to an [`Output`] and its diagnostics.
//!
//! Stages run in one direction, each a plain function over data: discover → read sources →
//! index (URLs from paths) → render markdown (links rewritten, parallel) → check anchors →
//! navigation → render templates (parallel) → site-wide files → search indexes.

pub mod extras;
pub mod index;
pub mod links;
pub mod nav;
pub mod pages;
pub mod redirects;
pub mod search;
pub mod sources;
pub mod support;
pub mod toc;
pub mod translations;
pub mod trees;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::{self, AlertTitles, RenderInput, Rendered};
use crate::output::Output;
use crate::templates::Templates;
use index::SiteIndex;
use links::{AnchorCheck, Resolver};
use sources::Source;

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include `draft: true` articles.
    pub drafts: bool,
}

/// The result of a build: files in memory and every diagnostic, sorted.
#[derive(Debug, Default)]
pub struct Built {
    /// The site's files.
    pub output: Output,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages published per locale, in config order.
    pub pages_per_locale: Vec<usize>,
    /// The translation state of every locale.
    pub translations: translations::Report,
}

/// A page's rendered markdown and title.
#[derive(Debug, Default)]
pub struct Doc {
    /// The rendered body; empty for folders without an index.md.
    pub rendered: Rendered,
    /// The page's title.
    pub title: String,
}

/// Builds the whole site in memory.
pub fn build(config: &Config, options: &BuildOptions) -> Built {
    let mut diags = Vec::new();
    let ui = crate::i18n::load(config, &mut diags);
    let templates = Templates::load(&config.root, &mut diags);
    let data = crate::data::load(config, &mut diags);
    let trees = load_trees(config, &data, &mut diags);
    let found = crate::content::discover(config, &mut diags);
    let (sources, source_diags) = sources::load(&found.articles, options.drafts);
    diags.extend(source_diags);
    let index = SiteIndex::new(config, &sources, &found.assets, &mut diags);
    let titles: Vec<AlertTitles> = ui.strings.iter().map(alert_titles).collect();
    let (docs, anchor_checks) =
        render_docs((config, &index, &trees), &sources, &titles, &mut diags);
    check_anchors(&index, &sources, &docs, anchor_checks, &mut diags);
    let tocs = toc::load(config, &index, &mut diags);
    let mut nav = nav::Nav::new(&index, config.locales.len(), |i| nav::SortKey {
        weight: index.pages[i]
            .source
            .and_then(|s| sources[s].front_matter.weight),
        title: &docs[i].title,
    });
    for (locale, toc) in tocs.iter().enumerate() {
        if let Some(toc) = toc {
            nav.apply_toc(&index, locale, toc);
        }
    }
    let mut output = Output::default();
    if let Some(templates) = &templates {
        let site = pages::Site {
            config,
            index: &index,
            sources: &sources,
            docs: &docs,
            nav: &nav,
            tocs: &tocs,
            strings: &ui.strings,
            templates,
            data: &data,
            trees: &trees,
        };
        pages::render_all(&site, &mut output, &mut diags);
        let mut generated = support::render_all(&site, &mut output, &mut diags);
        generated.extend(trees::render_all(&site, &mut output, &mut diags));
        extras::add_all(&site, &found.assets, &generated, &mut output, &mut diags);
        search::add_all(&site, &mut output, &mut diags);
        redirects::add_all(&site, &mut output, &mut diags);
    }
    let translations = translations::report(config, &index, &sources, &ui.missing);
    let mut pages_per_locale = vec![0; config.locales.len()];
    for page in &index.pages {
        pages_per_locale[page.locale] += 1;
    }
    let mut diagnostics: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| d.relative_to(&config.root))
        .collect();
    diagnostics::sort(&mut diagnostics);
    Built {
        output,
        diagnostics,
        pages_per_locale,
        translations,
    }
}

/// Loads `content/data/trees/*.yaml`, checked against the support data, for every locale.
fn load_trees(
    config: &Config,
    data: &crate::data::Data,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::trees::Tree> {
    let locales: Vec<String> = config.locales.iter().map(|l| l.code.clone()).collect();
    let dir = config.root.join("content").join("data").join("trees");
    crate::trees::load(&dir, &locales, data, diags)
}

/// What links resolve against: the configuration, the pages and the decision trees.
type LinkTargets<'a> = (&'a Config, &'a SiteIndex, &'a [crate::trees::Tree]);

/// Renders every page's markdown in two parallel waves: first the pages showing default-locale
/// text, then translations, which inherit heading ids from their source article.
fn render_docs(
    targets: LinkTargets<'_>,
    sources: &[Source],
    titles: &[AlertTitles],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Doc>, Vec<(usize, AnchorCheck)>) {
    let (config, index, _) = targets;
    let is_translation = |i: usize| {
        index.pages[i]
            .source
            .is_some_and(|s| sources[s].file.locale != config.default_locale)
    };
    let mut docs: Vec<Option<Doc>> = (0..index.pages.len()).map(|_| None).collect();
    let mut checks = Vec::new();
    for wave in [false, true] {
        let done = &docs;
        let results: Vec<(usize, Rendering)> = (0..index.pages.len())
            .into_par_iter()
            .filter(|&i| is_translation(i) == wave)
            .map(|i| {
                let source_headings = wave
                    .then(|| index.lookup(config.default_locale, &index.pages[i].key))
                    .flatten()
                    .and_then(|p| done[p].as_ref())
                    .map(|d| d.rendered.headings.as_slice());
                (i, render_doc(targets, sources, titles, i, source_headings))
            })
            .collect();
        for (i, (doc, page_diags, anchors)) in results {
            docs[i] = Some(doc);
            diags.extend(page_diags);
            checks.extend(anchors.into_iter().map(|a| (i, a)));
        }
    }
    let docs = docs
        .into_iter()
        .map(|d| d.expect("every page is rendered in one of the waves"))
        .collect();
    (docs, checks)
}

type Rendering = (Doc, Vec<Diagnostic>, Vec<AnchorCheck>);

fn render_doc(
    (config, index, trees): LinkTargets<'_>,
    sources: &[Source],
    titles: &[AlertTitles],
    page: usize,
    source_headings: Option<&[markdown::Heading]>,
) -> Rendering {
    let entry = &index.pages[page];
    let Some(source) = entry.source.map(|s| &sources[s]) else {
        let title = folder_title(&entry.key);
        return (
            Doc {
                rendered: Rendered::default(),
                title,
            },
            Vec::new(),
            Vec::new(),
        );
    };
    let source_dir = source.file.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut resolver = Resolver {
        config,
        index,
        trees,
        page,
        diagnostics: Vec::new(),
        anchors: Vec::new(),
    };
    let locale = &config.locales[source.file.locale];
    let content_dirs = [
        config.locales[source.file.locale].content_dir.clone(),
        config.default_locale().content_dir.clone(),
    ];
    let mut rendered = markdown::render(
        &RenderInput {
            body: source.body(),
            body_line: source.body_line,
            language: &locale.language,
            source_headings,
            file: &source.file.path,
            dir: source_dir,
            content_dirs: &content_dirs,
            alert_titles: &titles[entry.locale],
        },
        &mut |l: &markdown::LinkRef<'_>| resolver.resolve(l),
    );
    let mut diagnostics = std::mem::take(&mut rendered.diagnostics);
    diagnostics.append(&mut resolver.diagnostics);
    if let Some(source_headings) = source_headings {
        dropped_anchors(source, source_headings, &rendered, &mut diagnostics);
    }
    let title = source
        .front_matter
        .title
        .clone()
        .or_else(|| rendered.h1_text.clone())
        .unwrap_or_else(|| folder_title(&entry.key));
    (Doc { rendered, title }, diagnostics, resolver.anchors)
}

/// A translation must keep every explicit id of its source, or links into it break.
fn dropped_anchors(
    source: &Source,
    source_headings: &[markdown::Heading],
    rendered: &Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for heading in source_headings.iter().filter(|h| h.explicit) {
        if !rendered.headings.iter().any(|h| h.id == heading.id) {
            diagnostics.push(
                Diagnostic::warning(
                    "i18n.dropped_anchor",
                    &source.file.path,
                    format!(
                        "the source article has a heading with id `{}` that this translation lacks",
                        heading.id
                    ),
                )
                .hint(format!(
                    "add `<a name=\"{}\"></a>` to the matching heading, or links to it break in this language",
                    heading.id
                )),
            );
        }
    }
}

/// The alert titles of a locale's UI strings (`alert_note`, `alert_tip`, …).
fn alert_titles(strings: &crate::i18n::Strings) -> AlertTitles {
    let mut titles = AlertTitles::default();
    for (title, key) in titles.0.iter_mut().zip([
        "alert_note",
        "alert_tip",
        "alert_important",
        "alert_warning",
        "alert_caution",
    ]) {
        if let Some(text) = strings.get(key).and_then(|v| v.as_str()) {
            *title = text.to_string();
        }
    }
    titles
}

/// A readable title from a path: `getting-started/index` → `Getting started`.
fn folder_title(key: &str) -> String {
    let name = key
        .strip_suffix("/index")
        .unwrap_or(key)
        .rsplit('/')
        .next()
        .unwrap_or(key)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn check_anchors(
    index: &SiteIndex,
    sources: &[Source],
    docs: &[Doc],
    checks: Vec<(usize, AnchorCheck)>,
    diags: &mut Vec<Diagnostic>,
) {
    for (from, check) in checks {
        let target = &docs[check.target];
        if target
            .rendered
            .headings
            .iter()
            .any(|h| h.id == check.fragment)
        {
            continue;
        }
        let Some(source) = index.pages[from].source.map(|s| &sources[s]) else {
            continue;
        };
        let target_name = index.pages[check.target].source.map_or_else(
            || index.pages[check.target].key.clone(),
            |s| sources[s].file.rel.clone(),
        );
        diags.push(
            Diagnostic::warning(
                "links.missing_anchor",
                &source.file.path,
                format!("{} has no heading with id `{}`", target_name, check.fragment),
            )
            .at(check.line, check.col)
            .hint("link to one of the target's heading ids, or add `<a name=\"…\"></a>` to the heading"),
        );
    }
}
