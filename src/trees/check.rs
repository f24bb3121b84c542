//! Static checks of a tree's graph: everything that can be judged without walking its paths.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Node, OneOrMany, Ref, TreeFile};
use super::{Catalog, Locator};
use crate::config::LocalizedText;
use crate::diagnostics::Diagnostic;

/// Options above this count are allowed but make a question hard to answer.
const MAX_OPTIONS: usize = 6;

/// Checks ids, references, option counts, router rules, fact domains, cycles, reachability,
/// offering references and translations.
pub fn tree(
    id: &str,
    def: &TreeFile,
    locales: &[String],
    catalog: &dyn Catalog,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    if !is_slug(id) {
        diags.push(at.error(
            "trees.id",
            id,
            format!("the tree id `{id}` (its file name) is not a slug"),
        ));
    }
    if let Some(written) = def.id.as_deref().filter(|w| *w != id) {
        diags.push(at.error(
            "trees.id",
            "id",
            format!("`id: {written}` differs from the file name `{id}`"),
        ));
    }
    for (name, reference) in [("start", &def.start), ("fallback", &def.fallback)] {
        if !def.nodes.contains_key(reference) {
            diags.push(at.error(
                "trees.dangling",
                name,
                format!("`{name}: {reference}` names no node"),
            ));
        }
    }
    if def
        .nodes
        .get(&def.fallback)
        .is_some_and(|n| !matches!(n, Node::Outcome(_)))
    {
        diags.push(at.error(
            "trees.fallback",
            "fallback",
            "the fallback must be an outcome".into(),
        ));
    }
    for (node_id, node) in &def.nodes {
        if !is_slug(node_id) {
            diags.push(at.error(
                "trees.id",
                node_id,
                format!("node id `{node_id}` is not a slug"),
            ));
        }
        node_edges_exist(def, node_id, node, at, diags);
        match node {
            Node::Question(q) => question(def, node_id, q, at, diags),
            Node::Router(r) => router(def, node_id, r, at, diags),
            Node::Outcome(o) => outcome(def, node_id, o, catalog, at, diags),
        }
    }
    if !crate::diagnostics::has_errors(diags) {
        graph(def, at, diags);
    }
    translations(def, locales, at, diags);
}

fn node_edges_exist(
    def: &TreeFile,
    node_id: &str,
    node: &Node,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    for target in edges(node) {
        if !def.nodes.contains_key(target) {
            diags.push(at.error(
                "trees.dangling",
                node_id,
                format!("node `{node_id}` leads to `{target}`, which is not a node of this tree"),
            ));
        }
    }
}

/// The nodes a node leads to.
pub fn edges(node: &Node) -> Vec<&str> {
    match node {
        Node::Question(q) => q.options.iter().map(|o| o.next.as_str()).collect(),
        Node::Router(r) => r.rules.iter().map(|r| r.to.as_str()).collect(),
        Node::Outcome(_) => Vec::new(),
    }
}

fn question(
    def: &TreeFile,
    node_id: &str,
    q: &super::model::Question,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    if q.options.len() < 2 {
        diags.push(at.error(
            "trees.options",
            node_id,
            format!(
                "question `{node_id}` has {} option(s); a question needs at least 2",
                q.options.len()
            ),
        ));
    } else if q.options.len() > MAX_OPTIONS {
        diags.push(at.warning(
            "trees.options",
            node_id,
            format!("question `{node_id}` has {} options; more than {MAX_OPTIONS} are hard to choose from", q.options.len()),
        ));
    }
    let mut seen = BTreeSet::new();
    for option in &q.options {
        if !is_slug(&option.id) {
            diags.push(at.error(
                "trees.id",
                &option.id,
                format!("option id `{}` is not a slug", option.id),
            ));
        }
        if !seen.insert(option.id.as_str()) || option.id == "all" {
            diags.push(at.error(
                "trees.duplicate_id",
                &option.id,
                format!(
                    "question `{node_id}` has option id `{}` twice or uses the reserved id `all`",
                    option.id
                ),
            ));
        }
        for (fact, value) in &option.set {
            fact_value(def, fact, value, &option.id, at, diags);
        }
    }
}

fn router(
    def: &TreeFile,
    node_id: &str,
    r: &super::model::Router,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    match r.rules.last() {
        None => diags.push(at.error("trees.router", node_id, format!("router `{node_id}` has no rules"))),
        Some(last) if !last.when.is_empty() => diags.push(at.error(
            "trees.router",
            node_id,
            format!("the last rule of router `{node_id}` has a `when`; the last rule must catch everything"),
        )),
        Some(_) => {}
    }
    for rule in &r.rules {
        for (fact, values) in &rule.when {
            for value in OneOrMany::values(values) {
                fact_value(def, fact, value, node_id, at, diags);
            }
        }
    }
}

