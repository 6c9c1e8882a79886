"""Validates Helm values files as `helm install` would, and more.

usage: helm_validate.py CHART_DIR CHART VALUES.yaml...

Each file is validated against `<CHART>.values.schema.json` (JSON Schema
draft-07, what Helm checks). The charts' schemas leave unknown keys open, so
a misspelt key would pass them: every key is also looked up in the chart's
default `<CHART>.values.yaml` (the keys its templates read) or its schema's
properties. Below a default that is a list, a scalar or an empty map (free
content, such as `commonLabels`) nothing more is looked up, nor below the
keys in FREE, which the templates pass to Kubernetes as they are or read
without a default.

Prints `ok FILE` per file; exits 1 when any file fails (every failure is
printed).
"""

import json
import sys

import jsonschema
import yaml


# Per chart: keys whose content the templates copy into objects with
# `toYaml` (so any Kubernetes field is valid below them), or read although
# the defaults only mention them in a comment.
FREE = {
    "floe-jobs": {
        "defaults.securityContext",  # cronjob.yaml, job.yaml: toYaml
        "defaults.containerSecurityContext",  # cronjob.yaml, job.yaml: toYaml
        "dbt.args",  # `if .Values.dbt.args`, commented out in values.yaml
    },
    "floe-platform": set(),
}


def unknown_keys(values, defaults, schema, path, free):
    """The dotted paths of `values` that neither the defaults nor the schema know."""
    out = []
    if not isinstance(values, dict):
        return out
    props = (schema or {}).get("properties") or {}
    free_schema = (schema or {}).get("additionalProperties")
    for key, value in values.items():
        here = f"{path}.{key}" if path else key
        if here in free:
            continue
        in_defaults = isinstance(defaults, dict) and key in defaults
        if not in_defaults and key not in props:
            if isinstance(free_schema, dict):
                out += unknown_keys(value, None, free_schema, here, free)
                continue
            out.append(here)
            continue
        sub_default = defaults.get(key) if in_defaults else None
        sub_schema = props.get(key)
        if in_defaults and not isinstance(sub_default, dict):
            continue
        if in_defaults and sub_default == {} and not (sub_schema or {}).get("properties"):
            continue
        out += unknown_keys(value, sub_default, sub_schema, here, free)
    return out


def main():
    chart_dir, chart, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(f"{chart_dir}/{chart}.values.schema.json") as f:
        schema = json.load(f)
    with open(f"{chart_dir}/{chart}.values.yaml") as f:
        defaults = yaml.safe_load(f)
    validator = jsonschema.Draft7Validator(schema)
    failed = False
    for name in files:
        with open(name) as f:
            values = yaml.safe_load(f)
        errors = [
            f"{'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(values)
        ]
        errors += [f"{p}: not a key of the {chart} chart" for p in unknown_keys(values, defaults, schema, "", FREE[chart])]
        if errors:
            failed = True
            for e in errors:
                print(f"{name}: {e}")
        else:
            print(f"ok {name}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
