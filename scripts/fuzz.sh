#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) and runs each for SECONDS
# (default 15; CI's bounded run). A crash, or a fuzzer that cannot build, start or finish, fails
# the script; a crash leaves its input in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
CXX="${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++)}"
out=build-fuzz
mkdir -p "$out/obj" "$out/crashes"
# cpp-httplib's flags are the ones Debian built its library with.
flags=(-std=c++20 -O1 -gline-tables-only -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -Isrc -Wall -Werror $(pkg-config --cflags-only-other cpp-httplib))
sources=(src/sluice/core/*.cc src/sluice/json/*.cc src/sluice/http/paginator.cc src/sluice/http/request.cc
  src/sluice/http/{http_server,connection_stream,connection_pool,request_head_guard}.cc
  src/sluice/http/{server_request,server_response}.cc)
objects=()
for s in "${sources[@]}"; do
  o="$out/obj/$(echo "$s" | tr / _).o"
  if [ ! -f "$o" ] || [ "$s" -nt "$o" ]; then "$CXX" "${flags[@]}" -c "$s" -o "$o"; fi
  objects+=("$o")
done
for target in fuzz/fuzz_*.cc; do
  name=$(basename "$target" .cc)
  "$CXX" "${flags[@]}" -fsanitize=fuzzer "$target" "${objects[@]}" -lsimdjson -lcpp-httplib -lz -o "$out/$name"
  corpus="$out/corpus/$name"
  mkdir -p "$corpus"
  cp -n fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $name for ${seconds}s"
  status=0
  "$out/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$name-" "$corpus" >"$out/$name.log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|==.*ERROR|SUMMARY)" "$out/$name.log" || true
  if ls "$out/crashes/$name-"* >/dev/null 2>&1; then
    echo "fuzz: $name found a crash: $(ls "$out/crashes/$name-"*)"; exit 1
  fi
  # A fuzzer that could not start or ended early fails too (its log says why).
  if [ "$status" -ne 0 ] || ! grep -q "^stat::number_of_executed_units" "$out/$name.log"; then
    echo "fuzz: $name failed (exit $status); see $out/$name.log"; tail -5 "$out/$name.log"; exit 1
  fi
done
echo "fuzz: every target ran ${seconds}s without a crash"
