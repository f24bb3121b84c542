//! A build kept in memory: every stage's result, so that `serve` can rebuild an edited article
//! with only what depends on it, and the result still equals a full build.
//!
//! An edit is taken incrementally only when it cannot change anything but the article's own
//! pages: the set of pages is the same, and nothing other pages show of the article (title,
//! description, date, weight, draft state, template, redirects, support terms, search flag) has
//! changed. The article's pages (its own, the fallback copies other locales show, and the
//! translations that take heading ids from it) are rendered again, every anchor is checked
//! again, and the search indexes are rebuilt. Anything else is a full build.

use std::path::PathBuf;

use super::docs::{self, Doc};
use super::index::SiteIndex;
use super::links::AnchorCheck;
use super::nav::Nav;
use super::pages::{self, Site};
use super::sources::{self, Source};
use super::toc::TocNode;
use super::{BuildOptions, Built, extras, redirects, search, support, toc, translations};
use crate::config::Config;
use crate::content::Discovered;
use crate::diagnostics::{self, Diagnostic};
use crate::i18n::Loaded;
use crate::markdown::AlertTitles;
use crate::output::Output;
use crate::templates::Templates;

/// Every stage's result of one build.
pub struct Model {
    config: Config,
    options: BuildOptions,
    ui: Loaded,
    templates: Option<Templates>,
    data: crate::data::Data,
    trees: Vec<crate::trees::Tree>,
    found: Discovered,
    sources: Vec<Source>,
    index: SiteIndex,
    titles: Vec<AlertTitles>,
    docs: Vec<Doc>,
    /// Per page: the markdown stage's diagnostics and the anchors its links need.
    page_diags: Vec<Vec<Diagnostic>>,
    checks: Vec<Vec<AnchorCheck>>,
    /// Diagnostics of the stages before markdown (config files, sources, index, data).
    load_diags: Vec<Diagnostic>,
    tocs: Vec<Option<Vec<TocNode>>>,
    nav: Nav,
    /// Diagnostics of the page templates and site-wide files, and of the search indexes.
    render_diags: Vec<Diagnostic>,
    search_diags: Vec<Diagnostic>,
    /// The search indexes' tokenized pages, reused by the next build for unchanged pages.
    search_cache: search::Cache,
    output: Output,
}

