#!/usr/bin/env bash
# The reliability proofs on their own, in a longer mode: crash torture with ROUNDS runs per
# connector (default 25), the fault soak and the bad-input sweep; then the table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh sluice sluice_tests >/dev/null
log=$(mktemp /tmp/sluice-reliability-XXXXXX.log)
SLUICE_RELIABILITY_LOG="$log" SLUICE_TORTURE_ROUNDS="${1:-25}" ./build/sluice_tests \
  --gtest_filter='*CrashTorture*:FaultSoak*:*BadConfigSweep*' --gtest_brief=1
bash scripts/reliability_table.sh "$log"
