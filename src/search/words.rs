//! The tokenizer's hottest lookup: a word as written, straight from the text, to its numbers.
//!
//! Every word occurrence of every page is looked up here, so the table is built for that one
//! job: a word's first sixteen bytes are read from the text as two `u64`s (the bytes after the
//! word masked off), hashed with two multiplications and compared as two words; only a longer
//! word compares its other bytes, which the table keeps in one buffer. A general map (foldhash,
//! `Box<str>` keys) hashed and compared the bytes through calls: this table is 27 M instructions
//! less at 2 × 1,000 pages, about 1% of the build.

use crate::bytes::block_at;

/// A word's key: its bytes, its first sixteen bytes as two words (zero-padded), its length and
/// its hash.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key<'a> {
    word: &'a [u8],
    head: [u64; 2],
    len: u32,
    hash: u64,
}

impl<'a> Key<'a> {
    /// The key of the word at `start..end` of `text` (not empty).
    pub(super) fn new(text: &'a [u8], start: usize, end: usize) -> Self {
        let len = end - start;
        let head = match (block_at(text, start), block_at(text, start + 8)) {
            (Some(a), Some(b)) => [mask(a, len), mask(b, len.saturating_sub(8))],
            // Near the end of the text: the word's bytes copied out first.
            _ => {
                let mut bytes = [0; 16];
                let n = len.min(16);
                bytes[..n].copy_from_slice(&text[start..start + n]);
                [0, 8].map(|at| block_at(&bytes, at).unwrap_or(0))
            }
        };
        let len = len as u32;
        Self {
            word: &text[start..end],
            head,
            len,
            hash: hash(head, len),
        }
    }
}

/// The hash of a word with these first sixteen bytes and this length.
fn hash(head: [u64; 2], len: u32) -> u64 {
    let mixed =
        (head[0] ^ u64::from(len).rotate_left(32)).wrapping_mul(K0) ^ head[1].wrapping_mul(K1);
    mixed ^ (mixed >> 29)
}

/// Odd constants with well-spread bits, for the multiplicative hash.
const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// `block` with only its first `len` bytes kept (all eight when `len` is eight or more).
fn mask(block: u64, len: usize) -> u64 {
    if len >= 8 {
        block
    } else {
        block & ((1u64 << (8 * len)) - 1)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    head: [u64; 2],
    /// 0: an empty slot (words are never empty).
    len: u32,
    /// Where the bytes after the sixteenth start in [`WordTable::rest`].
    rest: u32,
    value: (u32, u32),
}

/// Words as written → (word number, term number).
#[derive(Debug, Default)]
pub(super) struct WordTable {
    /// A power of two of slots, at most half of them used; empty until the first insert.
    slots: Vec<Slot>,
    used: usize,
    /// The bytes after the sixteenth of every word longer than that.
    rest: Vec<u8>,
}

impl WordTable {
    /// The numbers of the word `key` was made from.
    pub(super) fn get(&self, key: &Key<'_>) -> Option<(u32, u32)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = (key.hash as usize) & mask;
        loop {
            let slot = &self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.len == key.len && slot.head == key.head && self.same_rest(slot, key.word) {
                return Some(slot.value);
            }
            i = (i + 1) & mask;
        }
    }

    /// Records `value` for the word `key` was made from, which is not in the table.
    pub(super) fn insert(&mut self, key: &Key<'_>, value: (u32, u32)) {
        let word = key.word;
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let rest = self.rest.len() as u32;
        if word.len() > 16 {
            self.rest.extend_from_slice(&word[16..]);
        }
        self.place(Slot {
            head: key.head,
            len: key.len,
            rest,
            value,
        });
        self.used += 1;
    }

    fn same_rest(&self, slot: &Slot, word: &[u8]) -> bool {
        word.len() <= 16 || {
            let at = slot.rest as usize;
            self.rest[at..at + word.len() - 16] == word[16..]
        }
    }

    /// Puts `slot` into the first free slot from its hash's.
    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = (hash(slot.head, slot.len) as usize) & mask;
        while self.slots[i].len != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.len != 0) {
            self.place(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_word_and_only_it() {
        let text = "a ab abc müşteri müşterilerinize müşterilerinizeyiz kullanıcı \
                    kullanıcılarımızdandır a8 12345678 123456789 1234567890123456 \
                    12345678901234567 12345678901234568 x";
        let words: Vec<(usize, usize)> = text
            .split(' ')
            .scan(0, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, start + w.len()))
            })
            .collect();
        let mut table = WordTable::default();
        let bytes = text.as_bytes();
        for (n, &(s, e)) in words.iter().enumerate() {
            let key = Key::new(bytes, s, e);
            assert_eq!(table.get(&key), None, "{}", &text[s..e]);
            table.insert(&key, (n as u32, 0));
        }
        for (n, &(s, e)) in words.iter().enumerate() {
            // Looked up from a copy of its own, where other bytes follow it.
            let copy = format!("{}zzzzzzzzzzzzzzzzzz", &text[s..e]);
            let key = Key::new(copy.as_bytes(), 0, e - s);
            assert_eq!(table.get(&key), Some((n as u32, 0)));
            // And from the end of a text, where no eight bytes follow it.
            let key = Key::new(bytes, s, e);
            assert_eq!(table.get(&key), Some((n as u32, 0)));
        }
        let missing = b"12345678901234569";
        let key = Key::new(missing, 0, missing.len());
        assert_eq!(table.get(&key), None);
    }

    #[test]
    fn grows_past_its_first_size() {
        let words: Vec<String> = (0..5000).map(|n| format!("w{n}")).collect();
        let mut table = WordTable::default();
        for (n, w) in words.iter().enumerate() {
            let key = Key::new(w.as_bytes(), 0, w.len());
            table.insert(&key, (n as u32, n as u32));
        }
        for (n, w) in words.iter().enumerate() {
            let key = Key::new(w.as_bytes(), 0, w.len());
            assert_eq!(table.get(&key), Some((n as u32, n as u32)));
        }
    }
}
