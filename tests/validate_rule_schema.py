"""Validates every rule pack (shipped and test fixtures) against rules/schema.json,
so the published schema and the loader's checks cannot drift apart unnoticed."""
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1]
schema = json.load(open(os.path.join(root, "rules", "schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
packs = sorted(glob.glob(os.path.join(root, "rules", "*", "*.json")) +
               glob.glob(os.path.join(root, "tests", "fixtures", "rules", "*", "*.json")))
if not packs:
    sys.exit("no rule packs found under " + root)
failed = 0
for path in packs:
    pack = json.load(open(path, encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(pack))
    for e in errors:
        print(f"{path}: {'/'.join(str(p) for p in e.absolute_path)}: {e.message}")
    failed += bool(errors)
print(f"{len(packs)} rule packs checked, {failed} invalid")
sys.exit(1 if failed else 0)
