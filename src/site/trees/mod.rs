//! The decision tree pages of every locale: `/<locale>/help/<tree>/` (the start question), one
//! page per answer path `/<locale>/help/<tree>/<option>/…/` (routers add no segment), the
//! fallback outcome at `/<locale>/help/<tree>/<fallback>/`, and the decision table with the
//! diagram at `/<locale>/help/<tree>/all/`. Every page is plain links: no JavaScript needed.

mod outcome;
mod search;

pub use search::search_pages;

use rayon::prelude::*;
use serde_json::json;

use super::links::{absolute_url, page_url};
use super::pages::{self, Shared, Site};
use crate::config::LocalizedText;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::templates::context::{Common, Link, NavValue};
use crate::templates::trees::{
    AnswerCtx, OptionCtx, QuestionCtx, TreeAllCtx, TreePageCtx, TreeQuestionCtx,
};
use crate::trees::model::Node;
use crate::trees::{Page, PageKind, Tree};

/// Renders every tree's pages in every locale; returns the rendered paths under the locale
/// folder (`help/get-help/…/`) for the sitemap.
pub fn render_all(
    site: &Site<'_>,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let shared = Shared::new(site);
    let mut rests = Vec::new();
    for tree in site.trees {
        if clashes(site, tree, diags) {
            continue;
        }
        let jobs: Vec<(usize, Option<&Page>)> = (0..site.config.locales.len())
            .flat_map(|l| {
                tree.pages
                    .iter()
                    .map(move |p| (l, Some(p)))
                    .chain([(l, None)])
            })
            .collect();
        let results: Vec<(String, Result<Vec<u8>, Diagnostic>)> = jobs
            .into_par_iter()
            .map(|(l, page)| {
                let path = format!("{}/{}", site.config.locales[l].slug, rest(tree, page));
                let html = match page {
                    Some(p) => render_page(site, &shared, tree, l, p),
                    None => render_table(site, &shared, tree, l),
                };
                (
                    path,
                    html.map_err(|e| e.into_diagnostic(site.templates, &tree.file)),
                )
            })
            .collect();
        for (path, html) in results {
            match html {
                Ok(html) => output.insert(format!("{path}index.html"), html),
                Err(d) => diags.push(d),
            }
        }
        rests.extend(tree.pages.iter().map(|p| rest(tree, Some(p))));
        rests.push(rest(tree, None));
    }
    rests
}

/// The path of a tree page under the locale folder; `None` is the decision table.
fn rest(tree: &Tree, page: Option<&Page>) -> String {
    let segments = page.map_or_else(|| vec!["all".to_string()], |p| p.path.clone());
    path_of(&tree.id, &segments)
}

fn path_of(tree: &str, segments: &[String]) -> String {
    let mut path = format!("help/{tree}/");
    for s in segments {
        path.push_str(s);
        path.push('/');
    }
    path
}

/// The URL of a tree page in locale `l`.
fn url(site: &Site<'_>, l: usize, tree: &str, segments: &[String]) -> String {
    let slug = &site.config.locales[l].slug;
    page_url(site.config, &format!("{slug}/{}", path_of(tree, segments)))
}

/// The first page of `tree` showing node `node` (the start page for the start node).
pub fn node_page<'t>(tree: &'t Tree, node: &str) -> Option<&'t Page> {
    tree.pages.iter().find(|p| match &p.kind {
        PageKind::Question(q) => q == node,
        PageKind::Outcome(r) => r.node == node,
    })
}

/// The site path (under the locale folder) of a tree page.
pub fn page_path(tree: &Tree, page: &Page) -> String {
    rest(tree, Some(page))
}

fn clashes(site: &Site<'_>, tree: &Tree, diags: &mut Vec<Diagnostic>) -> bool {
    let key = format!("help/{}", tree.id);
    let l = site.config.default_locale;
    let clash = [key.clone(), format!("{key}/index")]
        .iter()
        .any(|k| site.index.lookup(l, k).is_some());
    if clash {
        diags.push(
            Diagnostic::error(
                "trees.url_clash",
                &tree.file,
                format!(
                    "an article is already published at /{}/{key}/",
                    site.config.locales[l].slug
                ),
            )
            .hint("rename the tree file or move the article; the tree's pages are not built"),
        );
    }
    clash
}

