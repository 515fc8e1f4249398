#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md (issue 14's Done-when figures) in one run, on SQLite and PostgreSQL,
# and prints the figures with the raw yardsticks and the ratios, the machine load (uptime) before each step, and a
# summary at the end. Everything printed is also written to $PAYESH_BENCH_DIR/run-<UTC time>.txt.
#
# Usage (as root, from the repository root):
#   bash bench/run.sh [--quick] [seconds-per-ingest-phase]
#     --quick   minutes instead of an hour: province scale (1 province, 333,864 reports) instead of the nation for
#               load/pages/series/restart, no BenchmarkDotNet sweep, 20 runs per page, 5 s ingest phases.
# Needs PostgreSQL binaries (apt-get install postgresql): starts its own durable cluster (fsync on) and stops it at the
# end. PAYESH_BENCH_PG="Host=…;Port=…;Username=…" uses an existing server instead (its durability is then its own).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
if [ $quick = 1 ]; then secs=${1:-5}; provinces=1; runs=20; treeruns=30; waiting=20000; else secs=${1:-15}; provinces=31; runs=20; treeruns=50; waiting=100000; fi
work=${PAYESH_BENCH_DIR:-/tmp/payesh-bench}
mkdir -p "$work"
out="$work/run-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$out") 2>&1

step() { echo; echo "== $*"; echo "   $(date -u +%H:%M:%S) UTC, uptime:$(uptime | sed 's/.*up [^,]*,[^,]*,//')"; }

dotnet build -c Release bench/Payesh.Benchmarks -v q -nologo > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
bench="dotnet bench/Payesh.Benchmarks/bin/Release/net10.0/Payesh.Benchmarks.dll"
web=src/Payesh.Web/bin/Release/net10.0/Payesh.Web.dll

if [ -n "${PAYESH_BENCH_PG:-}" ]; then
  pg_base=$PAYESH_BENCH_PG
  pg_note="existing server ($pg_base)"
else
  PAYESH_PG_DURABLE=1 source .ci/pg.sh
  trap pg_stop_throwaway EXIT
  pg_base=$PAYESH_TEST_PG
  pg_note="own durable cluster (fsync on)"
fi
pg_host=$(sed 's/.*Host=\([^;]*\).*/\1/' <<<"$pg_base")
pg_port=$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$pg_base")
pg_user=$(sed 's/.*Username=\([^;]*\).*/\1/' <<<"$pg_base")
national=payesh_bench_national_$provinces
for db in payesh_bench_ingest payesh_bench_tree payesh_bench_startup; do
  psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "CREATE DATABASE $db" >/dev/null
done
psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -qc "CREATE DATABASE $national" >/dev/null 2>&1 || true  # kept between runs: filling it is slow

step "machine"
echo "   $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') memory, .NET SDK $(dotnet --version), commit $(git rev-parse --short HEAD), quick=$quick"
echo "   PostgreSQL: $pg_note; SQLite files in $work"

if [ $quick = 0 ]; then
  step "engine (BenchmarkDotNet, ShortRun: province and national; AxesSeries = the 27 axes in one call)"
  $bench engine --filter '*' 2>&1 | grep -E '^\|' || true
fi

step "series after a new report, kept vs recomputed ($provinces province(s))"
$bench series "$provinces" 50

step "start-up: fresh demo database and restarts"
$bench startup sqlite "Data Source=$work/startup.db" "$web" fresh 2
$bench startup postgres "$pg_base;Database=payesh_bench_startup" "$web" fresh 2

step "load into the engine, $provinces province(s) (fills the database once; reused by later runs)"
$bench load sqlite "Data Source=$work/national-$provinces.db" "$provinces" 3
$bench load postgres "$pg_base;Database=$national;Command Timeout=0" "$provinces" 3

step "restart on the $provinces-province database (first start creates the admin user; then restarts)"
$bench startup sqlite "Data Source=$work/national-$provinces.db" "$web" restart 2
$bench startup postgres "$pg_base;Database=$national;Command Timeout=0" "$web" restart 2

step "pages at $provinces-province scale (dashboard, plan tree, accountability report)"
$bench pages sqlite "Data Source=$work/national-$provinces.db" "$web" 1 "$runs"
$bench pages postgres "$pg_base;Database=$national;Command Timeout=0" "$web" 1 "$runs"

step "whole tree in one call over HTTP (1,216 and 5,698 nodes)"
rm -f "$work"/tree.db*
$bench tree sqlite "Data Source=$work/tree.db" "$web" "$treeruns"
$bench tree postgres "$pg_base;Database=payesh_bench_tree" "$web" "$treeruns"

step "ingest over HTTP (single POSTs 1 and 8 clients, batches of 500) against raw yardsticks; audit chain verified after"
rm -f "$work"/ingest.db*
$bench ingest sqlite "Data Source=$work/ingest.db" "$web" "$secs"
$bench ingest postgres "$pg_base;Database=payesh_bench_ingest" "$web" "$secs"

if [ $quick = 0 ]; then
  step "review queue with $waiting waiting reports"
  rm -f "$work"/review.db*
  $bench review sqlite "Data Source=$work/review.db" "$web" "$waiting" 40
  step "/Reports/Today for an agency leading 200 actions"
  rm -f "$work"/today.db*
  $bench today sqlite "Data Source=$work/today.db" "$web" 200 40
fi

step "summary (issue 14 Done-when; paste with the lines above into docs/benchmarks.md)"
grep -E "AxesSeries|WholeTree|: tree |startup |load [0-9]+ province|GET /\?plan=1 |GET /Accountability|POSTs|batches of 500|raw |/ raw|reports table's copy|audit chain|failed|kept|recomputed" "$out" | grep -v '^   ' || true
echo "full output: $out"
