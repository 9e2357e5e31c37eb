#!/usr/bin/env bash
# Prints the reliability table from a log written by the crash, fault and bad-input tests
# (SLUICE_RELIABILITY_LOG): per connector, crash-resume runs passed, faults injected and
# survived, bad inputs refused, and duplicate or lost rows (which must be zero).
set -euo pipefail
log="${1:?usage: reliability_table.sh LOG}"
[ -s "$log" ] || { echo "reliability: no results in $log"; exit 1; }
awk '
  function field(name,   i, kv) {
    for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
    return 0
  }
  { c = $2; seen[c] = 1 }
  $1 == "crash"     { runs[c] += field("runs"); passed[c] += field("passed"); kills[c] += field("kills");
                      dup[c] += field("duplicates"); lost[c] += field("lost") }
  # survived: "yes" (the tables match a clean sync) or "stopped" (a clear error, then a clean
  # rerun completed the tables), as the stalled-page test allows; anything else is a failure.
  $1 == "faults"    { inj[c] += field("injected"); kinds[c] += field("kinds"); v = field("survived");
                      fruns[c]++; if (v == "yes" || v == "stopped") fok[c]++
                      if (v == "stopped") fstop[c]++ }
  $1 == "bad_input" { tried[c] += field("tried"); refused[c] += field("refused") }
  END {
    printf "%-10s | %-21s | %-7s | %-24s | %-22s | %-10s | %s\n", "connector", "crash-resume passed",
           "kills", "faults injected (kinds)", "fault runs survived", "bad inputs", "duplicate / lost rows"
    printf "-----------+-----------------------+---------+--------------------------+------------------------+------------+----------------------\n"
    bad = 0
    for (c in seen) {
      sv = fruns[c] ? sprintf("%d of %d runs", fok[c], fruns[c]) : "-"
      if (fstop[c]) sv = sv sprintf(", %d stopped", fstop[c])
      printf "%-10s | %9d of %-9d | %7d | %14d (%2d kinds) | %-22s | %3d of %-3d | %d / %d\n", c, passed[c],
             runs[c], kills[c], inj[c], kinds[c], sv, refused[c], tried[c], dup[c], lost[c]
      total_runs += runs[c]; total_passed += passed[c]
      if (passed[c] != runs[c] || dup[c] || lost[c] || refused[c] != tried[c] || fok[c] != fruns[c]) bad = 1
    }
    printf "crash-resume runs: %d passed of %d\n", total_passed, total_runs
    exit bad
  }' "$log"
