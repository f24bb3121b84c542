//! `search: {exclude: […]}` in kilavuz.yaml: which pages stay out of the index.
//!
//! A pattern is matched against a page's path inside its locale, as its URL shows it
//! (`billing/refunds/` for `/en-us/billing/refunds/`). Without `*` it is a path prefix that
//! ends at a `/` (`internal` excludes `internal/` and `internal/x/`, not `internals/`); with `*`
//! it is a glob over the whole path without its trailing `/`, where `*` stays inside one
//! segment and `**` crosses segments (`**/draft-*`).

/// Whether a page at `path` (inside its locale, ending with `/`) is excluded by `patterns`.
pub fn excluded(path: &str, patterns: &[String]) -> bool {
    patterns
        .iter()
        .any(|p| matches(p.trim_start_matches('/'), path))
}

fn matches(pattern: &str, path: &str) -> bool {
    if pattern.contains('*') {
        return glob(pattern.as_bytes(), path.trim_end_matches('/').as_bytes());
    }
    let prefix = pattern.trim_end_matches('/');
    prefix.is_empty()
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn glob(pattern: &[u8], path: &[u8]) -> bool {
    match pattern {
        [] => path.is_empty(),
        [b'*', b'*', rest @ ..] => {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=path.len()).any(|i| {
                (i == 0 || path[i - 1] == b'/' || rest.is_empty()) && glob(rest, &path[i..])
            })
        }
        [b'*', rest @ ..] => (0..=path.len())
            .take_while(|&i| i == 0 || path[i - 1] != b'/')
            .any(|i| glob(rest, &path[i..])),
        [c, rest @ ..] => path.first() == Some(c) && glob(rest, &path[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::excluded;

    fn ex(path: &str, pattern: &str) -> bool {
        excluded(path, &[pattern.to_string()])
    }

    #[test]
    fn prefixes_end_at_a_slash() {
        assert!(ex("internal/", "internal"));
        assert!(ex("internal/notes/", "/internal/"));
        assert!(!ex("internals/", "internal"));
        assert!(!ex("billing/", "internal"));
    }

    #[test]
    fn globs_keep_star_inside_a_segment() {
        assert!(ex("guides/draft-one/", "**/draft-*"));
        assert!(ex("draft-one/", "**/draft-*"));
        assert!(ex("a/b/draft-x/", "**/draft-*"));
        assert!(!ex("guides/final/", "**/draft-*"));
        assert!(ex("support/premium/", "support/*"));
        assert!(!ex("support/premium/x/", "support/*"));
        assert!(ex("support/premium/x/", "support/**"));
    }
}
