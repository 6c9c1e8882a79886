"""Validates Kubernetes objects against the OpenAPI schemas of their
CustomResourceDefinitions, as the API server would with strict field
validation (`kubectl apply --validate=strict`): unknown fields are errors,
except where the schema preserves them.

usage: crd_validate.py CRD.yaml... -- OBJECTS.yaml...
Prints `ok <kind> <name>` per object; exits 1 on the first file with an
object that fails (every failure is printed) or whose kind has no CRD.
"""

import sys

import jsonschema
import yaml


def strict(schema):
    """The schema with unknown fields refused wherever it lists fields."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if (
            "properties" in out
            and "additionalProperties" not in out
            and not out.get("x-kubernetes-preserve-unknown-fields")
        ):
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def main(argv):
    split = argv.index("--")
    schemas = {}
    for path in argv[:split]:
        crd = yaml.safe_load(open(path))
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = strict(version["schema"]["openAPIV3Schema"])
            # metadata is the API server's: only its shape is checked here.
            schema.setdefault("properties", {})["metadata"] = {"type": "object"}
            schemas[(f"{group}/{version['name']}", kind)] = schema
    failed = False
    for path in argv[split + 1 :]:
        for doc in yaml.safe_load_all(open(path)):
            if doc is None:
                continue
            items = doc if isinstance(doc, list) else [doc]
            for obj in items:
                key = (obj.get("apiVersion"), obj.get("kind"))
                name = obj.get("metadata", {}).get("name")
                schema = schemas.get(key)
                if schema is None:
                    print(f"FAIL {path}: no CRD for {key}")
                    failed = True
                    continue
                errors = list(jsonschema.Draft7Validator(schema).iter_errors(obj))
                for e in errors:
                    at = ".".join(str(p) for p in e.absolute_path)
                    print(f"FAIL {key[1]} {name} at {at}: {e.message}")
                if errors:
                    failed = True
                else:
                    print(f"ok {key[1]} {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
