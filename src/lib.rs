//! kilavuz turns a site root of localized markdown articles and support data into a static site.
//!
//! The pipeline runs in one direction, each stage a plain function over data:
//! [`config`] → [`content`] (discover, front matter) → [`markdown`] → [`site`] (index, links,
//! navigation, pages) → [`templates`] → [`output`] (an in-memory sorted map written through a
//! staging folder) → [`deploy`] (fingerprints, minification, manifest), or served from memory
//! by [`serve`]. [`report`] prints diagnostics for people and machines; [`cli`] wires the
//! stages to commands.

mod bytes;
pub mod cli;
pub mod config;
pub mod content;
pub mod data;
pub mod deploy;
pub mod diagnostics;
pub mod error;
pub mod external;
pub mod fs;
pub mod hash;
pub mod i18n;
pub mod init;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod report;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod theme;
pub mod trees;
pub mod yaml;
