#!/usr/bin/env bash
# Tests `./meridian up`'s supervisor with the real script, a real private PostgreSQL and the
# real servers from the build tree ctest runs in (so `up`'s build step has nothing to do), through
# the harness in tests/support/meridian_up.sh (ports, start, waits, clean-up).
#
#   meridian_up_test.sh RestartsAKilledServiceAndKeepsTheRest
#   meridian_up_test.sh GivesUpOnAServiceThatNeverStarts
#
# Set by tests/tools/CMakeLists.txt: MERIDIAN_UP_TEST_REPO (the checkout), ..._BUILD_DIR,
# ..._PROBE (meridian_health_probe). Under `./meridian test`, MERIDIAN_TEST_TMPDIR is where
# the private cluster goes (a killed run's cluster is then reaped by the next run).
# Every wait is bounded, and the EXIT trap kills whatever the test started.
set -euo pipefail

CASE=${1:?usage: meridian_up_test.sh <case>}
REPO=${MERIDIAN_UP_TEST_REPO:?}
BUILD=${MERIDIAN_UP_TEST_BUILD_DIR:?}
PROBE=${MERIDIAN_UP_TEST_PROBE:?}

# shellcheck source=tests/support/meridian_up.sh
source "$(dirname "${BASH_SOURCE[0]}")/../support/meridian_up.sh"

# True if process PID still runs and is the one `up` records now (CURRENT).
same_process() { alive "$1" && [[ $2 == "$1" ]]; }

# Counts lines of up's output matching an extended regular expression.
out_count() { grep -cE "$1" "$WORK/up.out" || true; }

restarts_a_killed_service_and_keeps_the_rest() {
  # Fast back-offs; a run of 3 s is long enough to reset the count.
  start_up MERIDIAN_RESTART_BACKOFF=0.2 MERIDIAN_RESTART_LIMIT=3 MERIDIAN_RESTART_RESET=3
  # `up` runs ninja's (empty) check and initdb first: allow time. The bounds of this test
  # add up to well under its ctest TIMEOUT, so that its EXIT trap always gets to run.
  wait_serving 90 intake talent placement
  local intake placement talent pg
  intake="$(svc_pid intake)" placement="$(svc_pid placement)" talent="$(svc_pid talent)"
  pg="$(postmaster_pid)"
  [[ -n $intake && -n $placement && -n $talent && -n $pg ]] || fail "pids not found"
  note "all SERVING: intake $intake, talent $talent, placement $placement, postmaster $pg"

  # The terminal shows a short line per event; the log files keep the JSON.
  (($(out_count '^[0-9]{2}:[0-9]{2}:[0-9]{2} intake +serving +listen_address=') == 1)) ||
    fail "no readable 'serving' line for intake on up's terminal"
  (($(out_count '^\{"time"') == 0)) || fail "JSON log lines on up's terminal"
  head -n 1 "$STATE/logs/intake.log" | grep -q '^{"time":' || fail "intake's log file is not JSON"
  MERIDIAN_BUILD_DIR="$BUILD" MERIDIAN_STATE_DIR="$STATE" "$REPO/meridian" logs talent intake \
    >"$WORK/logs.out" 2>&1 || fail "./meridian logs failed: $(cat "$WORK/logs.out")"
  grep -qE '^[0-9:]{8} talent +serving' "$WORK/logs.out" || fail "./meridian logs lacks talent"
  grep -qE '^[0-9:]{8} intake +serving' "$WORK/logs.out" || fail "./meridian logs lacks intake"

  local round new
  for round in 1 2; do
    kill -KILL "$talent"
    note "round $round: killed talent ($talent) with SIGKILL"
    wait_gone "$talent" 10 || fail "talent $talent survived SIGKILL"
    # Back on the same port, as a new process.
    local deadline=$((SECONDS + 30))
    until new="$(svc_pid talent)" && [[ $new != "$talent" ]] && serving talent; do
      alive "$UP_PID" || fail "./meridian up exited after talent was killed"
      ((SECONDS < deadline)) || fail "talent did not come back SERVING within 30 s"
      sleep 0.2
    done
    note "round $round: talent back SERVING on port $TALENT_PORT as pid $new"
    talent=$new
    # Nothing else was touched.
    same_process "$intake" "$(svc_pid intake)" || fail "intake was restarted or stopped"
    same_process "$placement" "$(svc_pid placement)" || fail "placement was restarted or stopped"
    same_process "$pg" "$(postmaster_pid)" || fail "PostgreSQL was restarted or stopped"
    serving intake || fail "intake not SERVING after talent's restart"
    serving placement || fail "placement not SERVING after talent's restart"
    # Logged with the signal and the attempt; the second kill comes after a run longer than
    # MERIDIAN_RESTART_RESET, so it counts from 1 again.
    (($(out_count 'talent exited unexpectedly \(killed by SIGKILL\).*restart 1 of 3') == round)) ||
      fail "restart $round of talent not logged as 'killed by SIGKILL ... restart 1 of 3'"
    # The supervisor notices the return on its own health poll, maybe after this test did.
    local logged_by=$((SECONDS + 10))
    until (($(out_count 'talent is back') == round)); do
      ((SECONDS < logged_by)) || fail "talent's return not logged"
      sleep 0.2
    done
    sleep 3.5 # past MERIDIAN_RESTART_RESET
  done

  # SIGTERM stops everything cleanly, services first, then PostgreSQL.
  kill -TERM "$UP_PID"
  local status=0
  wait_gone "$UP_PID" 45 || fail "./meridian up did not stop within 45 s of SIGTERM"
  wait "$UP_PID" || status=$?
  UP_PID=""
  ((status == 0)) || fail "./meridian up exited with status $status after SIGTERM"
  local pid
  for pid in "$intake" "$talent" "$placement" "$pg"; do
    alive "$pid" && fail "process $pid still runs after ./meridian up stopped"
  done
  [[ -z $(leftovers) ]] || fail "left running: $(leftovers)"
  grep -q 'meridian: stopped' "$WORK/up.out" || fail "no 'stopped' line"
  note "stopped cleanly"
}

