#!/usr/bin/env bash
# tools/protos/buf_check.sh: buf's lint and breaking-change checks of the contract in proto/,
# with the rules in proto/buf.yaml. The ctests BufLint and BufBreaking run it
# (tests/proto/CMakeLists.txt); it also runs by hand:
#
#   tools/protos/buf_check.sh lint     REPO BUF GOOGLEAPIS_DIR WORK_DIR
#   tools/protos/buf_check.sh breaking REPO BUF GOOGLEAPIS_DIR WORK_DIR
#
# buf reads images that protoc builds here (proto/meridian with its imports and comments):
# Google's common protos come from npm into the build tree (tools/protos/proto_tools.cmake),
# where buf's own module resolution would look for them on the BSR.
#
# breaking compares the working tree's proto/ with a base commit:
#   - MERIDIAN_BUF_AGAINST (a git revision), when set;
#   - else, on a branch, the merge-base with main (or origin/main): everything the branch
#     changes;
#   - else (on main, or main's tip), HEAD~1: the previous commit of main.
# It exits 77 (ctest: skipped) with the reason when there is nothing to compare with: not a
# git checkout, no such commit (a shallow clone, the first commit), or a base whose proto/ has
# no buf.yaml (the contract was not under buf's guard yet).
set -euo pipefail

usage() {
  echo "usage: $0 lint|breaking REPO BUF GOOGLEAPIS_DIR WORK_DIR" >&2
  exit 2
}
(($# == 5)) || usage
mode=$1 repo=$2 buf=$3 googleapis=$4 work=$5
[[ $mode == lint || $mode == breaking ]] || usage

skip() {
  echo "SKIPPED: $*"
  exit 77
}

# Builds the image of the contract under proto root $1 into $2.
build_image() {
  local root=$1 out=$2
  local -a files
  mapfile -t files < <(cd "$root" && find meridian -name '*.proto' | LC_ALL=C sort)
  ((${#files[@]} > 0)) || { echo "no .proto files under $root/meridian" >&2; exit 1; }
  # proto/ first: an old commit's own copies of google/ files win over the published ones.
  protoc -I "$root" -I "$googleapis" --include_imports --include_source_info \
    --descriptor_set_out="$out" "${files[@]}"
}

rm -rf "$work"
mkdir -p "$work"
build_image "$repo/proto" "$work/current.binpb"

if [[ $mode == lint ]]; then
  "$buf" lint "$work/current.binpb" --config "$repo/proto/buf.yaml"
  echo "buf lint: proto/meridian follows proto/buf.yaml"
  exit 0
fi

cd "$repo"
# The repository's own history only: a copy of the tree inside another checkout is no clone.
toplevel=$(git rev-parse --show-toplevel 2>/dev/null) && [[ $(realpath "$toplevel") == $(realpath .) ]] ||
  skip "$repo is not a git checkout: no earlier contract to compare with"
head=$(git rev-parse HEAD 2>/dev/null) || skip "the repository has no commit yet"
base_rev=${MERIDIAN_BUF_AGAINST:-}
why="MERIDIAN_BUF_AGAINST"
if [[ -z $base_rev ]]; then
  for main in main origin/main; do
    if merge_base=$(git merge-base HEAD "$main" 2>/dev/null); then
      if [[ $merge_base != "$head" ]]; then
        base_rev=$merge_base
        why="the merge-base with $main"
      fi
      break
    fi
  done
fi
if [[ -z $base_rev ]]; then
  base_rev=HEAD~1
  why="the previous commit (HEAD~1)"
fi
base=$(git rev-parse --verify -q "$base_rev^{commit}") ||
  skip "$why ($base_rev) is not in this clone (shallow, or the first commit): nothing to compare with"
git cat-file -e "$base:proto/buf.yaml" 2>/dev/null ||
  skip "proto/ at $why (${base:0:12}) has no buf.yaml: the contract was not under buf's guard yet"

mkdir -p "$work/against"
git archive "$base" proto | tar -x -C "$work/against"
build_image "$work/against/proto" "$work/against.binpb"
echo "buf breaking: proto/ against $why (${base:0:12})"
"$buf" breaking "$work/current.binpb" --against "$work/against.binpb" --config "$repo/proto/buf.yaml"
echo "buf breaking: no breaking change in proto/meridian"
