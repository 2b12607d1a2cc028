#!/usr/bin/env bash
# examples/node/run.sh: runs the Node.js partner example (partner.js). Installs its packages
# first with `npm ci`, at the versions pinned in package-lock.json, into examples/node/node_modules
# (or MERIDIAN_EXAMPLES_NODE_DIR, where the tests install them: the build tree); a later run
# with the same lock installs nothing.
#
# Against `./meridian up` (keys, a client and a role made with examples/setup.sh):
#   examples/node/run.sh
# With settings of your own (see partner.js): MERIDIAN_API_KEY=... examples/node/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
dest="$(realpath -m "${MERIDIAN_EXAMPLES_NODE_DIR:-$here}")"

fail() {
  echo "examples/node: $*" >&2
  exit 1
}
# No silent skip: a machine without Node.js cannot run this example, and says so.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  fail "Node.js 18 or later and npm are needed: ./meridian deps installs npm (apt-get install nodejs npm)"
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
((major >= 18)) || fail "Node.js 18 or later is needed; this is $(node --version)"

if ! cmp -s "$here/package-lock.json" "$dest/node_modules/.meridian-installed.lock"; then
  mkdir -p "$dest"
  if [[ $dest != "$here" ]]; then cp "$here/package.json" "$here/package-lock.json" "$dest/"; fi
  (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 ||
    fail "npm ci in $dest failed: the npm registry must be reachable for the first run"
  # Written last: a failed or interrupted install is redone by the next run.
  cp "$here/package-lock.json" "$dest/node_modules/.meridian-installed.lock"
fi

if [[ -z ${MERIDIAN_API_KEY:-} ]]; then
  eval "$("$repo/examples/setup.sh")"
fi

NODE_PATH="$dest/node_modules" MERIDIAN_PROTO_DIR="$repo/proto" exec node "$here/partner.js"