fn tx(site: &Site<'_>, l: usize, text: &LocalizedText) -> String {
    text.get(
        &site.config.locales[l].code,
        &site.config.default_locale().code,
    )
    .to_string()
}

/// The question and answer texts of one answer.
fn answer_texts(
    site: &Site<'_>,
    l: usize,
    tree: &Tree,
    (node, option): &(String, usize),
) -> (String, String) {
    match &tree.def.nodes[node] {
        Node::Question(q) => (tx(site, l, &q.text), tx(site, l, &q.options[*option].label)),
        _ => (String::new(), String::new()),
    }
}

/// What every page of `tree` at `page` shares: links, answers so far, breadcrumb JSON-LD.
fn tree_ctx(
    site: &Site<'_>,
    l: usize,
    tree: &Tree,
    page: Option<&Page>,
    title: &str,
) -> TreePageCtx {
    let segments: Vec<String> = page.map_or_else(|| vec!["all".to_string()], |p| p.path.clone());
    let answers: Vec<AnswerCtx> = page
        .map(|p| p.answers.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (question, answer) = answer_texts(site, l, tree, a);
            AnswerCtx {
                question,
                answer,
                change_url: url(site, l, &tree.id, &segments[..i]),
            }
        })
        .collect();
    let tree_title = tx(site, l, &tree.def.title);
    let back_url = match page {
        Some(p) if !p.path.is_empty() => Some(url(site, l, &tree.id, &p.path[..p.path.len() - 1])),
        Some(_) => None,
        None => Some(url(site, l, &tree.id, &[])),
    };
    TreePageCtx {
        id: tree.id.clone(),
        start_url: url(site, l, &tree.id, &[]),
        all_url: url(site, l, &tree.id, &["all".to_string()]),
        fallback_url: url(site, l, &tree.id, std::slice::from_ref(&tree.def.fallback)),
        back_url,
        jsonld: breadcrumb_jsonld(site, l, tree, &segments, &answers, &tree_title, title),
        answers,
        title: tree_title,
    }
}

/// BreadcrumbList: the tree's start, each answer as "Question: answer", the current page last
/// (without `item`).
fn breadcrumb_jsonld(
    site: &Site<'_>,
    l: usize,
    tree: &Tree,
    segments: &[String],
    answers: &[AnswerCtx],
    tree_title: &str,
    title: &str,
) -> String {
    let slug = &site.config.locales[l].slug;
    let abs =
        |segs: &[String]| absolute_url(site.config, &format!("{slug}/{}", path_of(&tree.id, segs)));
    let mut crumbs = vec![(tree_title.to_string(), abs(&[]))];
    for (i, a) in answers.iter().enumerate() {
        crumbs.push((
            format!("{}: {}", a.question, a.answer),
            abs(&segments[..=i]),
        ));
    }
    if answers.len() < segments.len() {
        crumbs.push((title.to_string(), abs(segments)));
    }
    let last = crumbs.len();
    let items: Vec<serde_json::Value> = crumbs
        .into_iter()
        .enumerate()
        .map(|(i, (name, item))| {
            let mut v = json!({"@type": "ListItem", "position": i + 1, "name": name});
            if i + 1 < last {
                v["item"] = json!(item);
            }
            v
        })
        .collect();
    let value = json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items});
    crate::templates::script_json(&value)
}

