//! The build-time SVG diagram of a tree: nodes in layers from the start down, one box per
//! question and outcome, a small diamond per router, an edge per answer or rule.
//!
//! No client-side diagram library is needed; the SVG is inline in the page, styled by the
//! theme's CSS classes (`tree-question`, `tree-router`, `tree-outcome-<kind>`), and carries a
//! title and description for screen readers.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::check::edges;
use super::model::{Node, TreeFile};

const BOX_W: usize = 190;
const BOX_H: usize = 54;
const GAP_X: usize = 24;
const GAP_Y: usize = 56;
const CHARS_PER_LINE: usize = 27;

/// The diagram of `def` with every text in `locale` (falling back to `default_locale`).
pub fn svg(def: &TreeFile, title: &str, locale: &str, default_locale: &str) -> String {
    let layers = layers(def);
    let mut rows: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for node in &layers.order {
        rows.entry(layers.depth[node]).or_default().push(node);
    }
    let widest = rows.values().map(Vec::len).max().unwrap_or(1);
    let width = widest * (BOX_W + GAP_X) + GAP_X;
    let height = rows.len() * (BOX_H + GAP_Y) + GAP_Y / 2;
    let mut at: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (row, nodes) in &rows {
        let offset = (width - nodes.len() * (BOX_W + GAP_X) + GAP_X) / 2;
        for (i, node) in nodes.iter().enumerate() {
            at.insert(
                node,
                (
                    offset + i * (BOX_W + GAP_X),
                    GAP_Y / 2 + row * (BOX_H + GAP_Y),
                ),
            );
        }
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"tree-diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"tree-diagram-title\"><title id=\"tree-diagram-title\">{}</title>",
        escape(title)
    );
    for node in &layers.order {
        let (x, y) = at[node];
        for target in edges(&def.nodes[*node]) {
            let (tx, ty) = at[target];
            let (x1, y1, x2, y2) = (x + BOX_W / 2, y + BOX_H, tx + BOX_W / 2, ty);
            let mid = (y1 + y2) / 2;
            let _ = write!(
                out,
                "<path class=\"tree-edge\" d=\"M{x1} {y1} C{x1} {mid} {x2} {mid} {x2} {y2}\" fill=\"none\"/>"
            );
        }
    }
    for node in &layers.order {
        let (x, y) = at[node];
        node_svg(&mut out, def, node, x, y, locale, default_locale);
    }
    out.push_str("</svg>");
    out
}

fn node_svg(
    out: &mut String,
    def: &TreeFile,
    id: &str,
    x: usize,
    y: usize,
    locale: &str,
    default: &str,
) {
    let (class, text) = match &def.nodes[id] {
        Node::Question(q) => (
            "tree-question".to_string(),
            q.text.get(locale, default).to_string(),
        ),
        Node::Outcome(o) => (
            format!(
                "tree-outcome tree-outcome-{}",
                serde_json::to_value(o.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            ),
            o.title.get(locale, default).to_string(),
        ),
        Node::Router(_) => {
            let (cx, cy) = (x + BOX_W / 2, y + BOX_H / 2);
            let _ = write!(
                out,
                "<path class=\"tree-router\" d=\"M{cx} {} L{} {cy} L{cx} {} L{} {cy} Z\"/>",
                cy - 14,
                cx + 14,
                cy + 14,
                cx - 14
            );
            return;
        }
    };
    let _ = write!(
        out,
        "<g class=\"{class}\"><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/>"
    );
    let lines = wrap(&text);
    let first = y + BOX_H / 2 + 5 - (lines.len() - 1) * 8;
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + BOX_W / 2,
            first + i * 16,
            escape(line)
        );
    }
    out.push_str("</g>");
}

/// At most two lines of about [`CHARS_PER_LINE`] characters, the second cut with an ellipsis.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > CHARS_PER_LINE {
            if lines.len() == 2 {
                lines[1].push('…');
                return lines;
            }
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

struct Layers<'a> {
    /// Nodes in first-visit order from the start, then the fallback.
    order: Vec<&'a str>,
    /// Each node's layer: the longest path from the start (or the fallback) to it.
    depth: BTreeMap<&'a str, usize>,
}

/// Orders the reachable nodes depth first and layers them by longest path, which a checked
/// (acyclic) tree allows in one pass over a topological order.
fn layers(def: &TreeFile) -> Layers<'_> {
    let mut order: Vec<&str> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for root in [def.start.as_str(), def.fallback.as_str()] {
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if seen.insert(node) {
                order.push(node);
                stack.extend(edges(&def.nodes[node]).into_iter().rev());
            }
        }
    }
    let mut incoming: BTreeMap<&str, usize> = order.iter().map(|n| (*n, 0)).collect();
    for node in &order {
        for target in edges(&def.nodes[*node]) {
            *incoming.get_mut(target).expect("reachable") += 1;
        }
    }
    let mut depth: BTreeMap<&str, usize> = order.iter().map(|n| (*n, 0)).collect();
    let mut ready: Vec<&str> = order.iter().copied().filter(|n| incoming[n] == 0).collect();
    while let Some(node) = ready.pop() {
        for target in edges(&def.nodes[node]) {
            let d = depth[node] + 1;
            let entry = depth.get_mut(target).expect("reachable");
            *entry = (*entry).max(d);
            let count = incoming.get_mut(target).expect("reachable");
            *count -= 1;
            if *count == 0 {
                ready.push(target);
            }
        }
    }
    Layers { order, depth }
}

fn escape(text: &str) -> String {
    crate::site::extras::escape_xml(text)
}
