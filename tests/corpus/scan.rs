//! Reading the corpus sources independently of kilavuz: prose lines, alerts, link targets and
//! whether they exist, so the corpus test compares the build against its own count.

use std::collections::BTreeSet;
use std::path::Path;

/// Source lines outside fenced code blocks and HTML comments.
pub(crate) fn prose_lines(text: &str) -> Vec<&str> {
    let mut in_comment = false;
    let mut fence: Option<String> = None;
    let mut lines = Vec::new();
    for line in text.lines() {
        let t = line.trim_start_matches([' ', '>']).trim_start();
        let marker: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        if marker.len() >= 3 {
            match &fence {
                Some(open) if marker.starts_with(open.as_str()) => fence = None,
                None => fence = Some(marker),
                _ => {}
            }
            continue;
        }
        if fence.is_none() && !in_comment && !line.trim_start().starts_with("<!--") {
            lines.push(line);
        }
        if line.contains("<!--") && !line.contains("-->") {
            in_comment = true;
        } else if line.contains("-->") {
            in_comment = false;
        }
    }
    lines
}

pub(crate) fn is_alert_line(line: &str) -> bool {
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix('>') else {
        return false;
    };
    let tag = rest.trim().to_ascii_uppercase();
    ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
        .iter()
        .any(|k| tag == format!("[!{k}]"))
}

/// Alerts in a YAML page, whose markdown may sit in quoted strings with `\n` escapes.
pub(crate) fn alerts_in_yaml(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    ["note", "tip", "important", "warning", "caution"]
        .iter()
        .map(|k| lower.matches(&format!("[!{k}]")).count())
        .sum()
}

/// Include files reached (transitively) from `sources`.
pub(crate) fn included_files(dir: &Path, sources: &[String]) -> Vec<String> {
    let mut found = BTreeSet::new();
    let mut queue: Vec<String> = sources.to_vec();
    while let Some(rel) = queue.pop() {
        let text = std::fs::read_to_string(dir.join(&rel)).unwrap();
        let folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
        for (at, _) in text.to_ascii_lowercase().match_indices("[!include") {
            let rest = &text[at..];
            let Some(open) = rest.find("](") else {
                continue;
            };
            let target = &rest[open + 2..open + 2 + rest[open + 2..].find(')').unwrap()];
            if let Some(inc) = join(folder, target)
                && dir.join(&inc).is_file()
                && found.insert(inc.clone())
            {
                queue.push(inc);
            }
        }
    }
    found.into_iter().collect()
}

/// Link and image targets written in a source: `](target)`, `:::image` sources and lightboxes,
/// and `url:` values of YAML pages.
pub(crate) fn link_targets(text: &str, yaml: bool) -> Vec<String> {
    let mut targets = Vec::new();
    for line in prose_lines(text) {
        let mut rest = if line.contains(":::image ") { "" } else { line };
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else {
                break;
            };
            let mut parts = rest[..end].split_whitespace();
            let target = parts.next().unwrap_or("");
            let is_link = parts
                .next()
                .is_none_or(|title| title.starts_with(['"', '\'']));
            if is_link {
                targets.push(target.trim_matches(['<', '>']).to_string());
            }
        }
        if line.contains(":::image ") {
            for attr in ["source=\"", "lightbox=\""] {
                if let Some(at) = line.find(attr) {
                    let value = &line[at + attr.len()..];
                    targets.push(value[..value.find('"').unwrap()].to_string());
                }
            }
        }
        if yaml
            && let Some(url) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("url:")
        {
            targets.push(url.trim().to_string());
        }
    }
    targets
}

/// Whether a relative target exists neither in the locale's folder nor in the English one.
pub(crate) fn is_broken(href: &str, folder: &str, dir: &Path, en: &Path) -> bool {
    let has_scheme = href
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if href.is_empty() || href.starts_with(['#', '/']) || has_scheme {
        return false;
    }
    let path = href.split(['#', '?']).next().unwrap().replace("%20", " ");
    let Some(rel) = join(folder, &path) else {
        return false;
    };
    if rel.is_empty() || path.ends_with('/') {
        return false;
    }
    !dir.join(&rel).is_file() && !en.join(&rel).is_file()
}

fn join(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}
