//! The command line: one options struct per command, mapped onto the library's stages.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{self, Overrides};
use crate::diagnostics::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::site::{self, BuildOptions};

#[derive(Debug, Parser)]
#[command(
    name = "kilavuz",
    version,
    about = "A static site generator for localized support documentation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder (public/ by default).
    Build(BuildArgs),
    /// Report, per locale, the articles translated, missing, outdated and machine translated.
    Translations(TranslationsArgs),
    /// Preview the site with live reload, built in memory.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct TranslationsArgs {
    /// The site root (the folder holding kilavuz.yaml).
    #[arg(default_value = ".")]
    root: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The site root (the folder holding kilavuz.yaml).
    #[arg(default_value = ".")]
    root: PathBuf,
    /// Where to write the site (default: ROOT/public).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Override the configured base URL, e.g. https://example.org/docs/.
    #[arg(long)]
    base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The site root (the folder holding kilavuz.yaml).
    #[arg(default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; anything but loopback exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Find changes by polling instead of native file events (containers, WSL, network drives).
    #[arg(long)]
    poll: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Runs the command line and returns the process exit code (0 ok, 1 diagnostics, 2 usage/I/O).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Translations(args) => translations(&args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn build(args: &BuildArgs) -> Result<ExitCode> {
    let overrides = Overrides {
        base_url: args.base_url.clone(),
    };
    let config = match config::load(&args.root, &overrides)? {
        Ok(config) => config,
        Err(mut diags) => return Ok(report(&mut diags, args.strict)),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| config.root.join("public"));
    let out = absolute(&out)?;
    if config.root.starts_with(&out) {
        return Err(Error::Usage(format!(
            "the output folder {} contains the site root; choose another --out",
            out.display()
        )));
    }
    let options = BuildOptions {
        drafts: args.drafts,
    };
    let mut built = site::build(&config, &options);
    let code = report(&mut built.diagnostics, args.strict);
    if code != ExitCode::SUCCESS {
        eprintln!("build failed: {} left unchanged", out.display());
        return Ok(code);
    }
    built.output.write(&out)?;
    let summary: Vec<String> = config
        .locales
        .iter()
        .zip(&built.pages_per_locale)
        .map(|(l, n)| format!("{} {n}", l.code))
        .collect();
    eprintln!(
        "built {} files ({} pages: {}) into {}",
        built.output.files.len(),
        built.pages_per_locale.iter().sum::<usize>(),
        summary.join(", "),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn translations(args: &TranslationsArgs) -> Result<ExitCode> {
    let config = match config::load(&args.root, &Overrides::default())? {
        Ok(config) => config,
        Err(mut diags) => return Ok(report(&mut diags, false)),
    };
    let built = site::build(&config, &BuildOptions::default());
    let text = if args.json {
        serde_json::to_string_pretty(&built.translations).expect("the report serializes") + "\n"
    } else {
        built.translations.to_string()
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn serve(args: ServeArgs) -> Result<ExitCode> {
    crate::serve::run(&crate::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        poll: args.poll,
        open: args.open,
        drafts: args.drafts,
    })?;
    Ok(ExitCode::SUCCESS)
}

fn absolute(path: &std::path::Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        action: "cannot read the current folder",
        path: PathBuf::from("."),
        source,
    })?;
    Ok(cwd.join(path))
}

/// Prints diagnostics and returns the exit code they call for.
fn report(diags: &mut Vec<Diagnostic>, strict: bool) -> ExitCode {
    if strict {
        diagnostics::make_strict(diags);
    }
    diagnostics::sort(diags);
    let mut stderr = std::io::stderr().lock();
    for d in diags.iter() {
        let _ = writeln!(stderr, "{d}");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == diagnostics::Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        let _ = writeln!(stderr, "{errors} error(s), {warnings} warning(s)");
    }
    if diagnostics::has_errors(diags) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
