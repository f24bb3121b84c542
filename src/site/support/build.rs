//! Turning validated support data into the display contexts of one locale.

use super::super::links::page_url;
use super::super::pages::Site;
use crate::data::model::{Calendar, Clocked, Coverage, DAYS, Kind, Offering, PriceModel, Text};
use crate::data::time::{self, Week};
use crate::templates::context::Link;
use crate::templates::support::{
    CalendarCtx, ChannelCtx, DayOff, HoursRow, LevelCtx, PlanCtx, PriceCtx, PromiseCtx, TargetCtx,
    TimeBasedCtx,
};

/// Display text of `text` in locale `l`, falling back to the default locale.
pub(super) fn tx(site: &Site<'_>, l: usize, text: &Text) -> String {
    text.get(
        &site.config.locales[l].code,
        &site.config.default_locale().code,
    )
    .to_string()
}

/// The page URL of offering `id` in locale `l`.
pub(super) fn offering_url(site: &Site<'_>, l: usize, id: &str) -> String {
    page_url(
        site.config,
        &format!("{}/support/{id}/", site.config.locales[l].slug),
    )
}

/// Everything about one offering, in locale `l`.
pub(super) fn plan(site: &Site<'_>, l: usize, o: &Offering) -> PlanCtx {
    let t = |text: &Text| tx(site, l, text);
    let provider = o.provider.as_ref().and_then(|p| site.data.providers.get(p));
    let scope = o.scope.clone().unwrap_or_default();
    let escalation = o.escalation.clone().unwrap_or_default();
    let mut calendar_ids: Vec<&String> = o.channels.iter().flatten().map(|c| &c.calendar).collect();
    calendar_ids.extend(
        o.targets
            .iter()
            .flatten()
            .filter_map(|t| t.initial_response.clock.as_ref()),
    );
    calendar_ids.sort();
    calendar_ids.dedup();
    PlanCtx {
        id: o.id.clone(),
        kind: if o.kind == Some(Kind::Upstream) {
            "upstream"
        } else {
            "partner"
        },
        url: offering_url(site, l, &o.id),
        name: o.name.as_ref().map_or_else(|| o.id.clone(), t),
        summary: o.summary.as_ref().map(t),
        provider: provider.map_or_else(String::new, |p| t(&p.value.name)),
        provider_id: o.provider.clone().unwrap_or_default(),
        provider_url: provider.map_or_else(String::new, |p| p.value.url.clone()),
        eligibility: o.eligibility.as_ref().map(t),
        languages: o.languages.clone().unwrap_or_default(),
        included: scope.included.iter().map(|s| t(&s.text)).collect(),
        excluded: scope.excluded.iter().map(|s| t(&s.text)).collect(),
        channels: channels(site, l, o),
        calendars: calendar_ids
            .into_iter()
            .filter_map(|id| site.data.calendars.get(id))
            .map(|c| calendar(site, l, &c.value))
            .collect(),
        targets: targets(site, l, o),
        price: price(site, l, o),
        levels: levels(site, l, o),
        time_based: escalation
            .time_based
            .iter()
            .map(|tb| TimeBasedCtx {
                code: severity_code(site, o, &tb.severity),
                steps: tb
                    .steps
                    .iter()
                    .map(|s| (s.level, promise(site, l, &s.after)))
                    .collect(),
            })
            .collect(),
        chain: chain(site, l, o),
        source_url: o.source.as_ref().and_then(|s| s.url.clone()),
        verified: o.source.as_ref().and_then(|s| s.verified.clone()),
    }
}

fn channels(site: &Site<'_>, l: usize, o: &Offering) -> Vec<ChannelCtx> {
    o.channels
        .iter()
        .flatten()
        .map(|c| {
            let (value, href) = match (&c.number, &c.address, &c.url) {
                (Some(n), _, _) => (n.clone(), format!("tel:{n}")),
                (_, Some(a), _) => (a.clone(), format!("mailto:{a}")),
                (_, _, Some(u)) => (u.clone(), u.clone()),
                _ => (String::new(), String::new()),
            };
            let cal = site.data.calendars.get(&c.calendar);
            ChannelCtx {
                id: c.id.clone(),
                kind: c.kind,
                label: tx(site, l, &c.label),
                shown: match c.number {
                    Some(_) => super::phone::display(&value),
                    None => value.clone(),
                },
                value,
                href,
                calendar: c.calendar.clone(),
                hours: cal.map_or_else(
                    || c.calendar.clone(),
                    |cal| calendar_name(site, l, &cal.value),
                ),
                accepts_always: c
                    .accepts_until
                    .as_ref()
                    .and_then(|a| site.data.calendars.get(a))
                    .is_some_and(|a| Week::of(&a.value).is_always()),
                severities: c
                    .severities
                    .iter()
                    .map(|s| severity_code(site, o, s))
                    .collect(),
                languages: c.languages.clone(),
            }
        })
        .collect()
}

