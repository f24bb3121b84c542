//! Whether the data is still looked after: terms nobody has reviewed (partner `last_reviewed`,
//! upstream `source.verified`) for longer than `stale_after_days` as of the build date, and
//! upstream offerings that no offering escalates to.

use std::collections::BTreeSet;

use super::calendars::date_field;
use crate::data::model::{Kind, Offering};
use crate::data::{Data, Item, time};
use crate::diagnostics::Diagnostic;

/// Runs the review rules over every offering.
pub(crate) fn check(data: &Data, max_days: u32, diagnostics: &mut Vec<Diagnostic>) {
    let today = time::today();
    for o in data.offerings.values() {
        let v = &o.value;
        if let Some(text) = &v.last_reviewed
            && let Some(day) = date_field(o, "last_reviewed", text, diagnostics)
        {
            stale(
                o,
                "last_reviewed",
                time::days_between(day, today),
                max_days,
                diagnostics,
            );
        }
        let verified = v.source.as_ref().and_then(|s| s.verified.as_deref());
        if v.kind == Some(Kind::Upstream)
            && let Some(day) = verified.and_then(time::date)
        {
            stale(
                o,
                "source.verified",
                time::days_between(day, today),
                max_days,
                diagnostics,
            );
        }
    }
    orphans(data, diagnostics);
}

fn stale(
    o: &Item<Offering>,
    path: &str,
    age: i64,
    max_days: u32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if age > i64::from(max_days) {
        diagnostics.push(
            o.warning(
                "data.stale",
                path,
                format!("checked {age} days ago, more than {max_days}"),
            )
            .hint("check the terms again and update the date (`stale_after_days` in kilavuz.yaml sets the limit)"),
        );
    }
}

/// Published upstream offerings that no published offering escalates to.
fn orphans(data: &Data, diagnostics: &mut Vec<Diagnostic>) {
    let referenced: BTreeSet<&String> = data
        .offerings
        .values()
        .filter(|o| data.published.contains(&o.value.id))
        .filter_map(|o| o.value.escalation.as_ref())
        .flat_map(|e| e.upstream.iter().chain(&e.partner))
        .collect();
    for o in data.offerings.values() {
        let v = &o.value;
        if v.kind == Some(Kind::Upstream)
            && data.published.contains(&v.id)
            && !referenced.contains(&v.id)
        {
            diagnostics.push(
                o.warning(
                    "data.orphan_offering",
                    "id",
                    format!("no offering escalates to `{}`", v.id),
                )
                .hint("list it under a partner offering's `escalation.upstream`, or remove it"),
            );
        }
    }
}
