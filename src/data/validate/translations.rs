//! Every display string in every locale: a `{locale: text}` map that lacks a configured locale
//! falls back to the default locale's text, with one warning per missing translation.

use crate::config::{Config, LocalizedText};
use crate::data::model::Offering;
use crate::data::{Data, Item};
use crate::diagnostics::Diagnostic;

/// Warns about each missing translation in published data.
pub(crate) fn check(data: &Data, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    for p in data.providers.values() {
        texts(config, p, &[("name".into(), &p.value.name)], diagnostics);
    }
    for c in data.calendars.values() {
        let mut list: Vec<(String, &LocalizedText)> =
            c.value.name.iter().map(|n| ("name".into(), n)).collect();
        list.extend(
            c.value
                .holidays
                .iter()
                .enumerate()
                .map(|(i, h)| (format!("holidays.{i}.name"), &h.name)),
        );
        list.extend(
            c.value
                .exceptions
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((format!("exceptions.{i}.note"), e.note.as_ref()?))),
        );
        texts(config, c, &list, diagnostics);
    }
    for s in data.severities.values() {
        let mut list = Vec::new();
        for (i, l) in s.value.levels.iter().enumerate() {
            list.push((format!("levels.{i}.label"), &l.label));
            list.push((format!("levels.{i}.definition"), &l.definition));
            list.extend(
                l.customer_commitment
                    .iter()
                    .map(|t| (format!("levels.{i}.customer_commitment"), t)),
            );
        }
        texts(config, s, &list, diagnostics);
    }
    for o in data
        .offerings
        .values()
        .filter(|o| data.published.contains(&o.value.id))
    {
        texts(config, o, &offering_texts(&o.value), diagnostics);
    }
}

fn offering_texts(v: &Offering) -> Vec<(String, &LocalizedText)> {
    let mut list: Vec<(String, &LocalizedText)> = Vec::new();
    let top = [
        ("name", &v.name),
        ("summary", &v.summary),
        ("eligibility", &v.eligibility),
    ];
    list.extend(
        top.into_iter()
            .filter_map(|(k, t)| Some((k.to_string(), t.as_ref()?))),
    );
    for (i, c) in v.channels.iter().flatten().enumerate() {
        list.push((format!("channels.{i}.label"), &c.label));
    }
    if let Some(scope) = &v.scope {
        for (key, items) in [("included", &scope.included), ("excluded", &scope.excluded)] {
            list.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (format!("scope.{key}.{i}.text"), &s.text)),
            );
        }
    }
    if let Some(note) = v.pricing.as_ref().and_then(|p| p.note.as_ref()) {
        list.push(("pricing.note".into(), note));
    }
    for (i, l) in v.escalation.iter().flat_map(|e| &e.levels).enumerate() {
        list.push((format!("escalation.levels.{i}.role"), &l.role));
    }
    list
}

fn texts<T>(
    config: &Config,
    item: &Item<T>,
    list: &[(String, &LocalizedText)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let default = &config.default_locale().code;
    for (path, text) in list {
        let LocalizedText::PerLocale(map) = text else {
            continue;
        };
        for locale in &config.locales {
            if !map.contains_key(&locale.code) {
                let mut d = item
                    .error(
                        "data.missing_translation",
                        path,
                        format!("no {} text; the {default} text is shown", locale.code),
                    )
                    .hint(format!("add `{}: …` to this map", locale.code));
                d.severity = crate::diagnostics::Severity::Warning;
                diagnostics.push(d);
            }
        }
    }
}
