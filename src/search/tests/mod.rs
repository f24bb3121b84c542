//! Unit tests of the search module: the normalization spec, the tokenizer and HTML extraction
//! (`text`), and the index files a build writes and edits (`index`).

mod index;
mod text;
