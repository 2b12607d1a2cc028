# tools/dev/test.sh: `./meridian test`: builds, starts a throwaway PostgreSQL 15, runs ctest
# against it in a session of its own, and removes everything afterwards, also when
# interrupted (and, if this run is killed, the next run does). Sourced by ./meridian; needs
# tools/dev/lib.sh, tools/dev/postgres.sh and tools/dev/build.sh.
# shellcheck shell=bash

# Throwaway test clusters live in directories with this prefix, so that a later run can
# recognise (and remove) the ones a killed run left behind.
TEST_PG_PREFIX=/tmp/meridian-test-pg.

# EXIT trap of `test`: stops the tests (if interrupted), every cluster under the run's
# directory (ours and any a test left), and removes the directory.
test_cleanup() {
  local rc=$?
  set +e
  scratch_pg_cleanup "the tests" 30 test_keep_log "$rc"
  exit "$rc"
}

# Keeps the server log for a look after a failure (the cluster's directory goes away).
test_keep_log() {
  if [[ -d $BUILD_DIR/Testing ]]; then
    cp -f "$SCRATCH_PG_DIR/log" "$BUILD_DIR/Testing/meridian-test-postgresql.log" 2>/dev/null
  fi
}

cmd_test() {
  cmd_build
  reap_stale_clusters "$TEST_PG_PREFIX"

  trap test_cleanup EXIT
  exit_on_signals
  # tmp/: a place for tests that start clusters of their own: whatever runs there is
  # stopped with the rest when this run ends, and by the next run if this one is killed.
  scratch_pg_create "$TEST_PG_PREFIX" tmp
  scratch_pg_start
  log "test PostgreSQL 15 on 127.0.0.1:$SCRATCH_PG_PORT (data in $SCRATCH_PG_DIR)"

  export MERIDIAN_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$SCRATCH_PG_PORT/postgres"
  export MERIDIAN_TEST_PG_BINDIR="$PG_BINDIR"
  export MERIDIAN_TEST_TMPDIR="$SCRATCH_PG_DIR/tmp"
  local rc=0
  run_in_own_session "$SCRATCH_PG_DIR/ctest" \
    ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j2 "$@" || rc=$?
  ((rc == 0)) || log "tests failed (ctest exit $rc); server log: $BUILD_DIR/Testing/meridian-test-postgresql.log"
  exit "$rc"
}
