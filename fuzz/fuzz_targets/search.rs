//! Fuzz target: see `kilavuz_fuzz::search`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| kilavuz_fuzz::search(bytes));