/// The common context of a tree page: the locale's support page (or home) gives the sidebar and
/// the breadcrumbs; URLs and alternates are the tree page's own.
fn common<'a>(
    site: &'a Site<'_>,
    shared: &'a Shared,
    l: usize,
    rest: &str,
    tree: Option<Link>,
) -> Common<'a> {
    let path = format!("{}/{rest}", site.config.locales[l].slug);
    let base = site
        .index
        .lookup(l, "support/index")
        .or_else(|| site.index.lookup(l, "index"));
    let mut common = match base {
        Some(i) => pages::common(site, shared, i),
        None => Common {
            shared: &shared.locales[l],
            page_url: String::new(),
            canonical_url: String::new(),
            alternates: Vec::new(),
            x_default_url: None,
            nav: Ok(NavValue::default()),
            breadcrumbs: Vec::new(),
            kilavuz_version: env!("CARGO_PKG_VERSION"),
        },
    };
    if let Some(i) = base {
        common.breadcrumbs.push(Link {
            title: site.docs[i].title.clone(),
            url: page_url(site.config, &site.index.pages[i].url),
        });
    }
    common.breadcrumbs.extend(tree);
    common.page_url = page_url(site.config, &path);
    common.canonical_url = absolute_url(site.config, &path);
    common.alternates = pages::generated_alternates(site, l, rest);
    common.x_default_url = Some(pages::generated_x_default(site, rest));
    common
}

fn render_page(
    site: &Site<'_>,
    shared: &Shared,
    tree: &Tree,
    l: usize,
    page: &Page,
) -> Result<Vec<u8>, crate::templates::RenderError> {
    let start = (!page.path.is_empty()).then(|| Link {
        title: tx(site, l, &tree.def.title),
        url: url(site, l, &tree.id, &[]),
    });
    let common = common(site, shared, l, &rest(tree, Some(page)), start);
    match &page.kind {
        PageKind::Question(node) => {
            let Node::Question(q) = &tree.def.nodes[node] else {
                unreachable!("question pages show question nodes")
            };
            let text = tx(site, l, &q.text);
            let ctx = TreeQuestionCtx {
                tree: tree_ctx(site, l, tree, Some(page), &text),
                question: QuestionCtx {
                    help: q.help.as_ref().map(|h| tx(site, l, h)),
                    intro: (page.path.is_empty())
                        .then(|| tree.def.intro.as_ref().map(|i| tx(site, l, i)))
                        .flatten(),
                    options: q
                        .options
                        .iter()
                        .map(|o| OptionCtx {
                            label: tx(site, l, &o.label),
                            explainer: o.explainer.as_ref().map(|e| tx(site, l, e)),
                            url: url(
                                site,
                                l,
                                &tree.id,
                                &[page.path.clone(), vec![o.id.clone()]].concat(),
                            ),
                        })
                        .collect(),
                    text,
                },
                common,
            };
            site.templates.render("tree-question.html", &ctx)
        }
        PageKind::Outcome(resolved) => {
            let outcome = outcome::context(site, l, tree, resolved);
            let ctx = crate::templates::trees::TreeOutcomeCtx {
                tree: tree_ctx(site, l, tree, Some(page), &outcome.title),
                outcome,
                hours_js: page_url(site.config, "js/support-hours.js"),
                common,
            };
            site.templates.render("tree-outcome.html", &ctx)
        }
    }
}

fn render_table(
    site: &Site<'_>,
    shared: &Shared,
    tree: &Tree,
    l: usize,
) -> Result<Vec<u8>, crate::templates::RenderError> {
    let start = Link {
        title: tx(site, l, &tree.def.title),
        url: url(site, l, &tree.id, &[]),
    };
    let common = common(site, shared, l, &rest(tree, None), Some(start));
    let title = site.strings[l]
        .get("tree_all_title")
        .and_then(|v| v.as_str())
        .unwrap_or("All answers")
        .to_string();
    let rows = tree
        .pages
        .iter()
        .filter_map(|p| match &p.kind {
            PageKind::Outcome(r) => Some(outcome::row(
                site,
                l,
                tree,
                p,
                r,
                url(site, l, &tree.id, &p.path),
            )),
            PageKind::Question(_) => None,
        })
        .collect();
    let tree_title = tx(site, l, &tree.def.title);
    let ctx = TreeAllCtx {
        tree: tree_ctx(site, l, tree, None, &title),
        rows,
        diagram: crate::trees::diagram::svg(
            &tree.def,
            &tree_title,
            &site.config.locales[l].code,
            &site.config.default_locale().code,
        ),
        common,
    };
    site.templates.render("tree-all.html", &ctx)
}
