//! The normalization spec, the tokenizer, sections and HTML extraction.

use serde_json::Value;

use crate::search::extract::{STOPS, may_end_run};
use crate::search::normalize::{fold, is_word_char, lower};
use crate::search::tokenize::{Buffers, Piece, each_piece, each_text_piece, query_terms, tokens};
use crate::search::{Section, sections};

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/search/vectors.json"
));

#[test]
fn shared_vectors_hold() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() > 20);
    for v in vectors {
        let want: Vec<&str> = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let got = query_terms(v["text"].as_str().unwrap(), v["lang"].as_str().unwrap());
        assert_eq!(got, want, "vector {v}");
    }
}

/// The pieces of `text` as pages index them, lower-cased and split in one pass where it can.
fn one_pass_pieces(text: &str, language: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_text_piece(text, language, true, &mut Buffers::default(), |p| {
        out.push(piece_text(p));
    });
    out
}

/// The pieces of `text` split from its whole [`lower`], the spec's order of steps.
fn two_pass_pieces(text: &str, language: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_piece(&lower(text, language), true, |p| out.push(piece_text(p)));
    out
}

fn piece_text(piece: Piece<'_>) -> String {
    match piece {
        Piece::Run(run) => run.to_string(),
        Piece::Cjk(cjk) => format!("cjk:{cjk}"),
    }
}

/// The spec's steps 1 and 2 as written: NFKC of the whole text, then lower case.
fn reference_lower(text: &str, language: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfkc: String = text.nfkc().collect();
    if matches!(language, "tr" | "az") {
        let dotted: String = nfkc
            .chars()
            .map(|c| match c {
                'I' => 'ı',
                'İ' => 'i',
                c => c,
            })
            .collect();
        dotted.to_lowercase()
    } else {
        nfkc.to_lowercase()
    }
}

/// Step 4 as the spec states it: decompose, drop the combining diacritics and Arabic marks, map
/// the Arabic letter forms, dotless ı and ß, compose.
fn reference_fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mapped: String = word
        .nfd()
        .filter(
            |c| !matches!(c, '\u{300}'..='\u{36f}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{640}'),
        )
        .map(|c| match c {
            'آ' | 'أ' | 'إ' | 'ٱ' => "ا".to_string(),
            'ى' => "ي".to_string(),
            'ة' => "ه".to_string(),
            'ı' => "i".to_string(),
            'ß' => "ss".to_string(),
            c => c.to_string(),
        })
        .collect();
    mapped.nfc().collect()
}

#[test]
fn folding_equals_the_spec_for_every_pair_of_latin_characters() {
    // Every pair below U+0250 (where the fold is taken a character at a time) and each of them
    // beside characters that need the full fold: a combining accent, Arabic, Hebrew points.
    let latin: Vec<char> = (0x41..0x250).filter_map(char::from_u32).collect();
    for &c in &latin {
        for &d in &latin {
            let word = format!("{c}{d}");
            assert_eq!(fold(&word), reference_fold(&word), "{word:?}");
        }
        for word in [
            format!("{c}\u{301}"),
            format!("\u{301}{c}"),
            format!("{c}أ"),
            format!("ש\u{5b8}{c}"),
            format!("ə{c}ş"),
        ] {
            assert_eq!(fold(&word), reference_fold(&word), "{word:?}");
        }
    }
    assert_eq!(fold("müşterilerinize"), "musterilerinize");
    assert_eq!(fold("straße"), "strasse");
}

#[test]
fn lowering_and_word_characters_equal_the_spec_for_every_character_of_the_fast_tables() {
    for c in (0..0x900).chain(0x1FF0..0x2130).filter_map(char::from_u32) {
        for text in [
            format!("{c}"),
            format!("Aİ{c}"),
            format!("ΑΣ{c}"),
            format!("{c}\u{301}"),
            format!("{c}\u{5b0}"),
            format!("ş{c}Σ"),
        ] {
            for language in ["en", "tr", "el"] {
                assert_eq!(
                    lower(&text, language),
                    reference_lower(&text, language),
                    "{text:?} in {language}"
                );
                let text = format!("Ab-{text} İz{text}");
                assert_eq!(
                    one_pass_pieces(&text, language),
                    two_pass_pieces(&text, language),
                    "{text:?} in {language}"
                );
            }
        }
        let slow = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
        assert_eq!(is_word_char(c), slow, "{c:?}");
    }
}

