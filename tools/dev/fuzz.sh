# tools/dev/fuzz.sh: `./meridian fuzz [--seconds N] [target...]`: builds the libFuzzer targets
# of tests/fuzz/ with clang, AddressSanitizer and UndefinedBehaviorSanitizer in the
# AddressSanitizer tree (build-asan/, shared with `./meridian test --sanitize=address,undefined`:
# tools/dev/test.sh), and runs each for N seconds (default 60) from its seed corpus. A crash or a
# broken property stops with the input saved under build-asan/findings/; add it to
# tests/fuzz/corpus/<target>/ with the fix, and the normal test run replays it forever.
# Sourced by ./meridian; needs lib.sh, build.sh and test.sh from tools/dev.
# shellcheck shell=bash

cmd_fuzz() {
  local seconds=60 arg
  local -a targets=()
  while (($# > 0)); do
    case $1 in
      --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
      --seconds=*) seconds=${1#--seconds=}; shift ;;
      -*) die "usage: ./meridian fuzz [--seconds N] [target...]" ;;
      *) targets+=("$1"); shift ;;
    esac
  done
  [[ $seconds =~ ^[0-9]+$ ]] || die "--seconds must be a whole number"
  asan_tree_setup
  MERIDIAN_BUILD_TARGETS=fuzz_all cmd_build
  local FUZZ_BUILD_DIR=$BUILD_DIR

  local corpus="$REPO_ROOT/tests/fuzz/corpus"
  if ((${#targets[@]} == 0)); then
    for arg in "$corpus"/*/; do targets+=("$(basename "$arg")"); done
  fi
  local findings="$FUZZ_BUILD_DIR/findings" failed=() target work rc
  mkdir -p "$findings"
  for target in "${targets[@]}"; do
    [[ -x $FUZZ_BUILD_DIR/tests/fuzz/fuzz_$target ]] || die "no fuzz target '$target'"
    # New inputs go to a scratch corpus; the checked-in seeds are only read.
    work="$FUZZ_BUILD_DIR/corpus/$target"
    mkdir -p "$work"
    log "fuzzing $target for ${seconds}s"
    rc=0
    "$FUZZ_BUILD_DIR/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$target-" \
      "$work" "$corpus/$target" 2>"$FUZZ_BUILD_DIR/fuzz-$target.log" || rc=$?
    grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' "$FUZZ_BUILD_DIR/fuzz-$target.log" |
      tail -n 2 >&2 || true
    if ((rc != 0)); then
      failed+=("$target")
      log "$target: FAILED (exit $rc); the input is in $findings/, the log in $FUZZ_BUILD_DIR/fuzz-$target.log"
      grep -E 'ERROR|fuzz property broken|SUMMARY' "$FUZZ_BUILD_DIR/fuzz-$target.log" | head -n 5 >&2 || true
    fi
  done
  ((${#failed[@]} == 0)) || die "fuzz targets failed: ${failed[*]}"
  log "every fuzz target ran ${seconds}s without a finding: ${targets[*]}"
}
