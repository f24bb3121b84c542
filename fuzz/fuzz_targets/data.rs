//! Fuzz target: see `kilavuz_fuzz::data`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| kilavuz_fuzz::data(bytes));
