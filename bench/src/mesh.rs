//! The mesh workload, in Floe and, for `bench/compare.sh`, in Nix, Jsonnet
//! and Nickel. Each program computes exactly what the Floe one does: the
//! same enterprise defaults deep-merged under each domain's overrides, the
//! same interpolated names and mapped lists, so the JSON they print equals
//! Floe's (key order aside, which JSON leaves free).
//!
//! Each domain file builds its own manifest, products and Kubernetes
//! objects from the enterprise's constructors; `main` gathers them. That is
//! the layout that lets an edit to one domain re-evaluate only that domain.
//!
//! None of the three has Floe's `&` built in, so each enterprise file
//! defines the same recursive merge: records merge field by field, anything
//! else is replaced by the right side.

use std::fmt::Write as _;

/// The languages, by file extension: Floe, then its peers.
pub const EXTENSIONS: [&str; 4] = ["floe", "nix", "jsonnet", "ncl"];

/// `enterprise.<ext>`.
pub fn enterprise(ext: &str) -> String {
    let template = match ext {
        "floe" => FLOE_ENTERPRISE,
        "nix" => NIX_ENTERPRISE,
        "jsonnet" => JSONNET_ENTERPRISE,
        _ => NICKEL_ENTERPRISE,
    };
    fill(template, ext)
}

/// `template` with `@MERGE` and `@DEFAULTS` replaced by the `ext`
/// language's deep-merge function and the enterprise defaults, which every
/// workload shares.
pub fn fill(template: &str, ext: &str) -> String {
    let (merge, defaults) = match ext {
        "floe" => ("", FLOE_DEFAULTS),
        "nix" => (NIX_MERGE, NIX_DEFAULTS),
        "jsonnet" => (JSONNET_MERGE, JSONNET_DEFAULTS),
        // Nickel writes records as Floe does.
        _ => (NICKEL_MERGE, FLOE_DEFAULTS),
    };
    template
        .replace("@MERGE\n", merge)
        .replace("@DEFAULTS", defaults)
}

// Neither Nix, Jsonnet nor Nickel has Floe's `&`: each defines the same
// recursive merge, records field by field and anything else replaced.
const NIX_MERGE: &str = r#"  merge = a: b: a // builtins.mapAttrs (k: v:
    if builtins.isAttrs v && a ? ${k} && builtins.isAttrs a.${k} then merge a.${k} v else v) b;
"#;
const JSONNET_MERGE: &str = r#"local merge(a, b) = a + {
  [k]: if std.isObject(b[k]) && std.objectHas(a, k) && std.isObject(a[k]) then merge(a[k], b[k]) else b[k]
  for k in std.objectFields(b)
};
"#;
const NICKEL_MERGE: &str = r#"let rec merge = fun a b =>
  std.array.fold_left
    (fun acc k =>
      let v = b."%{k}" in
      std.record.update k
        (if std.is_record v && std.record.has_field k acc && std.is_record acc."%{k}" then merge acc."%{k}" v else v)
        acc)
    a
    (std.record.fields b)
in
"#;

const FLOE_DEFAULTS: &str = r#"{
    owner = "platform@acme.example",
    compute = "duckdb",
    governance = { pii_encryption = "required", data_retention_days = 365, policy_enforcement_level = "warn" },
    labels = { "app.kubernetes.io/part-of" = "floe", "app.kubernetes.io/managed-by" = "floe" },
    resources = { requests = { cpu = "250m", memory = "512Mi" }, limits = { cpu = "1", memory = "1Gi" } },
  }"#;
const NIX_DEFAULTS: &str = r#"{
    owner = "platform@acme.example";
    compute = "duckdb";
    governance = { pii_encryption = "required"; data_retention_days = 365; policy_enforcement_level = "warn"; };
    labels = { "app.kubernetes.io/part-of" = "floe"; "app.kubernetes.io/managed-by" = "floe"; };
    resources = { requests = { cpu = "250m"; memory = "512Mi"; }; limits = { cpu = "1"; memory = "1Gi"; }; };
  }"#;
