//! The decision tree pages a locale's search index holds, as plain text from the tree itself.

use super::super::pages::Site;
use super::{tx, url};
use crate::search::{PageText, Section};
use crate::trees::PageKind;
use crate::trees::model::Node;

/// The tree pages a locale's search index holds: each tree's start page and the first page of
/// each outcome (the other paths repeat the same text).
pub fn search_pages(site: &Site<'_>, l: usize) -> Vec<PageText> {
    let mut out = Vec::new();
    for tree in site.trees {
        let mut seen = std::collections::BTreeSet::new();
        for page in &tree.pages {
            let (title, text) = match &page.kind {
                PageKind::Question(node) if page.path.is_empty() => {
                    let Node::Question(q) = &tree.def.nodes[node] else {
                        continue;
                    };
                    let mut text: Vec<String> =
                        tree.def.intro.iter().map(|i| tx(site, l, i)).collect();
                    text.push(tx(site, l, &q.text));
                    text.extend(q.options.iter().map(|o| tx(site, l, &o.label)));
                    (tx(site, l, &tree.def.title), text.join(" "))
                }
                PageKind::Outcome(r) if seen.insert(r.node.clone()) => {
                    let Node::Outcome(o) = &tree.def.nodes[&r.node] else {
                        continue;
                    };
                    let body = o.body.as_ref().map(|b| tx(site, l, b)).unwrap_or_default();
                    (
                        tx(site, l, &o.title),
                        format!("{} {body}", tx(site, l, &tree.def.title)),
                    )
                }
                _ => continue,
            };
            out.push(PageText {
                url: url(site, l, &tree.id, &page.path),
                title,
                keywords: String::new(),
                kind: "tree".to_string(),
                sections: vec![Section {
                    text,
                    ..Section::default()
                }],
            });
        }
    }
    out
}
