//! The support pages: `/<locale>/support/` (the partner's plans side by side, then the upstream
//! escalation routes) and `/<locale>/support/<offering>/`, plus the support-terms block that an
//! article asks for with front matter `support_terms: <offering id>`.
//!
//! When the site has an article at `support/index.md`, the overview replaces its usual section
//! page and shows that article's body as its introduction.

mod build;
mod chart;
mod jsonld;
mod phone;

use super::links::{absolute_url, page_url};
use super::pages::{self, Shared, Site};
use super::sources::Source;
use crate::data::model::Offering;
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::templates::context::{Common, Link};
use crate::templates::support::{ComparisonRow, OfferingCtx, OverviewData, PlanCtx, SupportCtx};

/// Renders the support pages of every locale when the site has published offerings; returns
/// their paths under the locale folder (`support/…/`) for the sitemap.
pub fn render_all(
    site: &Site<'_>,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    check_terms(site, diags);
    if site.data.partner_offerings().next().is_none() {
        return Vec::new();
    }
    let shared = Shared::new(site);
    let mut published: Vec<&Offering> = site
        .data
        .offerings
        .values()
        .filter(|o| site.data.published.contains(&o.value.id) && !clashes(site, o, diags))
        .map(|o| &o.value)
        .collect();
    published.sort_by_key(|o| (o.weight.unwrap_or(i64::MAX), &o.id));
    for l in 0..site.config.locales.len() {
        let plans: Vec<PlanCtx> = published.iter().map(|o| build::plan(site, l, o)).collect();
        let (partner, upstream): (Vec<PlanCtx>, Vec<PlanCtx>) =
            plans.iter().cloned().partition(|p| p.kind == "partner");
        overview(site, &shared, l, partner, upstream, output, diags);
        for (plan, o) in plans.into_iter().zip(&published) {
            let coverage = chart::coverage(site, l, o, &plan.channels);
            offering_page(site, &shared, l, (plan, coverage), output, diags);
        }
    }
    let mut rests = vec!["support/".to_string()];
    rests.extend(published.iter().map(|o| format!("support/{}/", o.id)));
    rests
}

/// The plan named by an article's `support_terms` front matter, in locale `l`.
pub fn terms(site: &Site<'_>, source: &Source, l: usize) -> Option<PlanCtx> {
    let id = source.front_matter.all.get("support_terms")?.as_str()?;
    offering(site, l, id)
}

/// A published offering as its page shows it in locale `l` (for other generated pages, such as
/// decision tree outcomes, which show its channels, hours and targets without retyping them).
pub fn offering(site: &Site<'_>, l: usize, id: &str) -> Option<PlanCtx> {
    let o = site
        .data
        .offerings
        .get(id)
        .filter(|_| site.data.published.contains(id))?;
    Some(build::plan(site, l, &o.value))
}

/// Display text of support data in locale `l`, falling back to the default locale.
pub fn text(site: &Site<'_>, l: usize, text: &crate::data::model::Text) -> String {
    build::tx(site, l, text)
}

fn check_terms(site: &Site<'_>, diags: &mut Vec<Diagnostic>) {
    for s in site.sources {
        let Some(value) = s.front_matter.all.get("support_terms") else {
            continue;
        };
        let id = value.as_str().unwrap_or_default();
        if !site.data.published.contains(id) {
            let line = s
                .text
                .lines()
                .position(|l| l.starts_with("support_terms:"))
                .map_or(1, |i| i + 1);
            diags.push(
                Diagnostic::error(
                    "data.unknown_reference",
                    &s.file.path,
                    format!("`support_terms`: `{value}` is not a published offering"),
                )
                .at(line, 1)
                .hint("use the id of an active offering in content/data/offerings/"),
            );
        }
    }
}

fn clashes(site: &Site<'_>, o: &crate::data::Item<Offering>, diags: &mut Vec<Diagnostic>) -> bool {
    let key = format!("support/{}", o.value.id);
    let l = site.config.default_locale;
    let clash = [key.clone(), format!("{key}/index")]
        .iter()
        .any(|k| site.index.lookup(l, k).is_some());
    if clash {
        diags.push(
            o.error(
                "data.offering_url_clash",
                "id",
                format!(
                    "an article is already published at /{}/{key}/",
                    site.config.locales[l].slug
                ),
            )
            .hint("rename the offering or the article; the offering's page is not built"),
        );
    }
    clash
}

