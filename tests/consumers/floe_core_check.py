"""Validates a Floe mesh output tree with floe-core, the real platform's model.

Usage: floe_core_check.py TREE

- every `manifest.yaml` must pass `PlatformManifest.model_validate`, with
  Python warnings turned into errors (floe-core only warns about unknown
  root keys);
- every domain manifest, with the enterprise manifest as its parent, must
  pass the platform's inheritance checks: governance not weakened, plugins
  on the enterprise allow-lists, no circular inheritance, the merge;
- every product's `floe.yaml` must pass `FloeSpec.model_validate`, and its
  destinations' sinks the enterprise's sink allow-list.

Prints one line per document checked; exits 1 with the error on the first
failure, naming the file and, for inheritance, the field.
"""

import pathlib
import sys

import yaml

import floe_core_rules as rules


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def fail(path, message):
    print(f"REJECTED {path}: {message}")
    sys.exit(1)


def manifest(path):
    parsed, problem = rules.manifest(load(path))
    if problem is not None:
        fail(path, problem)
    return parsed


def main():
    tree = pathlib.Path(sys.argv[1])
    enterprise_path = tree / "enterprise" / "manifest.yaml"
    enterprise = manifest(enterprise_path)
    print(f"ok manifest {enterprise_path}")
    for path in sorted(tree.glob("domains/*/manifest.yaml")):
        problem = rules.inheritance(enterprise, manifest(path))
        if problem is not None:
            fail(path, problem)
        print(f"ok manifest+inheritance {path}")
    for path in sorted(tree.glob("domains/*/products/*/floe.yaml")):
        problem = rules.spec(load(path), enterprise)
        if problem is not None:
            fail(path, problem)
        print(f"ok product {path}")


if __name__ == "__main__":
    main()
