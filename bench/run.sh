#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md on this machine and prints the figures.
# Usage (as root, from the repository root): bash bench/run.sh [seconds-per-ingest-phase]
# Needs PostgreSQL binaries (apt-get install postgresql); starts its own durable cluster (fsync on).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
work=${PAYESH_BENCH_DIR:-/tmp/payesh-bench}
mkdir -p "$work"
dotnet build -c Release bench/Payesh.Benchmarks -v q -nologo
bench="dotnet bench/Payesh.Benchmarks/bin/Release/net10.0/Payesh.Benchmarks.dll"
web=src/Payesh.Web/bin/Release/net10.0/Payesh.Web.dll

PAYESH_PG_DURABLE=1 source .ci/pg.sh
trap pg_stop_throwaway EXIT
pg_base=$PAYESH_TEST_PG
psql_port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$pg_base")
for db in payesh_national payesh_ingest payesh_tree; do psql -h 127.0.0.1 -p "$psql_port" -U postgres -qc "CREATE DATABASE $db" >/dev/null; done

echo "== machine"; nproc; free -h | head -2; dotnet --version
echo "== engine (BenchmarkDotNet)"
$bench engine --filter '*' 2>&1 | grep -E '^\|' || true
echo "== load from the database (national: 31 provinces)"
$bench load sqlite "Data Source=$work/national.db" 31 3
$bench load postgres "$pg_base;Database=payesh_national;Command Timeout=0" 31 3
echo "== pages at national scale"
$bench pages sqlite "Data Source=$work/national.db" "$web" 1 20
echo "== whole tree in one call over HTTP"
rm -f "$work"/tree.db*
$bench tree sqlite "Data Source=$work/tree.db" "$web" 50
$bench tree postgres "$pg_base;Database=payesh_tree" "$web" 50
echo "== review queue with 100,000 waiting reports"
$bench review sqlite "Data Source=$work/review.db" "$web" 100000 40
echo "== /Reports/Today for an agency leading 200 actions"
rm -f "$work"/today.db*
$bench today sqlite "Data Source=$work/today.db" "$web" 200 40
echo "== ingest over HTTP (durable)"
rm -f "$work"/ingest.db*
$bench ingest sqlite "Data Source=$work/ingest.db" "$web" "$secs"
$bench ingest postgres "$pg_base;Database=payesh_ingest" "$web" "$secs"
