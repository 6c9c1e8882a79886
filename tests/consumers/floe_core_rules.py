"""floe-core 0.1.0a1's checks of a Floe mesh, as functions that give the
rejection's text, or None when floe-core accepts.

Python warnings are errors (floe-core only warns about unknown root keys).
Shared by `floe_core_check.py` (an output tree) and `floe_core_verdicts.py`
(the differential test's generated cases).
"""

import warnings

warnings.simplefilter("error")

from floe_core.schemas.floe_spec import FloeSpec  # noqa: E402
from floe_core.schemas.inheritance import (  # noqa: E402
    detect_circular_inheritance,
    merge_manifests,
)
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


def manifest(data):
    """The validated PlatformManifest and None, or None and the rejection."""
    try:
        return PlatformManifest.model_validate(data), None
    except Exception as e:  # noqa: BLE001 - any rejection is reported
        return None, str(e)


def inheritance(parent, child):
    """The rejection of `child` as a domain of `parent`, or None: scope,
    governance not weakened, plugins on the allow-lists, no circular
    inheritance, and the merge itself."""
    if child.scope != "domain":
        return f"scope is {child.scope!r}, not 'domain'"
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
        merge_manifests(parent, child)
    except SecurityPolicyViolationError as e:
        return f"field={e.field} parent={e.parent_value} child={e.child_value}: {e}"
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None


def spec(data, enterprise):
    """The rejection of a product's floe.yaml, or None: FloeSpec, and every
    destination's sink on the enterprise's sink allow-list, when it has one."""
    try:
        parsed = FloeSpec.model_validate(data)
        # As floe-core's compiler does: no allow-list, no restriction.
        if enterprise.approved_sinks is not None:
            for destination in parsed.destinations or []:
                validate_sink_whitelist(destination.sink_type, enterprise.approved_sinks)
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None