gives_up_on_a_service_that_never_starts() {
  # An unknown flag: talent exits at once, every time.
  start_up MERIDIAN_RESTART_BACKOFF=0.1 MERIDIAN_RESTART_LIMIT=2 \
    MERIDIAN_TALENT_FLAGS=--no_such_flag_for_this_test
  local status=0
  wait_gone "$UP_PID" 90 || fail "./meridian up did not give up within 90 s"
  wait "$UP_PID" || status=$?
  UP_PID=""
  ((status != 0)) || fail "./meridian up exited 0 after giving up"
  note "./meridian up exited with status $status"
  (($(out_count 'talent exited unexpectedly \(exit status [0-9]+\).*restart 1 of 2') == 1)) ||
    fail "restart 1 of 2 not logged"
  (($(out_count 'talent exited unexpectedly \(exit status [0-9]+\).*restart 2 of 2') == 1)) ||
    fail "restart 2 of 2 not logged"
  (($(out_count 'restart 3 of') == 0)) || fail "restarted beyond the limit"
  grep -qE "talent exited .* after 2 restarts in a row; giving up .*its log: $STATE/logs/talent.log" \
    "$WORK/up.out" || fail "no clear give-up message pointing at talent's log"
  grep -q 'no_such_flag_for_this_test' "$STATE/logs/talent.log" ||
    fail "talent's log does not show why it failed"
  # Intake had started: it is stopped along with PostgreSQL.
  [[ -z $(leftovers) ]] || fail "left running: $(leftovers)"
  note "gave up as expected"
}

stops_at_once_on_a_refused_configuration() {
  # A value the service refuses (exit status 2): restarting would fail the same way.
  start_up MERIDIAN_RESTART_BACKOFF=5 MERIDIAN_RESTART_LIMIT=5 \
    MERIDIAN_TALENT_FLAGS=--db_pool_size=0
  local status=0
  wait_gone "$UP_PID" 60 || fail "./meridian up did not stop within 60 s"
  wait "$UP_PID" || status=$?
  UP_PID=""
  ((status != 0)) || fail "./meridian up exited 0"
  (($(out_count 'restart 1 of') == 0)) || fail "restarted a service that refused its configuration"
  grep -qE "talent refused its configuration \(exit status 2\); not restarting it; its log: $STATE/logs/talent.log" \
    "$WORK/up.out" || fail "no clear message naming the configuration and talent's log"
  [[ -z $(leftovers) ]] || fail "left running: $(leftovers)"
  note "stopped at once as expected"
}

case $CASE in
  RestartsAKilledServiceAndKeepsTheRest) restarts_a_killed_service_and_keeps_the_rest ;;
  StopsAtOnceOnARefusedConfiguration) stops_at_once_on_a_refused_configuration ;;
  GivesUpOnAServiceThatNeverStarts) gives_up_on_a_service_that_never_starts ;;
  *) fail "unknown case $CASE" ;;
esac
echo "PASS: $CASE"
