# tests/support/meridian_up.sh: runs the real `./meridian up` for a test script: a private
# PostgreSQL and the three real servers from the build tree ctest runs in (so `up`'s build step
# has nothing to do), on free ports, with its state in a directory of the test's own; waits
# until the services are SERVING, and stops everything when the script exits. Sourced by
# tests/tools/meridian_up_test.sh (`up`'s supervision) and tests/examples/examples_test.sh (the
# partner examples against the running services):
#
#   REPO=... BUILD=... PROBE=...            # the checkout, the build tree, meridian_health_probe
#   source tests/support/meridian_up.sh     # makes WORK (with STATE), picks the ports, sets traps
#   start_up MERIDIAN_RESTART_LIMIT=3       # ./meridian up in the background (output: $WORK/up.out)
#   wait_serving 90 intake talent placement
#
# Under `./meridian test`, MERIDIAN_TEST_TMPDIR is where the private cluster goes (a killed run's
# cluster is then reaped by the next run). Every wait is bounded, and the EXIT trap kills
# whatever the test started; on failure it prints up's output. Needs `set -euo pipefail`.
# shellcheck shell=bash

: "${REPO:?}" "${BUILD:?}" "${PROBE:?}"

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
# ephemeral range (as ./meridian picks ports), and so is the metrics port 1000 above it
# (services.sh): an outgoing connection of a test running beside this one could otherwise
# take the port before the service binds it (seen: placement's metrics port, beside the
# faults test's load).
declare -A TAKEN=()
free_port() {
  local port i low=32768 first=20000 count
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  count=$((low - first - 1000))
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
