//! The support data as written in `content/data/**.yaml`: one type per file kind, unknown keys
//! rejected. Values that need checking beyond their YAML type (ids, times, durations, phone
//! numbers…) stay strings here and are checked by the validation modules, so that each problem
//! is reported with its own code and position instead of as a generic parse error.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::schema::JsonSchema;

pub use crate::config::LocalizedText as Text;

/// A provider's place in the Microsoft CSP chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Bills its customers directly and holds its own vendor support.
    DirectBill,
    /// A distributor that supports its resellers.
    IndirectProvider,
    /// Sells through an indirect provider, which escalates to the vendor for it.
    IndirectReseller,
    /// The software vendor (Microsoft).
    Vendor,
}

/// `providers/<id>.yaml`: an organization that gives support.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Slug id.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Home page (https).
    pub url: String,
    /// Place in the CSP chain.
    pub relationship: Relationship,
    /// For an indirect reseller: the provider it buys through.
    #[serde(default)]
    pub indirect_provider: Option<String>,
    /// ISO 3166-1 alpha-2 codes.
    #[serde(default)]
    pub area_served: Vec<String>,
}

/// Weekday codes.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// How much support a holiday or exception day gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Closed all day.
    Closed,
    /// Open with fewer staff.
    Limited,
    /// Only emergencies (the highest severity) are handled.
    EmergenciesOnly,
}

/// `calendars/<id>.yaml`: when something is open.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Slug id.
    pub id: String,
    /// Display name, e.g. "UK business hours".
    #[serde(default)]
    pub name: Option<Text>,
    /// IANA time zone.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Open around the clock, every day.
    #[serde(default)]
    pub always: bool,
    /// Weekly open hours.
    #[serde(default)]
    pub weekly: Vec<Weekly>,
    /// Named holidays.
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Dated overrides (half days, shutdowns).
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

/// One weekly opening.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Weekly {
    /// `mon`…`sun`.
    pub days: Vec<String>,
    /// `HH:MM`.
    pub open: String,
    /// `HH:MM`, `24:00` allowed.
    pub close: String,
    /// Whether `close` is on the next day.
    #[serde(default)]
    pub overnight: bool,
}

/// A holiday.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The holiday's name.
    pub name: Text,
    /// Coverage on that day.
    pub coverage: Coverage,
}

/// A dated override of the weekly hours.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// First day.
    pub date: String,
    /// Last day (inclusive), default `date`.
    #[serde(default)]
    pub until: Option<String>,
    /// Opening time on those days; absent means closed all day.
    #[serde(default)]
    pub open: Option<String>,
    /// Closing time.
    #[serde(default)]
    pub close: Option<String>,
    /// Coverage on those days.
    pub coverage: Coverage,
    /// Why.
    #[serde(default)]
    pub note: Option<Text>,
}

/// `severities/<id>.yaml`: a severity scheme.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityScheme {
    /// Slug id.
    pub id: String,
    /// Levels, most severe first.
    pub levels: Vec<Level>,
}

/// One severity level.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Slug id (`a`).
    pub id: String,
    /// Short display code (`A`).
    pub code: String,
    /// 1 = most severe; unique and contiguous.
    pub rank: u32,
    /// Short label.
    pub label: Text,
    /// What the level means.
    pub definition: Text,
    /// What the customer must do at this level.
    #[serde(default)]
    pub customer_commitment: Option<Text>,
    /// The level used when the customer does not choose.
    #[serde(default)]
    pub default: bool,
    /// The same level in other systems (`partner-center: critical`).
    #[serde(default)]
    pub crosswalk: BTreeMap<String, String>,
}

/// `offerings/<id>.yaml` as written; every field is optional so that `extends` can fill it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    /// Slug id; the page is `/<locale>/support/<id>/`.
    pub id: String,
    /// `partner` or `upstream`.
    pub kind: Option<Kind>,
    /// The offering this one inherits from (top-level keys replace the parent's whole).
    pub extends: Option<String>,
    /// Provider id.
    pub provider: Option<String>,
    /// Lifecycle.
    pub status: Option<Status>,
    /// Dates of validity.
    pub effective: Option<Effective>,
    /// Provenance of a vendor's terms.
    pub source: Option<Source>,
    /// When the partner last reviewed these terms (`YYYY-MM-DD`).
    pub last_reviewed: Option<String>,
    /// Position among the provider's plans (lower first); plans without one come last.
    pub weight: Option<i64>,
    /// Display name.
    pub name: Option<Text>,
    /// One-line summary.
    pub summary: Option<Text>,
    /// Who may use it, in words.
    pub eligibility: Option<Text>,
    /// Languages support is given in (BCP 47).
    pub languages: Option<Vec<String>>,
    /// Severity scheme.
    pub severities: Option<SchemeRef>,
    /// Contact channels.
    pub channels: Option<Vec<Channel>>,
    /// Response targets, one per severity.
    pub targets: Option<Vec<Target>>,
    /// What is and is not covered.
    pub scope: Option<Scope>,
    /// Price.
    pub pricing: Option<Pricing>,
    /// Escalation matrix and routes.
    pub escalation: Option<Escalation>,
}

