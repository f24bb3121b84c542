//! JSON Schemas (draft 2020-12) of every file format a writer edits by hand, generated from the
//! same Rust types that load those files, so an editor's live validation can never disagree
//! with the build.
//!
//! schemars stays behind this module: the format types derive [`JsonSchema`] through the
//! re-export below, and nothing else names the crate.

use std::path::Path;

pub use schemars::JsonSchema;

use crate::error::Result;

/// The folder, relative to a site root, where `kilavuz init` puts the schemas.
pub const SITE_DIR: &str = ".kilavuz/schemas";

/// One file format with a schema.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// The schema's name, also its file name without `.json`.
    pub name: &'static str,
    /// The files in a site root that have this format (a glob, as editors take it).
    pub files: &'static str,
    generate: fn() -> schemars::Schema,
}

impl Format {
    /// The schema as pretty-printed JSON, ending with a newline.
    pub fn json(&self) -> String {
        let schema = (self.generate)();
        serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
    }

    /// The schema's file name, `<name>.json`.
    pub fn file_name(&self) -> String {
        format!("{}.json", self.name)
    }
}

/// Every format, in the order the guide lists them.
pub const FORMATS: &[Format] = &[
    Format {
        name: "kilavuz",
        files: "kilavuz.yaml",
        generate: || schemars::schema_for!(crate::config::RawConfig),
    },
    Format {
        name: "provider",
        files: "content/data/providers/*.yaml",
        generate: || schemars::schema_for!(crate::data::model::Provider),
    },
    Format {
        name: "calendar",
        files: "content/data/calendars/*.yaml",
        generate: || schemars::schema_for!(crate::data::model::Calendar),
    },
    Format {
        name: "severities",
        files: "content/data/severities/*.yaml",
        generate: || schemars::schema_for!(crate::data::model::SeverityScheme),
    },
    Format {
        name: "offering",
        files: "content/data/offerings/*.yaml",
        generate: || schemars::schema_for!(crate::data::model::Offering),
    },
    Format {
        name: "tree",
        files: "content/data/trees/*.yaml",
        generate: || schemars::schema_for!(crate::trees::model::TreeFile),
    },
];

/// The format called `name`, if any.
pub fn find(name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|f| f.name == name)
}

/// The names of every format, comma-separated (for messages).
pub fn names() -> String {
    FORMATS
        .iter()
        .map(|f| f.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the schemas of `formats` into `dir` as `<name>.json`; returns the files written.
pub fn write(dir: &Path, formats: &[&Format]) -> Result<Vec<std::path::PathBuf>> {
    crate::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for format in formats {
        let path = dir.join(format.file_name());
        crate::fs::write(&path, format.json().as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
