# tools/dev/lib.sh: small helpers every part of `./meridian` uses: messages, and processes
# (is it alive, start it in its own session, stop it, record it in a file) and ports.
# Sourced by ./meridian; defines functions only.
# shellcheck shell=bash

# Never fails: a reader of our output that went away must not stop a cleanup halfway.
log() { printf 'meridian: %s\n' "$*" >&2 || true; }
die() {
  log "error: $*"
  exit 1
}
is_root() { [[ $EUID -eq 0 ]]; }

# ---------------------------------------------------------------------------------------
# Processes

# The fields of /proc/PID/stat after the command name (which may hold spaces), into the
# array STAT_FIELDS: [0] is the state, [2] the process group, [19] the start time.
read_stat() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  read -ra STAT_FIELDS <<<"${stat##*) }"
}

# The start time (in clock ticks since boot) of a process: with the pid it identifies the
# process even after its pid is reused.
proc_start_time() {
  local -a STAT_FIELDS
  read_stat "$1" || return 1
  printf '%s\n' "${STAT_FIELDS[19]}"
}

# True if the process exists and is not a zombie (and, given a start time, is that process).
proc_alive() {
  local pid=$1 start=${2:-}
  local -a STAT_FIELDS
  read_stat "$pid" || return 1
  [[ ${STAT_FIELDS[0]} != Z ]] || return 1
  [[ -z $start || ${STAT_FIELDS[19]} == "$start" ]]
}

# True if a live (non-zombie) process is in process group PGID. `kill -0 -PGID` would also
# count zombies, which linger when the init of a container is slow to reap orphans.
group_alive() {
  local proc
  local -a STAT_FIELDS
  for proc in /proc/[0-9]*; do
    read_stat "${proc#/proc/}" || continue
    [[ ${STAT_FIELDS[2]} == "$1" && ${STAT_FIELDS[0]} != Z ]] && return 0
  done
  return 1
}

# Writes "PID START-TIME" to FILE: whoever reads it later (record_alive) can tell that
# process from a newer one that got the same pid.
record_process() {
  printf '%s %s\n' "$1" "$(proc_start_time "$1")" >"$2"
}

# True if FILE names a process (record_process) that still runs; its pid is left in
# RECORDED_PID either way (empty if FILE holds none).
RECORDED_PID=""
record_alive() {
  local start=""
  RECORDED_PID=""
  if [[ -r $1 ]]; then read -r RECORDED_PID start <"$1" 2>/dev/null || true; fi
  [[ -n $RECORDED_PID ]] && proc_alive "$RECORDED_PID" "$start"
}

# Runs CONDITION (a command) every 0.2 s while it holds, at most TRIES times. Returns 0 as
# soon as it fails (what we waited for happened), 1 if it still holds at the end.
poll_while() {
  local tries=$1 i
  shift
  for ((i = 0; i < tries; i++)); do
    "$@" || return 0
    sleep 0.2
  done
  ! "$@"
}

# Stops one process: SIGTERM, up to TRIES x 0.2 s to exit, then SIGKILL. Returns 1 if it
# had to be killed.
stop_process() {
  local pid=$1 tries=$2
  kill -TERM "$pid" 2>/dev/null || return 0
  poll_while "$tries" proc_alive "$pid" && return 0
  kill -KILL "$pid" 2>/dev/null
  return 1
}

# Stops a process group that runs in a session of its own (start_in_own_session): SIGTERM
# to the whole group, up to 10 s, then SIGKILL to what is left.
stop_group() {
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null
  poll_while 50 group_alive "$pgid" || kill -KILL -- "-$pgid" 2>/dev/null
  return 0
}

# Runs a command in its own session, with SIGINT/SIGQUIT back to default (bash makes
# background commands ignore them), in the background; the pid (= its process group) is
# left in CHILD_PID. Its own session keeps a terminal's Ctrl-C away from it: this script
# decides how to stop it.
CHILD_PID=""
start_in_own_session() {
  setsid env --default-signal=INT,QUIT "$@" &
  CHILD_PID=$!
}

# Runs a command as start_in_own_session does, records it in FILE (so that a later run can
# stop it if this one is killed: it outlives us in its session) and waits for it. The wait
# returns at once when a signal arrives, so this script's traps run without delay (a
# foreground command would hold them back until it finished). Returns its exit status.
run_in_own_session() {
  local record=$1 rc=0
  shift
  start_in_own_session "$@"
  record_process "$CHILD_PID" "$record"
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

# EXIT-trap helper for a command that runs one child session (run_in_own_session): if the
# script is ending while the child runs (a signal, an error), stop it, saying WHAT stops.
stop_child_session() {
  if [[ -n $CHILD_PID ]] && group_alive "$CHILD_PID"; then
    log "stopping $1"
    stop_group "$CHILD_PID"
  fi
}

# Traps that turn SIGINT, SIGTERM and SIGHUP into the exit codes a shell reports for them,
# so that the EXIT trap (cleanup) runs and the caller sees how we ended.
exit_on_signals() {
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
}

# ---------------------------------------------------------------------------------------
# Ports

# True if something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp: no ss or
# netcat needed on a minimal machine). A closed port on loopback refuses at once.
port_in_use() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# The ports to pick listening ports from: 20000 up to the kernel's ephemeral range (32768 by
# default). Below that range on purpose: the kernel hands ephemeral ports to outgoing
# connections (a test's client, a database connection), and one of those can take a port
# between our check and the server's bind. Prints "FIRST COUNT".
listen_port_range() {
  local low=32768 high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  if ((low - 20000 >= 2000)); then
    printf '20000 %s\n' "$((low - 20000))"
  else
    printf '%s %s\n' "$((high + 1))" "$((65535 - high))" # an unusual range: above it
  fi
}

# A port that nothing listens on (see listen_port_range), avoiding the ones `up` uses by
# default.
pick_free_port() {
  local i port first count
  read -r first count < <(listen_port_range)
  for ((i = 0; i < 100; i++)); do
    port=$((first + ((RANDOM << 15) | RANDOM) % count))
    case $port in 50051 | 50052 | 50053 | 55432) continue ;; esac
    if ! port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "found no free TCP port in $first-$((first + count - 1))"
}
