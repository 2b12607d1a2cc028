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

# Keeps the server log, and after a failure the files the tests wrote (their servers' and
# tools' logs), for a look: the cluster's directory, which held them, goes away.
test_keep_log() {
  local rc=$1
  if [[ -d $BUILD_DIR/Testing ]]; then
    cp -f "$SCRATCH_PG_DIR/log" "$BUILD_DIR/Testing/meridian-test-postgresql.log" 2>/dev/null
    if ((rc != 0)) && [[ -d $SCRATCH_PG_DIR/tmp/files ]]; then
      mv "$SCRATCH_PG_DIR/tmp/files" "$BUILD_DIR/Testing/files" &&
        log "the tests' own logs: $BUILD_DIR/Testing/files"
    fi
  fi
}

# `./meridian test --sanitize=address,undefined [ctest args]` and `--sanitize=thread`: the same
# run on a build with those sanitizers (CMake's MERIDIAN_SANITIZE), in a build tree of its own
# (build-asan, build-tsan), with the sanitizers' options and suppressions from
# tools/sanitizers/. AddressSanitizer + UndefinedBehaviorSanitizer run the whole suite;
# ThreadSanitizer builds and runs only the tests labelled `concurrency` (the talent engine's and
# the services' concurrency tests; more ctest arguments narrow that further).
SANITIZERS_DIR="$REPO_ROOT/tools/sanitizers"

# The AddressSanitizer tree, build-asan/, serves `./meridian test --sanitize=address,undefined`
# and `./meridian fuzz` alike: clang (libFuzzer is clang's), AddressSanitizer and
# UndefinedBehaviorSanitizer on everything, and the libFuzzer targets too (MERIDIAN_FUZZ), so
# our code is compiled once for both. Points BUILD_DIR at it and configures it the first time.
ASAN_TREE_DEPS=(clang libclang-rt-14-dev)
asan_tree_setup() {
  BUILD_DIR="${MERIDIAN_ASAN_BUILD_DIR:-build-asan}"
  DEPS+=("${ASAN_TREE_DEPS[@]}")
  # A tree configured before the fuzzers moved in was GCC's, and CMake cannot change a tree's
  # compiler: it is made afresh.
  if [[ -f $BUILD_DIR/CMakeCache.txt ]] &&
    ! grep -qx 'MERIDIAN_FUZZ:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
    log "$BUILD_DIR was configured with another compiler; making it afresh"
    rm -rf "$BUILD_DIR"
  fi
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    cmd_deps
    # -O1: most of -O2's speed at run time for less compile time; -g1: line numbers in the
    # reports without the full debug info's link time. No -Werror: the normal build (GCC)
    # holds our code to its warnings; clang's differ, and some fire on instrumented code.
    CC=clang CXX=clang++ cmake -S "$REPO_ROOT" -B "$BUILD_DIR" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
      -DMERIDIAN_SANITIZE=address,undefined -DMERIDIAN_FUZZ=ON -DMERIDIAN_WERROR=OFF
  fi
}

# Points BUILD_DIR at the sanitizer's own tree, configures it the first time, exports the
# sanitizers' options (a caller's own *SAN_OPTIONS come after ours, so they win) and, for
# ThreadSanitizer, limits the build to the concurrency tests. Sets SANITIZE_CTEST_ARGS.
sanitize_setup() {
  local sanitize=$1
  SANITIZE_CTEST_ARGS=()
  # Stack traces for every report, and a failing exit code that ctest sees.
  local common="halt_on_error=1:abort_on_error=0:print_stacktrace=1:symbolize=1"
  case $sanitize in
    address,undefined | undefined,address)
      asan_tree_setup
      # detect_leaks: a test process that leaks fails. The server processes the tests start
      # inherit these options. -1 exit code is not special: 23 marks a sanitizer failure.
      export ASAN_OPTIONS="$common:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1:exitcode=23${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
      export LSAN_OPTIONS="suppressions=$SANITIZERS_DIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
      export UBSAN_OPTIONS="$common:exitcode=23:suppressions=$SANITIZERS_DIR/ubsan.supp:print_suppressions=0${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
      ;;
    thread)
      BUILD_DIR="${MERIDIAN_TSAN_BUILD_DIR:-build-tsan}"
      # ignore_noninstrumented_modules: memcpy, new/delete and friends called from inside the
      # uninstrumented libraries (gRPC, Abseil, protobuf, libpqxx) are not checked: their
      # ordering is the libraries' own synchronisation, which ThreadSanitizer cannot see, so
      # every handoff through gRPC would be reported. Our code's accesses are all checked.
      export TSAN_OPTIONS="$common:exitcode=23:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=$SANITIZERS_DIR/tsan.supp:print_suppressions=0${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
      # Only the concurrency tests (and what they start) are built and run.
      MERIDIAN_BUILD_TARGETS="${MERIDIAN_BUILD_TARGETS:-concurrency_tests}"
      SANITIZE_CTEST_ARGS=(-L concurrency)
      ;;
    *) die "--sanitize: use address,undefined or thread (not '$sanitize')" ;;
  esac
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    cmd_deps
    # As the AddressSanitizer tree (above), with GCC. No -Werror: GCC's flow-based warnings
    # (-Wmaybe-uninitialized in libstdc++'s <regex>, for one) fire falsely on instrumented code.
    cmake -S "$REPO_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DMERIDIAN_SANITIZE=$sanitize" \
      -DMERIDIAN_WERROR=OFF
  fi
  log "sanitizers: $sanitize (build in $BUILD_DIR)"
}

cmd_test() {
  local -a SANITIZE_CTEST_ARGS=()
  case ${1:-} in
    --sanitize=*) sanitize_setup "${1#--sanitize=}"; shift ;;
    --sanitize) sanitize_setup "${2:?--sanitize needs address,undefined or thread}"; shift 2 ;;
  esac
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
  # ::testing::TempDir(), where tests write their servers' logs: gone with the cluster after
  # a run that passed, kept in $BUILD_DIR/Testing/files after one that failed (not left in
  # /tmp, a few thousand files a run).
  rm -rf "$BUILD_DIR/Testing/files"
  export TEST_TMPDIR="$SCRATCH_PG_DIR/tmp/files"
  mkdir -p "$TEST_TMPDIR"
  chmod 755 "$TEST_TMPDIR"
  # Two tests a core: most of a test's time is spent waiting (for its servers to start, for
  # PostgreSQL, for a child process), so one a core left a 2-core machine 39% busy. Two a core
  # ran the suite in 205 s against 295 s there (three a core: 196 s). At most 8, so that
  # the tests' connection pools stay inside the cluster's max_connections on a large machine.
  local jobs=$((2 * $(nproc)))
  ((jobs <= 8)) || jobs=8
  local rc=0
  run_in_own_session "$SCRATCH_PG_DIR/ctest" \
    ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j"${MERIDIAN_TEST_JOBS:-$jobs}" \
    "${SANITIZE_CTEST_ARGS[@]}" "$@" || rc=$?
  ((rc == 0)) || log "tests failed (ctest exit $rc); server log: $BUILD_DIR/Testing/meridian-test-postgresql.log"
  exit "$rc"
}