const JSONNET_DEFAULTS: &str = r#"{
  owner: 'platform@acme.example',
  compute: 'duckdb',
  governance: { pii_encryption: 'required', data_retention_days: 365, policy_enforcement_level: 'warn' },
  labels: { 'app.kubernetes.io/part-of': 'floe', 'app.kubernetes.io/managed-by': 'floe' },
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
}"#;

const FLOE_ENTERPRISE: &str = r#"# The enterprise layer: defaults and constructors every domain uses.
let
  defaults = @DEFAULTS,
  namespace_of = \domain -> "floe-${domain}-domain",
in {
  name = "acme",
  defaults,
  namespace_of,
  manifest = \domain overrides -> defaults & overrides & {
    apiVersion = "floe.dev/v1",
    kind = "Manifest",
    metadata = { name = domain, version = "1.0.0", owner = overrides.owner or defaults.owner },
    scope = "domain",
    parent_manifest = "oci://registry.acme.example/floe/enterprise:v1.0.0",
  },
  product = \domain p -> defaults & p & {
    id = "${domain}.${p.name}",
    lineage_namespace = "${domain}.${p.name}",
    labels = defaults.labels // { "floe.dev/domain" = domain, "floe.dev/product" = p.name },
    ports = map (\port -> { name = "port-${to_string port}", containerPort = port }) p.ports,
  },
  namespace = \domain -> {
    apiVersion = "v1",
    kind = "Namespace",
    metadata = { name = namespace_of domain, labels = defaults.labels // { "floe.dev/domain" = domain } },
  },
  deployment = \domain p -> {
    apiVersion = "apps/v1",
    kind = "Deployment",
    metadata = { name = "${domain}-${p.name}", namespace = namespace_of domain, labels = p.labels },
    spec = {
      replicas = p.replicas,
      selector.matchLabels = { "app.kubernetes.io/name" = p.name },
      template = {
        metadata.labels = p.labels // { "app.kubernetes.io/name" = p.name },
        spec.containers = [{
          name = p.name,
          image = "registry.acme.example/${domain}/${p.name}:${p.version}",
          ports = p.ports,
          env = map (\e -> { name = e.name, value = e.value }) [
            { name = "POLARIS_HOST", value = "floe-platform-polaris.floe-platform.svc.cluster.local" },
            { name = "OTLP_ENDPOINT", value = "http://floe-platform-otel.floe-platform.svc.cluster.local:4317" },
            { name = "FLOE_PRODUCT", value = p.id },
          ],
          resources = p.resources,
        }],
      },
    },
  },
}
"#;

const NIX_ENTERPRISE: &str = r#"# The enterprise layer: defaults and constructors every domain uses.
let
@MERGE
  defaults = @DEFAULTS;
  namespace_of = domain: "floe-${domain}-domain";
in {
  name = "acme";
  inherit defaults namespace_of;
  manifest = domain: overrides: merge (merge defaults overrides) {
    apiVersion = "floe.dev/v1";
    kind = "Manifest";
    metadata = { name = domain; version = "1.0.0"; owner = overrides.owner or defaults.owner; };
    scope = "domain";
    parent_manifest = "oci://registry.acme.example/floe/enterprise:v1.0.0";
  };
  product = domain: p: merge (merge defaults p) {
    id = "${domain}.${p.name}";
    lineage_namespace = "${domain}.${p.name}";
    labels = defaults.labels // { "floe.dev/domain" = domain; "floe.dev/product" = p.name; };
    ports = map (port: { name = "port-${toString port}"; containerPort = port; }) p.ports;
  };
  namespace = domain: {
    apiVersion = "v1";
    kind = "Namespace";
    metadata = { name = namespace_of domain; labels = defaults.labels // { "floe.dev/domain" = domain; }; };
  };
  deployment = domain: p: {
    apiVersion = "apps/v1";
    kind = "Deployment";
    metadata = { name = "${domain}-${p.name}"; namespace = namespace_of domain; labels = p.labels; };
    spec = {
      replicas = p.replicas;
      selector.matchLabels = { "app.kubernetes.io/name" = p.name; };
      template = {
        metadata.labels = p.labels // { "app.kubernetes.io/name" = p.name; };
        spec.containers = [{
          name = p.name;
          image = "registry.acme.example/${domain}/${p.name}:${p.version}";
          ports = p.ports;
          env = map (e: { name = e.name; value = e.value; }) [
            { name = "POLARIS_HOST"; value = "floe-platform-polaris.floe-platform.svc.cluster.local"; }
            { name = "OTLP_ENDPOINT"; value = "http://floe-platform-otel.floe-platform.svc.cluster.local:4317"; }
            { name = "FLOE_PRODUCT"; value = p.id; }
          ];
          resources = p.resources;
        }];
      };
    };
  };
}
"#;

const JSONNET_ENTERPRISE: &str = r#"// The enterprise layer: defaults and constructors every domain uses.
@MERGE
local defaults = @DEFAULTS;
local namespace_of(domain) = 'floe-%s-domain' % domain;
{
  name: 'acme',
  defaults: defaults,
  namespace_of: namespace_of,
  manifest(domain, overrides): merge(merge(defaults, overrides), {
    apiVersion: 'floe.dev/v1',
    kind: 'Manifest',
    metadata: { name: domain, version: '1.0.0', owner: if std.objectHas(overrides, 'owner') then overrides.owner else defaults.owner },
    scope: 'domain',
    parent_manifest: 'oci://registry.acme.example/floe/enterprise:v1.0.0',
  }),
  product(domain, p): merge(merge(defaults, p), {
    id: '%s.%s' % [domain, p.name],
    lineage_namespace: '%s.%s' % [domain, p.name],
    labels: defaults.labels + { 'floe.dev/domain': domain, 'floe.dev/product': p.name },
    ports: std.map(function(port) { name: 'port-%d' % port, containerPort: port }, p.ports),
  }),
  namespace(domain): {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace_of(domain), labels: defaults.labels + { 'floe.dev/domain': domain } },
  },
  deployment(domain, p): {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: '%s-%s' % [domain, p.name], namespace: namespace_of(domain), labels: p.labels },
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': p.name } },
      template: {
        metadata: { labels: p.labels + { 'app.kubernetes.io/name': p.name } },
        spec: { containers: [{
          name: p.name,
          image: 'registry.acme.example/%s/%s:%s' % [domain, p.name, p.version],
          ports: p.ports,
          env: std.map(function(e) { name: e.name, value: e.value }, [
            { name: 'POLARIS_HOST', value: 'floe-platform-polaris.floe-platform.svc.cluster.local' },
            { name: 'OTLP_ENDPOINT', value: 'http://floe-platform-otel.floe-platform.svc.cluster.local:4317' },
            { name: 'FLOE_PRODUCT', value: p.id },
          ]),
          resources: p.resources,
        }] },
      },
    },
  },
}
"#;

