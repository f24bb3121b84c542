//! An outcome resolved on one path, for display: the offering the reader contacts (its channels
//! for the severity, their hours and the response target, all taken from the support pages'
//! contexts) and the route the partner takes upstream. An indirect reseller's route starts at
//! its indirect provider's offering, as the offering's `escalation.partner` says.

use super::super::links::page_url;
use super::super::pages::Site;
use super::super::support;
use super::{answer_texts, tx};
use crate::templates::context::Link;
use crate::templates::support::{PlanCtx, PromiseCtx};
use crate::templates::trees::{ContactCtx, OutcomeCtx, RouteStepCtx, SeverityCtx, TableRowCtx};
use crate::trees::model::{Contact, Node};
use crate::trees::unfold::Resolved;
use crate::trees::{Page, Tree};

/// The outcome `r` in locale `l`.
pub(super) fn context(site: &Site<'_>, l: usize, tree: &Tree, r: &Resolved) -> OutcomeCtx {
    let Node::Outcome(o) = &tree.def.nodes[&r.node] else {
        unreachable!("outcome pages show outcome nodes")
    };
    let mut route = Vec::new();
    if let Some((id, severity)) = &r.contact {
        route.extend(reseller_step(site, l, id, severity.as_deref()));
    }
    for (step, (id, severity)) in o.escalation.iter().zip(&r.escalation) {
        let when = step.when.as_ref().map(|w| tx(site, l, w));
        route.extend(step_ctx(site, l, id, severity.as_deref(), when));
    }
    OutcomeCtx {
        kind: o.kind,
        title: tx(site, l, &o.title),
        body: o
            .body
            .as_ref()
            .map(|b| tx(site, l, b))
            .unwrap_or_default()
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect(),
        contact: o
            .contact
            .as_ref()
            .zip(r.contact.as_ref())
            .and_then(|(c, (id, severity))| contact(site, l, c, id, severity.as_deref())),
        route,
        actions: o
            .actions
            .iter()
            .map(|a| Link {
                title: tx(site, l, &a.label),
                url: match a.url.strip_prefix('/') {
                    Some(path) => page_url(site.config, path),
                    None => a.url.clone(),
                },
            })
            .collect(),
    }
}

/// One row of the decision table: the answers of `page` and what its outcome resolves to.
pub(super) fn row(
    site: &Site<'_>,
    l: usize,
    tree: &Tree,
    page: &Page,
    r: &Resolved,
    url: String,
) -> TableRowCtx {
    let outcome = context(site, l, tree, r);
    let contact = outcome.contact.as_ref();
    TableRowCtx {
        answers: page
            .answers
            .iter()
            .map(|a| answer_texts(site, l, tree, a).1)
            .collect(),
        outcome: outcome.title.clone(),
        url,
        severity: contact.and_then(|c| c.severity.clone()),
        response: contact.and_then(|c| c.response.clone()),
        channels: contact
            .map(|c| {
                c.channels
                    .iter()
                    .map(|ch| Link {
                        title: format!("{}: {}", ch.label, ch.shown),
                        url: ch.href.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The severity `id` of offering `offering`, as its scheme defines it.
fn severity(site: &Site<'_>, l: usize, offering: &str, id: &str) -> Option<SeverityCtx> {
    let scheme = site.data.offerings.get(offering)?.value.scheme_id()?;
    let level = site
        .data
        .severities
        .get(scheme)?
        .value
        .levels
        .iter()
        .find(|lv| lv.id == id)?;
    Some(SeverityCtx {
        code: level.code.clone(),
        label: support::text(site, l, &level.label),
        definition: support::text(site, l, &level.definition),
    })
}

/// The offering's first-response target at a severity.
fn response(plan: &PlanCtx, severity: Option<&SeverityCtx>) -> Option<PromiseCtx> {
    let code = &severity?.code;
    plan.targets
        .iter()
        .find(|t| &t.code == code)
        .map(|t| t.response.clone())
}

fn contact(
    site: &Site<'_>,
    l: usize,
    c: &Contact,
    id: &str,
    severity_id: Option<&str>,
) -> Option<ContactCtx> {
    let plan = support::offering(site, l, id)?;
    let severity = severity_id.and_then(|s| severity(site, l, id, s));
    let channels: Vec<_> = plan
        .channels
        .iter()
        .filter(|ch| {
            if c.channels.is_empty() {
                severity
                    .as_ref()
                    .is_none_or(|s| ch.severities.contains(&s.code))
            } else {
                c.channels.contains(&ch.id)
            }
        })
        .cloned()
        .collect();
    let calendars = plan
        .calendars
        .iter()
        .filter(|cal| channels.iter().any(|ch| ch.calendar == cal.id))
        .cloned()
        .collect();
    Some(ContactCtx {
        response: response(&plan, severity.as_ref()),
        name: plan.name,
        url: plan.url,
        provider: plan.provider,
        severity,
        channels,
        calendars,
    })
}

/// For an indirect reseller's offering: the first stop, its indirect provider's offering.
fn reseller_step(
    site: &Site<'_>,
    l: usize,
    id: &str,
    severity: Option<&str>,
) -> Option<RouteStepCtx> {
    let partner = site
        .data
        .offerings
        .get(id)?
        .value
        .escalation
        .as_ref()?
        .partner
        .as_ref()?;
    let when = site.strings[l]
        .get("tree_reseller_first")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    step_ctx(site, l, partner, severity, when)
}

fn step_ctx(
    site: &Site<'_>,
    l: usize,
    id: &str,
    severity_id: Option<&str>,
    when: Option<String>,
) -> Option<RouteStepCtx> {
    let plan = support::offering(site, l, id)?;
    let severity = severity_id.and_then(|s| severity(site, l, id, s));
    Some(RouteStepCtx {
        response: response(&plan, severity.as_ref()),
        severity: severity.map(|s| s.code),
        name: plan.name,
        url: plan.url,
        provider: plan.provider,
        source_url: plan.source_url,
        verified: plan.verified,
        when,
    })
}
