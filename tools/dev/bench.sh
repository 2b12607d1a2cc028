# tools/dev/bench.sh: `./meridian bench search`: the search benchmark (bench/, issue 5) on a
# throwaway PostgreSQL tuned for it: parses the options, starts the cluster, runs
# meridian_search_bench in a session of its own, and cleans up (or keeps the cluster with
# --keep). Sourced by ./meridian; needs tools/dev/lib.sh, postgres.sh and build.sh.
# shellcheck shell=bash

# Benchmark clusters live under their own prefix (a kept one is renamed out of it), and are
# started and reaped with the same functions as the test cluster.
BENCH_PG_PREFIX=/tmp/meridian-bench-pg.
BENCH_KEEP=""
BENCH_FLAGS=() # meridian_search_bench flags, from bench_parse_args

bench_usage() {
  cat <<'USAGE'
Usage: ./meridian bench search [--candidates N] [--seconds S] [--concurrency C[,C2,...]]
                               [--json FILE] [--keep] [-- more meridian_search_bench flags]

Builds, starts a throwaway PostgreSQL 15 (fsync=off: the data is thrown away), generates N
candidates (default 1,000,000; 10,000,000 fits in 24 GiB), loads them with COPY, starts the
real talent_server on them and measures, at each concurrency level (default 1,8) for S seconds
per phase (default 10): a no-op gRPC call, SearchCandidates with the query mix, a SQL
baseline that returns the same pages (each checked against search's; a difference fails the
run) and a static SQL floor; then freshness under 200 updates/s. Prints a table; --json FILE
writes the figures as JSON. --keep keeps the stopped cluster and the server logs. Ctrl-C stops
everything. The cluster needs about 3 GB of disk per million candidates in /tmp.
More flags after `--`, e.g. -- --seed=7 --server_flags=--index_poll_interval=50ms
(meridian_search_bench --help lists them).
USAGE
}

