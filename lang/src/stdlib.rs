//! The standard library: `.floe` modules embedded in the binary and
//! imported as `floe:std/<name>`.

/// Every module: its import name (without `floe:`) and its source.
pub const MODULES: &[(&str, &str)] = &[
    (
        "std/governance",
        include_str!("../../stdlib/governance.floe"),
    ),
    ("std/argocd", include_str!("../../stdlib/argocd.floe")),
    ("std/contract", include_str!("../../stdlib/contract.floe")),
    ("std/helm", include_str!("../../stdlib/helm.floe")),
    ("std/k8s", include_str!("../../stdlib/k8s.floe")),
    ("std/lineage", include_str!("../../stdlib/lineage.floe")),
    ("std/list", include_str!("../../stdlib/list.floe")),
    ("std/manifest", include_str!("../../stdlib/manifest.floe")),
    ("std/mesh", include_str!("../../stdlib/mesh.floe")),
    (
        "std/orchestrator",
        include_str!("../../stdlib/orchestrator.floe"),
    ),
    ("std/product", include_str!("../../stdlib/product.floe")),
    ("std/record", include_str!("../../stdlib/record.floe")),
    ("std/secret", include_str!("../../stdlib/secret.floe")),
    ("std/text", include_str!("../../stdlib/text.floe")),
];

/// The source of the module `name` (e.g. `std/list`).
pub fn module(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| *src)
}