#[test]
fn ascii_text_splits_eight_bytes_at_a_time_as_the_spec_does() {
    // Every ASCII byte at every offset of the first blocks, between words that end or start
    // on a block's edge, and text that is not a whole number of blocks.
    for b in 0..0x80u8 {
        for at in 0..17 {
            let mut text: Vec<u8> = b"abcdefgh ijklmno,Pq9Rst uvwxyz0_".to_vec();
            text[at] = b;
            let text = String::from_utf8(text).unwrap_or_default();
            for len in [text.len(), 15, 9, 8, 7] {
                let text = &text[..len];
                for language in ["en", "tr"] {
                    assert_eq!(
                        one_pass_pieces(text, language),
                        two_pass_pieces(text, language),
                        "{text:?} in {language}"
                    );
                }
            }
        }
    }
    assert_eq!(
        one_pass_pieces("Istanbul şehri ve İzmir", "tr"),
        ["ıstanbul", "şehri", "ve", "izmir"]
    );
}

#[test]
fn text_with_other_characters_splits_as_the_spec_does_wherever_they_fall_in_a_block() {
    // Letters of two and three bytes, the Turkish İ and ı, characters that are not letters (a
    // no-break space, a guillemet, curly quotes, dashes, an ellipsis, the narrow no-break
    // space and the en space, which NFKC changes), and ones that need the full lowering (a
    // combining accent, Σ, the superscript ⁿ), at every offset of the first blocks, beside
    // words that end or start on a block's edge.
    for c in [
        "ü", "ş", "İ", "ı", "é", "ж", "ب", "\u{a0}", "«", "’", "“", "–", "—", "…", "\u{202f}",
        "\u{2002}", "\u{301}", "Σ", "ⁿ", "€", "接",
    ] {
        for at in 0..17 {
            let mut text = String::from("abcdefgh ijklmno,Pq9Rst uvwxyz0_");
            text.insert_str(at, c);
            for language in ["en", "tr"] {
                assert_eq!(
                    one_pass_pieces(&text, language),
                    two_pass_pieces(&text, language),
                    "{text:?} in {language}"
                );
            }
        }
    }
}

#[test]
fn tokens_keep_the_unfolded_word_for_stemming() {
    let t = tokens("Müşterilerinize DESTEK", "tr");
    assert_eq!(t[0].word, "müşterilerinize");
    assert_eq!(t[0].term, "musterilerinize");
    assert_eq!((t[1].term.as_str(), t[1].pos), ("destek", 1));
}

#[test]
fn sections_split_at_headings_with_ids() {
    let html = "<p>Intro &amp; more<script>var x = 1;</script></p>\n<h2 id=\"s&amp;1\">Set <code>up</code></h2>\n<p>Body&#39;s text &#x131;</p>";
    assert_eq!(
        sections(html),
        vec![
            Section {
                id: String::new(),
                heading: String::new(),
                text: "Intro & more".into()
            },
            Section {
                id: "s&1".into(),
                heading: "Set up".into(),
                text: "Body's text ı".into()
            },
        ]
    );
}

