//! Typed contexts of the support pages (`support.html`, `offering.html`) and of the
//! support-terms block of `article.html`. Display strings are already in the page's locale.

use serde::Serialize;

use super::context::{Common, Link};

/// The support overview (`support.html`) at `/<locale>/support/`.
#[derive(Debug, Clone, Serialize)]
pub struct SupportCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The overview.
    pub support: OverviewData<'a>,
}

/// What the overview shows.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewData<'a> {
    /// Title of `support/index.md`, else the UI string.
    pub title: &'a str,
    /// The article's own h1 as HTML, when there is an article.
    pub heading: Option<&'a str>,
    /// The body of `support/index.md`, shown as the introduction (may be empty).
    pub intro: &'a str,
    /// Partner plans, side by side.
    pub plans: Vec<PlanCtx>,
    /// Severity rows of the comparison: per severity, one promise per plan.
    pub comparison: Vec<ComparisonRow>,
    /// Upstream (vendor) offerings the plans escalate to.
    pub upstream: Vec<PlanCtx>,
    /// JSON-LD, already escaped for a `<script>` element.
    pub jsonld: String,
    /// URL of the "open now" script.
    pub hours_js: String,
}

/// One offering's page (`offering.html`) at `/<locale>/support/<id>/`.
#[derive(Debug, Clone, Serialize)]
pub struct OfferingCtx<'a> {
    /// The common part.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The offering.
    pub offering: PlanCtx,
    /// JSON-LD, already escaped for a `<script>` element.
    pub jsonld: String,
    /// URL of the "open now" script.
    pub hours_js: String,
    /// The weekly coverage chart (SVG markup, every text escaped), when there are channels.
    pub coverage: Option<String>,
}

/// One offering, resolved for display.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCtx {
    /// Id.
    pub id: String,
    /// `partner` or `upstream`.
    pub kind: &'static str,
    /// Page URL.
    pub url: String,
    /// Name.
    pub name: String,
    /// Summary.
    pub summary: Option<String>,
    /// The provider's name.
    pub provider: String,
    /// The provider's id.
    pub provider_id: String,
    /// The provider's home page.
    pub provider_url: String,
    /// Who may use it.
    pub eligibility: Option<String>,
    /// Languages support is given in.
    pub languages: Vec<String>,
    /// Covered.
    pub included: Vec<String>,
    /// Not covered.
    pub excluded: Vec<String>,
    /// Contact channels.
    pub channels: Vec<ChannelCtx>,
    /// Calendars the channels and targets use.
    pub calendars: Vec<CalendarCtx>,
    /// One row per severity.
    pub targets: Vec<TargetCtx>,
    /// Price.
    pub price: PriceCtx,
    /// Escalation matrix.
    pub levels: Vec<LevelCtx>,
    /// Automatic escalation per severity.
    pub time_based: Vec<TimeBasedCtx>,
    /// Where cases go after this provider: its indirect provider's offering, then the vendor's.
    pub chain: Vec<Link>,
    /// Where the vendor's terms were read (upstream only).
    pub source_url: Option<String>,
    /// When they were checked.
    pub verified: Option<String>,
}

/// A contact channel.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelCtx {
    /// Id.
    pub id: String,
    /// `phone`, `email`, `portal`, `chat`.
    pub kind: crate::data::model::ChannelType,
    /// Label.
    pub label: String,
    /// The number (E.164), address or URL, for machines (JSON-LD).
    pub value: String,
    /// The same for readers: a phone number grouped (`+1 425 555 0199`).
    pub shown: String,
    /// `tel:`, `mailto:` or the URL.
    pub href: String,
    /// The staffed calendar's id.
    pub calendar: String,
    /// The staffed calendar's name.
    pub hours: String,
    /// Requests accepted around the clock even when not staffed.
    pub accepts_always: bool,
    /// Severity codes accepted.
    pub severities: Vec<String>,
    /// Languages.
    pub languages: Vec<String>,
}

/// A calendar.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarCtx {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// IANA zone (`None` for always-open calendars).
    pub zone: Option<String>,
    /// Open around the clock.
    pub always: bool,
    /// Weekly openings.
    pub rows: Vec<HoursRow>,
    /// Holidays and dated exceptions, by date.
    pub days_off: Vec<DayOff>,
    /// The calendar as JSON for the "open now" script.
    pub json: String,
}

/// One weekly opening.
#[derive(Debug, Clone, Serialize)]
pub struct HoursRow {
    /// Day keys (`mon`…), for UI strings `day_mon`….
    pub days: Vec<&'static str>,
    /// `HH:MM`.
    pub open: String,
    /// `HH:MM`.
    pub close: String,
}

/// A holiday or exception.
#[derive(Debug, Clone, Serialize)]
pub struct DayOff {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Last day, when a range.
    pub until: Option<String>,
    /// Name or note.
    pub name: String,
    /// `closed`, `limited`, `emergencies_only`.
    pub coverage: crate::data::model::Coverage,
    /// Opening hours that day, when open.
    pub hours: Option<String>,
}

/// One severity's targets.
#[derive(Debug, Clone, Serialize)]
pub struct TargetCtx {
    /// Code (`A`).
    pub code: String,
    /// Label.
    pub label: String,
    /// Definition.
    pub definition: String,
    /// What the customer commits to.
    pub commitment: Option<String>,
    /// First response.
    pub response: PromiseCtx,
    /// Update interval.
    pub update: Option<PromiseCtx>,
    /// Labels of channels that must be used.
    pub must_use: Vec<String>,
}

/// A time promise.
#[derive(Debug, Clone, Serialize)]
pub struct PromiseCtx {
    /// `within`, `best_effort`, `not_available`, `unpublished`.
    pub kind: &'static str,
    /// Amount (for `within`).
    pub amount: Option<crate::data::time::Amount>,
    /// Counted around the clock.
    pub always: bool,
    /// The clock calendar's name.
    pub clock: Option<String>,
    /// Where an unpublished figure was looked for.
    pub source: Option<String>,
}

/// One row of the plan comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Severity code.
    pub code: String,
    /// Severity label.
    pub label: String,
    /// Per plan, in `plans` order (`None` when the plan has no such severity).
    pub promises: Vec<Option<PromiseCtx>>,
}

/// Price.
#[derive(Debug, Clone, Serialize)]
pub struct PriceCtx {
    /// Pricing model key (`included`, `per_user_month`…), for UI strings `price_<model>`.
    pub model: &'static str,
    /// Amount as written.
    pub amount: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Minimum quantity.
    pub minimum: Option<u32>,
    /// Whether tax is included.
    pub tax_included: bool,
    /// Free text.
    pub note: Option<String>,
}

/// One escalation level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCtx {
    /// 1..n.
    pub level: u32,
    /// Role.
    pub role: String,
    /// Contact methods as links.
    pub contacts: Vec<Link>,
}

/// Automatic escalation of one severity.
#[derive(Debug, Clone, Serialize)]
pub struct TimeBasedCtx {
    /// Severity code.
    pub code: String,
    /// `(level, after)` steps.
    pub steps: Vec<(u32, PromiseCtx)>,
}

super::context::pages!(SupportCtx, OfferingCtx);
