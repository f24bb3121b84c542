//! The translation report: per locale, which articles are translated, missing, outdated or
//! machine translated, and which UI strings are missing.

use std::fmt;

use serde::Serialize;

use super::index::SiteIndex;
use super::sources::Source;
use crate::config::Config;

/// The translation state of every locale.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    /// The default locale, whose articles are the sources.
    pub source_locale: String,
    /// One entry per locale other than the default, in config order.
    pub locales: Vec<LocaleReport>,
    /// The `source_hash` of every source article (the first 12 hex digits of its body's SHA-256),
    /// which a translation records to be reported outdated when its source changes.
    pub source_hashes: std::collections::BTreeMap<String, String>,
}

/// The translation state of one locale.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct LocaleReport {
    /// The locale's code.
    pub locale: String,
    /// Articles of the default locale.
    pub total: usize,
    /// How many have a translation.
    pub translated: usize,
    /// Source paths without a translation (published as fallback pages).
    pub missing: Vec<String>,
    /// Translations whose source is dated later than they are.
    pub outdated: Vec<String>,
    /// Translations marked `ms.translationtype: MT`.
    pub machine_translated: Vec<String>,
    /// UI string keys this locale lacks.
    pub missing_ui_strings: Vec<String>,
}

/// Compares every locale's articles with the default locale's.
pub fn report(
    config: &Config,
    index: &SiteIndex,
    sources: &[Source],
    missing_ui: &[Vec<String>],
) -> Report {
    let default = config.default_locale;
    let originals: Vec<&Source> = sources
        .iter()
        .filter(|s| s.file.locale == default)
        .collect();
    let locales = config
        .locales
        .iter()
        .enumerate()
        .filter(|(l, _)| *l != default)
        .map(|(l, locale)| {
            let mut entry = LocaleReport {
                locale: locale.code.clone(),
                total: originals.len(),
                missing_ui_strings: missing_ui[l].clone(),
                ..LocaleReport::default()
            };
            for original in &originals {
                let translation = index
                    .lookup(l, original.key())
                    .and_then(|p| index.pages[p].source)
                    .map(|s| &sources[s])
                    .filter(|s| s.file.locale == l);
                let Some(translation) = translation else {
                    entry.missing.push(original.file.rel.clone());
                    continue;
                };
                entry.translated += 1;
                if translation.outdated_by(original) {
                    entry.outdated.push(original.file.rel.clone());
                }
                if translation.machine_translated() {
                    entry.machine_translated.push(original.file.rel.clone());
                }
            }
            entry
        })
        .collect();
    Report {
        source_locale: config.default_locale().code.clone(),
        locales,
        source_hashes: originals
            .iter()
            .map(|s| (s.file.rel.clone(), s.body_hash()[..12].to_string()))
            .collect(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "source locale: {}", self.source_locale)?;
        for l in &self.locales {
            writeln!(
                f,
                "{}: {}/{} translated, {} missing, {} outdated, {} machine translated, {} UI strings missing",
                l.locale,
                l.translated,
                l.total,
                l.missing.len(),
                l.outdated.len(),
                l.machine_translated.len(),
                l.missing_ui_strings.len()
            )?;
            for (label, list) in [
                ("missing", &l.missing),
                ("outdated", &l.outdated),
                ("machine translated", &l.machine_translated),
                ("missing UI string", &l.missing_ui_strings),
            ] {
                for item in list {
                    writeln!(f, "  {label}: {item}")?;
                }
            }
        }
        Ok(())
    }
}
