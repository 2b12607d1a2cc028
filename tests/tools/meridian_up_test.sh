#!/usr/bin/env bash
# Tests `./meridian up`'s supervisor with the real script, a real private PostgreSQL and the
# real servers from the build tree ctest runs in (so `up`'s build step has nothing to do).
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

WORK="$(mktemp -d "${MERIDIAN_TEST_TMPDIR:-/tmp}/meridian-up-test.XXXXXX")"
chmod 755 "$WORK" # as root, the cluster runs as `postgres`, which must reach it
STATE="$WORK/state"
UP_PID=""
PG_PORT="" INTAKE_PORT="" TALENT_PORT="" PLACEMENT_PORT=""

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
note() { echo "--- $*" >&2; }

# True if the process exists and is not a zombie.
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ ${stat##*) } != Z* ]]
}

# The pid `up` recorded for a service (run/<svc>.pid: "pid start-time"); empty if none.
svc_pid() {
  local pid="" _
  read -r pid _ <"$STATE/run/$1.pid" 2>/dev/null || true
  printf '%s\n' "$pid"
}

postmaster_pid() { head -n 1 "$STATE/pgdata/postmaster.pid" 2>/dev/null || true; }

# Every process that is ours: postgres processes in our directory and servers that use our
# intake port (intake listens there, talent and placement call it). What must be gone at the end.
leftovers() {
  local proc cwd cmd
  [[ -n $INTAKE_PORT ]] || return 0
  for proc in /proc/[0-9]*; do
    [[ ${proc#/proc/} == "$$" ]] && continue
    cwd="$(readlink "$proc/cwd" 2>/dev/null)" || continue
    cmd="$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null)" || continue
    alive "${proc#/proc/}" || continue
    if [[ $cwd == "$WORK"* || ($cmd == *_server* && $cmd == *":$INTAKE_PORT"*) ]]; then
      printf '%s %s\n' "${proc#/proc/}" "$cmd"
    fi
  done
}

cleanup() {
  local rc=$? i pid _
  set +e
  if [[ -n $UP_PID ]] && alive "$UP_PID"; then
    kill -TERM "$UP_PID" 2>/dev/null
    for ((i = 0; i < 400; i++)); do
      alive "$UP_PID" || break
      sleep 0.1
    done
    kill -KILL "$UP_PID" 2>/dev/null
  fi
  # What a failed `up` may have left: its postmaster (immediate shutdown), then its services
  # (in sessions of their own) and anything else of ours.
  pid="$(postmaster_pid)"
  if [[ -n $pid ]] && alive "$pid"; then
    kill -QUIT "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
      alive "$pid" || break
      sleep 0.1
    done
  fi
  while read -r pid _; do kill -KILL "$pid" 2>/dev/null; done < <(leftovers)
  if ((rc != 0)); then
    echo "==== ./meridian up output ====" >&2
    cat "$WORK/up.out" >&2 2>/dev/null
    echo "==== end of output ====" >&2
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

# A free TCP port on 127.0.0.1, not one handed out already in this test. Below the kernel's
# ephemeral range (as ./meridian picks ports): an outgoing connection of a test running
# beside this one could otherwise take the port before the service binds it.
declare -A TAKEN=()
free_port() {
  local port i low=32768 first=20000 count
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  count=$((low - first))
  ((count >= 2000)) || { first=61000 count=4000; }
  for ((i = 0; i < 200; i++)); do
    port=$((first + ((RANDOM << 15) | RANDOM) % count))
    [[ -z ${TAKEN[$port]:-} ]] || continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      TAKEN[$port]=1
      printf '%s\n' "$port"
      return 0
    fi
  done
  fail "no free port"
}
PG_PORT="$(free_port)"
INTAKE_PORT="$(free_port)"
TALENT_PORT="$(free_port)"
PLACEMENT_PORT="$(free_port)"
declare -A PORT=([intake]=$INTAKE_PORT [talent]=$TALENT_PORT [placement]=$PLACEMENT_PORT)
declare -A HEALTH_NAME=([intake]=meridian.intake.v1.IntakeService
  [talent]=meridian.talent.v1.TalentService [placement]=meridian.placement.v1.PlacementService)

# Starts `./meridian up` in the background with our ports and directories, nothing of the
# caller's configuration, and the given extra VAR=value settings.
start_up() {
  env -u MERIDIAN_DATABASE_URL -u MERIDIAN_CMAKE_ARGS -u MERIDIAN_PG_DIR \
    -u MERIDIAN_INTAKE_FLAGS -u MERIDIAN_TALENT_FLAGS -u MERIDIAN_PLACEMENT_FLAGS \
    MERIDIAN_BUILD_DIR="$BUILD" MERIDIAN_STATE_DIR="$STATE" MERIDIAN_PG_PORT="$PG_PORT" \
    MERIDIAN_INTAKE_PORT="$INTAKE_PORT" MERIDIAN_TALENT_PORT="$TALENT_PORT" \
    MERIDIAN_PLACEMENT_PORT="$PLACEMENT_PORT" "$@" \
    "$REPO/meridian" up >"$WORK/up.out" 2>&1 </dev/null &
  UP_PID=$!
  note "./meridian up is pid $UP_PID (ports: pg $PG_PORT, intake $INTAKE_PORT, talent $TALENT_PORT, placement $PLACEMENT_PORT)"
}

serving() { "$PROBE" "127.0.0.1:${PORT[$1]}" "${HEALTH_NAME[$1]}" >/dev/null 2>&1; }

# Waits (at most SECONDS) until every named service is SERVING; `up` must stay up meanwhile.
wait_serving() {
  local limit=$1 svc deadline=$((SECONDS + $1))
  shift
  for svc in "$@"; do
    until serving "$svc"; do
      alive "$UP_PID" || fail "./meridian up exited while waiting for $svc"
      ((SECONDS < deadline)) || fail "$svc not SERVING within $limit s"
      sleep 0.2
    done
  done
}

# Waits (at most SECONDS) for process PID to be gone.
wait_gone() {
  local pid=$1 limit=$2 i
  for ((i = 0; i < limit * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

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
    (($(out_count 'talent is back') == round)) || fail "talent's return not logged"
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