#[test]
fn blocks_of_text_flag_exactly_the_bytes_a_run_of_words_may_end_at() {
    // What the scanner does byte by byte: a stop ends the run, but for a space followed by a
    // byte that is no stop; a space in a block's last byte is flagged, its next byte unknown.
    let expected = |block: [u8; 8]| {
        (0..8).fold(0u64, |flags, k| {
            let b = block[k];
            let joins = b == b' ' && k < 7 && !STOPS[block[k + 1] as usize];
            if STOPS[b as usize] && !joins {
                flags | 0x80 << (8 * k)
            } else {
                flags
            }
        })
    };
    let mut blocks = Vec::new();
    for b in 0..=255u8 {
        for k in 0..8 {
            let mut block = *b"wordtext";
            block[k] = b;
            blocks.push(block);
            if k < 7 {
                block[k] = b' ';
                block[k + 1] = b;
                blocks.push(block);
            }
        }
    }
    // Mixed blocks of the bytes that matter, from a fixed sequence.
    let bytes = [
        b' ', b'a', b'\t', b'\n', b'<', b'&', 0xC2, 0xC3, 0xE1, 0xE3, 0xE4, 0x80, 0x1F,
    ];
    let mut state = 1u64;
    for _ in 0..20_000 {
        let mut block = [0u8; 8];
        for b in &mut block {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            *b = bytes[(state >> 33) as usize % bytes.len()];
        }
        blocks.push(block);
    }
    for block in blocks {
        assert_eq!(
            may_end_run(u64::from_le_bytes(block)),
            expected(block),
            "{block:?}"
        );
    }
}

#[test]
fn section_text_collapses_whitespace_as_it_is_appended() {
    // Runs of spaces, newlines and `&nbsp;` become one space; inline tags join words, block tags
    // separate them; nothing leads or trails; a space pending at a heading's end is not carried
    // into the next section's text.
    let html = "<p>  Open\n\t <em>now</em>&nbsp;&nbsp;or<br>later </p><div>\n</div>\
                <h3 id=\"h\"> Call  us </h3>\n<p>\n24<strong>/</strong>7&#32;</p>";
    let got = sections(html);
    assert_eq!(got[0].text, "Open now or later");
    assert_eq!(got[1].heading, "Call us");
    assert_eq!(got[1].text, "24/7");
    // Non-ASCII spaces separate words, other non-ASCII characters (whose UTF-8 may start with
    // the same bytes) do not; a `&` that starts no reference stays as written.
    let html = "<p>a\u{a0}\u{a0}b ©2024 x—y\u{3000}z AT&amp;T a & b x&y &#x20;</p>";
    assert_eq!(sections(html)[0].text, "a b ©2024 x—y z AT&T a & b x&y");
}

#[test]
fn tag_names_are_read_whole_and_in_any_case() {
    // Upper-case names count; a name that only starts like an inline one (`<strongest>`,
    // `<abbrev>`) separates words; `<SCRIPT>` and `<Style>` are skipped to their own end tag (joining the words
    // around them); an `ID` attribute is not an `id`.
    let html = "<P>a<STRONG>b</Strong>c<strongest>d</strongest>e<abbrev>f<SCRIPT>x</script >\
                g<Style>p{}</STYLE>h</P><H2 ID=\"no\">i</H2><H3 id=\"k\">j</H3>";
    let got = sections(html);
    assert_eq!(got[0].text, "abc d e fgh i");
    assert_eq!((got[1].id.as_str(), got[1].heading.as_str()), ("k", "j"));
}

#[test]
fn tag_names_end_at_the_first_byte_that_is_not_a_letter_or_digit_wherever_the_html_ends() {
    // Inline tags join the words around them, others separate them: names read eight bytes at
    // a time, cut after eight, ended by a character that is not ASCII, and near the end of the
    // HTML, where fewer than eight bytes are left.
    for (html, text) in [
        ("<p>a<SPAN>b</p>", "ab"),
        ("<p>a<spanß>b</p>", "ab"),
        ("<p>a<abbrevia>b</p>", "a b"),
        ("<p>a<STRONGEST>b</p>", "a b"),
        ("<p>a<Kbd title=x>b</p>", "ab"),
        ("a<SPAN>b", "ab"),
        ("a<i>b", "ab"),
        ("a<I>", "a"),
        ("a<br>b", "a b"),
        ("a<", "a"),
        ("a</", "a"),
        ("<p>a<h2>b", "a b"),
        ("<p>a<h3>b</h3>c", "a b c"),
        // A tag ends at its first `>`, right after the name or further on.
        ("a<br/>b", "a b"),
        ("<p>a<em\n>b</em >c", "abc"),
        ("<p>a<span title=\"x\">b</span>c", "abc"),
    ] {
        assert_eq!(sections(html)[0].text, text, "{html}");
    }
}
