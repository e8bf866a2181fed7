#!/usr/bin/env bash
# Runs the unit tests first (tests/OrleansKombo.UnitTests: no database, no cluster, seconds; a failure stops here), then
# every other test against a real PostgreSQL (started here, or reused when one already runs on the port) and a
# real SMTP server (maildev, installed from npm and started here), with Kombo's TypeScript SDK installed from npm for
# the sandbox's conformance test, and ends with one plain line: "N passed, N failed" (both runs counted).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT"
source scripts/postgres.sh
source scripts/dotnet.sh
source scripts/maildev.sh
source scripts/kombo-sdk.sh
source scripts/chromium.sh

DATABASE="${TEST_DATABASE:-orleanskombo_test}"
RESULTS="$ROOT/.data/test-results"

summary() { echo "$1 passed, $2 failed"; }

trap 'maildev_stop; pg_stop' EXIT
mkdir -p .data

# Counts every test run so far from the trx files: "N passed, N failed" covers each project that ran.
count_results() {
  passed=0; failed=0; skipped=0
  for trx in "$RESULTS"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    skipped=$((skipped + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
}

# Names each failed test with the first line of its message, so the end of the log says what failed.
list_failures() {
  for trx in "$RESULTS"/*.trx; do
    [ -f "$trx" ] || continue
    awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); gsub(/&quot;/, "\"", name); want = 1 }
         want && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print "  FAILED " name ": " substr($0, 1, 300); want = 0 }' "$trx"
  done
}

# Prints the final line for runs that ended with $1 (0 = every run succeeded) and exits accordingly; the services
# stop first, so that line is the log's last.
finish() {
  maildev_stop; pg_stop; trap - EXIT
  count_results
  [ "$failed" -gt 0 ] && { echo "Failed tests:"; list_failures; }
  [ "$1" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a runner itself failed (crash, no results)
  [ "$skipped" -gt 0 ] && echo "$skipped skipped (each says why above)"
  summary "$passed" "$failed"
  [ "$failed" -eq 0 ]
  exit
}

run_tests() {
  dotnet test "$1" -c Release --no-build --nologo \
    --logger "console;verbosity=normal" --logger "trx" --results-directory "$RESULTS" "${@:2}"
}

if ! dotnet_build; then
  echo "The build failed."
  summary 0 1
  exit 1
fi
rm -rf "$RESULTS"

# The unit tests first, before PostgreSQL, maildev or any cluster starts: a logic mistake fails here in seconds.
if ! run_tests "$ROOT/tests/OrleansKombo.UnitTests" "$@"; then
  echo "The unit tests failed; the integration tests were not run."
  finish 1
fi

pg_start || finish 1
maildev_start || finish 1
kombo_sdk_install || echo "warning: Kombo's TypeScript SDK could not be installed; SdkConformanceTests will be skipped" >&2
chromium_install || echo "warning: Debian's chromium could not be installed; the console's browser tests will be skipped" >&2
pg_database "$DATABASE" fresh || finish 1
export ConnectionStrings__Postgres="$(pg_connection_string "$DATABASE")"

# Everything else; UnitTestsRunFirst keeps the unit tests from running twice (OrleansKombo.UnitTests.csproj).
run_tests "$ROOT/OrleansKombo.sln" -p:UnitTestsRunFirst=true "$@"
finish $?
