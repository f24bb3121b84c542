//! The raw pulldown-cmark floor the benchmark compares kilavuz with: read every `*.md` under a
//! folder, drop its front matter, parse and render it with pulldown-cmark (no templates, no
//! links, no navigation) and write it as `<path>/index.html`, on all cores.
//!
//! `cargo run --release --example floor -- CONTENT_DIR OUT_DIR`

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [content, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|file| render(content, out, file));
    println!("{} files", files.len());
}

fn render(content: &Path, out: &Path, file: &Path) {
    let text = std::fs::read_to_string(file).expect("read");
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(&text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut page = String::with_capacity(body.len() * 2);
    html::push_html(&mut page, Parser::new_ext(body, options));
    let rel = file
        .strip_prefix(content)
        .expect("below content")
        .with_extension("");
    let dir = out.join(rel);
    std::fs::create_dir_all(&dir).expect("create dir");
    std::fs::write(dir.join("index.html"), page).expect("write");
}
