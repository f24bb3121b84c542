//! The command line: one options struct per command, mapped onto the library's stages.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Overrides};
use crate::deploy::{self, DeployOptions};
use crate::diagnostics::{self, Diagnostic, Level};
use crate::error::{Error, Result};
use crate::output::Staging;
use crate::progress::Progress;
use crate::report::{self, Format};
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
    /// Validate everything `build --strict` validates, without writing anything.
    Check(CheckArgs),
    /// Create a new site in DIR that builds with no diagnostics.
    Init(InitArgs),
    /// Report, per locale, the articles translated, missing, outdated and machine translated.
    Translations(TranslationsArgs),
    /// Preview the site with live reload, built in memory.
    Serve(ServeArgs),
    /// Print or write the JSON Schemas of kilavuz.yaml and the support data files.
    Schema(SchemaArgs),
    /// Print every command's help as markdown (the guide's CLI reference is this output).
    #[command(hide = true)]
    HelpMarkdown,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// The schema to print: kilavuz, provider, calendar, severities, offering or tree (all of
    /// them with --out).
    name: Option<String>,
    /// Write `<name>.json` files into this folder instead of printing.
    #[arg(long)]
    out: Option<PathBuf>,
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

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// `file:line:col: level[code]: message` and a hint, on stderr (coloured on a terminal).
    #[default]
    Human,
    /// One JSON document on stdout (its format is in the guide's diagnostics reference).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::`) on stdout.
    Github,
}

