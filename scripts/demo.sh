#!/usr/bin/env bash
# Sets up, builds the `sluice` binary alone (the tests build in scripts/test.sh), then syncs the
# built-in Refiner sandbox into ./warehouse.duckdb and prints a summary of what landed. Extra
# arguments go to `sluice demo` (e.g. --responses 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/sluice demo refiner "$@"
