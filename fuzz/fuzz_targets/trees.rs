//! Fuzz target: see `kilavuz_fuzz::trees`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| kilavuz_fuzz::trees(bytes));
