//! Helpers of tests/schema.rs: the schemas as the binary prints them, compiled with a JSON
//! Schema validator; YAML read the way the loader reads it; and the research report's worked
//! example split into files, with the fields our format does not accept taken out.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A file format with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Config,
    Provider,
    Calendar,
    Severities,
    Offering,
    Tree,
}

impl Kind {
    pub(crate) const ALL: [Kind; 6] = [
        Kind::Config,
        Kind::Provider,
        Kind::Calendar,
        Kind::Severities,
        Kind::Offering,
        Kind::Tree,
    ];

    /// The name `kilavuz schema` knows it by.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Config => "kilavuz",
            Kind::Provider => "provider",
            Kind::Calendar => "calendar",
            Kind::Severities => "severities",
            Kind::Offering => "offering",
            Kind::Tree => "tree",
        }
    }

    /// The files of a site it applies to.
    pub(crate) fn glob(self) -> String {
        match self {
            Kind::Config => "kilavuz.yaml".to_string(),
            Kind::Severities => "content/data/severities/*.yaml".to_string(),
            other => format!("content/data/{}s/*.yaml", other.name()),
        }
    }

    /// The kind of a `content/data/<folder>/` (the research report says `severity-schemes`).
    pub(crate) fn from_folder(folder: &str) -> Option<Kind> {
        Some(match folder {
            "providers" => Kind::Provider,
            "calendars" => Kind::Calendar,
            "severities" | "severity-schemes" => Kind::Severities,
            "offerings" => Kind::Offering,
            "trees" => Kind::Tree,
            _ => return None,
        })
    }

    /// The kind of a file by its path relative to a site root.
    pub(crate) fn of(rel: &str) -> Kind {
        if rel == "kilavuz.yaml" {
            return Kind::Config;
        }
        let folder = Path::new(rel).parent().unwrap().file_name().unwrap();
        Kind::from_folder(folder.to_str().unwrap()).unwrap()
    }
}

/// The schemas, printed by `kilavuz schema NAME` and compiled.
pub(crate) struct Schemas(Vec<(Kind, Value, jsonschema::Validator)>);

