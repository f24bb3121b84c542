//! Benchmark of incremental rebuilds (what `kilavuz serve` does after an article edit), without a
//! browser: builds a site's model once, then edits one article several times and times taking
//! each edit into the model and assembling the served output.
//!
//! `cargo run --release --example incremental -- SITE_ROOT content/en-US/some/article.md [EDITS]`

use std::path::PathBuf;
use std::time::Instant;

use kilavuz::config::{self, Overrides};
use kilavuz::site::{BuildOptions, Model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(rel)) = (args.first(), args.get(1)) else {
        eprintln!("usage: incremental SITE_ROOT ARTICLE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(7);
    let config = config::load(root.as_ref(), &Overrides::default())
        .expect("readable config")
        .expect("valid config");
    let start = Instant::now();
    let options = BuildOptions {
        incremental: true,
        ..BuildOptions::default()
    };
    let mut model = Model::build(&config, &options);
    let pages = model.built().output.files.len();
    println!("full build: {:.0} ms, {pages} files", ms(start));
    let path = std::fs::canonicalize(PathBuf::from(root).join(rel)).expect("article exists");
    let original = std::fs::read_to_string(&path).expect("readable article");
    let mut times = Vec::new();
    for i in 0..edits {
        let edited = original.replacen("\n# ", &format!("\nBench edit {i}.\n\n# "), 1);
        std::fs::write(&path, edited).expect("writable article");
        let start = Instant::now();
        assert!(
            model.update_articles(std::slice::from_ref(&path)),
            "taken incrementally"
        );
        let built = model.built();
        times.push(ms(start));
        assert!(!built.output.files.is_empty());
    }
    std::fs::write(&path, original).expect("writable article");
    times.sort_by(f64::total_cmp);
    println!(
        "incremental: median {:.0} ms, min {:.0} ms, max {:.0} ms over {edits} edits",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}
