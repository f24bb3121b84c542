//! Replays every input kept under tests/fuzz-corpus/<target>/ through the same code the fuzz
//! targets run (fuzz/src/lib.rs, included here), each within a time bound: the minimized
//! crashers and hangs the fuzzers found, and cases found by hand, stay fixed under `cargo test`.

// Public for the fuzz crate; here only this test uses them.
#[allow(dead_code, unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let start = Instant::now();
        run(&bytes);
        let took = start.elapsed();
        assert!(
            took < Duration::from_secs(10),
            "{}: {took:?}",
            file.display()
        );
    }
}

#[test]
fn front_matter_inputs() {
    replay("front_matter", targets::front_matter);
}

#[test]
fn markdown_inputs() {
    replay("markdown", targets::markdown);
}

#[test]
fn data_inputs() {
    replay("data", targets::data);
}

#[test]
fn trees_inputs() {
    replay("trees", targets::trees);
}

#[test]
fn search_inputs() {
    replay("search", targets::search);
}
