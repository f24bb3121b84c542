//! Eight bytes at a time: the hot text loops (the search's text extractor and word splitter,
//! the templates' escaping) read a `u64` of text and classify its bytes with word arithmetic
//! instead of a branch per byte, which is mispredicted wherever a word ends.

/// 1 in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HIGH_BITS: u64 = ONES * 0x80;

/// The eight bytes of `text` from `at`, little-endian (the first byte lowest), when there are
/// eight.
pub(crate) fn block_at(text: &[u8], at: usize) -> Option<u64> {
    let block = text.get(at..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*block))
}

/// The high bit of each byte of `low` that lies in `from..=to`, every byte of `low` being below
/// 0x80: adding a constant below 0x80 to such a byte carries into no other byte, and the high
/// bit of the sum tells whether the byte reached the bound.
pub(crate) fn within(low: u64, from: u8, to: u8) -> u64 {
    (low + ONES * u64::from(0x80 - from)) & !(low + ONES * u64::from(0x7F - to)) & HIGH_BITS
}

/// The high bits of `flags` (one per byte, the others clear) as bits 0–7: byte `k`'s to bit `k`.
pub(crate) fn gather(flags: u64) -> u8 {
    // Byte `k`'s bit moves to bit 56 + `k`; no two products share a bit, so nothing carries.
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}