fn calendar_name(site: &Site<'_>, l: usize, c: &Calendar) -> String {
    c.name
        .as_ref()
        .map_or_else(|| c.id.clone(), |n| tx(site, l, n))
}

/// A calendar for display, with its JSON for the "open now" script.
pub(super) fn calendar(site: &Site<'_>, l: usize, c: &Calendar) -> CalendarCtx {
    let week = Week::of(c);
    let mut days_off: Vec<DayOff> = c
        .holidays
        .iter()
        .map(|h| DayOff {
            date: h.date.clone(),
            until: None,
            name: tx(site, l, &h.name),
            coverage: h.coverage,
            hours: None,
        })
        .collect();
    days_off.extend(c.exceptions.iter().map(|e| {
        DayOff {
            date: e.date.clone(),
            until: e.until.clone(),
            name: e.note.as_ref().map(|n| tx(site, l, n)).unwrap_or_default(),
            coverage: e.coverage,
            hours: e
                .open
                .as_ref()
                .zip(e.close.as_ref())
                .map(|(o, c)| format!("{o}–{c}")),
        }
    }));
    days_off.sort_by(|a, b| a.date.cmp(&b.date));
    let closed: Vec<(&str, Option<&str>)> = c
        .holidays
        .iter()
        .filter(|h| h.coverage == Coverage::Closed)
        .map(|h| (h.date.as_str(), None))
        .collect();
    let special: Vec<serde_json::Value> = c
        .exceptions
        .iter()
        .map(|e| {
            serde_json::json!({"from": e.date, "until": e.until.as_deref().unwrap_or(&e.date),
            "open": e.open, "close": e.close})
        })
        .collect();
    let json = serde_json::json!({"zone": c.time_zone, "week": starting_week(c), "closed": closed, "exceptions": special});
    CalendarCtx {
        id: c.id.clone(),
        name: calendar_name(site, l, c),
        zone: c.time_zone.clone(),
        always: c.always,
        rows: rows(&week, c.always),
        days_off,
        json: json.to_string(),
    }
}

/// The openings that start on each day (Monday first) for the "open now" script: an overnight
/// opening stays whole (`close` past 1440) so that a closed date stops only what starts on it.
fn starting_week(c: &Calendar) -> [Vec<(u32, u32)>; 7] {
    if c.always {
        return std::array::from_fn(|_| vec![(0, 24 * 60)]);
    }
    let mut week: [Vec<(u32, u32)>; 7] = Default::default();
    for w in &c.weekly {
        let (Some(open), Some(close)) = (
            time::clock_time(&w.open, false),
            time::clock_time(&w.close, true),
        ) else {
            continue;
        };
        let close = if w.overnight { close + 24 * 60 } else { close };
        for day in w
            .days
            .iter()
            .filter_map(|d| DAYS.iter().position(|x| x == d))
        {
            if open < close {
                week[day].push((open, close));
            }
        }
    }
    week.iter_mut().for_each(|d| d.sort_unstable());
    week
}

/// Groups days with the same openings into rows (`mon–fri 08:00–18:00`).
fn rows(week: &Week, always: bool) -> Vec<HoursRow> {
    if always {
        return Vec::new();
    }
    let mut rows: Vec<HoursRow> = Vec::new();
    for (day, spans) in week.0.iter().enumerate() {
        for &(open, close) in spans {
            let (open, close) = (time::hhmm(open), time::hhmm(close));
            match rows.iter_mut().find(|r| r.open == open && r.close == close) {
                Some(row) => row.days.push(DAYS[day]),
                None => rows.push(HoursRow {
                    days: vec![DAYS[day]],
                    open,
                    close,
                }),
            }
        }
    }
    rows
}

fn severity_code(site: &Site<'_>, o: &Offering, id: &str) -> String {
    scheme_level(site, o, id).map_or_else(|| id.to_uppercase(), |lv| lv.code.clone())
}

fn scheme_level<'d>(
    site: &Site<'d>,
    o: &Offering,
    id: &str,
) -> Option<&'d crate::data::model::Level> {
    let scheme = site.data.severities.get(o.scheme_id()?)?;
    scheme.value.levels.iter().find(|lv| lv.id == id)
}

