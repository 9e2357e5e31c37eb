#!/usr/bin/env bash
# `sluice new demo_source` in a temporary copy of the tree: the generated connector builds with
# no other file edited, registers itself, and passes its generated end-to-end test. Run it after
# building the tree (ctest does): the copy links the tree's build for everything else.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$tmp" -xf -
cd "$tmp"
"$root/build/sluice" new demo_source
test -f connectors/demo_source/demo_source_connector.cc
# Everything but the new connector is linked from the tree's own build (SLUICE_PREBUILT in
# CMakeLists.txt): the test is about what a new connector needs, not about building the rest again.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSLUICE_PREBUILT="$root/build" >/dev/null
cmake --build build -j"${SCAFFOLD_JOBS:-2}" --target sluice_tests >/dev/null
# Only the new connector compiled: the engine's and the command line's objects, unity units
# included, all came from the tree's build.
compiled=$(cd build/CMakeFiles && find sluice_lib.dir sluice.dir sluice_connectors.dir -name '*.o' |
  grep -v demo_source || true)
if [ -n "$compiled" ]; then
  echo "scaffold: compiled again instead of linked from $root/build:" $compiled >&2
  exit 1
fi
./build/sluice connectors | grep -q demo_source
./build/sluice_tests --gtest_filter='DemoSourceE2E.*'
