//! The generated cases: an enterprise, one domain layered over it through
//! `floe:std/mesh`, and one product of that domain. Every change a case
//! makes is written on a line of its own and carries what it is: harmless,
//! or a breach with the codes Floe must report at that line and whether
//! floe-core checks the same rule.

use serde_json::{json, Value};

use crate::common::rng::Rng;
use model::{compact, set};
use products::{destination, source};

#[path = "model.rs"]
mod model;
#[path = "products.rs"]
mod products;

/// floe-core's built-in plugin registry, for the categories cases change.
const REGISTRY: &[(&str, &[&str])] = &[
    (
        "compute",
        &["duckdb", "snowflake", "spark", "bigquery", "databricks"],
    ),
    ("orchestrator", &["dagster", "airflow"]),
    ("catalog", &["polaris", "glue", "hive"]),
    ("dbt", &["core", "fusion"]),
];

/// The ordered enums of governance: weakest first.
const ORDERED: &[(&str, &[&str])] = &[
    ("pii_encryption", &["optional", "required"]),
    ("audit_logging", &["disabled", "enabled"]),
    ("policy_enforcement_level", &["off", "warn", "strict"]),
    ("naming.enforcement", &["off", "warn", "strict"]),
];

const GATE_FLAGS: &[&str] = &[
    "require_descriptions",
    "require_column_descriptions",
    "block_on_failure",
];

pub(crate) const SINKS: &[&str] = &["postgres", "salesforce", "hubspot", "snowflake"];

/// What a change is, for Floe and for floe-core.
#[derive(Clone, Debug)]
pub struct Breach {
    /// The codes Floe may report for it, at the change's line.
    pub codes: &'static [&'static str],
    /// The rule it breaks, for failure messages.
    pub why: String,
    /// Whether floe-core checks the same rule (and so must reject too).
    pub core: bool,
    /// Breaches of one group may hide each other; every group must be
    /// reported.
    pub group: String,
    /// Where Floe reports it when not at its own line: a plugin the domain
    /// inherits and its own allow-list refuses is reported where the
    /// enterprise chose it.
    pub elsewhere: Option<(&'static str, usize)>,
}

/// One line of the domain file.
#[derive(Clone, Debug)]
pub struct Change {
    /// The path, dotted.
    pub path: Vec<String>,
    /// The value as Floe source.
    pub floe: String,
    /// The value as written to the domain's manifest.yaml (`None`: the
    /// domain's file leaves the field out).
    pub yaml: Option<Value>,
    pub breach: Option<Breach>,
    /// The allow-list an `approved_plugins` change narrows to.
    pub allowed: Option<Vec<&'static str>>,
}

/// An ingestion source or a destination: one line of the product.
#[derive(Clone, Debug)]
pub struct Entry {
    pub floe: String,
    pub yaml: Value,
    pub breach: Option<Breach>,
}

#[derive(Clone, Debug, Default)]
pub struct Enterprise {
    pub pii: Option<&'static str>,
    pub audit: Option<&'static str>,
    pub level: Option<&'static str>,
    pub naming: &'static str,
    pub retention: Option<i64>,
    pub coverage: i64,
    pub flags: Vec<bool>,
    /// Per category: the allow-list, when there is one.
    pub approved: Vec<(&'static str, Option<Vec<&'static str>>)>,
    /// Per category: the enterprise's own choice.
    pub plugins: Vec<(&'static str, &'static str)>,
    pub sinks: Option<Vec<&'static str>>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub id: usize,
    pub enterprise: Enterprise,
    pub changes: Vec<Change>,
    pub sources: Vec<Entry>,
    pub destinations: Vec<Entry>,
}

/// The first line of the domain file's manifest changes; the domain file
/// is laid out by [`Case::domain_file`].
const FIRST_CHANGE_LINE: usize = 5;

