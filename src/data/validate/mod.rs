//! Build-time validation of the support data. Each concern has its own file; every rule reports
//! a [`Diagnostic`] with a stable `data.*` code, the file, the line and the field.

mod calendars;
pub(crate) mod extends;
mod formats;
mod offerings;
mod review;
mod targets;
mod translations;

use super::Data;
use super::model::Relationship;
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// Runs every rule over the loaded data.
pub(crate) fn all(data: &Data, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    for p in data.providers.values() {
        slug(p, "id", &p.value.id, diagnostics);
        formats::url(p, "url", &p.value.url, diagnostics);
        provider_chain(data, p, diagnostics);
    }
    for c in data.calendars.values() {
        slug(c, "id", &c.value.id, diagnostics);
        calendars::check(c, diagnostics);
    }
    for s in data.severities.values() {
        slug(s, "id", &s.value.id, diagnostics);
        calendars::check_scheme(s, diagnostics);
    }
    for o in data.offerings.values() {
        slug(o, "id", &o.value.id, diagnostics);
        offerings::check(data, o, diagnostics);
    }
    review::check(data, config.stale_after_days, diagnostics);
    translations::check(data, config, diagnostics);
}

/// Whether `id` is a slug: lower-case ASCII letters, digits and inner hyphens.
pub(crate) fn is_slug(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

fn slug<T>(item: &super::Item<T>, path: &str, id: &str, diagnostics: &mut Vec<Diagnostic>) {
    if !is_slug(id) {
        diagnostics.push(
            item.error("data.invalid_id", path, format!("`{id}` is not a slug"))
                .hint(
                    "use lower-case letters, digits and hyphens, starting with a letter or digit",
                ),
        );
    }
}

fn provider_chain(
    data: &Data,
    p: &super::Item<super::model::Provider>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let v = &p.value;
    match (v.relationship, v.indirect_provider.as_deref()) {
        (Relationship::IndirectReseller, None) => diagnostics.push(
            p.error(
                "data.csp_chain",
                "relationship",
                "an indirect reseller needs `indirect_provider`",
            )
            .hint("name the provider (distributor) it buys through"),
        ),
        (Relationship::IndirectReseller, Some(id)) => {
            let upstream = data.providers.get(id).map(|u| u.value.relationship);
            if upstream != Some(Relationship::IndirectProvider) {
                diagnostics.push(p.error(
                    "data.csp_chain",
                    "indirect_provider",
                    format!("`{id}` is not a provider with `relationship: indirect_provider`"),
                ));
            }
        }
        (_, Some(_)) => diagnostics.push(p.error(
            "data.csp_chain",
            "indirect_provider",
            "only an indirect reseller has an indirect provider",
        )),
        _ => {}
    }
}
