#!/usr/bin/env bash
# tests/proto/api_reference_test.sh: the checked-in docs/api.md is the reference the build
# generates from proto/ (build/docs/api.md), so the two cannot drift apart.
#
#   api_reference_test.sh CHECKED_IN GENERATED
set -euo pipefail
checked_in=$1 generated=$2
[[ -f $generated ]] || { echo "FAILED: $generated is missing: run ./meridian build"; exit 1; }
if ! diff -u "$checked_in" "$generated"; then
  echo "FAILED: $checked_in differs from what the build generates from proto/."
  echo "Bring it up to date with: cp '$generated' '$checked_in'"
  exit 1
fi
echo "docs/api.md is what the build generates from proto/"
