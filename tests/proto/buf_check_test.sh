#!/usr/bin/env bash
# tests/proto/buf_check_test.sh: tools/protos/buf_check.sh fails on what it must catch and
# passes or skips where it should, on small git repositories made here with the real
# proto/buf.yaml. (The ctest BufBreaking runs it on this repository, where it often has
# nothing to catch.)
#
#   buf_check_test.sh REPO BUF GOOGLEAPIS_DIR WORK_DIR
set -euo pipefail
repo=$1 buf=$2 googleapis=$3 work=$4
check="$repo/tools/protos/buf_check.sh"
rm -rf "$work"
mkdir -p "$work"
failures=0

git_in() { git -C "$1" -c user.name=test -c user.email=test@example.com "${@:2}"; }

# Expects `buf_check.sh MODE` in $2 to exit with $3; $1 names the case.
expect() {
  local name=$1 dir=$2 want=$3 mode=${4:-breaking} rc=0
  "$check" "$mode" "$dir" "$buf" "$googleapis" "$work/scratch" >"$work/out" 2>&1 || rc=$?
  if ((rc == want)); then
    echo "ok: $name (exit $rc)"
  else
    echo "FAILED: $name: exit $rc, expected $want; output:"
    sed 's/^/  /' "$work/out"
    failures=$((failures + 1))
  fi
}

# A contract with one documented message, in package meridian.demo.$2, at $1.
write_proto() {
  local file=$1 version=$2 fields=$3
  mkdir -p "$(dirname "$file")"
  cat >"$file" <<EOF
// A contract for the test.
syntax = "proto3";

package meridian.demo.$version;

// A thing.
message Thing {
$fields
}
EOF
}

two_fields='  // Its name.
  string name = 1;
  // Its size.
  int32 size = 2;'
one_field='  // Its name.
  string name = 1;'

main_repo="$work/main"
mkdir -p "$main_repo/proto"
git_in "$main_repo" init -q -b main
cp "$repo/proto/buf.yaml" "$main_repo/proto/buf.yaml"
write_proto "$main_repo/proto/meridian/demo/v1/demo.proto" v1 "$one_field"
git_in "$main_repo" add -A
git_in "$main_repo" commit -q -m "first"
expect "the first commit has nothing before it" "$main_repo" 77

write_proto "$main_repo/proto/meridian/demo/v1/demo.proto" v1 "$two_fields"
git_in "$main_repo" commit -q -am "a field added"
expect "adding a field is not breaking" "$main_repo" 0
expect "lint passes" "$main_repo" 0 lint

write_proto "$main_repo/proto/meridian/demo/v1/demo.proto" v1 ""
expect "removing a field in the working tree is breaking" "$main_repo" 100
sed -i 's/string name = 1;/int64 name = 1;/' "$main_repo/proto/meridian/demo/v1/demo.proto"
expect "changing a field's type is breaking" "$main_repo" 100
git_in "$main_repo" checkout -q -- proto

sed -i 's/^message Thing {/message thing {/' "$main_repo/proto/meridian/demo/v1/demo.proto"
expect "a message name that is not PascalCase fails lint" "$main_repo" 100 lint
git_in "$main_repo" checkout -q -- proto

# On a branch, everything since the merge-base counts, not only the last commit.
git_in "$main_repo" checkout -q -b feature
write_proto "$main_repo/proto/meridian/demo/v1/demo.proto" v1 "$one_field"
git_in "$main_repo" commit -q -am "size removed"
echo "# unrelated" >>"$main_repo/proto/buf.yaml"
git_in "$main_repo" commit -q -am "unrelated"
expect "a break in an earlier commit of the branch is caught" "$main_repo" 100

# A new version package may differ freely.
git_in "$main_repo" checkout -q -- proto
write_proto "$main_repo/proto/meridian/demo/v1/demo.proto" v1 "$two_fields"
write_proto "$main_repo/proto/meridian/demo/v2/demo.proto" v2 "$one_field"
expect "a new version package is not breaking" "$main_repo" 0

# Without history there is nothing to compare with: skipped, and says why.
git clone -q --depth 1 --branch main "file://$main_repo" "$work/shallow" 2>/dev/null
expect "a shallow clone of main is skipped" "$work/shallow" 77
grep -q "not in this clone" "$work/out" || {
  echo "FAILED: the shallow clone's skip does not say why"
  failures=$((failures + 1))
}
mkdir -p "$work/exported"
cp -r "$main_repo/proto" "$work/exported/"
expect "a tree that is not a git checkout is skipped" "$work/exported" 77

# A base from before buf.yaml existed is not a baseline.
old="$work/old"
mkdir -p "$old/proto"
git_in "$old" init -q -b main
write_proto "$old/proto/meridian/demo/v1/demo.proto" v1 "$two_fields"
git_in "$old" add -A
git_in "$old" commit -q -m "before buf"
cp "$repo/proto/buf.yaml" "$old/proto/buf.yaml"
write_proto "$old/proto/meridian/demo/v1/demo.proto" v1 "$one_field"
git_in "$old" add -A
git_in "$old" commit -q -m "buf arrives with a break"
expect "a base without buf.yaml is skipped" "$old" 77

if ((failures > 0)); then
  echo "$failures case(s) failed"
  exit 1
fi
echo "every case behaved"
