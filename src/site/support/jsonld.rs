//! JSON-LD for the support pages (schema.org Organization + ContactPoint with
//! OpeningHoursSpecification, Service + ServiceChannel + Offer/UnitPriceSpecification), built as
//! `serde_json` values and escaped for a `<script>` element.

use serde_json::{Value, json};

use crate::data::model::ChannelType;
use crate::templates::support::{CalendarCtx, ChannelCtx, PlanCtx};

const DAY_NAMES: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

/// The `@graph` of a support page: one organization per provider of the listed plans (the
/// partners' with their contact points), then one service per plan, each pointing at its own
/// provider. `site_url` is the site's absolute root URL.
pub(super) fn graph(site_url: &str, page_url: &str, plans: &[PlanCtx]) -> Value {
    let org_id = |p: &PlanCtx| format!("{site_url}#org-{}", p.provider_id);
    let mut graph: Vec<Value> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for first in plans {
        if seen.contains(&first.provider_id.as_str()) {
            continue;
        }
        seen.push(&first.provider_id);
        let contact_points: Vec<Value> = plans
            .iter()
            .filter(|p| p.kind == "partner" && p.provider_id == first.provider_id)
            .flat_map(|p| p.channels.iter().map(|c| contact_point(c, p)))
            .collect();
        let mut org = json!({
            "@type": "Organization", "@id": org_id(first), "name": first.provider,
            "url": first.provider_url,
        });
        if !contact_points.is_empty() {
            org["contactPoint"] = json!(contact_points);
        }
        graph.push(org);
    }
    graph.extend(plans.iter().map(|p| service(p, &org_id(p), page_url)));
    json!({"@context": "https://schema.org", "@graph": graph})
}

fn service(p: &PlanCtx, org_id: &str, page_url: &str) -> Value {
    let mut s = json!({
        "@type": "Service", "@id": format!("{}#service", p.url), "name": p.name,
        "serviceType": "IT support", "provider": {"@id": org_id},
        "termsOfService": p.url, "url": page_url,
        "availableChannel": p.channels.iter().map(|c| channel(c, p)).collect::<Vec<_>>(),
    });
    if let Some(summary) = &p.summary {
        s["description"] = json!(summary);
    }
    if let Some(offer) = offer(p) {
        s["offers"] = offer;
    }
    s
}

fn channel(c: &ChannelCtx, p: &PlanCtx) -> Value {
    let mut v =
        json!({"@type": "ServiceChannel", "name": c.label, "availableLanguage": c.languages});
    match c.kind {
        ChannelType::Phone => v["servicePhone"] = contact_point(c, p),
        ChannelType::Email => v["serviceUrl"] = json!(c.href),
        ChannelType::Portal | ChannelType::Chat => v["serviceUrl"] = json!(c.value),
    }
    v
}

fn contact_point(c: &ChannelCtx, p: &PlanCtx) -> Value {
    let mut v = json!({
        "@type": "ContactPoint", "contactType": "technical support", "name": c.label,
        "availableLanguage": c.languages,
    });
    match c.kind {
        ChannelType::Phone => v["telephone"] = json!(c.value),
        ChannelType::Email => v["email"] = json!(c.value),
        ChannelType::Portal | ChannelType::Chat => v["url"] = json!(c.value),
    }
    if let Some(cal) = p.calendars.iter().find(|cal| cal.id == c.calendar) {
        v["hoursAvailable"] = json!(hours(cal));
    }
    v
}

/// OpeningHoursSpecification entries: weekly rows, then closed days and special hours.
fn hours(cal: &CalendarCtx) -> Vec<Value> {
    if cal.always {
        let days: Vec<&str> = DAY_NAMES.iter().map(|d| d.1).collect();
        return vec![
            json!({"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": "00:00", "closes": "23:59"}),
        ];
    }
    let mut specs: Vec<Value> = cal
        .rows
        .iter()
        .map(|r| {
            let days: Vec<&str> = r
                .days
                .iter()
                .filter_map(|d| DAY_NAMES.iter().find(|n| n.0 == *d).map(|n| n.1))
                .collect();
            let closes = if r.close == "24:00" { "23:59" } else { &r.close };
            json!({"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": r.open, "closes": closes})
        })
        .collect();
    for d in &cal.days_off {
        let mut v = json!({"@type": "OpeningHoursSpecification", "validFrom": d.date,
            "validThrough": d.until.as_deref().unwrap_or(&d.date)});
        if let Some((open, close)) = d.hours.as_deref().and_then(|h| h.split_once('–')) {
            v["opens"] = json!(open);
            v["closes"] = json!(close);
        }
        specs.push(v);
    }
    specs
}

fn offer(p: &PlanCtx) -> Option<Value> {
    let (amount, currency) = (p.price.amount.as_ref()?, p.price.currency.as_ref()?);
    let (unit, duration) = match p.price.model {
        "per_user_month" => ("user", Some("P1M")),
        "per_device_month" => ("device", Some("P1M")),
        "per_incident" => ("incident", None),
        _ => ("hour", None),
    };
    let mut spec = json!({
        "@type": "UnitPriceSpecification", "price": amount, "priceCurrency": currency,
        "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitText": unit},
        "valueAddedTaxIncluded": p.price.tax_included,
    });
    if let Some(d) = duration {
        spec["billingDuration"] = json!(d);
    }
    let mut offer = json!({"@type": "Offer", "price": amount, "priceCurrency": currency, "priceSpecification": spec});
    if let Some(min) = p.price.minimum {
        offer["eligibleQuantity"] =
            json!({"@type": "QuantitativeValue", "minValue": min, "unitText": unit});
    }
    Some(offer)
}
