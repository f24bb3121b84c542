//! The escalation decision tree file format (`content/data/trees/<id>.yaml`), as written.
//!
//! Unknown keys are errors. Display strings are [`LocalizedText`]; hours, numbers and response
//! targets never appear here: outcomes reference an offering and a severity, and the pages
//! take those details from the offering.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::schema::JsonSchema;

use crate::config::LocalizedText;

/// Who a tree is written for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The partner's customers: they contact the partner, never the vendor.
    #[default]
    Customer,
    /// The partner's own staff.
    PartnerStaff,
}

/// One tree file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeFile {
    /// Format marker, `escalation-tree/v1` when present.
    #[serde(default)]
    pub schema: Option<String>,
    /// The tree's id; must equal the file name when given.
    #[serde(default)]
    pub id: Option<String>,
    /// Who the tree is for.
    #[serde(default)]
    pub audience: Audience,
    /// The start page's heading.
    pub title: LocalizedText,
    /// Text under the start page's heading.
    #[serde(default)]
    pub intro: Option<LocalizedText>,
    /// The first node.
    pub start: String,
    /// The outcome linked from every question page ("Not sure? Talk to us").
    pub fallback: String,
    /// The most pages the tree may unfold to per locale (default 1,000).
    #[serde(default)]
    pub max_pages: Option<usize>,
    /// Facts answers may set, with the values each may take.
    #[serde(default)]
    pub facts: BTreeMap<String, Vec<String>>,
    /// The nodes by id.
    pub nodes: BTreeMap<String, Node>,
}

/// A node of the tree.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Node {
    /// A page asking one question with 2–6 answers.
    Question(Question),
    /// An invisible branch on facts set by earlier answers.
    Router(Router),
    /// Where a path ends: whom to contact and what happens next.
    Outcome(Outcome),
}

/// A question page.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The page's heading.
    pub text: LocalizedText,
    /// A hint under the heading.
    #[serde(default)]
    pub help: Option<LocalizedText>,
    /// The answers.
    #[serde(default)]
    pub options: Vec<Choice>,
}

/// One answer of a question.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The URL segment (a slug).
    pub id: String,
    /// The answer's text.
    pub label: LocalizedText,
    /// More text under the answer.
    #[serde(default)]
    pub explainer: Option<LocalizedText>,
    /// Facts this answer records.
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    /// The node this answer leads to.
    pub next: String,
}

/// A router node.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Router {
    /// Rules in order; the first that matches wins; the last must have no `when`.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One router rule.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Facts and the values that match (all facts must match; any listed value does).
    #[serde(default)]
    pub when: BTreeMap<String, OneOrMany>,
    /// Where a match leads.
    pub to: String,
}

/// A value or a list of values.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One value.
    One(String),
    /// Any of several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The listed values.
    pub fn values(&self) -> &[String] {
        match self {
            Self::One(v) => std::slice::from_ref(v),
            Self::Many(v) => v,
        }
    }
}

/// What an outcome tells the reader to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Contact the partner.
    ContactPartner,
    /// The partner escalates to an upstream provider.
    Escalate,
    /// The reader can solve it alone.
    SelfHelp,
    /// Not covered.
    OutOfScope,
}

/// An outcome page.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// What the reader should do.
    pub kind: OutcomeKind,
    /// The page's heading.
    pub title: LocalizedText,
    /// Markdown text.
    #[serde(default)]
    pub body: Option<LocalizedText>,
    /// Whom the reader contacts.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// What the partner does next.
    #[serde(default)]
    pub escalation: Vec<Escalation>,
    /// Links to follow.
    #[serde(default)]
    pub actions: Vec<Action>,
}

/// An offering or severity, named directly or read from a fact set by an earlier answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Ref {
    /// An id.
    Id(String),
    /// The value of a fact.
    Fact {
        /// The fact's name.
        fact: String,
    },
}

/// Whom to contact.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The offering whose channels and targets apply.
    pub offering: Ref,
    /// The severity the case gets.
    #[serde(default)]
    pub severity: Option<Ref>,
    /// Channels to show (default: those accepting the severity).
    #[serde(default)]
    pub channels: Vec<String>,
}

/// One upstream escalation step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// The upstream offering.
    pub offering: Ref,
    /// The severity used upstream.
    #[serde(default)]
    pub severity: Option<Ref>,
    /// When the partner takes this step.
    #[serde(default)]
    pub when: Option<LocalizedText>,
}

/// A link on an outcome page.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The link text.
    pub label: LocalizedText,
    /// An https URL or a site path.
    pub url: String,
}
