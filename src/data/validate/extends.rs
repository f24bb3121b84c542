//! `extends`: an offering inherits every top-level key it does not write from its parent.
//! Chains resolve to existing offerings and never loop; a merged offering remembers every file
//! of its chain so that diagnostics point at the file that wrote the field.

use std::collections::BTreeMap;

use crate::data::Item;
use crate::data::model::Offering;
use crate::diagnostics::Diagnostic;

/// Merges every offering with its `extends` chain; offerings whose chain is broken are kept
/// unmerged (after reporting why).
pub(crate) fn merge(
    raw: BTreeMap<String, Item<Offering>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Item<Offering>> {
    raw.iter()
        .map(|(id, item)| {
            let mut merged = item.clone();
            let mut seen = vec![id.clone()];
            let mut parent_id = item.value.extends.clone();
            while let Some(pid) = parent_id {
                let Some(parent) = raw.get(&pid) else {
                    diagnostics.push(item.error(
                        "data.unknown_reference",
                        "extends",
                        format!("offering `{pid}` does not exist"),
                    ));
                    break;
                };
                if seen.contains(&pid) {
                    seen.push(pid);
                    diagnostics.push(
                        item.error(
                            "data.extends_cycle",
                            "extends",
                            format!("`extends` loops: {}", seen.join(" → ")),
                        )
                        .hint("an offering cannot inherit from itself, even indirectly"),
                    );
                    break;
                }
                seen.push(pid);
                merged.value = inherit(merged.value, &parent.value);
                merged.origins.extend(parent.origins.iter().cloned());
                parent_id = parent.value.extends.clone();
            }
            (id.clone(), merged)
        })
        .collect()
}

fn inherit(child: Offering, parent: &Offering) -> Offering {
    let p = parent.clone();
    Offering {
        id: child.id,
        kind: child.kind.or(p.kind),
        extends: child.extends,
        provider: child.provider.or(p.provider),
        status: child.status.or(p.status),
        effective: child.effective.or(p.effective),
        source: child.source.or(p.source),
        last_reviewed: child.last_reviewed.or(p.last_reviewed),
        weight: child.weight,
        name: child.name.or(p.name),
        summary: child.summary.or(p.summary),
        eligibility: child.eligibility.or(p.eligibility),
        languages: child.languages.or(p.languages),
        severities: child.severities.or(p.severities),
        channels: child.channels.or(p.channels),
        targets: child.targets.or(p.targets),
        scope: child.scope.or(p.scope),
        pricing: child.pricing.or(p.pricing),
        escalation: child.escalation.or(p.escalation),
    }
}
