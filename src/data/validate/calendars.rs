//! Calendar and severity-scheme rules: real IANA zones, parseable times and dates, no
//! overlapping hours, at least some open time, ranks unique and contiguous.

use std::collections::BTreeSet;

use crate::data::Item;
use crate::data::model::{Calendar, DAYS, SeverityScheme};
use crate::data::time::{self, Week};
use crate::diagnostics::Diagnostic;

/// Checks one calendar.
pub(crate) fn check(c: &Item<Calendar>, diagnostics: &mut Vec<Diagnostic>) {
    let v = &c.value;
    match (&v.time_zone, v.always) {
        (Some(zone), _) => {
            if let Some(problem) = time::zone_problem(zone) {
                diagnostics.push(
                    c.error("data.time_zone", "time_zone", problem)
                        .hint("use an IANA name such as Europe/Istanbul or America/Los_Angeles"),
                );
            } else if let Some(canonical) = time::zone_link_target(zone) {
                diagnostics.push(
                    c.warning(
                        "data.time_zone_link",
                        "time_zone",
                        format!("`{zone}` is a legacy alias of `{canonical}`"),
                    )
                    .hint(format!("write `time_zone: {canonical}`")),
                );
            }
        }
        (None, false) => diagnostics.push(c.error(
            "data.missing_field",
            "time_zone",
            "a calendar that is not `always: true` needs `time_zone`",
        )),
        (None, true) => {}
    }
    if v.always && !v.weekly.is_empty() {
        diagnostics.push(c.error(
            "data.always_with_weekly",
            "weekly",
            "`always: true` already means open around the clock; remove `weekly`",
        ));
    }
    weekly(c, diagnostics);
    dates(c, diagnostics);
    let week = Week::of(v);
    if let Some((day, minute)) = week.overlap() {
        diagnostics.push(c.error(
            "data.hours_overlap",
            "weekly",
            format!(
                "two openings overlap on {} at {}",
                DAYS[day],
                time::hhmm(minute)
            ),
        ));
    }
    if !v.always && !v.weekly.is_empty() && week.open_minutes() == 0 {
        diagnostics.push(c.error("data.never_open", "weekly", "the calendar is never open"));
    }
}

fn weekly(c: &Item<Calendar>, diagnostics: &mut Vec<Diagnostic>) {
    for (i, w) in c.value.weekly.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for (j, day) in w.days.iter().enumerate() {
            if !DAYS.contains(&day.as_str()) || !seen.insert(day) {
                diagnostics.push(
                    c.error(
                        "data.day",
                        &format!("weekly.{i}.days.{j}"),
                        format!("`{day}` is not a new day"),
                    )
                    .hint("use mon, tue, wed, thu, fri, sat, sun, each once"),
                );
            }
        }
        let open = time_field(c, &format!("weekly.{i}.open"), &w.open, false, diagnostics);
        let close = time_field(c, &format!("weekly.{i}.close"), &w.close, true, diagnostics);
        if let (Some(open), Some(close)) = (open, close)
            && close <= open
            && !w.overnight
        {
            diagnostics.push(
                c.error(
                    "data.hours_order",
                    &format!("weekly.{i}.close"),
                    format!("closes at {} before it opens at {}", w.close, w.open),
                )
                .hint("add `overnight: true` if the hours run past midnight"),
            );
        }
    }
}

fn time_field(
    c: &Item<Calendar>,
    path: &str,
    text: &str,
    is_close: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let parsed = time::clock_time(text, is_close);
    if parsed.is_none() {
        diagnostics.push(
            c.error("data.time", path, format!("`{text}` is not a time of day"))
                .hint(
                    "write HH:MM in 24-hour time, quoted (\"08:30\"); 24:00 only as a closing time",
                ),
        );
    }
    parsed
}

fn dates(c: &Item<Calendar>, diagnostics: &mut Vec<Diagnostic>) {
    for (i, h) in c.value.holidays.iter().enumerate() {
        date_field(c, &format!("holidays.{i}.date"), &h.date, diagnostics);
    }
    for (i, e) in c.value.exceptions.iter().enumerate() {
        let from = date_field(c, &format!("exceptions.{i}.date"), &e.date, diagnostics);
        let until = e
            .until
            .as_deref()
            .and_then(|u| date_field(c, &format!("exceptions.{i}.until"), u, diagnostics));
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            diagnostics.push(c.error(
                "data.date",
                &format!("exceptions.{i}.until"),
                "ends before it starts",
            ));
        }
        match (&e.open, &e.close) {
            (Some(open), Some(close)) => {
                time_field(c, &format!("exceptions.{i}.open"), open, false, diagnostics);
                time_field(
                    c,
                    &format!("exceptions.{i}.close"),
                    close,
                    true,
                    diagnostics,
                );
            }
            (None, None) => {}
            _ => diagnostics.push(c.error(
                "data.time",
                &format!("exceptions.{i}"),
                "give both `open` and `close`, or neither for a day closed",
            )),
        }
    }
}

/// Checks a `YYYY-MM-DD` field.
pub(crate) fn date_field<T>(
    item: &Item<T>,
    path: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<jiff::civil::Date> {
    let parsed = time::date(text);
    if parsed.is_none() {
        diagnostics.push(
            item.error("data.date", path, format!("`{text}` is not a date"))
                .hint("write YYYY-MM-DD"),
        );
    }
    parsed
}

/// Checks one severity scheme.
pub(crate) fn check_scheme(s: &Item<SeverityScheme>, diagnostics: &mut Vec<Diagnostic>) {
    let levels = &s.value.levels;
    if levels.is_empty() {
        diagnostics.push(s.error(
            "data.severity_rank",
            "levels",
            "a scheme needs at least one level",
        ));
    }
    let mut ranks: Vec<u32> = levels.iter().map(|l| l.rank).collect();
    ranks.sort_unstable();
    if ranks.iter().enumerate().any(|(i, &r)| r as usize != i + 1) {
        diagnostics.push(
            s.error(
                "data.severity_rank",
                "levels",
                format!("ranks are {ranks:?}"),
            )
            .hint("number the levels 1, 2, 3… (1 = most severe), each once"),
        );
    }
    let mut ids = BTreeSet::new();
    for (i, l) in levels.iter().enumerate() {
        if !super::is_slug(&l.id) || !ids.insert(&l.id) {
            diagnostics.push(s.error(
                "data.invalid_id",
                &format!("levels.{i}.id"),
                format!("`{}` is not a unique slug", l.id),
            ));
        }
    }
    if levels.iter().filter(|l| l.default).count() > 1 {
        diagnostics.push(s.error(
            "data.severity_default",
            "levels",
            "more than one level is `default`",
        ));
    }
}
