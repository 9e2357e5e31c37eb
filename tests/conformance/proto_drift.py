#!/usr/bin/python3
"""Fails, naming the first difference, when the project's .proto files drift from the published
Fivetran partner SDK v2 contract: package, services and their RPCs, every message (nested and map
entries too) with its fields' names, numbers, labels, types and oneofs, every enum and value.

Usage: proto_drift.py PROJECT_PROTO_DIR REFERENCE_PROTO_DIR
"""
import glob
import hashlib
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2


# The published files as Fivetran's partner SDK repository has them (commit 3037ce4): the reference
# copy must not drift either, or a mistake could be copied into both sides.
PUBLISHED_SHA256 = {
    "common.proto": "d8f6d74eedcef6cd63abb1b2d1391c80a34695db6bf76e2b7ef0f411be641365",
    "connector_sdk.proto": "f73872561e54f33fad3e100e396c6e1c306ae0705d9ec2b8abfe156773fbec3e",
}


def check_reference(directory):
    for name, digest in PUBLISHED_SHA256.items():
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            sys.exit("proto drift: the reference copy has no " + name + ".")
        if hashlib.sha256(open(path, "rb").read()).hexdigest() != digest:
            sys.exit("proto drift: the reference copy of " + name + " is not the published file; "
                     "restore it from Fivetran's partner SDK (commit 3037ce4).")


def load(directory, workdir):
    """The directory's .proto files as {file name: FileDescriptorProto}, compiled by protoc."""
    protos = sorted(os.path.basename(p) for p in glob.glob(os.path.join(directory, "*.proto")))
    out = os.path.join(workdir, os.path.basename(directory.rstrip("/")) + ".pb")
    try:
        subprocess.run(["protoc", "-I", directory, "--descriptor_set_out=" + out] + protos,
                       check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("proto drift: protoc could not compile " + directory + " (" + str(e) + ").")
    files = descriptor_pb2.FileDescriptorSet()
    files.ParseFromString(open(out, "rb").read())
    return {f.name: f for f in files.file}


def field_shape(f, oneofs):
    oneof = oneofs[f.oneof_index] if f.HasField("oneof_index") else None
    return {"number": f.number, "label": descriptor_pb2.FieldDescriptorProto.Label.Name(f.label),
            "type": descriptor_pb2.FieldDescriptorProto.Type.Name(f.type),
            "type_name": f.type_name, "oneof": oneof, "proto3_optional": f.proto3_optional}


def shapes(file):
    """Every named element of a file as {path: comparable shape}, in declaration order."""
    out = {"package": file.package, "imports": list(file.dependency),
           "options": str(file.options)}
    result = {file.name: out}

    def enum(prefix, e):
        result[prefix + e.name] = {"values": [(v.name, v.number) for v in e.value]}

    def message(prefix, m):
        path = prefix + m.name
        oneofs = [o.name for o in m.oneof_decl]
        result[path] = {"fields": [f.name for f in m.field], "oneofs": oneofs,
                        "map_entry": m.options.map_entry}
        for f in m.field:
            result[path + "." + f.name] = field_shape(f, oneofs)
        for n in m.nested_type:
            message(path + ".", n)
        for e in m.enum_type:
            enum(path + ".", e)

    for m in file.message_type:
        message("message ", m)
    for e in file.enum_type:
        enum("enum ", e)
    for s in file.service:
        result["service " + s.name] = {"methods": [m.name for m in s.method]}
        for m in s.method:
            result["service " + s.name + "." + m.name] = {
                "input": m.input_type, "output": m.output_type,
                "client_streaming": m.client_streaming, "server_streaming": m.server_streaming}
    return result


def first_difference(project, reference):
    if sorted(project) != sorted(reference):
        return "the files are " + str(sorted(project)) + ", the contract's " + str(sorted(reference))
    for name in sorted(reference):
        want, got = shapes(reference[name]), shapes(project[name])
        for path, shape in want.items():
            if path not in got:
                return name + ": " + path + " is missing"
            for key, value in shape.items():
                if got[path].get(key) != value:
                    return (name + ": " + path + " has " + key + " " + repr(got[path].get(key)) +
                            ", the contract " + repr(value))
        for path in got:
            if path not in want:
                return name + ": " + path + " is not in the contract"
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    check_reference(sys.argv[2])
    with tempfile.TemporaryDirectory() as work:
        os.makedirs(os.path.join(work, "p"))
        os.makedirs(os.path.join(work, "r"))
        project = load(sys.argv[1], os.path.join(work, "p"))
        reference = load(sys.argv[2], os.path.join(work, "r"))
    difference = first_difference(project, reference)
    if difference:
        sys.exit("proto drift: " + difference + ".")
    print("proto drift: the project's .proto files agree with the contract (" +
          str(sum(len(shapes(f)) for f in project.values())) + " elements compared).")


if __name__ == "__main__":
    main()
