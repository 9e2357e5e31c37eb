#!/usr/bin/python3
"""Checks what `sluice singer` printed against the Singer specification.

Usage: singer_validate.py MESSAGES.jsonl [--catalog DISCOVERED.json]

Singer publishes no machine-readable schema of its messages, so this checks the specification's
rules (github.com/singer-io/getting-started, SPEC.md): every line a SCHEMA, RECORD or STATE
message with its required keys; a stream's SCHEMA (a valid JSON Schema, with key_properties)
before its first RECORD; every record obeys its stream's schema; `time_extracted` is RFC 3339;
STATE carries a `value` object. With --catalog, the --discover output: streams with
tap_stream_id, stream, schema, key_properties and metadata whose top-level breadcrumb has
selected, inclusion, table-key-properties, valid-replication-keys and forced-replication-method.
Prints {"messages": n, "types": {...}, "records": {...}, "errors": [...]}; exits 1 on any error.
"""
import argparse
import json
import sys

import jsonschema

from airbyte_validate import DATE_TIME, FORMATS, first_error, messages_in

TOP_LEVEL_METADATA = ("selected", "inclusion", "table-key-properties", "valid-replication-keys",
                      "forced-replication-method")


def check_catalog(catalog, errors):
    streams = catalog.get("streams") if isinstance(catalog, dict) else None
    if not isinstance(streams, list) or not streams:
        errors.append("catalog: no streams")
        return
    for s in streams:
        name = s.get("tap_stream_id")
        for key in ("tap_stream_id", "stream", "schema", "key_properties", "metadata"):
            if key not in s:
                errors.append("catalog stream %s: no %s" % (name, key))
        try:
            jsonschema.Draft7Validator.check_schema(s.get("schema", {}))
        except jsonschema.exceptions.SchemaError as e:
            errors.append("catalog stream %s: schema: %s" % (name, e.message))
        top = [m for m in s.get("metadata", []) if m.get("breadcrumb") == []]
        if len(top) != 1:
            errors.append("catalog stream %s: %d top-level metadata entries" % (name, len(top)))
            continue
        for key in TOP_LEVEL_METADATA:
            if key not in top[0].get("metadata", {}):
                errors.append("catalog stream %s: top-level metadata has no %s" % (name, key))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("messages")
    parser.add_argument("--catalog")
    args = parser.parse_args()
    errors = []
    if args.catalog:
        with open(args.catalog) as f:
            check_catalog(json.load(f), errors)
    schemas, count, types, records = {}, 0, {}, {}
    for number, m in messages_in(args.messages, errors):
        count += 1
        kind = m.get("type")
        types[kind] = types.get(kind, 0) + 1
        if kind == "SCHEMA":
            try:
                jsonschema.Draft7Validator.check_schema(m["schema"])
                schemas[m["stream"]] = jsonschema.Draft7Validator(
                    m["schema"], format_checker=FORMATS)
            except (KeyError, jsonschema.exceptions.SchemaError) as e:
                errors.append("line %d: bad SCHEMA: %s" % (number, e))
            if not isinstance(m.get("key_properties"), list):
                errors.append("line %d: SCHEMA without key_properties" % number)
        elif kind == "RECORD":
            stream = m.get("stream")
            records[stream] = records.get(stream, 0) + 1
            if stream not in schemas:
                errors.append("line %d: RECORD of %s before its SCHEMA" % (number, stream))
            elif not isinstance(m.get("record"), dict):
                errors.append("line %d: RECORD without a record object" % number)
            else:
                e = first_error(schemas[stream], m["record"])
                if e:
                    errors.append("line %d: %s record: %s" % (number, stream, e))
            extracted = m.get("time_extracted")
            if not isinstance(extracted, str) or not DATE_TIME.match(extracted):
                errors.append("line %d: time_extracted is not RFC 3339" % number)
        elif kind == "STATE":
            if not isinstance(m.get("value"), dict):
                errors.append("line %d: STATE without a value object" % number)
        else:
            errors.append("line %d: unknown message type %r" % (number, kind))
    print(json.dumps({"messages": count, "types": types, "records": records,
                      "errors": errors[:20], "error_count": len(errors)}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
