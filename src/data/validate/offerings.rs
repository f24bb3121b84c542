//! Offering rules: required fields, references, channels, pricing, escalation, lifecycle and
//! provenance, and the CSP chain (an indirect reseller escalates to its indirect provider).

use std::collections::BTreeSet;

use super::{calendars::date_field, formats, targets};
use crate::data::model::{ChannelType, Kind, Offering, PriceModel, Relationship, SchemeRef};
use crate::data::{Data, Item};
use crate::diagnostics::Diagnostic;

/// Checks one (merged) offering.
pub(crate) fn check(data: &Data, o: &Item<Offering>, diagnostics: &mut Vec<Diagnostic>) {
    let v = &o.value;
    for (field, missing) in [
        ("kind", v.kind.is_none()),
        ("provider", v.provider.is_none()),
        ("status", v.status.is_none()),
        ("name", v.name.is_none()),
        ("severities", v.severities.is_none()),
    ] {
        if missing {
            diagnostics.push(o.error("data.missing_field", field, "this field is required"));
        }
    }
    if let Some(p) = &v.provider
        && !data.providers.contains_key(p)
    {
        diagnostics.push(o.error(
            "data.unknown_reference",
            "provider",
            format!("provider `{p}` does not exist"),
        ));
    }
    match &v.severities {
        Some(SchemeRef::Id(s)) if !data.severities.contains_key(s) => diagnostics.push(o.error(
            "data.unknown_reference",
            "severities",
            format!("severity scheme `{s}` does not exist"),
        )),
        Some(SchemeRef::Inline(_)) => diagnostics.push(
            o.error(
                "data.inline_severities",
                "severities",
                "an inline severity scheme is not supported",
            )
            .hint("move the levels to content/data/severities/<id>.yaml and write that id here"),
        ),
        _ => {}
    }
    lifecycle(o, diagnostics);
    channels(data, o, diagnostics);
    targets::check(data, o, diagnostics);
    pricing(o, diagnostics);
    escalation(data, o, diagnostics);
}

fn lifecycle(o: &Item<Offering>, diagnostics: &mut Vec<Diagnostic>) {
    let v = &o.value;
    if let Some(e) = &v.effective {
        let from = date_field(o, "effective.from", &e.from, diagnostics);
        let until = e
            .until
            .as_deref()
            .and_then(|u| date_field(o, "effective.until", u, diagnostics));
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            diagnostics.push(o.error("data.date", "effective.until", "ends before it starts"));
        }
    }
    if v.kind != Some(Kind::Upstream) {
        return;
    }
    let source = v.source.as_ref();
    match source.and_then(|s| s.url.as_deref()) {
        Some(url) => formats::url(o, "source.url", url, diagnostics),
        None => diagnostics.push(
            o.error(
                "data.upstream_source",
                "source",
                "an upstream offering needs `source.url`",
            )
            .hint("say where the vendor publishes these terms"),
        ),
    }
    match source.and_then(|s| s.verified.as_deref()) {
        Some(d) => {
            date_field(o, "source.verified", d, diagnostics);
        }
        None => diagnostics.push(
            o.error(
                "data.upstream_source",
                "source",
                "an upstream offering needs `source.verified`",
            )
            .hint("the date someone last checked the vendor's page, YYYY-MM-DD"),
        ),
    }
}

fn channels(data: &Data, o: &Item<Offering>, diagnostics: &mut Vec<Diagnostic>) {
    let v = &o.value;
    let languages: Option<BTreeSet<&String>> = v.languages.as_ref().map(|l| l.iter().collect());
    for (i, l) in v.languages.iter().flatten().enumerate() {
        formats::language_tag(o, &format!("languages.{i}"), l, diagnostics);
    }
    let mut ids = BTreeSet::new();
    for (i, c) in v.channels.iter().flatten().enumerate() {
        let at = |field: &str| format!("channels.{i}.{field}");
        if !super::is_slug(&c.id) || !ids.insert(&c.id) {
            diagnostics.push(o.error(
                "data.invalid_id",
                &at("id"),
                format!("`{}` is not a unique slug", c.id),
            ));
        }
        let (field, value) = match c.kind {
            ChannelType::Phone => ("number", &c.number),
            ChannelType::Email => ("address", &c.address),
            ChannelType::Portal | ChannelType::Chat => ("url", &c.url),
        };
        match (value, c.kind) {
            (None, _) => diagnostics.push(o.error(
                "data.channel_fields",
                &format!("channels.{i}"),
                format!("a {:?} channel needs `{field}`", c.kind).to_lowercase(),
            )),
            (Some(n), ChannelType::Phone) => formats::phone(o, &at(field), n, diagnostics),
            (Some(a), ChannelType::Email) => formats::email(o, &at(field), a, diagnostics),
            (Some(u), _) => formats::url(o, &at(field), u, diagnostics),
        }
        for (field, cal) in [
            ("calendar", Some(&c.calendar)),
            ("accepts_until", c.accepts_until.as_ref()),
        ] {
            if let Some(cal) = cal
                && !data.calendars.contains_key(cal)
            {
                diagnostics.push(o.error(
                    "data.unknown_reference",
                    &at(field),
                    format!("calendar `{cal}` does not exist"),
                ));
            }
        }
        for (j, s) in c.severities.iter().enumerate() {
            targets::severity_ref(
                data,
                o,
                &format!("channels.{i}.severities.{j}"),
                s,
                diagnostics,
            );
        }
        for (j, l) in c.languages.iter().enumerate() {
            formats::language_tag(o, &format!("channels.{i}.languages.{j}"), l, diagnostics);
            if languages.as_ref().is_some_and(|all| !all.contains(l)) {
                diagnostics.push(o.error(
                    "data.language",
                    &format!("channels.{i}.languages.{j}"),
                    format!("`{l}` is not one of the offering's `languages`"),
                ));
            }
        }
    }
}