/// An offering's `severities:`: the id of a scheme in `severities/<id>.yaml`, or a scheme written
/// inline (`{levels: [...]}`), which the research format allows and validation refuses with a
/// message saying where it goes instead.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SchemeRef {
    /// A scheme id.
    Id(String),
    /// An inline scheme, kept only to be reported.
    Inline(serde_json::Value),
}

impl Offering {
    /// The id of the offering's severity scheme, when it names one.
    pub fn scheme_id(&self) -> Option<&str> {
        match self.severities.as_ref()? {
            SchemeRef::Id(id) => Some(id),
            SchemeRef::Inline(_) => None,
        }
    }
}

/// Offering kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The site's partner plan.
    Partner,
    /// A vendor plan the partner escalates to.
    Upstream,
}

/// Offering lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not published.
    Draft,
    /// Published.
    Active,
    /// No longer offered; not published.
    Retired,
}

/// Validity dates.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Effective {
    /// First day.
    pub from: String,
    /// Last day.
    #[serde(default)]
    pub until: Option<String>,
}

/// Where third-party terms were read.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// https URL.
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub verified: Option<String>,
}

/// Channel types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelType {
    /// Telephone (`number`).
    Phone,
    /// Email (`address`).
    Email,
    /// Support portal (`url`).
    Portal,
    /// Chat (`url`).
    Chat,
}

/// A way to contact the provider.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Slug id, unique in the offering.
    pub id: String,
    /// Kind of channel.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// Display name.
    pub label: Text,
    /// E.164 phone number.
    #[serde(default)]
    pub number: Option<String>,
    /// Email address.
    #[serde(default)]
    pub address: Option<String>,
    /// https URL.
    #[serde(default)]
    pub url: Option<String>,
    /// When it is staffed.
    pub calendar: String,
    /// When requests are accepted, when longer than `calendar`.
    #[serde(default)]
    pub accepts_until: Option<String>,
    /// Severity ids that may be raised here.
    pub severities: Vec<String>,
    /// Languages (BCP 47).
    #[serde(default)]
    pub languages: Vec<String>,
}

/// A time promise.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clocked {
    /// ISO 8601 duration on `clock`.
    #[serde(default)]
    pub within: Option<String>,
    /// Calendar id whose open hours the duration counts.
    #[serde(default)]
    pub clock: Option<String>,
    /// No time promised.
    #[serde(default)]
    pub best_effort: bool,
    /// Not offered at this severity.
    #[serde(default)]
    pub not_available: bool,
    /// The vendor publishes no figure; `source` says where we looked.
    #[serde(default)]
    pub unpublished: bool,
    /// Where an unpublished figure was looked for.
    #[serde(default)]
    pub source: Option<String>,
}

/// Targets of one severity.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Severity id.
    pub severity: String,
    /// Time to the first response.
    pub initial_response: Clocked,
    /// Time between updates.
    #[serde(default)]
    pub update_interval: Option<Clocked>,
    /// Time to resolution; never shorter than the first response.
    #[serde(default)]
    pub resolution: Option<Clocked>,
    /// Channels that must be used at this severity.
    #[serde(default)]
    pub must_use_channels: Vec<String>,
}

/// One scope line.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeItem {
    /// Slug id.
    pub id: String,
    /// Text.
    pub text: Text,
}

/// What is covered.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Covered.
    #[serde(default)]
    pub included: Vec<ScopeItem>,
    /// Not covered.
    #[serde(default)]
    pub excluded: Vec<ScopeItem>,
}

/// Pricing models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceModel {
    /// Included in the subscription.
    Included,
    /// Per user per month.
    PerUserMonth,
    /// Per device per month.
    PerDeviceMonth,
    /// Per incident.
    PerIncident,
    /// Per hour.
    Hourly,
    /// On request.
    Quote,
}

/// An amount of money.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Decimal amount as written (`3.50`).
    pub amount: serde_json::Number,
    /// ISO 4217 code.
    pub currency: String,
}

/// Price of an offering.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// Model.
    pub model: PriceModel,
    /// Price per unit.
    #[serde(default)]
    pub price: Option<Money>,
    /// Minimum quantity.
    #[serde(default)]
    pub minimum: Option<u32>,
    /// Billing increment for hourly pricing (ISO 8601 duration).
    #[serde(default)]
    pub increment: Option<String>,
    /// Whether the price includes tax.
    #[serde(default)]
    pub tax_included: bool,
    /// Free text.
    #[serde(default)]
    pub note: Option<Text>,
}

/// One level of the escalation matrix.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    /// 1..n.
    pub level: u32,
    /// Who.
    pub role: Text,
    /// A channel of this offering.
    #[serde(default)]
    pub channel: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// E.164 phone number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// Automatic escalation of one severity.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeBased {
    /// Severity id.
    pub severity: String,
    /// Steps, in order.
    pub steps: Vec<Step>,
}

/// One automatic escalation step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The level reached.
    pub level: u32,
    /// When.
    pub after: Clocked,
}

/// Escalation.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Customer-visible matrix.
    #[serde(default)]
    pub levels: Vec<EscalationLevel>,
    /// Automatic steps per severity.
    #[serde(default)]
    pub time_based: Vec<TimeBased>,
    /// For an indirect reseller: its indirect provider's offering, the first stop.
    #[serde(default)]
    pub partner: Option<String>,
    /// Vendor offerings the provider escalates to.
    #[serde(default)]
    pub upstream: Vec<String>,
}