# Parses the options after `search` into BENCH_FLAGS and BENCH_KEEP. --help prints the
# usage and ends the script (exit 0); errors end it too (die), before anything is built.
bench_parse_args() {
  # main() changed to the checkout; a relative --json is relative to where the user was.
  local caller_dir=${OLDPWD:-$REPO_ROOT}
  local opt value
  while (($# > 0)); do
    opt=$1
    case $opt in
      --keep)
        BENCH_KEEP=1
        shift
        continue
        ;;
      --)
        shift
        BENCH_FLAGS+=("$@")
        break
        ;;
      -h | --help)
        bench_usage
        exit 0
        ;;
      --candidates=* | --seconds=* | --concurrency=* | --json=*)
        value=${opt#*=}
        opt=${opt%%=*}
        shift
        ;;
      --candidates | --seconds | --concurrency | --json)
        (($# >= 2)) || die "$opt needs a value"
        value=$2
        shift 2
        ;;
      *) die "unknown option '$opt' (./meridian bench --help)" ;;
    esac
    case $opt in
      --candidates) [[ $value =~ ^[0-9]+$ ]] || die "--candidates: '$value' is not a whole number" ;;
      --seconds) [[ $value =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--seconds: '$value' is not a number" ;;
      --concurrency)
        [[ $value =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--concurrency: '$value' is not a list like 1,8"
        ;;
      --json)
        [[ -n $value ]] || die "--json needs a file name"
        [[ $value == /* ]] || value="$caller_dir/$value"
        ;;
    esac
    BENCH_FLAGS+=("$opt=$value")
  done
}

# The benchmark cluster's settings beyond scratch_pg_start's (which sets fsync=off): memory
# for a fair SQL baseline (shared_buffers an eighth of RAM, at most 2 GB; 64 MB work_mem so
# that large bitmaps stay exact), no JIT (compiling a plan costs tens of milliseconds per
# statement); wal_level=minimal so that the load's COPY into tables emptied or created in the
# same transaction writes no WAL, and room for the rest.
bench_pg_tune() {
  local mem_kb shared_mb
  mem_kb="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
  shared_mb=$((mem_kb / 1024 / 8))
  ((shared_mb <= 2048)) || shared_mb=2048
  ((shared_mb >= 128)) || shared_mb=128
  pg_psql "$SCRATCH_PG_PORT" -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
ALTER SYSTEM SET shared_buffers = '${shared_mb}MB';
ALTER SYSTEM SET work_mem = '64MB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';
ALTER SYSTEM SET jit = off;
ALTER SYSTEM SET wal_level = minimal;
ALTER SYSTEM SET max_wal_senders = 0;
ALTER SYSTEM SET max_wal_size = '4GB';
ALTER SYSTEM SET checkpoint_timeout = '30min';
SQL
  # pg_ctl restart reuses the options it was started with (port, sockets, fsync=off).
  as_pg_owner "$PG_BINDIR/pg_ctl" -D "$SCRATCH_PG_DIR/data" -l "$SCRATCH_PG_DIR/log" -w -t 120 \
    restart -m fast >/dev/null || die "could not restart the benchmark's PostgreSQL"
  pg_createdb "$SCRATCH_PG_PORT" meridian_bench
}

# After a failed run: the server logs where the user will look (the cluster goes away).
bench_save_logs() {
  rm -rf "$BUILD_DIR/bench-logs"
  mkdir -p "$BUILD_DIR/bench-logs"
  cp -f "$SCRATCH_PG_DIR/log" "$BUILD_DIR/bench-logs/postgresql.log" 2>/dev/null
  cp -f "$SCRATCH_PG_DIR"/logs/*.log "$BUILD_DIR/bench-logs/" 2>/dev/null
  log "logs of the failed run: $BUILD_DIR/bench-logs/"
}

# --keep: renames the stopped cluster out of the reaped prefix and says how to look inside.
# Either way the cluster is not removed (SCRATCH_PG_DIR emptied).
bench_keep_cluster() {
  local dir=$SCRATCH_PG_DIR kept="${SCRATCH_PG_DIR/meridian-bench-pg./meridian-bench-kept.}"
  SCRATCH_PG_DIR=""
  rm -f "$dir/owner"
  mv "$dir" "$kept" || return 0
  log "kept the stopped cluster and the talent_server logs in $kept; to look inside:"
  local as_owner=""
  if is_root; then as_owner="runuser -u postgres -- "; fi
  log "  $as_owner$PG_BINDIR/pg_ctl -D $kept/data -l $kept/log start -o \"-p $SCRATCH_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$kept\""
  log "  $PG_BINDIR/psql postgresql://postgres@127.0.0.1:$SCRATCH_PG_PORT/meridian_bench"
  log "  (stop it with pg_ctl -D $kept/data stop; remove the directory when done)"
}

# EXIT trap of `bench`: stops the benchmark (and the talent_server it started), then the
# cluster; removes the cluster, or with --keep renames it out of the reaped prefix.
bench_cleanup() {
  local rc=$?
  set +e
  scratch_pg_cleanup "the benchmark" 60 bench_keep "$rc"
  exit "$rc"
}

# What of the stopped cluster outlives the run with exit status RC: the logs of a failed
# run, and everything with --keep.
bench_keep() {
  if (($1 != 0)) && [[ -d $BUILD_DIR ]]; then bench_save_logs; fi
  if [[ -n $BENCH_KEEP ]]; then bench_keep_cluster; fi
}

cmd_bench() {
  if [[ ${1:-} == -h || ${1:-} == --help || ${1:-} == help ]]; then
    bench_usage
    return 0
  fi
  [[ ${1:-} == search ]] || {
    bench_usage >&2
    exit 2
  }
  shift
  bench_parse_args "$@"

  cmd_build
  local program="$BUILD_DIR/bench/meridian_search_bench"
  [[ -x $program ]] || die "$program was not built"
  reap_stale_clusters "$BENCH_PG_PREFIX"

  trap bench_cleanup EXIT
  exit_on_signals
  scratch_pg_create "$BENCH_PG_PREFIX" logs
  scratch_pg_start
  bench_pg_tune
  log "benchmark PostgreSQL 15 on 127.0.0.1:$SCRATCH_PG_PORT (fsync=off; data in $SCRATCH_PG_DIR)"

  local rc=0
  run_in_own_session "$SCRATCH_PG_DIR/ctest" "$program" \
    "--database_url=postgresql://postgres@127.0.0.1:$SCRATCH_PG_PORT/meridian_bench" \
    "--work_dir=$SCRATCH_PG_DIR/logs" "${BENCH_FLAGS[@]}" || rc=$?
  ((rc == 0)) || log "the benchmark failed (exit $rc)"
  exit "$rc"
}