impl Model {
    /// Runs every stage of a full build.
    pub fn build(config: &Config, options: &BuildOptions) -> Self {
        let mut load_diags = Vec::new();
        let mut found_diags = Vec::new();
        // The content folders are walked while the strings, templates and data are read.
        let ((ui, templates, data, trees), found) = rayon::join(
            || {
                let ui = crate::i18n::load(config, &mut load_diags);
                let templates = Templates::load(&config.root, &mut load_diags);
                let data = crate::data::load(config, &mut load_diags);
                let trees = super::load_trees(config, &data, &mut load_diags);
                (ui, templates, data, trees)
            },
            || crate::content::discover(config, &mut found_diags),
        );
        load_diags.append(&mut found_diags);
        let (sources, source_diags) = sources::load(&found.articles, options.drafts);
        load_diags.extend(source_diags);
        let index = SiteIndex::new(config, &sources, &found.assets, &mut load_diags);
        let titles: Vec<AlertTitles> = ui.strings.iter().map(docs::alert_titles).collect();
        let all: Vec<usize> = (0..index.pages.len()).collect();
        let mut docs_out: Vec<Option<Doc>> = (0..index.pages.len()).map(|_| None).collect();
        let mut page_diags = vec![Vec::new(); index.pages.len()];
        let mut checks = vec![Vec::new(); index.pages.len()];
        for (i, (doc, diags, anchors)) in
            docs::render((config, &index, &trees), &sources, &titles, &all, &[])
        {
            docs_out[i] = Some(doc);
            page_diags[i] = diags;
            checks[i] = anchors;
        }
        let docs: Vec<Doc> = docs_out
            .into_iter()
            .map(|d| d.expect("every page is rendered"))
            .collect();
        let tocs = toc::load(config, &index, &mut load_diags);
        let mut nav = Nav::new(&index, config.locales.len(), |i| super::nav::SortKey {
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
        let mut model = Self {
            config: config.clone(),
            options: options.clone(),
            ui,
            templates,
            data,
            trees,
            found,
            sources,
            index,
            titles,
            docs,
            page_diags,
            checks,
            load_diags,
            tocs,
            nav,
            render_diags: Vec::new(),
            search_diags: Vec::new(),
            search_cache: search::Cache::new(options.incremental),
            output: Output::default(),
        };
        model.render_all();
        model
    }

    fn site(&self) -> Option<Site<'_>> {
        Some(Site {
            config: &self.config,
            index: &self.index,
            sources: &self.sources,
            docs: &self.docs,
            nav: &self.nav,
            tocs: &self.tocs,
            strings: &self.ui.strings,
            templates: self.templates.as_ref()?,
            data: &self.data,
            trees: &self.trees,
        })
    }

    fn render_all(&mut self) {
        let mut output = Output::default();
        let mut render_diags = Vec::new();
        let mut search_diags = Vec::new();
        let mut search_cache = std::mem::take(&mut self.search_cache);
        if let Some(site) = self.site() {
            let sink = self.options.sink.as_deref();
            extras::add_static(&site, &self.found.assets, &mut output, &mut render_diags);
            if let Some(sink) = sink {
                sink.prepare(&output);
            }
            // Support and tree pages render on whichever thread the article pages leave idle.
            let mut others = Output::default();
            let mut other_diags = Vec::new();
            let (generated, ()) = rayon::join(
                || {
                    let mut generated = support::render_all(&site, &mut others, &mut other_diags);
                    generated.extend(super::trees::render_all(
                        &site,
                        &mut others,
                        &mut other_diags,
                    ));
                    generated
                },
                || {
                    pages::render_all(
                        &site,
                        &mut output,
                        &mut render_diags,
                        &self.options.rendered,
                        sink,
                    )
                },
            );
            output.files.append(&mut others.files);
            render_diags.append(&mut other_diags);
            extras::add_all(&site, &generated, &mut output, &mut render_diags);
            redirects::add_all(&site, &mut output, &mut render_diags);
            search::add_all(
                &site,
                &mut output,
                &mut search_diags,
                &mut search_cache,
                sink,
            );
        }
        if self.options.incremental {
            self.search_cache = search_cache;
        }
        self.output = output;
        self.render_diags = render_diags;
        self.search_diags = search_diags;
    }

    /// The build's files and every diagnostic, sorted, with paths relative to the site root.
    pub fn built(&self) -> Built {
        let mut diags: Vec<Diagnostic> = self.load_diags.clone();
        diags.extend(self.page_diags.iter().flatten().cloned());
        docs::check_anchors(
            &self.config,
            &self.index,
            &self.sources,
            &self.docs,
            &self.checks,
            &mut diags,
        );
        diags.extend(self.render_diags.iter().cloned());
        diags.extend(self.search_diags.iter().cloned());
        let mut diagnostics: Vec<Diagnostic> = diags
            .into_iter()
            .map(|d| d.relative_to(&self.config.root))
            .collect();
        diagnostics::sort(&mut diagnostics);
        let mut pages_per_locale = vec![0; self.config.locales.len()];
        for page in &self.index.pages {
            pages_per_locale[page.locale] += 1;
        }
        let external_links: std::collections::BTreeSet<super::links::ExternalLink> = self
            .docs
            .iter()
            .flat_map(|d| d.external.iter().cloned())
            .collect();
        Built {
            output: self.output.clone(),
            diagnostics,
            pages_per_locale,
            external_links: external_links.into_iter().collect(),
        }
    }

    /// The translation state of every locale.
    pub fn translations(&self) -> translations::Report {
        translations::report(&self.config, &self.index, &self.sources, &self.ui.missing)
    }

    /// Takes edits of existing articles into the model. Returns `false` when the edits may
    /// change more than the articles' own pages; the model is then stale and the caller must
    /// build again from scratch.
    pub fn update_articles(&mut self, paths: &[PathBuf]) -> bool {
        let mut pages: Vec<usize> = Vec::new();
        for path in paths {
            let Some(s) = self.sources.iter().position(|s| &s.file.path == path) else {
                return false;
            };
            let file = self.sources[s].file.clone();
            let (Some(source), diags) = sources::load_one(&file, self.options.drafts) else {
                return false;
            };
            if !self.sources[s].same_shape(&source) || source.key() == "support/index" {
                return false;
            }
            self.sources[s] = source;
            self.load_diags.retain(|d| &d.file != path);
            self.load_diags.extend(diags);
            pages.extend(self.pages_showing(s));
        }
        pages.sort_unstable();
        pages.dedup();
        let rendered = docs::render(
            (&self.config, &self.index, &self.trees),
            &self.sources,
            &self.titles,
            &pages,
            &self.docs,
        );
        for (i, (doc, diags, anchors)) in rendered {
            if doc.title != self.docs[i].title {
                return false;
            }
            self.docs[i] = doc;
            self.page_diags[i] = diags;
            self.checks[i] = anchors;
        }
        self.render_pages(&pages)
    }

    /// Takes changed template overrides into the model: the templates are compiled again and
    /// every page is rendered with the markdown already rendered. Returns `false` (a stale model)
    /// when the templates do not compile, so that the full build reports why.
    pub fn update_templates(&mut self) -> bool {
        let mut diags = Vec::new();
        let Some(templates) = Templates::load(&self.config.root, &mut diags) else {
            return false;
        };
        self.load_diags.retain(|d| !d.code.starts_with("template."));
        self.load_diags.extend(diags);
        self.templates = Some(templates);
        self.render_all();
        true
    }

    /// The pages whose text comes from source `s` or whose heading ids depend on it: its own,
    /// the fallback copies in other locales, and (for a default-locale article) its translations.
    fn pages_showing(&self, s: usize) -> Vec<usize> {
        let key = self.sources[s].key();
        let default = self.sources[s].file.locale == self.config.default_locale;
        (0..self.config.locales.len())
            .filter_map(|l| self.index.lookup(l, key))
            .filter(|&p| self.index.pages[p].source == Some(s) || default)
            .collect()
    }

    /// Renders `pages` again and rebuilds the search indexes; `false` on a template error.
    fn render_pages(&mut self, pages: &[usize]) -> bool {
        let mut search_cache = std::mem::take(&mut self.search_cache);
        // Updated in place: on failure the model is stale anyway (see `update_articles`).
        let mut output = std::mem::take(&mut self.output);
        let Some(site) = self.site() else {
            return false;
        };
        let mut errors = Vec::new();
        pages::render_some(
            &site,
            pages,
            &mut output,
            &mut errors,
            &self.options.rendered,
            None,
        );
        if !errors.is_empty() {
            return false;
        }
        let search_folders: Vec<String> = self
            .config
            .locales
            .iter()
            .map(|l| format!("{}/_search/", l.slug))
            .collect();
        output
            .files
            .retain(|path, _| !search_folders.iter().any(|f| path.starts_with(f.as_str())));
        let mut search_diags = Vec::new();
        search::add_all(
            &site,
            &mut output,
            &mut search_diags,
            &mut search_cache,
            None,
        );
        if self.options.incremental {
            self.search_cache = search_cache;
        }
        self.output = output;
        self.search_diags = search_diags;
        true
    }
}
