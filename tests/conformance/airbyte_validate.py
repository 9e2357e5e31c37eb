#!/usr/bin/python3
"""Validates what `sluice airbyte` printed against the published Airbyte protocol schema.

Usage: airbyte_validate.py PROTOCOL_DIR MESSAGES.jsonl [--catalog CONFIGURED.json]
                           [--discovered CATALOG.jsonl]

Every line of MESSAGES must be an `AirbyteMessage` of PROTOCOL_DIR/airbyte_protocol.yaml (its
well-known types resolved from well_known_types.yaml beside it); CONFIGURED must be a
`ConfiguredAirbyteCatalog`; with DISCOVERED (the output of `discover`), every RECORD's data must
obey its stream's json_schema. Prints {"messages": n, "types": {...}, "records": {...},
"errors": [...]} and exits 1 when there is any error. Runs on Debian's python3-jsonschema and
python3-yaml (/usr/bin/python3).
"""
import argparse
import json
import os
import re
import sys

import jsonschema
import yaml


def load_protocol(directory):
    with open(os.path.join(directory, "airbyte_protocol.yaml")) as f:
        protocol = yaml.safe_load(f)
    with open(os.path.join(directory, "well_known_types.yaml")) as f:
        well_known = yaml.safe_load(f)
    # Airbyte stream schemas refer to the well-known types as "WellKnownTypes.json#/definitions/…".
    store = {
        protocol.get("$id", "airbyte_protocol.yaml"): protocol,
        "WellKnownTypes.json": well_known,
        "well_known_types.yaml": well_known,
    }
    resolver = jsonschema.RefResolver.from_schema(protocol, store=store)
    return protocol, resolver, store


# RFC 3339 date-time, which JSON Schema's "date-time" format means; Debian's jsonschema checks it
# only with a module that is not packaged, so it is checked here.
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
FORMATS = jsonschema.FormatChecker()
FORMATS.checks("date-time")(lambda value: not isinstance(value, str) or bool(DATE_TIME.match(value)))


def validator_for(protocol, resolver, definition):
    schema = {"$ref": "#/definitions/" + definition}
    return jsonschema.Draft7Validator(
        dict(schema, definitions=protocol["definitions"]), resolver=resolver)


def first_error(validator, instance):
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return "%s (at /%s)" % (error.message[:300], where)


def messages_in(path, errors):
    """(line number, message) of every line of `path` that is JSON; the others go to `errors`."""
    with open(path) as f:
        for number, line in enumerate(f, 1):
            try:
                yield number, json.loads(line)
            except ValueError as e:
                errors.append("line %d: not JSON: %s" % (number, e))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("protocol_dir")
    parser.add_argument("messages")
    parser.add_argument("--catalog")
    parser.add_argument("--discovered")
    args = parser.parse_args()
    protocol, resolver, store = load_protocol(args.protocol_dir)
    message = validator_for(protocol, resolver, "AirbyteMessage")
    errors = []
    if args.catalog:
        with open(args.catalog) as f:
            catalog = json.load(f)
        e = first_error(validator_for(protocol, resolver, "ConfiguredAirbyteCatalog"), catalog)
        if e:
            errors.append("configured catalog: " + e)
    stream_validators = {}
    if args.discovered:
        with open(args.discovered) as f:
            for line in f:
                m = json.loads(line)
                if m.get("type") == "CATALOG":
                    for s in m["catalog"]["streams"]:
                        stream_resolver = jsonschema.RefResolver.from_schema(
                            s["json_schema"], store=store)
                        stream_validators[s["name"]] = jsonschema.Draft7Validator(
                            s["json_schema"], resolver=stream_resolver,
                            format_checker=FORMATS)
        if not stream_validators:
            errors.append("discovered: no CATALOG message")
    count, types, records = 0, {}, {}
    for number, m in messages_in(args.messages, errors):
        count += 1
        types[m.get("type")] = types.get(m.get("type"), 0) + 1
        e = first_error(message, m)
        if e:
            errors.append("line %d: %s" % (number, e))
        if m.get("type") == "RECORD" and stream_validators:
            stream = m["record"]["stream"]
            records[stream] = records.get(stream, 0) + 1
            v = stream_validators.get(stream)
            if v is None:
                errors.append("line %d: record of undiscovered stream %s" % (number, stream))
            else:
                e = first_error(v, m["record"]["data"])
                if e:
                    errors.append("line %d: %s record: %s" % (number, stream, e))
    print(json.dumps({"messages": count, "types": types, "records": records,
                      "errors": errors[:20], "error_count": len(errors)}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
