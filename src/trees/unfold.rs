//! Unfolding a tree: every path from the start becomes a page, with the facts its answers set.
//!
//! Walking the paths is also the only way to check what depends on answers: a fact read before
//! any answer set it, an offering or severity named through a fact, and the page budget.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Audience, Node, Outcome, Ref, TreeFile};
use super::{Catalog, DEFAULT_MAX_PAGES, Locator};
use crate::diagnostics::Diagnostic;

/// One page of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The answers that lead here: (question node id, option index), in order.
    pub answers: Vec<(String, usize)>,
    /// The URL segments under the tree's URL (option ids; the fallback page's own id).
    pub path: Vec<String>,
    /// What the page shows.
    pub kind: PageKind,
}

/// What a tree page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A question node.
    Question(String),
    /// An outcome node, with its references resolved for this path.
    Outcome(Resolved),
}

/// An outcome with the offering and severity ids it names on one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The outcome node's id.
    pub node: String,
    /// The offering the reader contacts, and the severity.
    pub contact: Option<(String, Option<String>)>,
    /// The upstream steps: offering, severity.
    pub escalation: Vec<(String, Option<String>)>,
}

struct Walk<'a> {
    def: &'a TreeFile,
    catalog: &'a dyn Catalog,
    max: usize,
    pages: Vec<Page>,
    problems: BTreeSet<(String, String)>,
    over_budget: bool,
}

/// Every page of a checked (acyclic, fully referenced) tree, or `None` after reporting why not.
pub fn pages(
    def: &TreeFile,
    catalog: &dyn Catalog,
    at: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Page>> {
    let mut walk = Walk {
        def,
        catalog,
        max: def.max_pages.unwrap_or(DEFAULT_MAX_PAGES),
        pages: Vec::new(),
        problems: BTreeSet::new(),
        over_budget: false,
    };
    walk.node(
        &def.start,
        &mut Vec::new(),
        &mut Vec::new(),
        &BTreeMap::new(),
    );
    let fallback_path = vec![def.fallback.clone()];
    if walk
        .pages
        .iter()
        .any(|p| p.path.len() == 1 && p.path == fallback_path)
    {
        diags.push(at.error(
            "trees.duplicate_id",
            &def.fallback,
            format!(
                "an answer of the first question has the fallback's id `{}`, which is its URL",
                def.fallback
            ),
        ));
    }
    walk.node(
        &def.fallback,
        &mut vec![],
        &mut fallback_path.clone(),
        &BTreeMap::new(),
    );
    if walk.over_budget {
        diags.push(at.error(
            "trees.too_many_pages",
            "nodes",
            format!("the tree unfolds to more than {} pages per locale", walk.max),
        ).hint("share fewer questions between branches, route with fewer answers, or raise `max_pages`"));
    }
    for (node, message) in &walk.problems {
        diags.push(at.error("trees.path", node, message.clone()));
    }
    (!walk.over_budget && walk.problems.is_empty()).then_some(walk.pages)
}

impl Walk<'_> {
    fn node(
        &mut self,
        id: &str,
        answers: &mut Vec<(String, usize)>,
        path: &mut Vec<String>,
        facts: &BTreeMap<String, String>,
    ) {
        if self.over_budget {
            return;
        }
        if self.pages.len() >= self.max {
            self.over_budget = true;
            return;
        }
        match &self.def.nodes[id] {
            Node::Question(q) => {
                self.push(answers, path, PageKind::Question(id.to_string()));
                for (i, option) in q.options.iter().enumerate() {
                    let mut facts = facts.clone();
                    facts.extend(option.set.clone());
                    answers.push((id.to_string(), i));
                    path.push(option.id.clone());
                    self.node(&option.next, answers, path, &facts);
                    answers.pop();
                    path.pop();
                }
            }
            Node::Router(r) => {
                let rule = r.rules.iter().find(|rule| {
                    rule.when
                        .iter()
                        .all(|(fact, values)| match facts.get(fact) {
                            Some(value) => values.values().contains(value),
                            None => {
                                self.read_unset(id, fact);
                                false
                            }
                        })
                });
                if let Some(rule) = rule {
                    self.node(&rule.to.clone(), answers, path, facts);
                }
            }
            Node::Outcome(o) => {
                let resolved = self.resolve(id, o, facts);
                self.push(answers, path, PageKind::Outcome(resolved));
            }
        }
    }

    fn push(&mut self, answers: &[(String, usize)], path: &[String], kind: PageKind) {
        self.pages.push(Page {
            answers: answers.to_vec(),
            path: path.to_vec(),
            kind,
        });
    }

    fn read_unset(&mut self, node: &str, fact: &str) {
        self.problems.insert((
            node.to_string(),
            format!("`{node}` reads fact `{fact}` on a path where no earlier answer sets it"),
        ));
    }

    fn value(&mut self, node: &str, r: &Ref, facts: &BTreeMap<String, String>) -> Option<String> {
        match r {
            Ref::Id(id) => Some(id.clone()),
            Ref::Fact { fact } => {
                let value = facts.get(fact).cloned();
                if value.is_none() {
                    self.read_unset(node, fact);
                }
                value
            }
        }
    }

    fn resolve(&mut self, node: &str, o: &Outcome, facts: &BTreeMap<String, String>) -> Resolved {
        let mut contact = None;
        if let Some(c) = &o.contact
            && let Some(offering) = self.value(node, &c.offering, facts)
        {
            let severity = c.severity.as_ref().and_then(|s| self.value(node, s, facts));
            self.offering(node, &offering, severity.as_deref(), true);
            for channel in &c.channels {
                if self.catalog.has_offering(&offering)
                    && !self.catalog.has_channel(&offering, channel)
                {
                    self.problems.insert((
                        node.to_string(),
                        format!("offering `{offering}` has no channel `{channel}`"),
                    ));
                }
            }
            contact = Some((offering, severity));
        }
        let mut escalation = Vec::new();
        for step in &o.escalation {
            if let Some(offering) = self.value(node, &step.offering, facts) {
                let severity = step
                    .severity
                    .as_ref()
                    .and_then(|s| self.value(node, s, facts));
                self.offering(node, &offering, severity.as_deref(), false);
                escalation.push((offering, severity));
            }
        }
        Resolved {
            node: node.to_string(),
            contact,
            escalation,
        }
    }

    fn offering(&mut self, node: &str, offering: &str, severity: Option<&str>, contact: bool) {
        let problem = if !self.catalog.has_offering(offering) {
            Some(format!(
                "`{offering}` (set by an answer) is not a published offering"
            ))
        } else if contact
            && self.def.audience == Audience::Customer
            && !self.catalog.is_partner_offering(offering)
        {
            Some(format!(
                "customers contact the partner, but `{node}` tells them to contact upstream offering `{offering}`; put it under `escalation`"
            ))
        } else {
            severity
                .filter(|s| !self.catalog.has_severity(offering, s))
                .map(|s| format!("offering `{offering}` defines no severity `{s}`"))
        };
        if let Some(message) = problem {
            self.problems.insert((node.to_string(), message));
        }
    }
}
