#!/usr/bin/env bash
# examples/python/run.sh: runs the Python partner example (partner.py) with Debian's
# python3-grpcio. Generates its stubs first, into a temporary folder removed afterwards (never
# into the repository), with protoc and grpc_python_plugin (protobuf-compiler-grpc) from:
#   - proto/: Meridian's contract (and the standard health protocol, proto/grpc/health);
#   - Google's published google/api, google/rpc and google/type protos, which the build fetches
#     (MERIDIAN_GOOGLEAPIS_DIR, default <build>/proto-tools/node_modules/google-proto-files);
#   - the standard reflection protocol (tests/proto/grpc/reflection).
# Health and reflection are generated as the modules pip's grpcio-health-checking and
# grpcio-reflection install (grpc_health.v1, grpc_reflection.v1alpha), which Debian lacks.
#
# Against `./meridian up` (keys, a client and a role made with examples/setup.sh):
#   examples/python/run.sh
# With settings of your own (see partner.py): MERIDIAN_API_KEY=... examples/python/run.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo="$(cd "$here/../.." && pwd -P)"
build="$(cd "$repo" && realpath -m "${MERIDIAN_BUILD_DIR:-build}")" # as ./meridian: relative to the checkout
googleapis="${MERIDIAN_GOOGLEAPIS_DIR:-$build/proto-tools/node_modules/google-proto-files}"
python=/usr/bin/python3 # Debian's, with python3-grpcio (another python3 may come first on PATH)

fail() {
  echo "examples/python: $*" >&2
  exit 1
}
[[ -f $googleapis/google/rpc/status.proto ]] ||
  fail "Google's common protos are not in $googleapis: run ./meridian build (or set MERIDIAN_GOOGLEAPIS_DIR)"
if ! command -v protoc >/dev/null || [[ ! -x /usr/bin/grpc_python_plugin ]]; then
  fail "protoc and grpc_python_plugin are needed: apt-get install protobuf-compiler protobuf-compiler-grpc"
fi
"$python" -c 'import grpc' 2>/dev/null || fail "python3-grpcio is needed: apt-get install python3-grpcio"

if [[ -z ${MERIDIAN_API_KEY:-} ]]; then
  eval "$("$repo/examples/setup.sh")"
fi

gen="$(mktemp -d)"
trap 'rm -rf "$gen"' EXIT
# The standard protocols under the module names of pip's packages.
mkdir -p "$gen/src/grpc_health/v1" "$gen/src/grpc_reflection/v1alpha"
cp "$repo/proto/grpc/health/v1/health.proto" "$gen/src/grpc_health/v1/"
cp "$repo/tests/proto/grpc/reflection/v1alpha/reflection.proto" "$gen/src/grpc_reflection/v1alpha/"

mapfile -t meridian_protos < <(cd "$repo/proto" && find meridian -name '*.proto' | LC_ALL=C sort)
# The Google protos that proto/ imports, and the rich error details.
google_protos=(google/api/field_behavior.proto google/api/resource.proto google/type/date.proto
  google/rpc/status.proto google/rpc/error_details.proto)
protoc -I "$repo/proto" -I "$gen/src" -I "$googleapis" \
  --python_out="$gen" --grpc_python_out="$gen" \
  --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin \
  "${meridian_protos[@]}" "${google_protos[@]}" \
  grpc_health/v1/health.proto grpc_reflection/v1alpha/reflection.proto

PYTHONPATH="$gen" "$python" "$here/partner.py"
