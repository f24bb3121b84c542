//! The build itself: from a resolved [`Config`] to an [`Output`] and its diagnostics.
//!
//! Stages run in one direction, each a plain function over data: discover → read sources →
//! index (URLs from paths) → render markdown (links rewritten, parallel) → check anchors →
//! navigation → render templates (parallel; support and tree pages beside the articles) →
//! site-wide files → search indexes.

pub mod docs;
pub mod extras;
pub mod images;
pub mod index;
pub mod links;
pub mod model;
pub mod nav;
pub mod pages;
pub mod redirects;
pub mod search;
pub mod sidebar;
pub mod sources;
pub mod support;
pub mod toc;
pub mod translations;
pub mod trees;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
pub use docs::Doc;
pub use model::Model;

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include `draft: true` articles.
    pub drafts: bool,
    /// Counts rendered pages as they finish, for a live progress display.
    pub rendered: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Keep what makes later incremental updates of a [`Model`] cheap (the search indexes'
    /// tokenized pages), as `kilavuz serve` does; a one-shot build drops it once used.
    pub incremental: bool,
    /// Where the article pages and the search index go as soon as they are finished (the
    /// staging folder of `kilavuz build`); without one, every file stays in memory.
    pub sink: Option<std::sync::Arc<dyn crate::output::Sink>>,
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
    /// Every http(s) link articles write, once per place (fallback pages share their source's).
    pub external_links: Vec<links::ExternalLink>,
}

/// Builds the whole site in memory.
pub fn build(config: &Config, options: &BuildOptions) -> Built {
    Model::build(config, options).built()
}

/// Loads the decision trees of `content/data/trees/`, checked against the support data.
pub fn load_trees(
    config: &Config,
    data: &crate::data::Data,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::trees::Tree> {
    let locales: Vec<String> = config.locales.iter().map(|l| l.code.clone()).collect();
    let dir = config.root.join("content").join("data").join("trees");
    crate::trees::load(&dir, &locales, data, diags)
}