impl Enterprise {
    fn generate(rng: &mut Rng) -> Self {
        let maybe = |rng: &mut Rng, values: &[&'static str]| {
            if rng.chance(25) {
                None
            } else {
                Some(rng.pick(values))
            }
        };
        let pii = maybe(rng, ORDERED[0].1);
        let audit = maybe(rng, ORDERED[1].1);
        let level = maybe(rng, ORDERED[2].1);
        let naming = rng.pick(ORDERED[3].1);
        let retention = if rng.chance(25) {
            None
        } else {
            Some(rng.range(30, 400))
        };
        let mut approved = Vec::new();
        let mut plugins = Vec::new();
        for (category, names) in REGISTRY {
            let list = if rng.chance(30) {
                None
            } else {
                Some(rng.subset(names))
            };
            let choice = match &list {
                Some(list) => rng.pick(list),
                None => rng.pick(names),
            };
            plugins.push((*category, choice));
            approved.push((*category, list));
        }
        let sinks = if rng.chance(30) {
            None
        } else {
            Some(rng.subset(SINKS))
        };
        Enterprise {
            pii,
            audit,
            level,
            naming,
            retention,
            coverage: rng.range(0, 90),
            flags: GATE_FLAGS.iter().map(|_| rng.chance(50)).collect(),
            approved,
            plugins,
            sinks,
        }
    }

    /// The parent's value of an ordered governance field.
    fn ordered(&self, field: &str) -> Option<&'static str> {
        match field {
            "pii_encryption" => self.pii,
            "audit_logging" => self.audit,
            "policy_enforcement_level" => self.level,
            _ => Some(self.naming),
        }
    }

    fn allow_list(&self, category: &str) -> Option<&Vec<&'static str>> {
        self.approved
            .iter()
            .find(|(c, _)| *c == category)
            .and_then(|(_, list)| list.as_ref())
    }

    /// The line of the enterprise file that chooses its plugins.
    fn plugins_line(&self) -> usize {
        if self.sinks.is_some() {
            7
        } else {
            6
        }
    }

    /// The enterprise file.
    pub fn file(&self) -> String {
        let mut governance = Vec::new();
        for (name, value) in [
            ("pii_encryption", self.pii),
            ("audit_logging", self.audit),
            ("policy_enforcement_level", self.level),
        ] {
            if let Some(value) = value {
                governance.push(format!("{name} = \"{value}\""));
            }
        }
        if let Some(days) = self.retention {
            governance.push(format!("data_retention_days = {days}"));
        }
        governance.push(format!("naming.enforcement = \"{}\"", self.naming));
        let flags: Vec<String> = GATE_FLAGS
            .iter()
            .zip(&self.flags)
            .map(|(f, on)| format!("{f} = {on}"))
            .collect();
        governance.push(format!(
            "quality_gates = {{ minimum_test_coverage = {}, {} }}",
            self.coverage,
            flags.join(", ")
        ));
        let approved: Vec<String> = self
            .approved
            .iter()
            .filter_map(|(c, list)| list.as_ref().map(|l| format!("{c} = {}", floe_list(l))))
            .collect();
        let plugins: Vec<String> = self
            .plugins
            .iter()
            .map(|(c, t)| format!("{c}.type = \"{t}\""))
            .collect();
        let sinks = match &self.sinks {
            Some(s) => format!("  approved_sinks = {},\n", floe_list(s)),
            None => String::new(),
        };
        format!(
            "let m = import \"floe:std/manifest\" in\n{{\n  \
             metadata = {{ name = \"gen-enterprise\", version = \"1.0.0\", owner = \"platform@gen.example\" }},\n  \
             scope = \"enterprise\",\n  \
             approved_plugins = {{ {} }},\n{sinks}  \
             plugins = {{ {}, telemetry_backend.type = \"console\", lineage_backend.type = \"marquez\" }},\n  \
             governance = {{ {} }},\n  \
             artifacts.registry = {{ uri = \"oci://registry.gen.example/floe\", auth.type = \"aws-irsa\" }},\n\
             }} : m.Manifest\n",
            approved.join(", "),
            plugins.join(", "),
            governance.join(", "),
        )
    }
}