fn base_common<'a>(
    site: &'a Site<'_>,
    shared: &'a Shared,
    l: usize,
    url: &str,
) -> (Common<'a>, Option<usize>) {
    let page = site.index.lookup(l, "support/index");
    let mut common = match page.or_else(|| site.index.lookup(l, "index")) {
        Some(i) => pages::common(site, shared, i),
        None => shared.plain(site, url),
    };
    common.page_url = page_url(site.config, url);
    common.canonical_url = absolute_url(site.config, url);
    let rest = url.split_once('/').map_or("", |(_, r)| r);
    common.alternates = pages::generated_alternates(site, l, rest);
    common.x_default_url = Some(pages::generated_x_default(site, rest));
    (common, page)
}

fn overview(
    site: &Site<'_>,
    shared: &Shared,
    l: usize,
    plans: Vec<PlanCtx>,
    upstream: Vec<PlanCtx>,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    let url = format!("{}/support/", site.config.locales[l].slug);
    let (common, page) = base_common(site, shared, l, &url);
    let doc = page.map(|i| &site.docs[i]);
    let mut all = plans.clone();
    all.extend(upstream.iter().cloned());
    let graph = jsonld::graph(&absolute_url(site.config, ""), &common.canonical_url, &all);
    let ctx = SupportCtx {
        support: OverviewData {
            title: doc.map_or_else(
                || {
                    site.strings[l]
                        .get("support_title")
                        .and_then(|v| v.as_str())
                        .unwrap_or("Support")
                },
                |d| &d.title,
            ),
            heading: doc.and_then(|d| d.rendered.h1_html.as_deref()),
            intro: doc.map_or("", |d| &d.rendered.html),
            comparison: comparison(&plans),
            plans,
            upstream,
            jsonld: crate::templates::script_json(&graph),
            hours_js: page_url(site.config, "js/support-hours.js"),
        },
        common,
    };
    emit(site, "support.html", &url, &ctx, output, diags);
}

fn offering_page(
    site: &Site<'_>,
    shared: &Shared,
    l: usize,
    (plan, coverage): (PlanCtx, Option<String>),
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    let url = format!("{}/support/{}/", site.config.locales[l].slug, plan.id);
    let (mut common, page) = base_common(site, shared, l, &url);
    if let Some(i) = page {
        common.breadcrumbs.push(Link {
            title: site.docs[i].title.clone(),
            url: page_url(site.config, &site.index.pages[i].url),
        });
    }
    let graph = jsonld::graph(
        &absolute_url(site.config, ""),
        &common.canonical_url,
        std::slice::from_ref(&plan),
    );
    let ctx = OfferingCtx {
        common,
        jsonld: crate::templates::script_json(&graph),
        hours_js: page_url(site.config, "js/support-hours.js"),
        offering: plan,
        coverage,
    };
    emit(site, "offering.html", &url, &ctx, output, diags);
}

fn emit<T: crate::templates::context::Page>(
    site: &Site<'_>,
    template: &str,
    url: &str,
    ctx: &T,
    output: &mut Output,
    diags: &mut Vec<Diagnostic>,
) {
    match site.templates.render(template, ctx) {
        Ok(html) => output.insert(format!("{url}index.html"), html),
        Err(e) => {
            diags.push(e.into_diagnostic(site.templates, &site.config.root.join("content/data")))
        }
    }
}

fn comparison(plans: &[PlanCtx]) -> Vec<ComparisonRow> {
    let mut codes: Vec<(&str, &str)> = Vec::new();
    for t in plans.iter().flat_map(|p| &p.targets) {
        if !codes.iter().any(|c| c.0 == t.code) {
            codes.push((&t.code, &t.label));
        }
    }
    codes
        .into_iter()
        .map(|(code, label)| ComparisonRow {
            code: code.to_string(),
            label: label.to_string(),
            promises: plans
                .iter()
                .map(|p| {
                    p.targets
                        .iter()
                        .find(|t| t.code == code)
                        .map(|t| t.response.clone())
                })
                .collect(),
        })
        .collect()
}
