//! What decision trees may ask of the support data: which offerings are published, whose they
//! are, and which severities and channels each defines. Trees check every reference against
//! this before a single page is built.

use super::Data;
use super::model::Kind;
use crate::trees::Catalog;

impl Catalog for Data {
    fn has_offering(&self, offering: &str) -> bool {
        self.published.contains(offering)
    }

    fn is_partner_offering(&self, offering: &str) -> bool {
        self.offerings
            .get(offering)
            .is_some_and(|o| o.value.kind == Some(Kind::Partner))
    }

    fn has_severity(&self, offering: &str, severity: &str) -> bool {
        self.offerings
            .get(offering)
            .and_then(|o| o.value.scheme_id())
            .and_then(|scheme| self.severities.get(scheme))
            .is_some_and(|s| s.value.levels.iter().any(|l| l.id == severity))
    }

    fn has_channel(&self, offering: &str, channel: &str) -> bool {
        self.offerings
            .get(offering)
            .and_then(|o| o.value.channels.as_ref())
            .is_some_and(|c| c.iter().any(|c| c.id == channel))
    }
}
