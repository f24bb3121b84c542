//! Typed contexts of the decision tree pages (`tree-question.html`, `tree-outcome.html`,
//! `tree-all.html`). Display strings are already in the page's locale; hours, channels and
//! targets reuse the support pages' contexts, so a tree never retypes them.

use serde::Serialize;

use super::context::{Common, Link};
use super::support::{CalendarCtx, ChannelCtx, PromiseCtx};

/// What every tree page knows about its tree and its place in it.
#[derive(Debug, Clone, Serialize)]
pub struct TreePageCtx {
    /// The tree's id.
    pub id: String,
    /// The tree's title.
    pub title: String,
    /// The start page's URL ("Start again").
    pub start_url: String,
    /// The decision table's URL (`…/all/`).
    pub all_url: String,
    /// The fallback outcome's URL ("Not sure? Talk to us").
    pub fallback_url: String,
    /// The previous page on this path; `None` on the start page.
    pub back_url: Option<String>,
    /// The answers given so far, in order.
    pub answers: Vec<AnswerCtx>,
    /// BreadcrumbList JSON-LD, already escaped for a `<script>` element.
    pub jsonld: String,
}

/// One answer given on the way to a page.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerCtx {
    /// The question.
    pub question: String,
    /// The answer chosen.
    pub answer: String,
    /// That question's page on this path, to change the answer.
    pub change_url: String,
}

/// A question page.
#[derive(Debug, Clone, Serialize)]
pub struct TreeQuestionCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The tree and the path.
    pub tree: TreePageCtx,
    /// The question.
    pub question: QuestionCtx,
}

/// The question itself.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionCtx {
    /// The heading.
    pub text: String,
    /// A hint under the heading.
    pub help: Option<String>,
    /// The tree's introduction, on the start page only.
    pub intro: Option<String>,
    /// The answers, as links to the next page.
    pub options: Vec<OptionCtx>,
}

/// One answer link.
#[derive(Debug, Clone, Serialize)]
pub struct OptionCtx {
    /// The answer's text.
    pub label: String,
    /// More text under it.
    pub explainer: Option<String>,
    /// The page this answer leads to.
    pub url: String,
}

/// An outcome page.
#[derive(Debug, Clone, Serialize)]
pub struct TreeOutcomeCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The tree and the path.
    pub tree: TreePageCtx,
    /// The outcome.
    pub outcome: OutcomeCtx,
    /// URL of the "open now" script.
    pub hours_js: String,
}

/// An outcome, resolved for one path.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeCtx {
    /// `contact_partner`, `escalate`, `self_help` or `out_of_scope`.
    pub kind: crate::trees::model::OutcomeKind,
    /// The heading.
    pub title: String,
    /// The body's paragraphs (plain text).
    pub body: Vec<String>,
    /// Whom to contact, how and how fast.
    pub contact: Option<ContactCtx>,
    /// The route the partner takes upstream, in order.
    pub route: Vec<RouteStepCtx>,
    /// Links to follow.
    pub actions: Vec<Link>,
}

/// A severity level.
#[derive(Debug, Clone, Serialize)]
pub struct SeverityCtx {
    /// Code (`A`).
    pub code: String,
    /// Label.
    pub label: String,
    /// Definition.
    pub definition: String,
}

/// Whom the reader contacts.
#[derive(Debug, Clone, Serialize)]
pub struct ContactCtx {
    /// The offering's name.
    pub name: String,
    /// The offering's page.
    pub url: String,
    /// The provider's name.
    pub provider: String,
    /// The severity the case gets.
    pub severity: Option<SeverityCtx>,
    /// The first-response target for that severity.
    pub response: Option<PromiseCtx>,
    /// The channels to use.
    pub channels: Vec<ChannelCtx>,
    /// The calendars of those channels (hours in their time zones).
    pub calendars: Vec<CalendarCtx>,
}

/// One step of the escalation route.
#[derive(Debug, Clone, Serialize)]
pub struct RouteStepCtx {
    /// The offering's name.
    pub name: String,
    /// The offering's page.
    pub url: String,
    /// The provider's name.
    pub provider: String,
    /// The severity code used there.
    pub severity: Option<String>,
    /// That offering's published first-response target, when it has one for the severity.
    pub response: Option<PromiseCtx>,
    /// Where the vendor's terms were read.
    pub source_url: Option<String>,
    /// When they were checked.
    pub verified: Option<String>,
    /// When the partner takes this step.
    pub when: Option<String>,
}

/// The decision table (`…/all/`).
#[derive(Debug, Clone, Serialize)]
pub struct TreeAllCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The tree.
    pub tree: TreePageCtx,
    /// One row per answer path ending in an outcome.
    pub rows: Vec<TableRowCtx>,
    /// The inline SVG diagram (built from escaped text).
    pub diagram: String,
}

/// One path of the decision table.
#[derive(Debug, Clone, Serialize)]
pub struct TableRowCtx {
    /// The answers, in order.
    pub answers: Vec<String>,
    /// The outcome's title.
    pub outcome: String,
    /// The outcome page.
    pub url: String,
    /// Severity code and label.
    pub severity: Option<SeverityCtx>,
    /// The response target.
    pub response: Option<PromiseCtx>,
    /// The channels' labels and contact values.
    pub channels: Vec<Link>,
}

super::context::pages!(TreeQuestionCtx, TreeOutcomeCtx, TreeAllCtx);
