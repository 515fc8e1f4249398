#!/usr/bin/env bash
# The reliability suite (docs/reliability.md) on SQLite and PostgreSQL: kill -9 during ingest, hostile
# requests, concurrent writers with corrections, backup under load, verify-audit at the end.
# Usage (from anywhere): bench/reliability/run.sh [--short] [--results-dir DIR]
#   --short: 3 kills and 1,000 hostile requests per provider (what .ci/run runs).
# PostgreSQL: uses PAYESH_TEST_PG when set, else starts a throwaway cluster with .ci/pg.sh (needs root).
# Talks only to 127.0.0.1 (ports PAYESH_RELIABILITY_PORT and the next one, default 5117/5118); the two
# providers run side by side. PAYESH_RELIABILITY_DLL: an already built Payesh.Web.dll (skips the Release
# build; .ci/run passes the one `dotnet test` built). PAYESH_RELIABILITY_PROVIDERS: e.g. "postgres" for one
# provider only. Exit code 0 when every check passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
short=() results=""
while [ $# -gt 0 ]; do
  case "$1" in
    --short) short=(--short) ;;
    --results-dir) results="$2"; shift ;;
  esac
  shift
done
port=${PAYESH_RELIABILITY_PORT:-5117}
dll=${PAYESH_RELIABILITY_DLL:-}
if [ -z "$dll" ]; then
  dotnet build -c Release src/Payesh.Web -v q -nologo >/dev/null || { echo "build failed"; exit 2; }
  dll=src/Payesh.Web/bin/Release/net10.0/Payesh.Web.dll
fi
if [ -z "${PAYESH_TEST_PG:-}" ]; then
  # The full suite runs on a durable cluster (fsync on); the short one in CI trades that for speed.
  [ ${#short[@]} -eq 0 ] && export PAYESH_PG_DURABLE=1
  # shellcheck source=.ci/pg.sh
  source .ci/pg.sh
  trap pg_stop_throwaway EXIT
fi
pids=()
for provider in ${PAYESH_RELIABILITY_PROVIDERS:-sqlite postgres}; do
  out=()
  [ -n "$results" ] && { mkdir -p "$results"; out=(--results "$results/reliability-$provider.json"); }
  p=$port; [ "$provider" = postgres ] && p=$((port + 1))
  python3 bench/reliability/suite.py --provider "$provider" --dll "$dll" --port "$p" "${short[@]}" "${out[@]}" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