// Nickel records are recursive, so a field may not be bound to a `let` of
// the same name (`{ defaults = defaults }` would refer to itself): the
// `let`s carry other names.
const NICKEL_ENTERPRISE: &str = r#"# The enterprise layer: defaults and constructors every domain uses.
@MERGE
let base = @DEFAULTS in
let ns_of = fun domain => "floe-%{domain}-domain" in
{
  name = "acme",
  defaults = base,
  namespace_of = ns_of,
  manifest = fun domain overrides => merge (merge base overrides) {
    apiVersion = "floe.dev/v1",
    kind = "Manifest",
    metadata = {
      name = domain,
      version = "1.0.0",
      owner = if std.record.has_field "owner" overrides then overrides.owner else base.owner,
    },
    scope = "domain",
    parent_manifest = "oci://registry.acme.example/floe/enterprise:v1.0.0",
  },
  product = fun domain p => merge (merge base p) {
    id = "%{domain}.%{p.name}",
    lineage_namespace = "%{domain}.%{p.name}",
    labels = merge base.labels { "floe.dev/domain" = domain, "floe.dev/product" = p.name },
    ports = std.array.map (fun port => { name = "port-%{std.string.from_number port}", containerPort = port }) p.ports,
  },
  namespace = fun domain => {
    apiVersion = "v1",
    kind = "Namespace",
    metadata = { name = ns_of domain, labels = merge base.labels { "floe.dev/domain" = domain } },
  },
  deployment = fun domain p => {
    apiVersion = "apps/v1",
    kind = "Deployment",
    metadata = { name = "%{domain}-%{p.name}", namespace = ns_of domain, labels = p.labels },
    spec = {
      replicas = p.replicas,
      selector.matchLabels = { "app.kubernetes.io/name" = p.name },
      template = {
        metadata.labels = merge p.labels { "app.kubernetes.io/name" = p.name },
        spec.containers = [{
          name = p.name,
          image = "registry.acme.example/%{domain}/%{p.name}:%{p.version}",
          ports = p.ports,
          env = std.array.map (fun e => { name = e.name, value = e.value }) [
            { name = "POLARIS_HOST", value = "floe-platform-polaris.floe-platform.svc.cluster.local" },
            { name = "OTLP_ENDPOINT", value = "http://floe-platform-otel.floe-platform.svc.cluster.local:4317" },
            { name = "FLOE_PRODUCT", value = p.id },
          ],
          resources = p.resources,
        }],
      },
    },
  },
}
"#;

