#!/usr/bin/env bash
# Sets up (packages, DuckDB), builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_TYPE="${BUILD_TYPE:-Release}" bash scripts/setup.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
