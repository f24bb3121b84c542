//! Fuzz target: see `kilavuz_fuzz::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| kilavuz_fuzz::front_matter(bytes));
