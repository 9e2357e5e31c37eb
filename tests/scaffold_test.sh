#!/usr/bin/env bash
# `sluice new demo_source` in a temporary copy of the tree: the generated connector builds with
# no other file edited, registers itself, and passes its generated end-to-end test.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$tmp" -xf -
cd "$tmp"
"$root/build/sluice" new demo_source
test -f connectors/demo_source/demo_source_connector.cc
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"${SCAFFOLD_JOBS:-2}" --target sluice_tests >/dev/null
./build/sluice connectors | grep -q demo_source
./build/sluice_tests --gtest_filter='DemoSourceE2E.*'