/// One product's literal fields, shared by every language.
pub struct ProductRow {
    /// `product-<p>`.
    pub name: String,
    /// `1.<p>.<i mod 10>`.
    pub version: String,
    /// 1 to 3.
    pub replicas: usize,
    /// The second port (the first is 8080).
    pub port: usize,
    /// The product's own retention.
    pub retention: usize,
}

/// The ten products of domain `i`.
pub fn products(i: usize) -> Vec<ProductRow> {
    (0..10)
        .map(|p| ProductRow {
            name: format!("product-{p}"),
            version: format!("1.{p}.{}", i % 10),
            replicas: 1 + p % 3,
            port: 9000 + p,
            retention: 365 + (i * 7 + p * 13) % 400,
        })
        .collect()
}

/// `domains/dNNNNN.<ext>`.
pub fn domain(ext: &str, i: usize) -> String {
    let name = format!("d{i:05}");
    let mut s = String::new();
    let rows = products(i);
    match ext {
        "floe" => {
            let _ = writeln!(
                s,
                "# Domain {name}: ten data products over the enterprise defaults."
            );
            let _ = writeln!(s, "let\n  e = import \"../enterprise.floe\",\n  name = \"{name}\",\n  products = map (e.product name) [");
            for p in &rows {
                let _ = writeln!(s, "    {{ name = \"{}\", version = \"{}\", replicas = {}, ports = [8080, {}], governance.data_retention_days = {}, tags = map (\\t -> \"{name}-${{t}}\") [\"gold\", \"pii\"] }},", p.name, p.version, p.replicas, p.port, p.retention);
            }
            let _ = writeln!(s, "  ],\nin {{\n  name,");
            let _ = writeln!(s, "  manifest = e.manifest name {{ owner = \"{name}@acme.example\", governance.policy_enforcement_level = \"strict\" }},");
            let _ = writeln!(s, "  products,\n  resources = [e.namespace name] ++ map (e.deployment name) products,\n}}");
        }
        "nix" => {
            let _ = writeln!(s, "let\n  e = import ../enterprise.nix;\n  name = \"{name}\";\n  products = map (e.product name) [");
            for p in &rows {
                let _ = writeln!(s, "    {{ name = \"{}\"; version = \"{}\"; replicas = {}; ports = [8080 {}]; governance.data_retention_days = {}; tags = map (t: \"{name}-${{t}}\") [\"gold\" \"pii\"]; }}", p.name, p.version, p.replicas, p.port, p.retention);
            }
            let _ = writeln!(s, "  ];\nin {{\n  inherit name products;");
            let _ = writeln!(s, "  manifest = e.manifest name {{ owner = \"{name}@acme.example\"; governance.policy_enforcement_level = \"strict\"; }};");
            let _ = writeln!(
                s,
                "  resources = [(e.namespace name)] ++ map (e.deployment name) products;\n}}"
            );
        }
        "jsonnet" => {
            let _ = writeln!(s, "local e = import '../enterprise.jsonnet';\nlocal name = '{name}';\nlocal products = std.map(function(p) e.product(name, p), [");
            for p in &rows {
                let _ = writeln!(s, "  {{ name: '{}', version: '{}', replicas: {}, ports: [8080, {}], governance: {{ data_retention_days: {} }}, tags: std.map(function(t) '%s-%s' % [name, t], ['gold', 'pii']) }},", p.name, p.version, p.replicas, p.port, p.retention);
            }
            let _ = writeln!(s, "]);\n{{\n  name: name,\n  products: products,");
            let _ = writeln!(s, "  manifest: e.manifest(name, {{ owner: '{name}@acme.example', governance: {{ policy_enforcement_level: 'strict' }} }}),");
            let _ = writeln!(s, "  resources: [e.namespace(name)] + std.map(function(p) e.deployment(name, p), products),\n}}");
        }
        _ => {
            let _ = writeln!(s, "let e = import \"../enterprise.ncl\" in\nlet dname = \"{name}\" in\nlet all = std.array.map (e.product dname) [");
            for p in &rows {
                let _ = writeln!(s, "  {{ name = \"{}\", version = \"{}\", replicas = {}, ports = [8080, {}], governance.data_retention_days = {}, tags = std.array.map (fun t => \"%{{dname}}-%{{t}}\") [\"gold\", \"pii\"] }},", p.name, p.version, p.replicas, p.port, p.retention);
            }
            let _ = writeln!(s, "] in\n{{\n  name = dname,\n  products = all,");
            let _ = writeln!(s, "  manifest = e.manifest dname {{ owner = \"{name}@acme.example\", governance.policy_enforcement_level = \"strict\" }},");
            let _ = writeln!(
                s,
                "  resources = [e.namespace dname] @ std.array.map (e.deployment dname) all,\n}}"
            );
        }
    }
    s
}