/// A promise for display.
pub(super) fn promise(site: &Site<'_>, l: usize, c: &Clocked) -> PromiseCtx {
    let clock = c.clock.as_ref().and_then(|id| site.data.calendars.get(id));
    let kind = match (c.within.is_some(), c.best_effort, c.not_available) {
        (true, ..) => "within",
        (_, true, _) => "best_effort",
        (_, _, true) => "not_available",
        _ => "unpublished",
    };
    PromiseCtx {
        kind,
        amount: c.within.as_deref().and_then(|w| time::duration(w).ok()),
        always: clock.is_some_and(|c| Week::of(&c.value).is_always()),
        clock: clock.map(|c| calendar_name(site, l, &c.value)),
        source: c.source.clone(),
    }
}

fn targets(site: &Site<'_>, l: usize, o: &Offering) -> Vec<TargetCtx> {
    let mut rows: Vec<(u32, TargetCtx)> = o
        .targets
        .iter()
        .flatten()
        .map(|target| {
            let level = scheme_level(site, o, &target.severity);
            let t = |x: &Text| tx(site, l, x);
            let ctx = TargetCtx {
                code: severity_code(site, o, &target.severity),
                label: level.map(|lv| t(&lv.label)).unwrap_or_default(),
                definition: level.map(|lv| t(&lv.definition)).unwrap_or_default(),
                commitment: level.and_then(|lv| lv.customer_commitment.as_ref()).map(t),
                response: promise(site, l, &target.initial_response),
                update: target.update_interval.as_ref().map(|u| promise(site, l, u)),
                must_use: target
                    .must_use_channels
                    .iter()
                    .filter_map(|id| o.channels.iter().flatten().find(|c| &c.id == id))
                    .map(|c| t(&c.label))
                    .collect(),
            };
            (level.map_or(u32::MAX, |lv| lv.rank), ctx)
        })
        .collect();
    rows.sort_by_key(|(rank, _)| *rank);
    rows.into_iter().map(|(_, ctx)| ctx).collect()
}

fn price(site: &Site<'_>, l: usize, o: &Offering) -> PriceCtx {
    let p = o.pricing.as_ref();
    PriceCtx {
        model: match p.map(|p| p.model) {
            Some(PriceModel::PerUserMonth) => "per_user_month",
            Some(PriceModel::PerDeviceMonth) => "per_device_month",
            Some(PriceModel::PerIncident) => "per_incident",
            Some(PriceModel::Hourly) => "hourly",
            Some(PriceModel::Quote) => "quote",
            Some(PriceModel::Included) | None => "included",
        },
        amount: p
            .and_then(|p| p.price.as_ref())
            .map(|m| format!("{:.2}", m.amount.as_f64().unwrap_or(0.0))),
        currency: p.and_then(|p| p.price.as_ref()).map(|m| m.currency.clone()),
        minimum: p.and_then(|p| p.minimum),
        tax_included: p.is_some_and(|p| p.tax_included),
        note: p.and_then(|p| p.note.as_ref()).map(|n| tx(site, l, n)),
    }
}

fn levels(site: &Site<'_>, l: usize, o: &Offering) -> Vec<LevelCtx> {
    let e = o.escalation.clone().unwrap_or_default();
    e.levels
        .iter()
        .map(|lv| {
            let mut contacts = Vec::new();
            if let Some(c) = lv
                .channel
                .as_ref()
                .and_then(|id| o.channels.iter().flatten().find(|c| &c.id == id))
            {
                let ch = &channels(
                    site,
                    l,
                    &Offering {
                        channels: Some(vec![c.clone()]),
                        ..o.clone()
                    },
                )[0];
                contacts.push(Link {
                    title: ch.shown.clone(),
                    url: ch.href.clone(),
                });
            }
            contacts.extend(lv.phone.iter().map(|p| Link {
                title: super::phone::display(p),
                url: format!("tel:{p}"),
            }));
            contacts.extend(lv.email.iter().map(|m| Link {
                title: m.clone(),
                url: format!("mailto:{m}"),
            }));
            LevelCtx {
                level: lv.level,
                role: tx(site, l, &lv.role),
                contacts,
            }
        })
        .collect()
}

/// The escalation chain after this offering: the indirect provider's offering (for resellers),
/// then every upstream (vendor) offering, as links.
fn chain(site: &Site<'_>, l: usize, o: &Offering) -> Vec<Link> {
    let e = o.escalation.clone().unwrap_or_default();
    e.partner
        .iter()
        .chain(&e.upstream)
        .filter(|id| site.data.published.contains(*id))
        .filter_map(|id| site.data.offerings.get(id))
        .map(|u| Link {
            title: u
                .value
                .name
                .as_ref()
                .map_or_else(|| u.value.id.clone(), |n| tx(site, l, n)),
            url: offering_url(site, l, &u.value.id),
        })
        .collect()
}
