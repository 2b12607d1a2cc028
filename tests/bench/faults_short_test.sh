#!/usr/bin/env bash
# Runs `./meridian faults --short` (tools/dev/faults.sh) from the build tree ctest runs in: the
# three real servers as processes against a PostgreSQL of the run's own, under the load tool,
# with each service killed and started again, PostgreSQL stopped abruptly for 5 s and started
# again, and a SIGTERM to each service with calls in flight. Checks outcomes only, never
# timings: the run's own checks held (ledger: acknowledged writes once, unknown outcomes at
# most once, no row without an entry, each create's event; every searchable candidate in the
# index as in its row; durable tasks and replacements done; the webhook caught up), every
# service reported
# NOT_SERVING while the database was away and SERVING after it came back, each SIGTERM'd
# service exited 0 without cancelling a call, and writes were acknowledged after the outage.
#
# Set by tests/bench/CMakeLists.txt: MERIDIAN_FAULTS_TEST_REPO (the checkout) and
# MERIDIAN_FAULTS_TEST_BUILD_DIR. Under `./meridian test`, MERIDIAN_TEST_TMPDIR is where the run's
# cluster goes (a killed run's is then reaped by the next one).
set -euo pipefail

REPO=${MERIDIAN_FAULTS_TEST_REPO:?}
BUILD=${MERIDIAN_FAULTS_TEST_BUILD_DIR:?}
TMP=${MERIDIAN_TEST_TMPDIR:-/tmp}
OUT="$(mktemp -d "$TMP/faults-test.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

rc=0
MERIDIAN_BUILD_DIR="$BUILD" MERIDIAN_FAULTS_SKIP_BUILD=1 MERIDIAN_FAULTS_TMPDIR="$TMP" \
  timeout --signal=TERM --kill-after=30 240 "$REPO/meridian" faults --short --json "$OUT/faults.json" || rc=$?
if ((rc != 0)); then
  echo "FAIL: ./meridian faults --short exited $rc" >&2
  exit 1
fi

check() {
  local what=$1 filter=$2
  if ! jq -e "$filter" "$OUT/faults.json" >/dev/null; then
    echo "FAIL: $what" >&2
    jq "$filter" "$OUT/faults.json" >&2 || true
    exit 1
  fi
}
check "the run's own checks held" '.ok == true and (.failed | length) == 0'
check "the ledger verified, with acknowledged writes" \
  '.load.verify.ok == true and .load.verify.checked > 0 and .load.verify.checked == .load.verify.entries - .load.verify.unknown'
check "no call ended INTERNAL or UNKNOWN" '.load.internal_or_unknown == 0'
check "each service was NOT_SERVING while the database was away" \
  '[.faults[] | select(.fault | startswith("PostgreSQL")) | .not_serving_samples > 0] | length == 3 and all'
check "each service was SERVING again after the database came back" \
  '[.faults[] | select(.fault | startswith("PostgreSQL")) | .serving_after_db_back_ms >= 0] | all'
check "each service sent SIGTERM exited 0 with no call cancelled" \
  '[.faults[] | select(.fault | startswith("SIGTERM")) | .exit_status == 0 and .calls_cancelled == 0] | length == 3 and all'
check "writes were acknowledged after the database came back" '.first_ok_write_after_db_start_ms >= 0'
check "every killed service was SERVING again" \
  '[.faults[] | select(.fault | startswith("SIGKILL")) | .serving_after_start_ms >= 0] | length == 3 and all'
echo "PASS"