fn outcome(
    def: &TreeFile,
    node_id: &str,
    o: &super::model::Outcome,
    catalog: &dyn Catalog,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    if o.contact.is_none() && o.body.is_none() && o.actions.is_empty() {
        diags.push(at.error(
            "trees.outcome",
            node_id,
            format!("outcome `{node_id}` says nothing: give it a `contact`, a `body` or `actions`"),
        ));
    }
    for r in o
        .contact
        .iter()
        .map(|c| &c.offering)
        .chain(o.escalation.iter().map(|e| &e.offering))
    {
        match r {
            Ref::Id(offering) if !catalog.has_offering(offering) => diags.push(at.error(
                "trees.unknown_offering",
                node_id,
                format!("outcome `{node_id}` references offering `{offering}`, which does not exist or is not published"),
            )),
            Ref::Fact { fact } if !def.facts.contains_key(fact) => diags.push(at.error(
                "trees.unknown_fact",
                node_id,
                format!("outcome `{node_id}` reads fact `{fact}`, which `facts:` does not declare"),
            )),
            _ => {}
        }
    }
    for action in &o.actions {
        if !action.url.starts_with("https://") && !action.url.starts_with('/') {
            diags.push(at.error(
                "trees.url",
                node_id,
                format!("action URL `{}` must be https or a site path", action.url),
            ));
        }
    }
}

fn fact_value(
    def: &TreeFile,
    fact: &str,
    value: &str,
    near: &str,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    match def.facts.get(fact) {
        None => diags.push(at.error(
            "trees.unknown_fact",
            near,
            format!("fact `{fact}` is not declared under `facts:`"),
        )),
        Some(domain) if !domain.iter().any(|v| v == value) => diags.push(at.error(
            "trees.fact_value",
            near,
            format!(
                "`{value}` is not one of the values of fact `{fact}` ({})",
                domain.join(", ")
            ),
        )),
        Some(_) => {}
    }
}

/// Cycles and unreachable nodes.
fn graph(def: &TreeFile, at: &Locator<'_>, diags: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> =
        def.nodes.keys().map(|k| (k.as_str(), Mark::New)).collect();
    for root in [def.start.as_str(), def.fallback.as_str()] {
        let mut stack = vec![(root, 0usize)];
        while let Some((node, next_edge)) = stack.pop() {
            let targets = edges(&def.nodes[node]);
            if next_edge == 0 {
                if marks[node] != Mark::New {
                    continue;
                }
                marks.insert(node, Mark::Active);
            }
            if let Some(&target) = targets.get(next_edge) {
                stack.push((node, next_edge + 1));
                match marks[target] {
                    Mark::Active => diags.push(at.error(
                        "trees.cycle",
                        node,
                        format!("`{node}` leads back to `{target}`: trees may not loop"),
                    )),
                    Mark::New => stack.push((target, 0)),
                    Mark::Done => {}
                }
            } else {
                marks.insert(node, Mark::Done);
            }
        }
    }
    for (node, mark) in marks {
        if mark == Mark::New {
            diags.push(at.error(
                "trees.unreachable",
                node,
                format!("node `{node}` cannot be reached from `start`"),
            ));
        }
    }
}

/// Every display string in every published locale.
fn translations(def: &TreeFile, locales: &[String], at: &Locator<'_>, diags: &mut Vec<Diagnostic>) {
    let mut texts: Vec<(&str, &LocalizedText)> = vec![("title", &def.title)];
    texts.extend(def.intro.iter().map(|t| ("intro", t)));
    for (id, node) in &def.nodes {
        match node {
            Node::Question(q) => {
                texts.push((id, &q.text));
                texts.extend(q.help.iter().map(|t| (id.as_str(), t)));
                for o in &q.options {
                    texts.push((&o.id, &o.label));
                    texts.extend(o.explainer.iter().map(|t| (o.id.as_str(), t)));
                }
            }
            Node::Outcome(o) => {
                texts.push((id, &o.title));
                texts.extend(o.body.iter().map(|t| (id.as_str(), t)));
                texts.extend(
                    o.escalation
                        .iter()
                        .filter_map(|e| e.when.as_ref())
                        .map(|t| (id.as_str(), t)),
                );
                texts.extend(o.actions.iter().map(|a| (id.as_str(), &a.label)));
            }
            Node::Router(_) => {}
        }
    }
    for (near, text) in texts {
        if let LocalizedText::PerLocale(map) = text {
            for locale in locales.iter().filter(|l| !map.contains_key(*l)) {
                diags.push(at.warning(
                    "trees.missing_translation",
                    near,
                    format!("`{near}` has no {locale} text; the default locale's text is shown"),
                ));
            }
        }
    }
}

/// Ids used in URLs: lower-case ASCII letters, digits and single hyphens.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 63
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}
