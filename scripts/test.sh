#!/usr/bin/env bash
# Sets up (packages, DuckDB), builds, starts a private PostgreSQL cluster, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
BUILD_TYPE="${BUILD_TYPE:-Release}" bash scripts/setup.sh all
pgdir=$(mktemp -d /tmp/sluice-pg-XXXXXX)
trap 'rc=$?; bash "$root/scripts/pg_cluster.sh" stop "$pgdir" || true; exit $rc' EXIT
SLUICE_TEST_PG=$(bash scripts/pg_cluster.sh start "$pgdir")
export SLUICE_TEST_PG
echo "test PostgreSQL: $SLUICE_TEST_PG"
# The crash, fault and bad-input tests report what they proved here; the table ends the run.
SLUICE_RELIABILITY_LOG=$(mktemp /tmp/sluice-reliability-XXXXXX.log)
export SLUICE_RELIABILITY_LOG
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 900)
bash scripts/reliability_table.sh "$SLUICE_RELIABILITY_LOG"
