#!/usr/bin/python3
"""Fivetran's side of `sluice serve grpc`, built only from the published partner SDK v2 contract.

The client is compiled at run time from the reference .proto files (never the project's copies),
so a mistake in Sluice's files cannot be shared by server and client. It drives the four RPCs the
way Fivetran does and applies the Update stream to tables by primary key, as Fivetran's writer
would, then writes what it saw as JSON for the caller to compare with a direct `sluice sync`.

Phases (each exits 1 with one sentence on the first contract violation):
  full       ConfigurationForm against `sluice spec`, Test (good and bad secret), Schema, and
             an Update from empty state.
  resume     an Update from the state in --base (a full phase's output), applied on its rows.
  selection  an Update from empty state with only --keep selected: no record of another table.
"""
import argparse
import base64
import glob
import importlib
import json
import os
import subprocess
import sys
import types

KIND_OF_TYPE = {
    "BOOLEAN": "bool", "SHORT": "short", "INT": "int", "LONG": "long", "DECIMAL": "decimal",
    "FLOAT": "float", "DOUBLE": "double", "NAIVE_DATE": "naive_date",
    "NAIVE_DATETIME": "naive_datetime", "UTC_DATETIME": "utc_datetime", "BINARY": "binary",
    "XML": "xml", "STRING": "string", "JSON": "json", "NAIVE_TIME": "naive_time",
}
TIME_KINDS = {"naive_date", "naive_datetime", "utc_datetime", "naive_time"}


def fail(sentence):
    print("conformance: " + sentence, file=sys.stderr)
    sys.exit(1)


