"""floe-core's verdict on each case of the differential test.

Usage: floe_core_verdicts.py CASES.json

CASES.json is a list of `{"id", "enterprise", "domain", "products"}`: the
enterprise's and the domain's `manifest.yaml` and the products' `floe.yaml`,
as the data Floe writes (or would write). Prints a JSON list of
`{"id", "rejected"}`, `rejected` being floe-core's first rejection or null.
"""

import json
import sys

import floe_core_rules as rules


def verdict(case):
    enterprise, problem = rules.manifest(case["enterprise"])
    if problem is not None:
        return f"enterprise manifest: {problem}"
    domain, problem = rules.manifest(case["domain"])
    if problem is not None:
        return f"domain manifest: {problem}"
    problem = rules.inheritance(enterprise, domain)
    if problem is not None:
        return f"inheritance: {problem}"
    for product in case["products"]:
        problem = rules.spec(product, enterprise)
        if problem is not None:
            return f"product {product.get('metadata', {}).get('name')}: {problem}"
    return None


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([{"id": c["id"], "rejected": verdict(c)} for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
