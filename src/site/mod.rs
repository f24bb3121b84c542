//! The build itself: from a resolved [`Config`] to an [`Output`] and its diagnostics.
//!
//! Stages run in one direction, each a plain function over data: discover → read sources →
//! index (URLs from paths) → render markdown (links rewritten, parallel) → check anchors →
//! navigation → render templates (parallel) → site-wide files → search indexes.

pub mod docs;
pub mod extras;
pub mod index;
pub mod links;
pub mod model;
pub mod nav;
pub mod pages;
pub mod redirects;
pub mod search;
pub mod sources;
pub mod support;
pub mod toc;
pub mod translations;

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

/// Builds the whole site in memory.
pub fn build(config: &Config, options: &BuildOptions) -> Built {
    Model::build(config, options).built()
}
