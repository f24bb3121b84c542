//! Splitting text into search terms, the same way for pages and queries (see [`super::normalize`]).
//!
//! A word is a run of letters, digits and combining marks. Inside a word, runs of CJK characters
//! become overlapping pairs (`接続方法` → `接続`, `続方`, `方法`; a lone character stays itself), so
//! Japanese and Chinese text needs no dictionary; other runs are one term each. Pages also index
//! the last character of every CJK run on its own ([`index_tokens`]), so that a query of one
//! character finds it either as that term or as the start of a pair.

use super::normalize::{fold, is_cjk, is_word_char, lower};

/// One term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded term, as matched against queries.
    pub term: String,
    /// The lower-cased term before folding (what a stemmer reads); empty for CJK pairs.
    pub word: String,
    /// Position of the term in its text, counting terms.
    pub pos: u32,
}

/// Every term of `text`, in order, for a page in `language` (a primary subtag, e.g. `tr`).
pub fn tokens(text: &str, language: &str) -> Vec<Token> {
    split(text, language, false)
}

/// The terms a page indexes for `text`: [`tokens`] plus each CJK run's last character.
pub fn index_tokens(text: &str, language: &str) -> Vec<Token> {
    split(text, language, true)
}

fn split(text: &str, language: &str, tails: bool) -> Vec<Token> {
    let lowered = lower(text, language);
    let mut out = Vec::new();
    for word in lowered.split(|c: char| !is_word_char(c)) {
        for (cjk, run) in runs(word) {
            if cjk {
                push_pairs(run, tails, &mut out);
            } else {
                let pos = out.len() as u32;
                out.push(Token {
                    term: fold(run),
                    word: run.to_string(),
                    pos,
                });
            }
        }
    }
    out.retain(|t| !t.term.is_empty());
    for (i, t) in out.iter_mut().enumerate() {
        t.pos = i as u32;
    }
    out
}

/// The folded terms of a query, as `search.js` computes them.
pub fn query_terms(text: &str, language: &str) -> Vec<String> {
    tokens(text, language).into_iter().map(|t| t.term).collect()
}

/// Splits a word into maximal runs of CJK and of other characters.
fn runs(word: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in word.char_indices() {
        let cjk = is_cjk(c);
        match current {
            Some(kind) if kind != cjk => {
                out.push((kind, &word[start..i]));
                start = i;
                current = Some(cjk);
            }
            None => current = Some(cjk),
            _ => {}
        }
    }
    if let Some(kind) = current {
        out.push((kind, &word[start..]));
    }
    out
}

fn push_pairs(run: &str, tails: bool, out: &mut Vec<Token>) {
    let chars: Vec<char> = fold(run).chars().collect();
    let term = |term: String| Token {
        term,
        word: String::new(),
        pos: 0,
    };
    if chars.len() == 1 {
        out.push(term(chars[0].to_string()));
    }
    for pair in chars.windows(2) {
        out.push(term(pair.iter().collect()));
    }
    if let Some(last) = chars.last().filter(|_| tails && chars.len() > 1) {
        out.push(term(last.to_string()));
    }
}
