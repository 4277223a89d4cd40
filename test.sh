#!/usr/bin/env bash
# Installs the test data if missing (build/install-deps.sh), runs the whole test suite (xunit, Release) and ends
# with one line "N passed, N failed". Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Networks").
set -uo pipefail
cd "$(dirname "$0")"
bash build/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
log=$(mktemp)
dotnet test NetGeometry.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# xunit's summary lines look like "Passed!  - Failed:     0, Passed:    50, Skipped:     0, Total:    50, ...".
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build or runner failure counts as a failure
echo "$passed passed, $failed failed"
exit "$status"
