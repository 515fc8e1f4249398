#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and a free port, as the postgres user.
# Usage: source .ci/pg.sh   → exports PAYESH_TEST_PG; call pg_stop_throwaway to stop and remove it.
set -euo pipefail
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL binaries not found (apt-get install postgresql)" >&2; return 1 2>/dev/null || exit 1; }
PG_DIR=$(mktemp -d /tmp/payesh-pg.XXXXXX)
chown postgres:postgres "$PG_DIR"
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# Tests trade durability for speed; benchmarks of durable writes set PAYESH_PG_DURABLE=1.
if [ "${PAYESH_PG_DURABLE:-0}" = 1 ]; then pg_opts=""; else pg_opts="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR $pg_opts -c max_connections=300 -c shared_buffers=512MB" start >/dev/null
export PAYESH_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Pooling=true;Maximum Pool Size=50"
export PAYESH_PG_DIR=$PG_DIR PAYESH_PG_BIN=$PG_BIN
pg_stop_throwaway() {
  runuser -u postgres -- "$PAYESH_PG_BIN/pg_ctl" -D "$PAYESH_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PAYESH_PG_DIR"
}
echo "PostgreSQL for tests on 127.0.0.1:$PG_PORT ($PG_DIR)"