/// `main.<ext>`: every domain's manifest, products and Kubernetes objects.
pub fn main_file(ext: &str, n: usize) -> String {
    // Each language: what comes before the list of imports, how one domain
    // is imported, and what gathers them.
    let (head, import, tail): (&str, fn(usize) -> String, &str) = match ext {
        "floe" => (
            "# The whole mesh: what every domain produced, gathered.\nlet domains = [",
            |i| format!("  import \"./domains/d{i:05}.floe\","),
            "] in {\n  manifests = map (\\d -> d.manifest) domains,\n  products = concat_map (\\d -> d.products) domains,\n  resources = concat_map (\\d -> d.resources) domains,\n}",
        ),
        "nix" => (
            "let\n  domains = [",
            |i| format!("    (import ./domains/d{i:05}.nix)"),
            "  ];\n  concatMap = f: l: builtins.concatLists (map f l);\nin {\n  manifests = map (d: d.manifest) domains;\n  products = concatMap (d: d.products) domains;\n  resources = concatMap (d: d.resources) domains;\n}",
        ),
        "jsonnet" => (
            "local domains = [",
            |i| format!("  import './domains/d{i:05}.jsonnet',"),
            "];\n{\n  manifests: std.map(function(d) d.manifest, domains),\n  products: std.flatMap(function(d) d.products, domains),\n  resources: std.flatMap(function(d) d.resources, domains),\n}",
        ),
        _ => (
            "let domains = [",
            |i| format!("  import \"./domains/d{i:05}.ncl\","),
            "] in\n{\n  manifests = std.array.map (fun d => d.manifest) domains,\n  products = std.array.flat_map (fun d => d.products) domains,\n  resources = std.array.flat_map (fun d => d.resources) domains,\n}",
        ),
    };
    let mut s = String::new();
    let _ = writeln!(s, "{head}");
    for i in 0..n {
        let _ = writeln!(s, "{}", import(i));
    }
    let _ = writeln!(s, "{tail}");
    s
}

