#!/usr/bin/env bash
# The screen tour (issue 12): every screen at 1366×768 and 390×844 and every printed page, written into
# docs/screenshots/tour with its index. Look at the pictures before committing them.
#   bash tools/screen-tour.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PAYESH_SCREEN_TOUR=1
export TMPDIR="${TMPDIR:-$(mktemp -d -t payesh-tmp.XXXXXX)}"
dotnet test tests/Payesh.Browser.Tests --filter "FullyQualifiedName~ScreenTourTests" --logger "console;verbosity=detailed"
ls -la docs/screenshots/tour
