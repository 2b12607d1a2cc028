# tools/dev/postgres.sh: the one place `./meridian` handles PostgreSQL clusters: initdb,
# start and stop (as the postgres user when root), finding a cluster's processes, and
# throwaway clusters for `test` and `bench` (create on a free port, stop, reap the ones a
# killed run left). `up`'s private, persistent cluster is built from the same functions
# (tools/dev/up.sh). Sourced by ./meridian; needs tools/dev/lib.sh and PG_BINDIR.
# shellcheck shell=bash

# initdb and pg_ctl refuse to run as root: as root they run as `postgres`, from `/` (the
# caller's directory may be unreadable to that user). As anyone else they run as that user.
as_pg_owner() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Hands a directory to the user that runs PostgreSQL (no-op when not root).
give_to_pg_owner() {
  if is_root; then chown postgres:postgres "$@"; fi
}

# ---------------------------------------------------------------------------------------
# One cluster: create, start, stop

# Creates a cluster in DATA (superuser postgres, trust auth, UTF-8), its output in LOG;
# more initdb arguments after LOG (e.g. --no-sync for a throwaway one). Dies with the
# output if initdb fails.
pg_initdb() {
  local data=$1 logfile=$2
  shift 2
  if ! as_pg_owner "$PG_BINDIR/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 "$@" >"$logfile" 2>&1; then
    cat "$logfile" >&2
    die "initdb failed"
  fi
}

