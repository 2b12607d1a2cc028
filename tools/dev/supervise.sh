# tools/dev/supervise.sh: `./meridian up`'s supervisor: restarts what died (services, and the
# private PostgreSQL) like a process supervisor or compose's `restart: on-failure`, so that one
# crash does not end the session, with a back-off and a limit; stops `up` at once when a
# service refuses its configuration (exit status 2). Sourced by ./meridian; needs lib.sh,
# postgres.sh and services.sh from tools/dev.
# shellcheck shell=bash

# The restart rule (see restart_or_give_up): a service (or the private PostgreSQL) that exits
# while `up` is not stopping is started again after a back-off that doubles from
# RESTART_BACKOFF seconds up to RESTART_BACKOFF_MAX; after RESTART_LIMIT restarts in a row
# `up` gives up and stops everything. A run that lasted RESTART_RESET seconds or more was
# healthy: the next exit counts from the start again.
RESTART_LIMIT="${MERIDIAN_RESTART_LIMIT:-5}"
RESTART_BACKOFF="${MERIDIAN_RESTART_BACKOFF:-1}"
RESTART_BACKOFF_MAX=30
RESTART_RESET="${MERIDIAN_RESTART_RESET:-60}"
declare -A RESTARTS=() # restarts in a row, by service name (or "postgres")
SLEEP_PID=""           # a back-off in progress (up_sleep), for up_cleanup to end
TICK_PID=""            # the PostgreSQL watch's timer (up_supervise)

