#!/usr/bin/env bash
# Runs the browser tests with their screenshots going to a temporary folder (never into the repository), then lists
# them; copy the chosen ones into docs/screenshots by hand after looking at them.
#   bash tools/screenshots.sh [dotnet test filter]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d -t payesh-screens.XXXXXX)"
export PAYESH_SCREENSHOTS="$out"
export TMPDIR="${TMPDIR:-$(mktemp -d -t payesh-tmp.XXXXXX)}"
dotnet test tests/Payesh.Browser.Tests ${1:+--filter "$1"}
echo "screenshots in $out:"
ls -1 "$out"
