//! Response targets: every severity defined, one target per severity, durations that parse on a
//! calendar clock, and every promise reachable through a channel that accepts the severity and
//! is open whenever the target's clock runs.

use std::collections::BTreeSet;

use crate::data::model::{Clocked, Escalation, Kind, Offering};
use crate::data::time::{self, Week};
use crate::data::{Data, Item};
use crate::diagnostics::Diagnostic;

/// The severity ids of the offering's scheme, when it resolves.
pub(crate) fn scheme_ids<'d>(data: &'d Data, o: &Item<Offering>) -> Option<Vec<&'d str>> {
    let scheme = data.severities.get(o.value.scheme_id()?)?;
    Some(scheme.value.levels.iter().map(|l| l.id.as_str()).collect())
}

/// Reports a severity id the offering's scheme does not define.
pub(crate) fn severity_ref(
    data: &Data,
    o: &Item<Offering>,
    path: &str,
    id: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(ids) = scheme_ids(data, o)
        && !ids.contains(&id)
    {
        diagnostics.push(
            o.error(
                "data.unknown_severity",
                path,
                format!("severity `{id}` is not defined"),
            )
            .hint(format!("the scheme defines: {}", ids.join(", "))),
        );
    }
}

/// Reports a duration that does not parse.
pub(crate) fn duration_field(
    o: &Item<Offering>,
    path: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Err(problem) = time::duration(text) {
        diagnostics.push(o.error("data.duration", path, problem));
    }
}