impl Schemas {
    pub(crate) fn generate() -> Self {
        let compiled = Kind::ALL.map(|kind| {
            let out = Command::new(env!("CARGO_BIN_EXE_kilavuz"))
                .args(["schema", kind.name()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{kind:?}: {out:?}");
            let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
            let validator = jsonschema::draft202012::new(&schema)
                .unwrap_or_else(|e| panic!("{kind:?} does not compile: {e}"));
            (kind, schema, validator)
        });
        Self(compiled.into())
    }

    fn get(&self, kind: Kind) -> &(Kind, Value, jsonschema::Validator) {
        self.0.iter().find(|(k, _, _)| *k == kind).unwrap()
    }

    pub(crate) fn json(&self, kind: Kind) -> &Value {
        &self.get(kind).1
    }

    /// What the schema says is wrong with `doc` (nothing when valid).
    pub(crate) fn errors(&self, kind: Kind, doc: &Value) -> Vec<String> {
        self.get(kind)
            .2
            .iter_errors(doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    pub(crate) fn assert_valid(&self, kind: Kind, file: &Path) {
        let errors = self.errors(kind, &read_yaml(file));
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }

    pub(crate) fn assert_invalid(&self, kind: Kind, file: &Path) {
        let errors = self.errors(kind, &read_yaml(file));
        assert!(!errors.is_empty(), "{} passed the schema", file.display());
    }
}

/// YAML text as JSON, read by kilavuz's own YAML module (so dates stay strings, as the loader
/// sees them).
pub(crate) fn yaml_to_json(text: &str) -> Value {
    kilavuz::yaml::from_str::<Value>(text).unwrap_or_else(|e| panic!("{}", e.message))
}

fn read_yaml(file: &Path) -> Value {
    yaml_to_json(&std::fs::read_to_string(file).unwrap())
}

/// Copies a fixture site (all but `expected` files) into `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expected" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The YAML documents of the worked example (§6 of the research report, copied verbatim into
/// `dir/research-worked-example.md`): each is named by its opening comment
/// (`# offerings/ms-psfp.yaml`).
pub(crate) fn research_documents(dir: &Path) -> Vec<(String, Kind, Value)> {
    let text = std::fs::read_to_string(dir.join("research-worked-example.md")).unwrap();
    let mut documents = Vec::new();
    for block in text.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        for doc in block.split("\n---\n") {
            let first = doc.lines().next().unwrap();
            let name = first
                .trim_start_matches("# ")
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            let folder = name.split('/').next().unwrap();
            let kind = Kind::from_folder(folder).unwrap_or_else(|| panic!("{first}"));
            documents.push((name, kind, yaml_to_json(doc)));
        }
    }
    documents
}

/// Rewrites a research document into our format; returns what it removed or changed. README
/// lists the same fields as not supported.
pub(crate) fn adapt_research(kind: Kind, doc: &mut Value) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut drop = |doc: &mut Value, key: &'static str| {
        if doc.as_object_mut().unwrap().remove(key).is_some() {
            changed.push(key);
        }
    };
    if kind != Kind::Tree {
        drop(doc, "schema");
    }
    match kind {
        Kind::Provider => {
            drop(doc, "site_languages");
            let relationship = if doc["id"] == "microsoft" {
                "vendor"
            } else {
                "direct_bill"
            };
            doc["relationship"] = relationship.into();
            changed.push("relationship (required)");
        }
        Kind::Calendar => {
            drop(doc, "holidays");
            let exceptions = doc.get_mut("exceptions").and_then(Value::as_array_mut);
            for exception in exceptions.into_iter().flatten() {
                exception["coverage"] = "limited".into();
                changed.push("exceptions.coverage (required)");
            }
        }
        Kind::Offering => {
            for key in ["last_reviewed", "audience", "area_served", "calendars"] {
                drop(doc, key);
            }
            for key in ["sla_terms", "customer_obligations"] {
                drop(doc, key);
            }
            adapt_offering(doc, &mut changed);
        }
        Kind::Tree => {
            drop(doc, "languages");
            for node in doc["nodes"].as_object_mut().unwrap().values_mut() {
                if node
                    .as_object_mut()
                    .unwrap()
                    .remove("audience_notes")
                    .is_some()
                {
                    changed.push("nodes.*.audience_notes");
                }
            }
        }
        Kind::Config | Kind::Severities => {}
    }
    changed
}

fn adapt_offering(doc: &mut Value, changed: &mut Vec<&'static str>) {
    if let Some(eligibility) = doc
        .get("eligibility")
        .filter(|e| e.get("products").is_some())
    {
        let versions = eligibility.get("versions").cloned();
        match versions {
            Some(text) => doc["eligibility"] = text,
            None => {
                doc.as_object_mut().unwrap().remove("eligibility");
            }
        }
        changed.push("eligibility.products");
    }
    if let Some(pricing) = doc.get_mut("pricing").and_then(Value::as_object_mut) {
        for key in ["unit", "billing_period"] {
            if pricing.remove(key).is_some() {
                changed.push("pricing.unit/billing_period");
            }
        }
        if let Some(quantity) = pricing
            .get("minimum")
            .and_then(|m| m.get("quantity"))
            .cloned()
        {
            pricing.insert("minimum".into(), quantity);
            changed.push("pricing.minimum.quantity");
        }
    }
    let levels = doc
        .pointer_mut("/escalation/levels")
        .and_then(Value::as_array_mut);
    for level in levels.into_iter().flatten() {
        let level = level.as_object_mut().unwrap();
        if let Some(Value::Object(contact)) = level.remove("contact") {
            for key in ["email", "phone"] {
                if let Some(value) = contact.get(key) {
                    level.insert(key.into(), value.clone());
                }
            }
            changed.push("escalation.levels.contact");
        }
    }
}
