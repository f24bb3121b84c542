//! The build itself: from a resolved [`Config`] to an [`Output`] and its diagnostics.
//!
//! Stages run in one direction, each a plain function over data: discover → read sources →
//! index (URLs from paths) → render markdown (links rewritten, parallel) → check anchors →
//! navigation → render templates (parallel) → site-wide files.

pub mod extras;
pub mod index;
pub mod links;
pub mod nav;
pub mod pages;
pub mod sources;
pub mod support;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::{self, RenderInput, Rendered};
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
    let strings = crate::i18n::load(config, &mut diags);
    let templates = Templates::load(&config.root, &mut diags);
    let data = crate::data::load(config, &mut diags);
    let found = crate::content::discover(config, &mut diags);
    let (sources, source_diags) = sources::load(&found.articles, options.drafts);
    diags.extend(source_diags);
    let index = SiteIndex::new(config, &sources, &found.assets, &mut diags);
    let (docs, anchor_checks) = render_docs(config, &index, &sources, &mut diags);
    check_anchors(&index, &sources, &docs, anchor_checks, &mut diags);
    let nav = nav::Nav::new(&index, config.locales.len(), |i| nav::SortKey {
        weight: index.pages[i]
            .source
            .and_then(|s| sources[s].front_matter.weight),
        title: &docs[i].title,
    });
    let mut output = Output::default();
    if let Some(templates) = &templates {
        let site = pages::Site {
            config,
            index: &index,
            sources: &sources,
            docs: &docs,
            nav: &nav,
            strings: &strings,
            templates,
            data: &data,
        };
        pages::render_all(&site, &mut output, &mut diags);
        support::render_all(&site, &mut output, &mut diags);
        extras::add_all(&site, &found.assets, &mut output, &mut diags);
    }
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
    }
}

fn render_docs(
    config: &Config,
    index: &SiteIndex,
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Doc>, Vec<(usize, AnchorCheck)>) {
    let results: Vec<(Doc, Vec<Diagnostic>, Vec<AnchorCheck>)> = (0..index.pages.len())
        .into_par_iter()
        .map(|i| render_doc(config, index, sources, i))
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut checks = Vec::new();
    for (i, (doc, page_diags, anchors)) in results.into_iter().enumerate() {
        docs.push(doc);
        diags.extend(page_diags);
        checks.extend(anchors.into_iter().map(|a| (i, a)));
    }
    (docs, checks)
}

fn render_doc(
    config: &Config,
    index: &SiteIndex,
    sources: &[Source],
    page: usize,
) -> (Doc, Vec<Diagnostic>, Vec<AnchorCheck>) {
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
        page,
        source_dir,
        file: &source.file.path,
        diagnostics: Vec::new(),
        anchors: Vec::new(),
    };
    let locale = &config.locales[source.file.locale];
    let rendered = markdown::render(
        &RenderInput {
            body: source.body(),
            body_line: source.body_line,
            language: &locale.language,
        },
        &mut |l: &markdown::LinkRef<'_>| resolver.resolve(l),
    );
    let title = source
        .front_matter
        .title
        .clone()
        .or_else(|| rendered.h1_text.clone())
        .unwrap_or_else(|| folder_title(&entry.key));
    (
        Doc { rendered, title },
        resolver.diagnostics,
        resolver.anchors,
    )
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