/// Checks one clocked promise; returns its length in minutes when it has one.
fn clocked(
    data: &Data,
    o: &Item<Offering>,
    path: &str,
    c: &Clocked,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<i64> {
    let forms = [
        c.within.is_some(),
        c.best_effort,
        c.not_available,
        c.unpublished,
    ];
    if forms.iter().filter(|&&f| f).count() != 1 {
        diagnostics.push(o.error(
            "data.clocked",
            path,
            "give exactly one of `within` (with `clock`), `best_effort`, `not_available`, `unpublished`",
        ));
        return None;
    }
    if c.unpublished {
        match (&c.source, o.value.kind) {
            (_, Some(Kind::Partner)) => diagnostics.push(o.error(
                "data.clocked",
                path,
                "a partner publishes its own targets; `unpublished` is for upstream offerings",
            )),
            (Some(url), _) => super::formats::url(o, &format!("{path}.source"), url, diagnostics),
            (None, _) => diagnostics.push(o.error(
                "data.clocked",
                path,
                "`unpublished` needs a `source` URL",
            )),
        }
    }
    let within = c.within.as_ref()?;
    let Some(clock) = &c.clock else {
        diagnostics.push(o.error("data.clocked", path, "`within` needs a `clock` calendar"));
        return None;
    };
    if !data.calendars.contains_key(clock) {
        diagnostics.push(o.error(
            "data.unknown_reference",
            &format!("{path}.clock"),
            format!("calendar `{clock}` does not exist"),
        ));
    }
    match time::duration(within) {
        Ok(amount) => Some(amount.minutes()),
        Err(problem) => {
            diagnostics.push(o.error("data.duration", &format!("{path}.within"), problem));
            None
        }
    }
}

/// Checks the targets of one offering.
pub(crate) fn check(data: &Data, o: &Item<Offering>, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    let mut timed = Vec::new();
    for (i, t) in o.value.targets.iter().flatten().enumerate() {
        let at = |f: &str| format!("targets.{i}.{f}");
        severity_ref(data, o, &at("severity"), &t.severity, diagnostics);
        if !seen.insert(t.severity.as_str()) {
            diagnostics.push(o.error(
                "data.duplicate_target",
                &at("severity"),
                format!("severity `{}` already has a target", t.severity),
            ));
        }
        let first = clocked(
            data,
            o,
            &at("initial_response"),
            &t.initial_response,
            diagnostics,
        );
        if let Some(u) = &t.update_interval {
            clocked(data, o, &at("update_interval"), u, diagnostics);
        }
        if let Some(r) = &t.resolution
            && let Some(resolve) = clocked(data, o, &at("resolution"), r, diagnostics)
            && let Some(first) = first.filter(|f| resolve < *f)
            && r.clock == t.initial_response.clock
        {
            diagnostics.push(o.error(
                "data.resolution",
                &at("resolution.within"),
                format!("resolution ({resolve} minutes) is shorter than the first response ({first} minutes)"),
            ));
        }
        if let Some(m) = first {
            timed.push((i, t.severity.as_str(), m));
        }
        must_use(o, i, &t.severity, &t.must_use_channels, diagnostics);
        reachable(data, o, i, diagnostics);
    }
    monotonic(
        o,
        &timed,
        &scheme_ids(data, o).unwrap_or_default(),
        diagnostics,
    );
    if let Some(ids) = scheme_ids(data, o) {
        for id in ids.iter().filter(|id| !seen.contains(*id)) {
            diagnostics.push(
                o.error("data.missing_target", "targets", format!("severity `{id}` has no target"))
                    .hint("add a row; write `not_available: true` or `best_effort: true` if nothing is promised"),
            );
        }
    }
}

/// Warns when a more severe level gets a slower first response than a less severe one on the
/// same clock. `timed` holds (target index, severity, minutes); `ranked` lists the scheme's
/// severities, most severe first.
fn monotonic(
    o: &Item<Offering>,
    timed: &[(usize, &str, i64)],
    ranked: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let targets = o.value.targets.as_deref().unwrap_or_default();
    let rank = |s: &str| ranked.iter().position(|r| *r == s);
    for &(i, severe, slow) in timed {
        let faster = timed.iter().find(|&&(j, mild, fast)| {
            rank(severe) < rank(mild)
                && rank(severe).is_some()
                && fast < slow
                && targets[i].initial_response.clock == targets[j].initial_response.clock
        });
        if let Some((_, mild, fast)) = faster {
            diagnostics.push(
                o.warning(
                    "data.target_order",
                    &format!("targets.{i}.initial_response.within"),
                    format!(
                        "severity `{severe}` is more severe than `{mild}` but gets a slower first response ({slow} minutes, against {fast})"
                    ),
                )
                .hint("a more severe level should never wait longer on the same clock"),
            );
        }
    }
}

fn must_use(
    o: &Item<Offering>,
    i: usize,
    severity: &str,
    ids: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (j, id) in ids.iter().enumerate() {
        let path = format!("targets.{i}.must_use_channels.{j}");
        match o.value.channels.iter().flatten().find(|c| &c.id == id) {
            None => diagnostics.push(o.error(
                "data.unknown_reference",
                &path,
                format!("channel `{id}` does not exist"),
            )),
            Some(c) if !c.severities.iter().any(|s| s == severity) => diagnostics.push(o.error(
                "data.must_use_channel",
                &path,
                format!("channel `{id}` does not accept severity `{severity}`"),
            )),
            Some(_) => {}
        }
    }
}

/// A partner's timed promise needs a channel that takes the severity and is open on its clock.
fn reachable(data: &Data, o: &Item<Offering>, i: usize, diagnostics: &mut Vec<Diagnostic>) {
    let target = &o.value.targets.as_ref().expect("called per target")[i];
    let Some(clock) = target
        .initial_response
        .clock
        .as_ref()
        .and_then(|c| data.calendars.get(c))
    else {
        return;
    };
    if o.value.kind != Some(Kind::Partner) || target.initial_response.within.is_none() {
        return;
    }
    let clock_week = Week::of(&clock.value);
    let ok = o.value.channels.iter().flatten().any(|c| {
        let Some(cal) = data.calendars.get(&c.calendar) else {
            return true;
        };
        let week = Week::of(&cal.value);
        let same_zone = cal.value.time_zone == clock.value.time_zone || week.is_always();
        c.severities.contains(&target.severity) && same_zone && week.covers(&clock_week)
    });
    if !ok {
        diagnostics.push(
            o.error(
                "data.unreachable_target",
                &format!("targets.{i}.initial_response"),
                format!(
                    "no channel accepts severity `{}` whenever the `{}` clock runs",
                    target.severity, clock.value.id
                ),
            )
            .hint("add a channel staffed on that calendar (e.g. a 24x7 line), or count the target on the channel's calendar"),
        );
    }
}

/// Checks automatic escalation steps: defined severity, existing levels, increasing times.
pub(crate) fn time_based(
    data: &Data,
    o: &Item<Offering>,
    e: &Escalation,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (i, tb) in e.time_based.iter().enumerate() {
        severity_ref(
            data,
            o,
            &format!("escalation.time_based.{i}.severity"),
            &tb.severity,
            diagnostics,
        );
        let mut last = 0;
        for (j, step) in tb.steps.iter().enumerate() {
            let path = format!("escalation.time_based.{i}.steps.{j}");
            if step.level == 0 || step.level as usize > e.levels.len() {
                diagnostics.push(o.error(
                    "data.escalation",
                    &format!("{path}.level"),
                    format!("level {} does not exist", step.level),
                ));
            }
            if let Some(m) = clocked(data, o, &format!("{path}.after"), &step.after, diagnostics) {
                if m <= last {
                    diagnostics.push(o.error(
                        "data.escalation",
                        &format!("{path}.after"),
                        "steps must come later and later",
                    ));
                }
                last = m;
            }
        }
    }
}