fn pricing(o: &Item<Offering>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(p) = &o.value.pricing else {
        return;
    };
    let free = matches!(p.model, PriceModel::Included | PriceModel::Quote);
    match (&p.price, free) {
        (Some(_), true) => diagnostics.push(o.error(
            "data.pricing",
            "pricing.price",
            "this pricing model has no price",
        )),
        (None, false) => diagnostics.push(o.error(
            "data.pricing",
            "pricing",
            "this pricing model needs `price`",
        )),
        (Some(price), false) => {
            formats::currency(o, "pricing.price.currency", &price.currency, diagnostics);
            if price.amount.as_f64().is_none_or(|a| a < 0.0) {
                diagnostics.push(o.error(
                    "data.pricing",
                    "pricing.price.amount",
                    "the amount must be zero or more",
                ));
            }
        }
        (None, true) => {}
    }
    match (&p.increment, p.model) {
        (None, PriceModel::Hourly) => diagnostics.push(o.error(
            "data.pricing",
            "pricing",
            "hourly pricing needs `increment` (e.g. PT15M)",
        )),
        (Some(inc), _) => targets::duration_field(o, "pricing.increment", inc, diagnostics),
        _ => {}
    }
}

fn escalation(data: &Data, o: &Item<Offering>, diagnostics: &mut Vec<Diagnostic>) {
    let v = &o.value;
    let e = v.escalation.clone().unwrap_or_default();
    for (i, level) in e.levels.iter().enumerate() {
        let at = |f: &str| format!("escalation.levels.{i}.{f}");
        if level.level as usize != i + 1 {
            diagnostics.push(o.error(
                "data.escalation",
                &at("level"),
                format!("expected level {}", i + 1),
            ));
        }
        if let Some(c) = &level.channel
            && !v.channels.iter().flatten().any(|ch| &ch.id == c)
        {
            diagnostics.push(o.error(
                "data.unknown_reference",
                &at("channel"),
                format!("channel `{c}` does not exist"),
            ));
        }
        level
            .phone
            .iter()
            .for_each(|p| formats::phone(o, &at("phone"), p, diagnostics));
        level
            .email
            .iter()
            .for_each(|m| formats::email(o, &at("email"), m, diagnostics));
        if level.channel.is_none() && level.phone.is_none() && level.email.is_none() {
            diagnostics.push(o.error(
                "data.escalation",
                &format!("escalation.levels.{i}"),
                "give a `channel`, `phone` or `email`",
            ));
        }
    }
    targets::time_based(data, o, &e, diagnostics);
    for (i, u) in e.upstream.iter().enumerate() {
        let path = format!("escalation.upstream.{i}");
        if let Some(target) = offering_ref(data, o, &path, u, diagnostics)
            && target.value.kind != Some(Kind::Upstream)
        {
            diagnostics.push(o.error(
                "data.upstream_kind",
                &path,
                format!("`{u}` is not `kind: upstream`"),
            ));
        }
    }
    csp_chain(data, o, e.partner.as_deref(), diagnostics);
}

fn csp_chain(
    data: &Data,
    o: &Item<Offering>,
    partner: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let provider = o
        .value
        .provider
        .as_ref()
        .and_then(|p| data.providers.get(p));
    let reseller = provider.filter(|p| p.value.relationship == Relationship::IndirectReseller);
    match (reseller, partner) {
        (Some(_), None) if o.value.kind == Some(Kind::Partner) => diagnostics.push(
            o.error(
                "data.csp_chain",
                "escalation",
                "an indirect reseller's offering needs `escalation.partner`",
            )
            .hint("name the indirect provider's offering that cases escalate to first"),
        ),
        (None, Some(_)) => diagnostics.push(o.error(
            "data.csp_chain",
            "escalation.partner",
            "only an indirect reseller's offering escalates to a partner",
        )),
        (Some(r), Some(id)) => {
            let Some(target) = offering_ref(data, o, "escalation.partner", id, diagnostics) else {
                return;
            };
            if target.value.provider != r.value.indirect_provider {
                diagnostics.push(o.error(
                    "data.csp_chain",
                    "escalation.partner",
                    format!("`{id}` is not an offering of this reseller's indirect provider"),
                ));
            }
        }
        _ => {}
    }
}

/// Resolves a reference to a published offering, reporting unknown and unpublished ones.
fn offering_ref<'d>(
    data: &'d Data,
    o: &Item<Offering>,
    path: &str,
    id: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'d Item<Offering>> {
    let Some(target) = data.offerings.get(id) else {
        diagnostics.push(o.error(
            "data.unknown_reference",
            path,
            format!("offering `{id}` does not exist"),
        ));
        return None;
    };
    if !data.published.contains(id) && data.published.contains(&o.value.id) {
        diagnostics.push(
            o.error(
                "data.expired_reference",
                path,
                format!("offering `{id}` is not published (draft, retired or outside its dates)"),
            )
            .hint("refer to a current offering instead"),
        );
    }
    Some(target)
}
