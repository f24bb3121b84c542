//! Support data: providers, calendars, severity schemes and offerings read from
//! `content/data/<kind>/*.yaml`, validated, and handed to the pages as plain values.
//!
//! Loading never stops at the first problem: every file that parses is kept, every problem is a
//! [`Diagnostic`] naming the file, the line and the field. Offerings that `extends` another are
//! merged here (a key present in the child replaces the parent's key whole), so later stages
//! only see complete offerings.

mod catalog;
pub mod model;
pub mod time;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::yaml::Positions;
use model::{Calendar, Kind, Offering, Provider, SeverityScheme, Status};

/// One file where a value (or, for merged offerings, part of it) was written.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file.
    pub file: PathBuf,
    /// Positions of its keys.
    pub positions: Positions,
    top_keys: BTreeSet<String>,
}

/// A value read from a data file, with where it came from.
#[derive(Debug, Clone)]
pub struct Item<T> {
    /// The value.
    pub value: T,
    /// The file first, then (for offerings) the files of its `extends` chain.
    pub origins: Vec<Origin>,
}

impl<T> Item<T> {
    /// An error about the field at `path` (`channels.2.number`), at its line in the file that
    /// wrote it.
    pub fn error(&self, code: &'static str, path: &str, message: impl Into<String>) -> Diagnostic {
        let top = path.split('.').next().unwrap_or(path);
        let origin = self
            .origins
            .iter()
            .find(|o| o.top_keys.contains(top))
            .unwrap_or(&self.origins[0]);
        let (line, col) = origin.positions.find(path);
        Diagnostic::error(code, &origin.file, format!("`{path}`: {}", message.into())).at(line, col)
    }

    /// A warning about the field at `path`, placed as [`Item::error`] places an error.
    pub fn warning(
        &self,
        code: &'static str,
        path: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: crate::diagnostics::Severity::Warning,
            ..self.error(code, path, message)
        }
    }

    /// The file the value was written in.
    pub fn file(&self) -> &Path {
        &self.origins[0].file
    }
}

/// All support data of a site, validated.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Providers by id.
    pub providers: BTreeMap<String, Item<Provider>>,
    /// Calendars by id.
    pub calendars: BTreeMap<String, Item<Calendar>>,
    /// Severity schemes by id.
    pub severities: BTreeMap<String, Item<SeverityScheme>>,
    /// Offerings by id, `extends` merged.
    pub offerings: BTreeMap<String, Item<Offering>>,
    /// Ids of offerings that are published (active and in their effective dates).
    pub published: BTreeSet<String>,
}

impl Data {
    /// Published partner offerings, by id.
    pub fn partner_offerings(&self) -> impl Iterator<Item = &Item<Offering>> {
        self.offerings
            .values()
            .filter(|o| o.value.kind == Some(Kind::Partner) && self.published.contains(&o.value.id))
    }
}

/// Reads and validates `content/data/` of the site; a site without it has no support data.
pub fn load(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Data {
    let dir = config.root.join("content").join("data");
    let mut data = Data {
        providers: read_kind(&dir.join("providers"), diagnostics, |p: &Provider| &p.id),
        calendars: read_kind(&dir.join("calendars"), diagnostics, |c: &Calendar| &c.id),
        severities: read_kind(
            &dir.join("severities"),
            diagnostics,
            |s: &SeverityScheme| &s.id,
        ),
        offerings: BTreeMap::new(),
        published: BTreeSet::new(),
    };
    let raw = read_kind(&dir.join("offerings"), diagnostics, |o: &Offering| &o.id);
    data.offerings = validate::extends::merge(raw, diagnostics);
    let today = time::today();
    data.published = data
        .offerings
        .values()
        .filter(|o| is_published(&o.value, today))
        .map(|o| o.value.id.clone())
        .collect();
    validate::all(&data, config, diagnostics);
    data
}

fn is_published(offering: &Offering, today: jiff::civil::Date) -> bool {
    let in_dates = offering.effective.as_ref().is_none_or(|e| {
        time::date(&e.from).is_some_and(|from| from <= today)
            && e.until
                .as_deref()
                .is_none_or(|u| time::date(u).is_some_and(|until| today <= until))
    });
    offering.status == Some(Status::Active) && in_dates
}

fn read_kind<T: DeserializeOwned>(
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    id: impl Fn(&T) -> &String,
) -> BTreeMap<String, Item<T>> {
    let mut items: BTreeMap<String, Item<T>> = BTreeMap::new();
    for file in yaml_files(dir, diagnostics) {
        let Some(item) = read_file::<T>(&file, diagnostics) else {
            continue;
        };
        let key = id(&item.value).clone();
        if let Some(first) = items.get(&key) {
            diagnostics.push(
                item.error(
                    "data.duplicate_id",
                    "id",
                    format!("`{key}` is already defined"),
                )
                .hint(format!(
                    "{} defines it first; ids are unique per kind",
                    first.file().display()
                )),
            );
            continue;
        }
        items.insert(key, item);
    }
    items
}

fn yaml_files(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => files.push(e.path()),
            Err(e) => diagnostics.push(Diagnostic::error("data.unreadable", dir, e.to_string())),
        }
    }
    files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")));
    files.sort();
    files
}

fn read_file<T: DeserializeOwned>(
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Item<T>> {
    let text = match crate::fs::read(file).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            diagnostics.push(Diagnostic::error(
                "data.encoding",
                file,
                "the file is not valid UTF-8",
            ));
            return None;
        }
        Err(e) => {
            diagnostics.push(Diagnostic::error("data.unreadable", file, e.to_string()));
            return None;
        }
    };
    let value = match crate::yaml::from_str::<T>(&text) {
        Ok(value) => value,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("data.invalid", file, e.message)
                    .at(e.line, e.col)
                    .hint("see the support data reference (docs/content/en-US/support-offerings.md), or kilavuz schema"),
            );
            return None;
        }
    };
    let top_keys = crate::yaml::from_str::<BTreeMap<String, serde_json::Value>>(&text)
        .map(|m| m.into_keys().collect())
        .unwrap_or_default();
    Some(Item {
        value,
        origins: vec![Origin {
            file: file.to_path_buf(),
            positions: Positions::of(&text),
            top_keys,
        }],
    })
}
