#!/usr/bin/env bash
# Where a build's time goes: builds TARGETs (default: sluice) from scratch in DIR without ccache,
# records the CPU seconds (user+sys) of every compile and link through a compiler launcher, and
# prints the total, the heaviest units and the wall two idle cores would take (each target's units
# spread over two workers in the order make ran them; targets build one after another).
# Usage: bash scripts/build_times.sh [DIR [TARGET...]]   (docs/build.md has today's figures)
set -euo pipefail
if [ "${1:-}" = "--record" ]; then # the launcher: --record LOG COMMAND...
  shift
  log=$1
  shift
  out=? prev=
  for a in "$@"; do
    [ "$prev" = -o ] && out=$a
    prev=$a
  done
  t=$(mktemp)
  status=0
  TIMEFORMAT='%U %S'
  { time "$@" 2>&3 || status=$?; } 3>&2 2>"$t"
  echo "$(tail -1 "$t") $out" >>"$log"
  rm -f "$t"
  exit $status
fi
cd "$(dirname "$0")/.."
dir=${1:-/tmp/sluice-build-times}
shift || true
targets=("${@:-sluice}")
rm -rf "$dir"
mkdir -p "$dir"
log=$dir/units.log
launcher="bash;$(pwd)/scripts/build_times.sh;--record;$log"
CCACHE_DISABLE=1 cmake -S . -B "$dir" ${BUILD_TIMES_CMAKE_ARGS:-} -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
  -DCMAKE_CXX_LINKER_LAUNCHER="$launcher" >/dev/null
start=$(date +%s)
CCACHE_DISABLE=1 cmake --build "$dir" -j2 --target "${targets[@]}" >"$dir/build.log"
echo "built ${targets[*]} in $(($(date +%s) - start)) s of wall (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "heaviest units (CPU s):"
awk '{printf "%7.2f  %s\n", $1 + $2, $3}' "$log" | sed "s|$dir/||; s|CMakeFiles/||" | sort -gr | head -20
awk '{
  c = $1 + $2; t = $3
  if (match(t, /CMakeFiles\/[^\/]+\.dir\//)) t = substr(t, RSTART + 11, RLENGTH - 16); else t = "(link)"
  if (!(t in seen)) { seen[t] = 1; order[++n] = t }
  # Two workers per target: each unit goes to the one that frees first.
  if (w1[t] <= w2[t]) w1[t] += c; else w2[t] += c
  cpu += c; units++
} END {
  for (i = 1; i <= n; i++) { t = order[i]; span += (w1[t] > w2[t] ? w1[t] : w2[t]) }
  printf "%d units, %.0f CPU-s; on two idle cores about %.0f s of wall\n", units, cpu, span
}' "$log"
