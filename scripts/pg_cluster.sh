#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: `start DIR` initialises and starts one on a free
# loopback port and prints its URL; `stop DIR` stops it and removes DIR. Runs the server as the
# `postgres` system user when invoked as root (initdb refuses root).
set -euo pipefail
cmd="${1:?start|stop}"
dir="${2:?directory}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "pg_cluster: PostgreSQL server binaries not found; run scripts/setup.sh" >&2; exit 1; }
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # Local socket: trust (to set the password); TCP: password required, as on a real server.
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U sluice --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 >"$dir/initdb.log" 2>&1
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null
    "${as_pg[@]}" psql -h "$dir" -p "$port" -U sluice -d postgres -qc "ALTER USER sluice PASSWORD 'sluice-test-pw'" >/dev/null
    echo "postgres://sluice:sluice-test-pw@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