# Checks the restart settings once, before anything starts: a typo must not surface only
# when a service first dies.
restart_settings_check() {
  [[ $RESTART_LIMIT =~ ^[0-9]+$ ]] ||
    die "MERIDIAN_RESTART_LIMIT: '$RESTART_LIMIT' is not a whole number"
  [[ $RESTART_BACKOFF =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
    die "MERIDIAN_RESTART_BACKOFF: '$RESTART_BACKOFF' is not a number of seconds"
  [[ $RESTART_RESET =~ ^[0-9]+$ ]] ||
    die "MERIDIAN_RESTART_RESET: '$RESTART_RESET' is not a whole number of seconds"
}

# "killed by SIGKILL" or "exit status 3", from a wait status.
describe_exit() {
  if [[ -z $1 ]]; then
    echo "its process is gone" # not a child of `up` (the postmaster): no status to tell
  elif (($1 > 128)); then
    printf 'killed by SIG%s\n' "$(kill -l "$1" 2>/dev/null || echo "$(($1 - 128))")"
  else
    printf 'exit status %s\n' "$1"
  fi
}

# Seconds (as "S.mmm", what sleep takes) before restart number N: RESTART_BACKOFF doubled
# N-1 times, at most RESTART_BACKOFF_MAX. In milliseconds inside: bash has no fractions,
# and tests use back-offs like 0.1.
backoff_for() {
  local n=$1 whole frac ms
  whole=${RESTART_BACKOFF%%.*}
  frac=000
  if [[ $RESTART_BACKOFF == *.* ]]; then frac="${RESTART_BACKOFF#*.}000"; fi
  ms=$((10#${whole:-0} * 1000 + 10#${frac:0:3}))
  while ((n > 1 && ms < RESTART_BACKOFF_MAX * 1000)); do
    ms=$((ms * 2))
    n=$((n - 1))
  done
  ((ms <= RESTART_BACKOFF_MAX * 1000)) || ms=$((RESTART_BACKOFF_MAX * 1000))
  printf '%d.%03d\n' $((ms / 1000)) $((ms % 1000))
}

# Sleeps S seconds so that a signal ends the sleep at once: bash runs a trap only after a
# foreground command finishes, but `wait` returns as soon as a signal arrives.
up_sleep() {
  sleep "$1" &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=""
}

# NAME (a service or "postgres") exited with wait status STATUS while `up` was not stopping.
# Applies the restart rule: logs the exit, waits the back-off and returns so the caller
# starts it again, or, when NAME has used up its restarts, shows its log and stops
# everything (die: the EXIT trap stops the rest, and `up` exits 1).
restart_or_give_up() {
  local name=$1 status=$2 logfile=$3
  local ran=$((SECONDS - ${STARTED_AT[$name]:-$SECONDS})) what
  what="$(describe_exit "$status")"
  # A run that lasted a while was healthy: this exit starts a new count.
  if ((ran >= RESTART_RESET)); then RESTARTS[$name]=0; fi
  # Exit status 2 is a service's word for a bad configuration (RunServer): a restart would
  # fail the same way, so say so at once instead of after every back-off.
  if [[ $name != postgres && $status == 2 ]]; then
    svc_log_tail "$name"
    die "$name refused its configuration (exit status 2); not restarting it; its log: $logfile"
  fi
  local n=$((${RESTARTS[$name]:-0} + 1))
  if ((n > RESTART_LIMIT)); then
    if [[ $name == postgres ]]; then log_tail "$logfile"; else svc_log_tail "$name"; fi
    die "$name exited ($what) after $RESTART_LIMIT restarts in a row; giving up and stopping everything; its log: $logfile"
  fi
  RESTARTS[$name]=$n
  local delay
  delay="$(backoff_for "$n")"
  log "$name exited unexpectedly ($what) after ${ran} s; restarting it in $delay s (restart $n of $RESTART_LIMIT; its log: $logfile)"
  up_sleep "$delay"
}

# Starts SVC and waits until it listens; as long as it exits first, restarts it under the
# restart rule (restart_or_give_up ends `up` when the rule says so). STATUS, if given, is
# how its previous run ended: it is down now and must first wait its back-off.
svc_run() {
  local svc=$1 status=${2:-}
  if [[ -n $status ]]; then
    restart_or_give_up "$svc" "$status" "$(svc_logfile "$svc")"
  fi
  while :; do
    svc_start "$svc"
    if svc_wait_ready "$svc"; then
      if [[ -n $status ]]; then log "$svc is back (pid ${SVC_PID[$svc]})"; fi
      return 0
    fi
    status=$EXIT_STATUS
    restart_or_give_up "$svc" "$status" "$(svc_logfile "$svc")"
  done
}

# The private PostgreSQL died (it runs detached, so `up` notices at its next look): start
# it again under the restart rule. The services stay up meanwhile: their health turns
# NOT_SERVING and their connection pools reconnect once it is back.
pg_restart() {
  restart_or_give_up postgres "" "$PG_BASE/postgresql.log"
  until pg_launch; do
    restart_or_give_up postgres "" "$PG_BASE/postgresql.log"
  done
  log "the private PostgreSQL is back (pid ${PG_PID%% *})"
}

# Runs until a signal stops `up` (the traps exit) or something used up its restarts
# (restart_or_give_up dies). Waits for any service to exit or a 2-second timer, which looks
# at the services and, with a private PostgreSQL, at the postmaster (not a child of this
# script).
up_supervise() {
  local -a pids
  local svc done_pid status
  while :; do
    # `wait -n` can miss a child whose exit bash already collected while it was busy with
    # another one (the tick): each wake-up also looks for services that are gone.
    for svc in "${!SVC_PID[@]}"; do
      proc_alive "${SVC_PID[$svc]}" && continue
      status=0
      wait "${SVC_PID[$svc]}" || status=$?
      unset "SVC_PID[$svc]"
      svc_run "$svc" "$status"
      continue 2
    done
    # The timer also runs without a private PostgreSQL, so that the look above happens at
    # least every 2 s.
    if [[ -z $TICK_PID ]]; then
      sleep 2 &
      TICK_PID=$!
    fi
    pids=()
    for svc in "${!SVC_PID[@]}"; do pids+=("${SVC_PID[$svc]}"); done
    if [[ -n $TICK_PID ]]; then pids+=("$TICK_PID"); fi
    done_pid="" status=0
    wait -n -p done_pid "${pids[@]}" || status=$?
    if [[ -n $TICK_PID && $done_pid == "$TICK_PID" ]]; then
      TICK_PID=""
      if [[ -n $PG_RUNNING ]]; then pg_alive || pg_restart; fi
      continue
    fi
    for svc in "${!SVC_PID[@]}"; do
      [[ ${SVC_PID[$svc]} == "$done_pid" ]] || continue
      unset "SVC_PID[$svc]"
      svc_run "$svc" "$status"
      continue 2
    done
    die "unexpected wait result (status $status, pid '${done_pid:-}')"
  done
}
