//! The markdown stage: every page's (or some pages') article rendered to HTML with its links
//! resolved, in two parallel waves so translations inherit their source's heading ids.

use std::collections::HashMap;

use rayon::prelude::*;

use super::index::SiteIndex;
use super::links::{AnchorCheck, Resolver};
use super::sources::Source;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, AlertTitles, IdStyle, RenderInput, Rendered};

/// A page's rendered markdown and title.
#[derive(Debug, Default)]
pub struct Doc {
    /// The rendered body; empty for folders without an index.md.
    pub rendered: Rendered,
    /// The page's title.
    pub title: String,
    /// The http(s) links its markdown writes.
    pub external: Vec<super::links::ExternalLink>,
    /// A fingerprint of the rendered body, so that a rebuild can tell an unchanged page from
    /// an edited one without reading the body again.
    pub fingerprint: u64,
}

/// What links resolve against: the configuration, the pages and the decision trees.
pub type LinkTargets<'a> = (&'a Config, &'a SiteIndex, &'a [crate::trees::Tree]);

/// What rendering one page's markdown yields.
pub type Rendering = (Doc, Vec<Diagnostic>, Vec<AnchorCheck>);

/// Renders the markdown of `pages`: first those showing default-locale text, then translations,
/// which take heading ids from their source's doc (rendered in the first wave, or else found in
/// `existing`, the docs of an earlier build).
pub fn render(
    (config, index, trees): LinkTargets<'_>,
    sources: &[Source],
    titles: &[AlertTitles],
    pages: &[usize],
    existing: &[Doc],
) -> Vec<(usize, Rendering)> {
    let is_translation = |i: usize| {
        index.pages[i]
            .source
            .is_some_and(|s| sources[s].file.locale != config.default_locale)
    };
    let render_wave = |wave: bool, done: &HashMap<usize, &Doc>| -> Vec<(usize, Rendering)> {
        pages
            .par_iter()
            .copied()
            .filter(|&i| is_translation(i) == wave)
            .map(|i| {
                let source = wave
                    .then(|| index.lookup(config.default_locale, &index.pages[i].key))
                    .flatten()
                    .and_then(|p| done.get(&p).copied().or_else(|| existing.get(p)))
                    .map(|d| &d.rendered);
                let targets = (config, index, trees);
                (i, render_doc(targets, sources, titles, i, source))
            })
            .collect()
    };
    let first = render_wave(false, &HashMap::new());
    let done: HashMap<usize, &Doc> = first.iter().map(|(i, (doc, _, _))| (*i, doc)).collect();
    let second = render_wave(true, &done);
    first.into_iter().chain(second).collect()
}

fn render_doc(
    (config, index, trees): LinkTargets<'_>,
    sources: &[Source],
    titles: &[AlertTitles],
    page: usize,
    original: Option<&Rendered>,
) -> Rendering {
    let entry = &index.pages[page];
    let Some(source) = entry.source.map(|s| &sources[s]) else {
        let title = folder_title(&entry.key);
        return (
            Doc {
                rendered: Rendered::default(),
                title,
                external: Vec::new(),
                fingerprint: 0,
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
        external: Vec::new(),
        last_asset: None,
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
            // A YAML page (a DocFX FAQ) was made markdown when it was read.
            ids: if source.file.rel.ends_with(".yml") {
                IdStyle::LearnYaml
            } else {
                IdStyle::GitHub
            },
            source_headings: original.map(|o| o.headings.as_slice()),
            file: &source.file.path,
            dir: source_dir,
            content_dirs: &content_dirs,
            alert_titles: &titles[entry.locale],
        },
        &mut resolver,
    );
    let mut diagnostics = std::mem::take(&mut rendered.diagnostics);
    diagnostics.append(&mut resolver.diagnostics);
    if let Some(original) = original {
        dropped_anchors(source, original, &rendered, &mut diagnostics);
    }
    let title = source
        .front_matter
        .title
        .clone()
        .or_else(|| rendered.h1_text.clone())
        .unwrap_or_else(|| folder_title(&entry.key));
    let doc = Doc {
        fingerprint: crate::search::fingerprint(&rendered.html),
        rendered,
        title,
        external: resolver.external,
    };
    (doc, diagnostics, resolver.anchors)
}

/// A translation must keep every explicit id of its source (its headings' and its other
/// anchors'), or links into it break.
fn dropped_anchors(
    source: &Source,
    original: &Rendered,
    rendered: &Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let headings = original
        .headings
        .iter()
        .filter(|h| h.explicit)
        .map(|h| (&h.id, "a heading with id", "to the matching heading"));
    let anchors = original
        .anchors
        .iter()
        .map(|id| (id, "an anchor", "where the source article has it"));
    for (id, what, place) in headings.chain(anchors) {
        if !rendered.has_id(id) {
            diagnostics.push(
                Diagnostic::warning(
                    "i18n.dropped_anchor",
                    &source.file.path,
                    format!("the source article has {what} `{id}` that this translation lacks"),
                )
                .hint(format!(
                    "add `<a name=\"{id}\"></a>` {place}, or links to it break in this language"
                )),
            );
        }
    }
}

/// The alert titles of a locale's UI strings (`alert_note`, `alert_tip`, …).
pub fn alert_titles(strings: &crate::i18n::Strings) -> AlertTitles {
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

/// Checks every recorded `#anchor` against the headings and anchors of its target page. A page
/// shown untranslated in another locale (a fallback) links to that locale's pages, whose ids may
/// differ: the diagnostic then names the locale.
pub fn check_anchors(
    config: &Config,
    index: &SiteIndex,
    sources: &[Source],
    docs: &[Doc],
    checks: &[Vec<AnchorCheck>],
    diags: &mut Vec<Diagnostic>,
) {
    let all = checks
        .iter()
        .enumerate()
        .flat_map(|(from, list)| list.iter().map(move |c| (from, c)));
    for (from, check) in all {
        let target = &docs[check.target];
        if target.rendered.has_id(&check.fragment) {
            continue;
        }
        let Some(source) = index.pages[from].source.map(|s| &sources[s]) else {
            continue;
        };
        let target_name = index.pages[check.target].source.map_or_else(
            || index.pages[check.target].key.clone(),
            |s| sources[s].file.rel.clone(),
        );
        let locale = index.pages[from].locale;
        let (message, hint) = if locale == source.file.locale {
            (
                format!(
                    "{target_name} has no heading or anchor with id `{}`",
                    check.fragment
                ),
                "link to one of the target's heading ids, or add `<a name=\"…\"></a>` to the heading"
                    .to_string(),
            )
        } else {
            let code = &config.locales[locale].code;
            (
                format!(
                    "{target_name} in {code} has no heading or anchor with id `{}` (this article is \
                     shown untranslated in {code}, where its links lead to {code}'s pages)",
                    check.fragment
                ),
                format!(
                    "add `<a name=\"{}\"></a>` to the matching heading of {code}'s {target_name}, \
                     or translate this article",
                    check.fragment
                ),
            )
        };
        diags.push(
            Diagnostic::warning("links.missing_anchor", &source.file.path, message)
                .at(check.line, check.col)
                .hint(hint),
        );
    }
}
