#!/usr/bin/python3
"""Validate JSON files against a JSON Schema (draft 2020-12 or draft-07).

usage: /usr/bin/python3 tests/validate_schema.py SCHEMA FILE...

Prints one line per failing file (and up to 10 of its errors, each with the JSON path), then
"N passed, N failed". Exits 1 if any file fails, 2 on bad usage or an invalid schema. Needs the
Debian package python3-jsonschema (4.x).
"""
import json
import sys

import jsonschema


def where(error):
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return "$" + path


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print(f"{argv[1]}: not a usable schema: {e}", file=sys.stderr)
        return 2
    validator = cls(schema)
    passed = failed = 0
    for name in argv[2:]:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"FAIL {name}: cannot read JSON: {e}")
            failed += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            failed += 1
            print(f"FAIL {name}: {len(errors)} error(s)")
            for e in errors[:10]:
                print(f"  {where(e)}: {e.message}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
