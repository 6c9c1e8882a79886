"""Validates a Floe mesh output tree with floe-core, the real platform's model.

Usage: floe_core_check.py TREE

- every `manifest.yaml` must pass `PlatformManifest.model_validate`, with
  Python warnings turned into errors (floe-core only warns about unknown
  root keys);
- every domain manifest, with the enterprise manifest as its parent, must
  pass the platform's inheritance checks: governance not weakened, plugins
  on the enterprise allow-lists, no circular inheritance;
- every product's `floe.yaml` must pass `FloeSpec.model_validate`, and its
  destinations' sinks the enterprise's sink allow-list.

Prints one line per document checked; exits 1 with the error on the first
failure, naming the file and, for inheritance, the field.
"""

import pathlib
import sys
import warnings

warnings.simplefilter("error")

import yaml  # noqa: E402
from floe_core.schemas.floe_spec import FloeSpec  # noqa: E402
from floe_core.schemas.inheritance import detect_circular_inheritance  # noqa: E402
from floe_core.schemas.manifest import PlatformManifest  # noqa: E402
from floe_core.schemas.plugins import (  # noqa: E402
    validate_domain_plugin_whitelist,
    validate_sink_whitelist,
)
from floe_core.schemas.validation import (  # noqa: E402
    SecurityPolicyViolationError,
    validate_security_policy_not_weakened,
)

CATEGORIES = [
    "compute", "orchestrator", "catalog", "storage", "semantic_layer", "ingestion",
    "secrets", "telemetry_backend", "lineage_backend", "identity", "dbt", "quality",
]


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def fail(path, message):
    print(f"REJECTED {path}: {message}")
    sys.exit(1)


def manifest(path):
    try:
        return PlatformManifest.model_validate(load(path))
    except Exception as e:  # noqa: BLE001 - any rejection is reported
        fail(path, e)


def inheritance(path, parent, child):
    try:
        if parent.governance is not None and child.governance is not None:
            validate_security_policy_not_weakened(parent.governance, child.governance)
        for category in CATEGORIES:
            chosen = getattr(child.plugins, category, None)
            plugin_type = getattr(chosen, "type", None) or getattr(chosen, "provider", None)
            if plugin_type is not None:
                validate_domain_plugin_whitelist(category, plugin_type, parent.approved_plugins or {})
        detect_circular_inheritance(
            child.parent_manifest or "",
            {child.parent_manifest or "": {"parent_manifest": parent.parent_manifest}},
        )
    except SecurityPolicyViolationError as e:
        fail(path, f"field={e.field} parent={e.parent_value} child={e.child_value}: {e}")
    except Exception as e:  # noqa: BLE001
        fail(path, e)


def main():
    tree = pathlib.Path(sys.argv[1])
    enterprise_path = tree / "enterprise" / "manifest.yaml"
    enterprise = manifest(enterprise_path)
    print(f"ok manifest {enterprise_path}")
    for path in sorted(tree.glob("domains/*/manifest.yaml")):
        domain = manifest(path)
        if domain.scope != "domain":
            fail(path, f"scope is {domain.scope!r}, not 'domain'")
        inheritance(path, enterprise, domain)
        print(f"ok manifest+inheritance {path}")
    for path in sorted(tree.glob("domains/*/products/*/floe.yaml")):
        try:
            spec = FloeSpec.model_validate(load(path))
            for destination in spec.destinations or []:
                validate_sink_whitelist(destination.sink_type, enterprise.approved_sinks or [])
        except Exception as e:  # noqa: BLE001
            fail(path, e)
        print(f"ok product {path}")


if __name__ == "__main__":
    main()
