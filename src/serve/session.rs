//! One serve session's builds: the configuration in use and how each change set is rebuilt.
//!
//! Every build is the same `crate::site::build` that `kilavuz build` runs, with the base URL's
//! origin replaced by the local server's, so the served files are the bytes `kilavuz build
//! --base-url <local origin + configured path>` writes.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::changes::{Plan, SiteLayout};
use crate::config::{self, BaseUrl, Config, Overrides};
use crate::diagnostics::{self, Diagnostic};
use crate::output::Output;
use crate::site::{self, BuildOptions};

/// A build that can be served, with its warnings; or the errors that stopped it.
pub type Outcome = Result<(Output, Vec<Diagnostic>), Vec<Diagnostic>>;

/// The state of the builds of one `kilavuz serve` run.
pub struct Session {
    root: PathBuf,
    origin: String,
    options: BuildOptions,
    config: Option<Config>,
    /// The last good build's stages, for incremental article edits.
    model: Option<site::Model>,
}

impl Session {
    /// A session for the site at `root` (absolute), served at `origin` (`http://host:port`).
    pub fn new(root: PathBuf, origin: String, options: BuildOptions) -> Self {
        Self {
            root,
            origin,
            options,
            config: None,
            model: None,
        }
    }

    /// The configuration in use, once one has loaded.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// The files and folders the watcher needs to know about.
    pub fn layout(&self) -> SiteLayout {
        let content_dirs = self.config.as_ref().map_or_else(Vec::new, |c| {
            c.locales.iter().map(|l| l.content_dir.clone()).collect()
        });
        SiteLayout {
            root: self.root.clone(),
            content_dirs,
        }
    }

    /// Carries out a plan against the output being served.
    pub fn apply(&mut self, plan: &Plan, current: &Output) -> Outcome {
        match plan {
            Plan::PatchStatic(paths) => match self.patch_static(current, paths) {
                Some(output) => Ok((output, Vec::new())),
                None => self.build(),
            },
            Plan::Articles(paths) => self.update_articles(paths),
            Plan::Templates => self.update_templates(),
            Plan::Rebuild => self.build(),
            Plan::ReloadConfig => {
                self.reload_config()?;
                self.build()
            }
        }
    }

    /// Reads `kilavuz.yaml` again; on failure the previous configuration stays in use.
    pub fn reload_config(&mut self) -> Result<(), Vec<Diagnostic>> {
        let loaded = match config::load(&self.root, &Overrides::default()) {
            Ok(Ok(config)) => config,
            Ok(Err(diags)) => return Err(self.relative(diags)),
            Err(e) => {
                let d = Diagnostic::error("serve.config", config::FILE_NAME, e.to_string());
                return Err(vec![d]);
            }
        };
        let path = loaded.base_url.path.clone();
        self.config = Some(Config {
            base_url: BaseUrl {
                absolute: format!("{}{path}", self.origin),
                path,
            },
            ..loaded
        });
        Ok(())
    }

    /// A full build in memory.
    pub fn build(&mut self) -> Outcome {
        let Some(config) = &self.config else {
            return self.reload_failed();
        };
        let model = site::Model::build(config, &self.options);
        let outcome = finish(config, model.built());
        self.model = outcome.is_ok().then_some(model);
        outcome
    }

    /// Changed templates taken into the last good build (markdown is not rendered again), or a
    /// full build.
    fn update_templates(&mut self) -> Outcome {
        let (Some(config), Some(model)) = (&self.config, &mut self.model) else {
            return self.build();
        };
        if !model.update_templates() {
            return self.build();
        }
        let outcome = finish(config, model.built());
        if outcome.is_err() {
            self.model = None;
        }
        outcome
    }

    /// Edited articles taken into the last good build, or a full build when they change more
    /// than their own pages (or there is no good build to start from).
    fn update_articles(&mut self, paths: &[PathBuf]) -> Outcome {
        let (Some(config), Some(model)) = (&self.config, &mut self.model) else {
            return self.build();
        };
        if !model.update_articles(paths) {
            return self.build();
        }
        let outcome = finish(config, model.built());
        if outcome.is_err() {
            self.model = None;
        }
        outcome
    }

    fn reload_failed(&self) -> Outcome {
        let d = Diagnostic::error(
            "serve.config",
            config::FILE_NAME,
            "no valid configuration has loaded yet",
        );
        Err(vec![d])
    }

    /// The current output with changed `static/` files replaced, or `None` when only a full
    /// build gives the right answer (a file removed, a folder, a path a content asset shadows).
    fn patch_static(&self, current: &Output, paths: &[PathBuf]) -> Option<Output> {
        let config = self.config.as_ref()?;
        let static_dir = self.root.join("static");
        let mut output = current.clone();
        for path in paths {
            let rel = path
                .strip_prefix(&static_dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            let shadowed = config
                .locales
                .iter()
                .any(|l| rel.starts_with(&format!("{}/", l.slug)));
            if shadowed || !path.is_file() {
                return None;
            }
            output.insert(rel, crate::fs::read(path).ok()?);
        }
        crate::deploy::prepare(
            config,
            &mut output,
            preview_deploy(config),
            &crate::deploy::Streamed::default(),
        );
        Some(output)
    }

    fn relative(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .map(|d| d.relative_to(&self.root))
            .collect()
    }
}

/// Prints a build's diagnostics and a one-line summary; `changed` is `None` for a failed build.
pub fn report(diags: &[Diagnostic], changed: Option<usize>, started: Instant, changes: &[&Path]) {
    let ms = started.elapsed().as_millis();
    for d in diags {
        eprintln!("{d}");
    }
    let what = match changes {
        [] => String::new(),
        _ => format!(" after {}", describe(changes)),
    };
    match changed {
        Some(n) => eprintln!("built in {ms} ms{what}, {n} file(s) changed"),
        None => eprintln!(
            "build failed in {ms} ms{what}: still serving the last good build; \
             the errors show in the browser"
        ),
    }
}

/// Names the changed files of a burst for the log: the first one and how many more.
pub fn describe(changes: &[&Path]) -> String {
    match changes {
        [] => "no file".to_string(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} more", first.display(), rest.len()),
    }
}

/// A build's outcome: its errors, or its output after the preview's deploy steps.
fn finish(config: &Config, mut built: site::Built) -> Outcome {
    if diagnostics::has_errors(&built.diagnostics) {
        Err(built.diagnostics)
    } else {
        crate::deploy::prepare(
            config,
            &mut built.output,
            preview_deploy(config),
            &crate::deploy::Streamed::default(),
        );
        Ok((built.output, built.diagnostics))
    }
}

/// The deploy steps a preview runs: all of `build`'s but fingerprinting, whose changing file
/// names would defeat the stylesheet swap (a css edit would change every page), and the
/// manifest, which only uploads read.
fn preview_deploy(config: &Config) -> crate::deploy::DeployOptions {
    crate::deploy::DeployOptions {
        fingerprint: false,
        minify: config.minify,
        manifest: false,
    }
}
