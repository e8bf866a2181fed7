#!/usr/bin/env bash
# Runs every test against a real PostgreSQL (started here, or reused when one already runs on the port) and a
# real SMTP server (maildev, installed from npm and started here), with Kombo's TypeScript SDK installed from npm for
# the sandbox's conformance test, and ends with one plain line: "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT"
source scripts/postgres.sh
source scripts/dotnet.sh
source scripts/maildev.sh
source scripts/kombo-sdk.sh

DATABASE="${TEST_DATABASE:-orleanskombo_test}"
RESULTS="$ROOT/.data/test-results"

summary() { echo "$1 passed, $2 failed"; }

trap 'maildev_stop; pg_stop' EXIT
mkdir -p .data
pg_start || { summary 0 1; exit 1; }
maildev_start || { summary 0 1; exit 1; }
kombo_sdk_install || echo "warning: Kombo's TypeScript SDK could not be installed; SdkConformanceTests will be skipped" >&2
pg_database "$DATABASE" fresh || { summary 0 1; exit 1; }
export ConnectionStrings__Postgres="$(pg_connection_string "$DATABASE")"

if ! dotnet_build; then
  echo "The build failed."
  summary 0 1
  exit 1
fi

rm -rf "$RESULTS"
dotnet test "$ROOT/OrleansKombo.sln" -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$RESULTS" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  skipped=$((skipped + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # the runner itself failed (crash, no results)
[ "$skipped" -gt 0 ] && echo "$skipped skipped (each says why above)"
summary "$passed" "$failed"
[ "$failed" -eq 0 ]