fn breach(codes: &'static [&'static str], why: String, core: bool, group: &str) -> Option<Breach> {
    Some(Breach {
        codes,
        why,
        core,
        group: group.to_string(),
        elsewhere: None,
    })
}

fn rank(values: &[&str], value: &str) -> usize {
    values.iter().position(|v| *v == value).unwrap_or(0)
}

/// A misspelling of `name`: a letter dropped, doubled or two swapped.
fn misspell(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let at = 1 + rng.below(chars.len() - 2);
    let mut out = chars.clone();
    match rng.below(3) {
        0 => {
            out.remove(at);
        }
        1 => out.insert(at, chars[at]),
        _ => out.swap(at, at + 1),
    }
    let spelt: String = out.into_iter().collect();
    if spelt == name {
        format!("{name}x")
    } else {
        spelt
    }
}

fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_string).collect()
}

fn change(dotted: &str, floe: String, yaml: Option<Value>, breach: Option<Breach>) -> Change {
    Change {
        path: path(dotted),
        floe,
        yaml,
        breach,
        allowed: None,
    }
}

/// A list of texts as Floe source.
fn floe_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|x| format!("\"{x}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// One change to the domain's manifest.
fn generate_change(rng: &mut Rng, e: &Enterprise) -> Change {
    match rng.below(7) {
        0 => ordered_change(rng, e),
        1 | 2 => number_change(rng, e),
        3 => flag_change(rng, e),
        4 => typo_change(rng),
        5 => plugin_change(rng, e),
        _ => allow_list_change(rng, e),
    }
}

fn ordered_change(rng: &mut Rng, e: &Enterprise) -> Change {
    let (field, values) = rng.pick(ORDERED);
    let dotted = format!("governance.{field}");
    let parent = e.ordered(field);
    let optional = field != "naming.enforcement";
    match rng.below(6) {
        0 => {
            let bad = rng.pick(&["none", "strong", "Required"]);
            let why = format!("`{bad}` is not a tag of {field}");
            change(
                &dotted,
                format!("\"{bad}\""),
                Some(json!(bad)),
                breach(&["E0301"], why, true, &dotted),
            )
        }
        1 => {
            // Null: "not set" for an optional field, which is weaker than
            // any value the parent set; floe-core skips the comparison.
            let b = match (optional, parent) {
                (true, None) => None,
                (true, Some(p)) => breach(
                    &["E0402"],
                    format!("{field} unset over `{p}`"),
                    false,
                    &dotted,
                ),
                (false, _) => breach(
                    &["E0301"],
                    format!("{field} is not optional"),
                    false,
                    &dotted,
                ),
            };
            change(&dotted, "null".into(), Some(Value::Null), b)
        }
        _ => {
            let value = rng.pick(values);
            let b = match parent {
                Some(p) if rank(values, value) < rank(values, p) => breach(
                    &["E0402"],
                    format!("{field} weakened from `{p}` to `{value}`"),
                    true,
                    &dotted,
                ),
                _ => None,
            };
            change(&dotted, format!("\"{value}\""), Some(json!(value)), b)
        }
    }
}

fn number_change(rng: &mut Rng, e: &Enterprise) -> Change {
    let retention = rng.chance(50);
    let (dotted, parent, low, high, range_codes) = if retention {
        (
            "governance.data_retention_days",
            e.retention,
            1,
            i64::MAX,
            "at_least 1",
        )
    } else {
        (
            "governance.quality_gates.minimum_test_coverage",
            Some(e.coverage),
            0,
            100,
            "between 0 100",
        )
    };
    let value = if rng.chance(15) {
        if retention {
            rng.range(-5, 0)
        } else {
            rng.range(101, 150)
        }
    } else if retention {
        rng.range(1, 800)
    } else {
        rng.range(0, 100)
    };
    let weaker = parent.is_some_and(|p| value < p);
    let out_of_range = value < low || value > high;
    match rng.below(5) {
        0 => {
            // The number as text: a type error for Floe; floe-core reads
            // "30" as 30 and then compares.
            let why = format!("{dotted} written as text");
            let core = weaker || out_of_range;
            change(
                dotted,
                format!("\"{value}\""),
                Some(json!(value.to_string())),
                breach(&["E0301"], why, core, dotted),
            )
        }
        1 => {
            let whole = rng.chance(50);
            let written = if whole {
                format!("{value}.0")
            } else {
                format!("{value}.5")
            };
            let why = format!("{dotted} written as a float");
            let core = !whole || weaker || out_of_range;
            change(
                dotted,
                written.clone(),
                Some(json!(written.parse::<f64>().unwrap_or(0.0))),
                breach(&["E0301"], why, core, dotted),
            )
        }
        _ => {
            let b = if out_of_range {
                breach(
                    &["E0306"],
                    format!("{dotted} = {value} is not {range_codes}"),
                    true,
                    dotted,
                )
            } else if weaker {
                breach(
                    &["E0402"],
                    format!("{dotted} weakened to {value}"),
                    true,
                    dotted,
                )
            } else {
                None
            };
            change(dotted, value.to_string(), Some(json!(value)), b)
        }
    }
}

fn flag_change(rng: &mut Rng, e: &Enterprise) -> Change {
    let at = rng.below(GATE_FLAGS.len());
    let field = GATE_FLAGS[at];
    let dotted = format!("governance.quality_gates.{field}");
    let parent = e.flags[at];
    let value = rng.chance(50);
    if rng.chance(20) {
        // floe-core reads "yes"/"no" as booleans.
        let written = if value { "yes" } else { "no" };
        let core = parent && !value;
        let why = format!("{field} written as text");
        return change(
            &dotted,
            format!("\"{written}\""),
            Some(json!(written)),
            breach(&["E0301"], why, core, &dotted),
        );
    }
    let b = if parent && !value {
        breach(
            &["E0402"],
            format!("{field} weakened to false"),
            true,
            &dotted,
        )
    } else {
        None
    };
    change(&dotted, value.to_string(), Some(json!(value)), b)
}

/// A misspelt field at some depth of the manifest.
fn typo_change(rng: &mut Rng) -> Change {
    let (parent, name, value, known): (&str, &str, Value, &[&str]) = match rng.below(6) {
        0 => (
            "",
            "governance",
            json!({}),
            &["governance", "metadata", "plugins", "scope", "defaults"],
        ),
        1 => (
            "governance",
            "data_retention_days",
            json!(400),
            &["data_retention_days"],
        ),
        2 => (
            "governance.quality_gates",
            "minimum_test_coverage",
            json!(90),
            &["minimum_test_coverage"],
        ),
        3 => (
            "governance.naming",
            "enforcement",
            json!("strict"),
            &["enforcement"],
        ),
        4 => (
            "plugins",
            "compute",
            json!({ "type": "duckdb" }),
            &["compute", "catalog", "quality", "storage"],
        ),
        _ => (
            "plugins.compute",
            "type",
            json!("duckdb"),
            &["type", "config", "version"],
        ),
    };
    let mut spelt = misspell(rng, name);
    while known.contains(&spelt.as_str()) {
        spelt.push('x');
    }
    let dotted = if parent.is_empty() {
        spelt.clone()
    } else {
        format!("{parent}.{spelt}")
    };
    let floe = match &value {
        Value::Object(_) if name == "compute" => "{ type = \"duckdb\" }".to_string(),
        Value::Object(_) => "{}".to_string(),
        other => other.to_string(),
    };
    // floe-core forbids unknown fields in nested models and warns about
    // unknown root keys (a warning is an error here).
    let why = format!("`{spelt}` is not a field (did you mean `{name}`?)");
    // Misspellings in one record are reported in one diagnostic.
    let group = format!("fields of `{parent}`");
    change(
        &dotted,
        floe,
        Some(value),
        breach(&["E0303"], why, true, &group),
    )
}

fn plugin_change(rng: &mut Rng, e: &Enterprise) -> Change {
    let (category, names) = rng.pick(REGISTRY);
    let dotted = format!("plugins.{category}.type");
    if rng.chance(15) {
        // A name floe-core's registry does not know; floe-core itself
        // refuses it only through an allow-list.
        let base = rng.pick(names);
        let mut value = misspell(rng, base);
        while names.contains(&value.as_str()) {
            value.push('x');
        }
        let why = format!("`{value}` is not a {category} plugin floe-core knows");
        let core = e.allow_list(category).is_some();
        let group = format!("plugins.{category}");
        return change(
            &dotted,
            format!("\"{value}\""),
            Some(json!(value)),
            breach(&["E0306"], why, core, &group),
        );
    }
    // Whether it is approved is decided once every change is known
    // ([`approve_plugins`]), since the domain may narrow the list too.
    let value = rng.pick(names);
    change(&dotted, format!("\"{value}\""), Some(json!(value)), None)
}

fn allow_list_change(rng: &mut Rng, e: &Enterprise) -> Change {
    let (category, names) = rng.pick(REGISTRY);
    let list = rng.subset(names);
    let dotted = format!("approved_plugins.{category}");
    let floe = floe_list(&list);
    let b = match e.allow_list(category) {
        Some(parent) => match list.iter().find(|x| !parent.contains(x)) {
            Some(extra) => breach(
                &["E0403"],
                format!("the domain widens {category} with `{extra}`"),
                false,
                &format!("plugins.{category}"),
            ),
            None => None,
        },
        None => None,
    };
    // Allow-lists are the enterprise's: the domain's file leaves them out.
    Change {
        allowed: Some(list),
        ..change(&dotted, floe, None, b)
    }
}

/// Marks each plugin the domain ends up with that its allow-lists refuse:
/// the enterprise's (floe-core checks it) or the domain's own narrowing.
fn approve_plugins(e: &Enterprise, changes: &mut [Change]) {
    for (category, _) in REGISTRY {
        let chosen_at = changes
            .iter()
            .position(|c| c.path == path(&format!("plugins.{category}.type")));
        let narrowed = changes
            .iter()
            .find(|c| c.path == path(&format!("approved_plugins.{category}")))
            .and_then(|c| c.allowed.clone());
        let widened = changes
            .iter()
            .any(|c| c.path == path(&format!("approved_plugins.{category}")) && c.breach.is_some());
        let chosen = match chosen_at {
            Some(at) => changes[at]
                .yaml
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            None => e
                .plugins
                .iter()
                .find(|(c, _)| c == category)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default(),
        };
        let by_enterprise = e
            .allow_list(category)
            .is_some_and(|l| !l.iter().any(|x| *x == chosen));
        let by_domain = !widened
            && narrowed
                .as_ref()
                .is_some_and(|l| !l.contains(&chosen.as_str()));
        if !(by_enterprise || by_domain) {
            continue;
        }
        let why = format!("plugin `{chosen}` is not approved for {category}");
        let group = format!("plugins.{category}");
        // The refusal is the plugin's line when the domain chose it, else
        // the narrowed list's line.
        let at = chosen_at.or_else(|| {
            changes
                .iter()
                .position(|c| c.path == path(&format!("approved_plugins.{category}")))
        });
        if let Some(at) = at {
            if changes[at].breach.is_none() {
                changes[at].breach = breach(&["E0306"], why, by_enterprise, &group);
                if chosen_at.is_none() {
                    if let Some(b) = &mut changes[at].breach {
                        b.elsewhere = Some(("enterprise.floe", e.plugins_line()));
                    }
                }
            }
        }
    }
}

impl Case {
    pub fn generate(id: usize, rng: &mut Rng) -> Case {
        let enterprise = Enterprise::generate(rng);
        let mut changes: Vec<Change> = Vec::new();
        for _ in 0..rng.below(4) {
            let c = generate_change(rng, &enterprise);
            // One change per path, and no path inside another.
            let clash = changes.iter().any(|o| {
                let n = o.path.len().min(c.path.len());
                o.path[..n] == c.path[..n]
            });
            if !clash {
                changes.push(c);
            }
        }
        approve_plugins(&enterprise, &mut changes);
        let sources = (0..1 + rng.below(2)).map(|i| source(rng, i)).collect();
        let destinations = (0..rng.below(2))
            .map(|i| destination(rng, &enterprise, i))
            .collect();
        Case {
            id,
            enterprise,
            changes,
            sources,
            destinations,
        }
    }

    /// The domain file; with `plain`, without the changes and with one
    /// harmless source (the baseline the written files are modelled on).
    pub fn domain_file(&self, plain: bool) -> String {
        let mut out =
            String::from("{\n  name = \"gen\",\n  owner = \"gen@gen.example\",\n  manifest = {\n");
        if !plain {
            for c in &self.changes {
                out.push_str(&format!("    {} = {},\n", c.path.join("."), c.floe));
            }
        }
        out.push_str("  },\n  products = [{\n    name = \"p\",\n    transforms = [{ name = \"t\", tier = \"silver\" }],\n    ingestion.sources = [\n");
        if plain {
            out.push_str("      { name = \"base\", format = \"csv\", path = \"data/\", destination_table = \"raw.base\" },\n");
        } else {
            for s in &self.sources {
                out.push_str(&format!("      {},\n", s.floe));
            }
        }
        out.push_str("    ],\n");
        if !plain && !self.destinations.is_empty() {
            out.push_str("    destinations = [\n");
            for d in &self.destinations {
                out.push_str(&format!("      {},\n", d.floe));
            }
            out.push_str("    ],\n");
        }
        out.push_str("    outputs = [{ name = \"t\", columns = [{ name = \"id\", type = \"string\", required = true, primary_key = true, description = \"Id\" }] }],\n  }],\n}\n");
        out
    }

    /// Each breach with the file and line Floe must report it at.
    pub fn breaches(&self) -> Vec<(&'static str, usize, &Breach)> {
        self.lines()
            .into_iter()
            .map(|(line, b)| match b.elsewhere {
                Some((file, at)) => (file, at, b),
                None => ("domains/gen.floe", line, b),
            })
            .collect()
    }

    /// Each breach with the line of the domain file that makes it.
    fn lines(&self) -> Vec<(usize, &Breach)> {
        let mut out = Vec::new();
        for (i, c) in self.changes.iter().enumerate() {
            if let Some(b) = &c.breach {
                out.push((FIRST_CHANGE_LINE + i, b));
            }
        }
        // After the changes: `},`, `products = [{`, name, transforms,
        // `ingestion.sources = [`.
        let first_source = FIRST_CHANGE_LINE + self.changes.len() + 5;
        for (i, s) in self.sources.iter().enumerate() {
            if let Some(b) = &s.breach {
                out.push((first_source + i, b));
            }
        }
        let first_destination = first_source + self.sources.len() + 2;
        for (i, d) in self.destinations.iter().enumerate() {
            if let Some(b) = &d.breach {
                out.push((first_destination + i, b));
            }
        }
        out
    }

    /// The domain's manifest.yaml Floe would write: the baseline's with
    /// every change laid over it, nulls left out.
    pub fn domain_manifest(&self, baseline: &Value) -> Value {
        let mut out = baseline.clone();
        for c in &self.changes {
            if let Some(value) = &c.yaml {
                set(&mut out, &c.path, value.clone());
            }
        }
        compact(out)
    }

    /// The product's floe.yaml Floe would write.
    pub fn product_spec(&self, baseline: &Value) -> Value {
        let mut out = baseline.clone();
        let sources: Vec<Value> = self.sources.iter().map(|s| s.yaml.clone()).collect();
        set(&mut out, &path("ingestion.sources"), Value::Array(sources));
        if !self.destinations.is_empty() {
            let destinations: Vec<Value> =
                self.destinations.iter().map(|d| d.yaml.clone()).collect();
            set(&mut out, &path("destinations"), Value::Array(destinations));
        }
        out
    }
}