/// Options every command that reports diagnostics shares.
#[derive(Debug, Args)]
struct ReportArgs {
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    format: FormatArg,
    /// Print diagnostics only: no progress line, no closing summary.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The site root (the folder holding kilavuz.yaml).
    #[arg(default_value = ".")]
    root: PathBuf,
    /// Check articles marked `draft: true` too.
    #[arg(long)]
    drafts: bool,
    /// Also ask every http(s) link's server whether it answers (needs the network).
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external link's answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    external_timeout: u64,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The folder to create the site in (must be new or empty).
    dir: PathBuf,
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
    /// Treat warnings as errors (codes set to `warn` in kilavuz.yaml stay warnings).
    #[arg(long)]
    strict: bool,
    /// Minify HTML (also `minify: true` in kilavuz.yaml).
    #[arg(long)]
    minify: bool,
    #[command(flatten)]
    report: ReportArgs,
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
        Command::Check(args) => check(&args),
        Command::Init(args) => init(&args),
        Command::Translations(args) => translations(&args),
        Command::Serve(args) => serve(args),
        Command::Schema(args) => schema(&args),
        Command::HelpMarkdown => {
            print!("{}", help_markdown());
            Ok(ExitCode::SUCCESS)
        }
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
    let progress = Progress::new(args.report.quiet);
    let overrides = Overrides {
        base_url: args.base_url.clone(),
    };
    progress.stage("reading the configuration");
    let config = match config::load(&args.root, &overrides)? {
        Ok(config) => config,
        Err(mut diags) => {
            return report(
                &mut diags,
                &BTreeMap::new(),
                args.strict,
                &args.report,
                &args.root,
                &progress,
            );
        }
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
    let deploy_options = DeployOptions {
        fingerprint: config.fingerprint,
        minify: config.minify || args.minify,
        manifest: true,
    };
    let staging = Staging::begin(&out)?;
    let stream = Arc::new(deploy::Stream::new(&config, deploy_options, &staging));
    let options = BuildOptions {
        drafts: args.drafts,
        sink: Some(stream.clone()),
        ..BuildOptions::default()
    };
    let mut built = progress.track("building pages", &options.rendered, || {
        site::build(&config, &options)
    });
    let code = report(
        &mut built.diagnostics,
        &config.levels,
        args.strict,
        &args.report,
        &config.root,
        &progress,
    );
    if !matches!(code, Ok(ExitCode::SUCCESS)) {
        staging.abandon();
        eprintln!("build failed: {} left unchanged", out.display());
        return code;
    }
    let streamed = match stream.finish() {
        Ok(streamed) => streamed,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    progress.stage("preparing for deployment");
    deploy::prepare(&config, &mut built.output, deploy_options, &streamed);
    progress.stage(&format!("writing {} files", built.output.files.len()));
    staging.commit(&built.output)?;
    let headline = format!("built {} files into {}", built.output.len(), out.display());
    progress.finish(
        &headline,
        &built.pages_per_locale,
        &config,
        &built.diagnostics,
    );
    Ok(ExitCode::SUCCESS)
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let progress = Progress::new(args.report.quiet);
    progress.stage("reading the configuration");
    let config = match config::load(&args.root, &Overrides::default())? {
        Ok(config) => config,
        Err(mut diags) => {
            return report(
                &mut diags,
                &BTreeMap::new(),
                true,
                &args.report,
                &args.root,
                &progress,
            );
        }
    };
    let options = BuildOptions {
        drafts: args.drafts,
        ..BuildOptions::default()
    };
    let mut built = progress.track("checking pages", &options.rendered, || {
        site::build(&config, &options)
    });
    if args.external {
        progress.stage(&format!(
            "checking {} external links",
            built.external_links.len()
        ));
        let timeout = std::time::Duration::from_secs(args.external_timeout);
        built.diagnostics.extend(
            crate::external::check(&built.external_links, timeout)
                .into_iter()
                .map(|d| d.relative_to(&config.root)),
        );
    }
    let code = report(
        &mut built.diagnostics,
        &config.levels,
        true,
        &args.report,
        &config.root,
        &progress,
    )?;
    let pages: usize = built.pages_per_locale.iter().sum();
    let verdict = if code == ExitCode::SUCCESS {
        "passed"
    } else {
        "failed"
    };
    progress.finish(
        &format!("check {verdict}: {pages} pages"),
        &built.pages_per_locale,
        &config,
        &built.diagnostics,
    );
    Ok(code)
}

fn init(args: &InitArgs) -> Result<ExitCode> {
    let files = crate::init::create(&args.dir)?;
    for (path, _) in &files {
        eprintln!("created {}", args.dir.join(path).display());
    }
    eprintln!(
        "next: kilavuz check {0} && kilavuz build {0}",
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn translations(args: &TranslationsArgs) -> Result<ExitCode> {
    let config = match config::load(&args.root, &Overrides::default())? {
        Ok(config) => config,
        Err(mut diags) => {
            let human = ReportArgs {
                format: FormatArg::Human,
                quiet: true,
            };
            let progress = Progress::new(true);
            return report(
                &mut diags,
                &BTreeMap::new(),
                false,
                &human,
                &args.root,
                &progress,
            );
        }
    };
    let report = site::Model::build(&config, &BuildOptions::default()).translations();
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("the report serializes") + "\n"
    } else {
        report.to_string()
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

fn schema(args: &SchemaArgs) -> Result<ExitCode> {
    let formats: Vec<&crate::schema::Format> = match &args.name {
        Some(name) => vec![crate::schema::find(name).ok_or_else(|| {
            Error::Usage(format!(
                "no schema is called `{name}`; the schemas are {}",
                crate::schema::names()
            ))
        })?],
        None => crate::schema::FORMATS.iter().collect(),
    };
    match (&args.out, formats.as_slice()) {
        (Some(dir), _) => {
            for path in crate::schema::write(dir, &formats)? {
                eprintln!("wrote {}", path.display());
            }
        }
        (None, [format]) => print!("{}", format.json()),
        (None, _) => {
            return Err(Error::Usage(format!(
                "name one schema to print ({}), or pass --out DIR to write them all",
                crate::schema::names()
            )));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every visible command's `--help`, as markdown: a heading and a text block per command.
fn help_markdown() -> String {
    let mut cli = <Cli as clap::CommandFactory>::command();
    cli.build();
    let block = |help: clap::builder::StyledStr| {
        let lines: Vec<String> = help
            .to_string()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect();
        format!("```text\n{}\n```\n", lines.join("\n").trim_end())
    };
    let mut text = "<!-- Generated by `kilavuz help-markdown`; do not edit. -->\n".to_string();
    text.push_str(&format!(
        "\n## kilavuz\n\n{}",
        block(cli.render_long_help())
    ));
    for sub in cli.get_subcommands_mut().filter(|c| !c.is_hide_set()) {
        let name = sub.get_name().to_string();
        if name == "help" {
            continue;
        }
        text.push_str(&format!(
            "\n## kilavuz {name}\n\n{}",
            block(sub.render_long_help())
        ));
    }
    text
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

/// Applies the site's severity levels (and `strict`), prints the diagnostics in the chosen
/// format, and returns the exit code they call for.
fn report(
    diags: &mut Vec<Diagnostic>,
    levels: &BTreeMap<String, Level>,
    strict: bool,
    args: &ReportArgs,
    root: &Path,
    progress: &Progress,
) -> Result<ExitCode> {
    diagnostics::apply_levels(diags, levels, strict);
    diagnostics::sort(diags);
    progress.clear();
    let format = match args.format {
        FormatArg::Human => Format::Human {
            colour: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        },
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
    };
    let root = absolute(root)?;
    let text = report::render(diags, format, &root, &absolute(Path::new("."))?);
    let written = if args.format == FormatArg::Human {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        std::io::stdout().lock().write_all(text.as_bytes())
    };
    written.map_err(|source| Error::Io {
        action: "cannot print the diagnostics to",
        path: PathBuf::from(if args.format == FormatArg::Human {
            "stderr"
        } else {
            "stdout"
        }),
        source,
    })?;
    Ok(if diagnostics::has_errors(diags) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