def compile_reference(reference_dir, out_dir):
    """protoc + grpc_python_plugin on the published files; returns the two generated modules."""
    plugin = "/usr/bin/grpc_python_plugin"
    if not os.path.exists(plugin):
        fail("grpc_python_plugin is missing; install protobuf-compiler-grpc (scripts/setup.sh).")
    protos = sorted(glob.glob(os.path.join(reference_dir, "*.proto")))
    if len(protos) != 2:
        fail("expected common.proto and connector_sdk.proto in " + reference_dir + ".")
    try:
        subprocess.run(["protoc", "-I", reference_dir, "--python_out=" + out_dir,
                        "--grpc_python_out=" + out_dir,
                        "--plugin=protoc-gen-grpc_python=" + plugin] + protos, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        fail("protoc could not compile the reference contract (" + str(e) + ").")
    sys.path.insert(0, out_dir)
    # One namespace for the messages of both files, as the package is one.
    messages = types.SimpleNamespace()
    for module in ("common_pb2", "connector_sdk_pb2"):
        for name, value in vars(importlib.import_module(module)).items():
            if not name.startswith("_"):
                setattr(messages, name, value)
    return messages, importlib.import_module("connector_sdk_pb2_grpc")


def micros(ts):
    return ts.seconds * 1000000 + ts.nanos // 1000


def plain(value):
    """A ValueType as [kind, JSON-able value]; times in microseconds since the epoch."""
    kind = value.WhichOneof("inner")
    if kind is None:
        fail("a record carries a ValueType with nothing set.")
    v = getattr(value, kind)
    if kind == "null":
        return None
    if kind in TIME_KINDS:
        return [kind, micros(v)]
    if kind == "binary":
        return [kind, base64.b64encode(v).decode()]
    return [kind, v]


class Client:
    def __init__(self, args):
        try:
            import grpc
        except ImportError:
            fail("python3-grpcio is missing; install it (scripts/setup.sh) and run with /usr/bin/python3.")
        self.args = args
        self.pb, self.rpc = compile_reference(args.reference, args.workdir)
        channel = grpc.insecure_channel(args.address)
        grpc.channel_ready_future(channel).result(timeout=30)
        self.stub = self.rpc.SourceConnectorStub(channel)
        self.config = {k: v if isinstance(v, str) else json.dumps(v)
                       for k, v in json.load(open(args.config)).items()}

    def form(self):
        form = self.stub.ConfigurationForm(self.pb.ConfigurationFormRequest())
        spec = json.load(open(self.args.spec))["fields"]
        by_name = {f.name: f for f in form.fields}
        for field in spec:
            f = by_name.get(field["name"])
            if f is None:
                fail("the form has no field " + field["name"] + ".")
            kind = f.WhichOneof("type")
            if field.get("choices"):
                want = "dropdown_field"
                if kind == want and list(f.dropdown_field.dropdown_field) != field["choices"]:
                    fail("the dropdown " + f.name + " lists other choices than the spec.")
            elif field["type"] == "boolean":
                want = "toggle_field"
            else:
                want = "text_field"
                text = self.pb.Password if field["secret"] else self.pb.PlainText
                if kind == want and f.text_field != text:
                    fail("the text field " + f.name + " has the wrong password/plain kind.")
            if kind != want:
                fail("the field " + f.name + " is a " + str(kind) + ", not a " + want + ".")
            if not f.HasField("required") or f.required != field["required"]:
                fail("the field " + f.name + " has the wrong required flag.")
            if not f.label or f.description != field.get("description", ""):
                fail("the field " + f.name + " lacks its label or the spec's description.")
            if "default" in field and not f.HasField("default_value"):
                fail("the field " + f.name + " lacks its default value.")
        if len(form.fields) != len(spec):
            fail("the form has fields the spec does not have.")
        if not form.tests or not form.table_selection_supported:
            fail("the form lists no tests or does not support table selection.")
        return [t.name for t in form.tests], len(form.fields)

    def test(self, name, secret_field):
        good = self.stub.Test(self.pb.TestRequest(name=name, configuration=self.config))
        if good.WhichOneof("response") != "success" or not good.success:
            fail("Test failed with good credentials: " + good.failure)
        bad_value = "wrong-secret-0123456789"
        bad_config = dict(self.config, **{secret_field: bad_value})
        bad = self.stub.Test(self.pb.TestRequest(name=name, configuration=bad_config))
        sentence = bad.failure
        if bad.WhichOneof("response") != "failure" or not sentence:
            fail("Test passed with a bad " + secret_field + ".")
        if "\n" in sentence or not sentence.endswith(".") or bad_value in sentence:
            fail("Test's failure is not one clean sentence: " + sentence)
        return sentence

    def schema(self):
        resp = self.stub.Schema(self.pb.SchemaRequest(configuration=self.config))
        if resp.WhichOneof("response") != "without_schema":
            fail("Schema did not answer with a table list.")
        out = {}
        for t in resp.without_schema.tables:
            cols = {}
            for c in t.columns:
                if c.type == self.pb.UNSPECIFIED:
                    fail("column " + t.name + "." + c.name + " has no type.")
                cols[c.name] = self.pb.DataType.Name(c.type)
            keys = [c.name for c in t.columns if c.primary_key]
            if not cols or not keys:
                fail("table " + t.name + " has no columns or no primary key.")
            out[t.name] = {"keys": keys, "columns": cols}
        return out

    def update(self, schema, rows, state=None, selection=None):
        """Applies one Update stream to `rows` ({table: {key: {column: value}}})."""
        req = self.pb.UpdateRequest(configuration=self.config)
        if state is not None:
            req.state_json = state
        if selection is not None:
            req.selection.CopyFrom(selection)
        seen = {"records": {}, "checkpoints": 0, "state": state, "truncated": [],
                "schema_changes": 0}
        for resp in self.stub.Update(req):
            op = resp.WhichOneof("operation")
            if op == "checkpoint":
                seen["checkpoints"] += 1
                seen["state"] = resp.checkpoint.state_json
                json.loads(seen["state"])
            elif op == "schema_change":
                seen["schema_changes"] += 1
                for t in resp.schema_change.without_schema.tables:
                    schema.setdefault(t.name, {"keys": [], "columns": {}})
                    for c in t.columns:
                        schema[t.name]["columns"][c.name] = self.pb.DataType.Name(c.type)
            elif op in ("record", "records"):
                records = [resp.record] if op == "record" else resp.records.records
                for r in records:
                    self.apply(schema, rows, r, seen)
            elif op not in ("warning", "task"):
                fail("an UpdateResponse carries no operation.")
        return seen

    def apply(self, schema, rows, r, seen):
        t = schema.get(r.table_name)
        if t is None:
            fail("a record names table " + r.table_name + ", which Schema did not list.")
        seen["records"][r.table_name] = seen["records"].get(r.table_name, 0) + 1
        table = rows.setdefault(r.table_name, {})
        if r.type == self.pb.TRUNCATE:
            # As Fivetran applies it: every row written before the truncate is gone.
            table.clear()
            seen["truncated"].append(r.table_name)
            return
        data = {}
        for name, value in r.data.items():
            v = plain(value)
            declared = t["columns"].get(name)
            if declared is None:
                fail(r.table_name + "." + name + " came in a record before Schema or a "
                     "SchemaChange declared it.")
            if v is not None and v[0] != KIND_OF_TYPE[declared]:
                fail(r.table_name + "." + name + " is declared " + declared + " but a value came as "
                     + v[0] + ".")
            data[name] = v
        if any(k not in data for k in t["keys"]):
            fail("a record of " + r.table_name + " lacks a key column.")
        key = json.dumps([data[k] for k in t["keys"]])
        if r.type == self.pb.UPSERT:
            table[key] = data
        elif r.type == self.pb.UPDATE:
            table.setdefault(key, {}).update(data)
        elif r.type == self.pb.DELETE:
            table.pop(key, None)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=["full", "resume", "selection"])
    p.add_argument("--address", required=True)
    p.add_argument("--reference", required=True)
    p.add_argument("--config", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--spec")
    p.add_argument("--secret-field")
    p.add_argument("--base")
    p.add_argument("--keep")
    args = p.parse_args()
    client = Client(args)
    result = {}
    if args.phase == "full":
        tests, fields = client.form()
        result["form_fields"] = fields
        result["bad_key_failure"] = client.test(tests[0], args.secret_field)
        schema = client.schema()
        rows = {}
        seen = client.update(schema, rows)
    elif args.phase == "resume":
        base = json.load(open(args.base))
        schema, rows = base["schema"], base["rows"]
        seen = client.update(schema, rows, state=base["state"])
    else:
        schema = client.schema()
        sel = client.pb.Selection()
        sel.without_schema.include_new_tables = False
        for name in schema:
            ts = sel.without_schema.tables.add(table_name=name, included=(name == args.keep))
            ts.include_new_columns = True
        rows = {}
        seen = client.update(schema, rows, selection=sel)
        others = [t for t in seen["records"] if t != args.keep]
        if others:
            fail("tables left out of the selection still streamed records: " + ", ".join(others))
        if not seen["records"].get(args.keep):
            fail("the selected table " + args.keep + " streamed no records.")
    result.update(schema=schema, rows=rows, records=seen["records"],
                  checkpoints=seen["checkpoints"], state=seen["state"],
                  truncated=sorted(set(seen["truncated"])), schema_changes=seen["schema_changes"])
    json.dump(result, open(args.out, "w"))


if __name__ == "__main__":
    main()
