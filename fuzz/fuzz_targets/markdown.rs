//! Fuzz target: see `kilavuz_fuzz::markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| kilavuz_fuzz::markdown(bytes));