# Starts the cluster in DATA (server log LOG) on 127.0.0.1:PORT with its unix socket in
# SOCKET_DIR (empty: TCP only), and waits until it accepts connections; more server options
# after SOCKET_DIR (e.g. "-c fsync=off"). pg_ctl's progress lines are dropped, its errors
# are not (callers that show the server log instead add 2>/dev/null).
pg_start() {
  local data=$1 logfile=$2 port=$3 socket_dir=$4
  shift 4
  local options="-p $port -c listen_addresses=127.0.0.1 -c \"unix_socket_directories=$socket_dir\""
  if (($# > 0)); then options+=" $*"; fi
  as_pg_owner "$PG_BINDIR/pg_ctl" -D "$data" -l "$logfile" -w -t 60 start -o "$options" >/dev/null
}

# Fast shutdown of the cluster in DATA, waiting at most SECONDS.
pg_stop() {
  as_pg_owner "$PG_BINDIR/pg_ctl" -D "$1" -m fast -w -t "$2" stop >/dev/null
}

# psql as postgres on the cluster at 127.0.0.1:PORT; more psql arguments after PORT.
pg_psql() {
  local port=$1
  shift
  "$PG_BINDIR/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"
}

pg_createdb() { "$PG_BINDIR/createdb" -h 127.0.0.1 -p "$1" -U postgres "$2"; }

# ---------------------------------------------------------------------------------------
# Finding and killing a cluster's processes without pg_ctl (its owner is gone, or its
# postmaster.pid is stale)

# Pids of PostgreSQL processes (postmaster and backends) whose working directory is DIR or
# below it. The postmaster chdirs into its data directory, so this finds a cluster even when
# its postmaster.pid is stale or gone, and never mistakes an unrelated process for it.
postgres_pids_under() {
  local dir=$1 proc cwd
  for proc in /proc/[0-9]*; do
    [[ $(cat "$proc/comm" 2>/dev/null) == postgres ]] || continue
    cwd="$(readlink "$proc/cwd" 2>/dev/null)" || continue
    cwd=${cwd% (deleted)}
    [[ $cwd == "$dir" || $cwd == "$dir"/* ]] || continue
    printf '%s\n' "${proc#/proc/}"
  done
}

# The postmaster among postgres_pids_under DIR (the one whose parent is not a postgres).
postmaster_pids_under() {
  local pid ppid
  for pid in $(postgres_pids_under "$1"); do
    ppid="$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" || continue
    [[ $(cat "/proc/$ppid/comm" 2>/dev/null) == postgres ]] && continue
    printf '%s\n' "$pid"
  done
}

# Stops a postmaster by signal: fast shutdown (INT), then immediate (QUIT), then KILL,
# each given 10 s. For clusters whose owner is gone, where pg_ctl may have nothing left to
# work with.
kill_postmaster() {
  local pid=$1 sig
  for sig in INT QUIT KILL; do
    kill -"$sig" "$pid" 2>/dev/null || return 0
    poll_while 50 proc_alive "$pid" && return 0
  done
  return 0
}

# Stops every cluster under DIR: the one in DIR/data with pg_ctl (at most SECONDS), then by
# signal any postmaster still there (one a test started in a subdirectory, or one pg_ctl
# could not stop).
pg_stop_all_under() {
  local dir=$1 seconds=$2 pid
  if [[ -f $dir/data/postmaster.pid ]]; then pg_stop "$dir/data" "$seconds" 2>/dev/null; fi
  for pid in $(postmaster_pids_under "$dir"); do kill_postmaster "$pid"; done
}

# ---------------------------------------------------------------------------------------
# Throwaway clusters (`test`, `bench`): a directory PREFIXxxxxxxxx holding data/, log, the
# unix socket, `owner` (the run that owns it) and `ctest` (the process group the run
# started), so that reap_stale_clusters can clean up after a killed run.

SCRATCH_PG_DIR=""  # the run's cluster directory, once created
SCRATCH_PG_PORT="" # its port, once started

# Creates the run's cluster directory under PREFIX, recorded as ours, with a world-writable
# subdirectory SUBDIR for the processes the run starts.
scratch_pg_create() {
  local prefix=$1 subdir=$2
  SCRATCH_PG_DIR="$(mktemp -d "${prefix}XXXXXXXX")"
  # Who owns this directory: a later run removes it only once this process is gone.
  record_process "$$" "$SCRATCH_PG_DIR/owner"
  mkdir -m 1777 "$SCRATCH_PG_DIR/$subdir"
  give_to_pg_owner "$SCRATCH_PG_DIR"
}

# initdb and start on a free port; retries when another process grabbed the port between
# the check and the bind. fsync=off: the data is thrown away, durability only costs time.
# 300 connections: tests run in parallel, each with its own pool.
scratch_pg_start() {
  local dir=$SCRATCH_PG_DIR attempt
  pg_initdb "$dir/data" "$dir/initdb.log" --no-sync
  for attempt in 1 2 3 4 5; do
    SCRATCH_PG_PORT="$(pick_free_port)"
    pg_start "$dir/data" "$dir/log" "$SCRATCH_PG_PORT" "$dir" \
      -c fsync=off -c max_connections=300 2>/dev/null && return 0
    if ! grep -q 'could not bind\|Address already in use\|could not create any TCP/IP sockets' \
      "$dir/log" 2>/dev/null; then
      break
    fi
    log "port $SCRATCH_PG_PORT was taken meanwhile; trying another (attempt $attempt)"
  done
  tail -n 30 "$dir/log" >&2 2>/dev/null || true
  die "could not start the test PostgreSQL"
}

# The EXIT-trap work of a run with a throwaway cluster (test, bench), whose exit status is
# RC: stops the process group it started (WHAT, for the message), every cluster under the
# run's directory (pg_ctl given SECONDS), runs KEEP_HOOK RC to save what should outlive the
# run (it may take the whole directory: SCRATCH_PG_DIR emptied), and removes the rest.
scratch_pg_cleanup() {
  local what=$1 seconds=$2 keep_hook=$3 rc=$4
  trap '' INT TERM HUP # finish cleaning up; it is bounded
  stop_child_session "$what"
  [[ -n $SCRATCH_PG_DIR && -d $SCRATCH_PG_DIR ]] || return 0
  pg_stop_all_under "$SCRATCH_PG_DIR" "$seconds"
  "$keep_hook" "$rc"
  if [[ -n $SCRATCH_PG_DIR ]]; then rm -rf "$SCRATCH_PG_DIR"; fi
}

# Removes what killed runs left under PREFIX: cluster directories whose owning run is dead,
# the process group each had started (recorded in `ctest`, the name from when only `test`
# used it: run_in_own_session's record; it ran in a session of their own,
# which outlives a killed script) and postmasters still running from them (pg_ctl detaches
# the postmaster, so killing the script does not kill it). A directory whose owner is alive
# belongs to a concurrent run.
reap_stale_clusters() {
  local prefix=$1 dir
  for dir in "$prefix"*; do
    [[ -d $dir ]] || continue
    if [[ -r $dir/owner ]]; then
      record_alive "$dir/owner" && continue
    elif [[ -z $(find "$dir" -maxdepth 0 -mmin +1 2>/dev/null) ]]; then
      continue # just created by a run that has not written its owner file yet
    fi
    log "removing a test cluster left by an earlier, killed run: $dir"
    if record_alive "$dir/ctest"; then kill -KILL -- "-$RECORDED_PID" 2>/dev/null || true; fi
    local pid
    for pid in $(postmaster_pids_under "$dir"); do kill_postmaster "$pid"; done
    rm -rf "$dir" 2>/dev/null || log "warning: could not remove $dir"
  done
  reap_orphaned_postmasters "$prefix"
}

# Postmasters under PREFIX whose directory is already gone (a run killed halfway through
# its cleanup): found by their working directory, which the kernel marks "(deleted)".
reap_orphaned_postmasters() {
  local prefix=$1 proc cwd run_dir pid
  for proc in /proc/[0-9]*; do
    [[ $(cat "$proc/comm" 2>/dev/null) == postgres ]] || continue
    cwd="$(readlink "$proc/cwd" 2>/dev/null)" || continue
    [[ $cwd == "$prefix"* && $cwd == *" (deleted)" ]] || continue
    run_dir=${cwd%% (deleted)}
    run_dir="$prefix$(cut -d/ -f1 <<<"${run_dir#"$prefix"}")"
    [[ -d $run_dir ]] && continue
    for pid in $(postmaster_pids_under "$run_dir"); do
      log "stopping an orphaned test postmaster (pid $pid)"
      kill_postmaster "$pid"
    done
  done
}

# ---------------------------------------------------------------------------------------
# `up`'s private cluster: persistent (durable, fsync on), in .meridian/pgdata by default,
# on PG_PORT; taken over if a killed `up` left it running. tools/dev/supervise.sh watches
# it (pg_alive) and starts it again (pg_launch) when it dies.

PG_BASE=""    # directory holding pgdata/, the server log and the unix socket
PG_DATA=""    # the cluster's data directory
PG_RUNNING="" # set once this `up` started (or took over) the private cluster
PG_PID=""     # the postmaster `up` watches ("pid start-time"), once it runs

pg_private_url() { printf 'postgresql://postgres@127.0.0.1:%s/meridian\n' "$PG_PORT"; }

# Decides where the private cluster lives. Normally .meridian/pgdata in the checkout; as root
# the postgres user must be able to reach it, which it cannot under e.g. /root (mode 700).
# Rather than silently opening up a home directory, the cluster then lives in
# /var/tmp/meridian-<hash of the checkout path> (kept across reboots).
pg_locate() {
  if [[ -n ${MERIDIAN_PG_DIR:-} ]]; then
    PG_BASE="$(realpath -m "$MERIDIAN_PG_DIR")"
  else
    # The fallback is named after the checkout (or after a state dir given by
    # MERIDIAN_STATE_DIR), so that two of them never share a cluster.
    local hash fallback owner=$REPO_ROOT
    [[ $STATE_DIR == "$REPO_ROOT/.meridian" ]] || owner=$STATE_DIR
    hash="$(printf '%s' "$owner" | sha256sum | cut -c1-12)"
    fallback="/var/tmp/meridian-$hash"
    PG_BASE="$STATE_DIR"
    if is_root; then
      if [[ -f $fallback/pgdata/PG_VERSION && ! -f $STATE_DIR/pgdata/PG_VERSION ]]; then
        PG_BASE="$fallback" # keep using the data an earlier run put there
      elif ! (cd / && runuser -u postgres -- test -x "$(dirname "$STATE_DIR")"); then
        PG_BASE="$fallback"
      fi
      if [[ $PG_BASE == "$fallback" ]]; then
        log "the private cluster lives in $fallback: the postgres user cannot reach $(dirname "$STATE_DIR")"
      fi
    fi
  fi
  PG_DATA="$PG_BASE/pgdata"
}

# Starts the private cluster (initdb on first use), or takes over one that a killed `up`
# left running, and creates the `meridian` database if it is absent.
pg_up_start() {
  pg_locate
  mkdir -p "$PG_BASE"
  give_to_pg_owner "$PG_BASE"
  chmod 755 "$PG_BASE"

  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    if [[ -d $PG_DATA && -n $(ls -A "$PG_DATA" 2>/dev/null) ]]; then
      die "$PG_DATA exists but holds no PostgreSQL cluster; move it away"
    fi
    log "creating the private PostgreSQL cluster in $PG_DATA (first run)"
    pg_initdb "$PG_DATA" "$PG_BASE/initdb.log"
  fi

  pg_take_over_leftover
  if [[ -z $PG_RUNNING ]]; then
    if port_in_use "$PG_PORT"; then
      die "port $PG_PORT is taken by another program; set MERIDIAN_PG_PORT to another port"
    fi
    PG_RUNNING=1
    if ! pg_launch; then
      PG_RUNNING=""
      tail -n 20 "$PG_BASE/postgresql.log" >&2 || true
      die "could not start the private PostgreSQL (log: $PG_BASE/postgresql.log)"
    fi
  fi

  if [[ -z $(pg_psql "$PG_PORT" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'meridian'") ]]; then
    pg_createdb "$PG_PORT" meridian
    log "created database meridian"
  fi
}

# A postmaster a killed `up` left running in PG_DATA: reused (PG_RUNNING set) if it is on
# PG_PORT, else stopped so that it starts again on the port asked for.
pg_take_over_leftover() {
  local -a running
  mapfile -t running < <(postmaster_pids_under "$PG_DATA")
  ((${#running[@]} > 0)) || return 0
  local running_port
  running_port="$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
  if [[ $running_port == "$PG_PORT" ]]; then
    log "reusing the PostgreSQL an earlier ./meridian up left running (pid ${running[0]})"
    PG_RUNNING=1
    pg_remember_postmaster
  else
    log "restarting the PostgreSQL an earlier ./meridian up left running (port ${running_port:-?} -> $PG_PORT)"
    pg_stop "$PG_DATA" 60 || kill_postmaster "${running[0]}"
  fi
}

# Starts the private cluster's postmaster, which is not running (on a restart after it
# died, its orphaned backends are given a moment to go first). Returns 1 if it did not start.
pg_launch() {
  local pid
  poll_while 50 pg_has_processes || true
  # Backends of a killed postmaster would keep its shared memory, and the new one refuses it.
  for pid in $(postgres_pids_under "$PG_DATA"); do kill -KILL "$pid" 2>/dev/null || true; done
  # No process runs in the data directory, so a postmaster.pid (or socket lock) left by a
  # killed server is stale; removing it spares PostgreSQL from mistaking a reused pid for
  # a live server ("lock file already exists").
  if [[ -f $PG_DATA/postmaster.pid ]]; then
    log "removing the stale postmaster.pid of a PostgreSQL that was killed"
    rm -f "$PG_DATA/postmaster.pid" "$PG_BASE/.s.PGSQL.$PG_PORT.lock"
  fi
  # A unix socket path is limited to 107 bytes; beyond that, TCP only.
  local socket_dir="$PG_BASE"
  ((${#PG_BASE} + 20 < 107)) || socket_dir=""
  # shellcheck disable=SC2034 # services.sh's array; the restart rule (supervise.sh) reads it
  STARTED_AT["postgres"]=$SECONDS
  pg_start "$PG_DATA" "$PG_BASE/postgresql.log" "$PG_PORT" "$socket_dir" || return 1
  pg_remember_postmaster
}

pg_has_processes() { [[ -n $(postgres_pids_under "$PG_DATA") ]]; }

# Notes which process is the postmaster (pid and start time), for pg_alive.
pg_remember_postmaster() {
  local pid
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)" || pid=""
  if [[ $pid =~ ^[0-9]+$ ]]; then
    PG_PID="$pid $(proc_start_time "$pid" || true)"
  else
    PG_PID=""
  fi
}

# True while the postmaster `up` started (or took over) runs.
pg_alive() {
  local pid start
  read -r pid start <<<"$PG_PID"
  [[ -n ${pid:-} ]] && proc_alive "$pid" "${start:-}"
}

pg_up_stop() {
  [[ -n $PG_RUNNING ]] || return 0
  log "stopping the private PostgreSQL"
  pg_stop "$PG_DATA" 60 || log "warning: pg_ctl stop failed; see $PG_BASE/postgresql.log"
  PG_RUNNING=""
}