/// The function-heavy workload in each language: maps, folds, filters,
/// records, string building and a recursive function over `n` items.
pub fn functions(ext: &str, n: usize) -> String {
    match ext {
        "floe" => format!(
            r#"# Function-heavy: maps, folds, records, string building, recursion.
let
  fib = \n -> if n < 2 then n else fib (n - 1) + fib (n - 2),
  items = map (\i -> {{
    id = i,
    name = "item-${{to_string i}}",
    tags = map (\t -> "${{t}}-${{to_string (i % 7)}}") ["a", "b", "c"],
    weight = (i * 37) % 101,
  }}) (range 0 {n}),
  heavy = filter (\r -> r.weight > 50) items,
  labels = join "," (map (\r -> r.name) heavy),
  index = from_entries (map (\r -> {{ name = r.name, value = r.weight }}) heavy),
in {{
  fib = fib 22,
  total = fold (\acc r -> acc + r.weight) 0 items,
  count = length heavy,
  label_length = length labels,
  tags = fold (\acc r -> acc + length (join "" r.tags)) 0 items,
  index_size = length index,
  last = fold (\acc r -> r.name) "" heavy,
}}
"#
        ),
        "nix" => format!(
            r#"let
  fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
  mod = a: b: a - (a / b) * b;
  items = map (i: {{
    id = i;
    name = "item-${{toString i}}";
    tags = map (t: "${{t}}-${{toString (mod i 7)}}") ["a" "b" "c"];
    weight = mod (i * 37) 101;
  }}) (builtins.genList (i: i) {n});
  heavy = builtins.filter (r: r.weight > 50) items;
  labels = builtins.concatStringsSep "," (map (r: r.name) heavy);
  index = builtins.listToAttrs (map (r: {{ name = r.name; value = r.weight; }}) heavy);
in {{
  fib = fib 22;
  total = builtins.foldl' (acc: r: acc + r.weight) 0 items;
  count = builtins.length heavy;
  label_length = builtins.stringLength labels;
  tags = builtins.foldl' (acc: r: acc + builtins.stringLength (builtins.concatStringsSep "" r.tags)) 0 items;
  index_size = builtins.length (builtins.attrNames index);
  last = builtins.foldl' (acc: r: r.name) "" heavy;
}}
"#
        ),
        "jsonnet" => format!(
            r#"local fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2);
local items = std.map(function(i) {{
  id: i,
  name: 'item-%d' % i,
  tags: std.map(function(t) '%s-%d' % [t, i % 7], ['a', 'b', 'c']),
  weight: (i * 37) % 101,
}}, std.range(0, {n} - 1));
local heavy = std.filter(function(r) r.weight > 50, items);
local labels = std.join(',', std.map(function(r) r.name, heavy));
local index = {{ [r.name]: r.weight for r in heavy }};
{{
  fib: fib(22),
  total: std.foldl(function(acc, r) acc + r.weight, items, 0),
  count: std.length(heavy),
  label_length: std.length(labels),
  tags: std.foldl(function(acc, r) acc + std.length(std.join('', r.tags)), items, 0),
  index_size: std.length(std.objectFields(index)),
  last: std.foldl(function(acc, r) r.name, heavy, ''),
}}
"#
        ),
        _ => format!(
            r#"let rec fibo = fun n => if n < 2 then n else fibo (n - 1) + fibo (n - 2) in
let items = std.array.map (fun i => {{
  id = i,
  name = "item-%{{std.string.from_number i}}",
  tags = std.array.map (fun t => "%{{t}}-%{{std.string.from_number (i % 7)}}") ["a", "b", "c"],
  weight = (i * 37) % 101,
}}) (std.array.range 0 {n}) in
let heavy = std.array.filter (fun r => r.weight > 50) items in
let labels = std.string.join "," (std.array.map (fun r => r.name) heavy) in
let index = std.record.from_array (std.array.map (fun r => {{ field = r.name, value = r.weight }}) heavy) in
{{
  fib = fibo 22,
  total = std.array.fold_left (fun acc r => acc + r.weight) 0 items,
  count = std.array.length heavy,
  label_length = std.string.length labels,
  tags = std.array.fold_left (fun acc r => acc + std.string.length (std.string.join "" r.tags)) 0 items,
  index_size = std.array.length (std.record.fields index),
  last = std.array.fold_left (fun acc r => r.name) "" heavy,
}}
"#
        ),
    }
}
