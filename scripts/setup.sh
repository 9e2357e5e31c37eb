#!/usr/bin/env bash
# Installs everything Sluice needs on a fresh Debian machine, then builds the given CMake targets
# (default: the `sluice` binary alone; scripts/test.sh builds everything).
# Debian packages come from apt; DuckDB's library and header from the npm registry, pinned.
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_BINDINGS="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
DUCKDB_SOURCE="duckdb@1.4.4"
PACKAGES=(build-essential cmake pkg-config libcurl4-openssl-dev libsimdjson-dev nlohmann-json3-dev
  libcli11-dev libgtest-dev zlib1g-dev libpq-dev postgresql libgrpc++-dev
  libprotobuf-dev protobuf-compiler protobuf-compiler-grpc libyaml-cpp-dev libcpp-httplib-dev clang
  # The conformance tests speak to Sluice's faces from clients built from the published contracts:
  # a gRPC client compiled from Fivetran's .proto files, the Airbyte schema's validator.
  python3-grpcio python3-protobuf python3-jsonschema python3-yaml
  # `sluice ui` is tested in a real browser, headless.
  chromium)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f third_party/duckdb/libduckdb.so ] || [ ! -f third_party/duckdb/duckdb.h ]; then
  echo "setup: fetching DuckDB ($DUCKDB_BINDINGS, $DUCKDB_SOURCE) from the npm registry"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$DUCKDB_BINDINGS" "$DUCKDB_SOURCE" >/dev/null 2>&1)
  mkdir -p third_party/duckdb
  tar -xzf "$tmp"/duckdb-node-bindings-linux-x64-*.tgz -C "$tmp" package/libduckdb.so
  cp "$tmp/package/libduckdb.so" third_party/duckdb/
  tar -xzf "$tmp"/duckdb-1.4.4.tgz -C "$tmp" package/src/duckdb/src/include/duckdb.h
  cp "$tmp/package/src/duckdb/src/include/duckdb.h" third_party/duckdb/
  rm -rf "$tmp"
fi

BUILD_TYPE="${BUILD_TYPE:-Release}"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
targets=("${@:-sluice}")
cmake --build build -j"$(nproc)" --target "${targets[@]}"
