# tools/dev/image.sh: `./meridian image [--keep]`: builds the container image
# (deploy/Dockerfile) with podman on this machine and proves that it runs the way the
# Kubernetes pods run it. CI runs it after the tests.
#
#   ./meridian image          # build, check, then remove the image
#   ./meridian image --keep   # ... and keep the image (localhost/meridian:<commit>)
#
# Steps: installs podman and friends if missing (as root); makes a Debian 12 base image with
# debootstrap once (no registry is reachable here; see CONTAINERS.md in the shared notes);
# builds the image, tagged by git commit (the build stage compiles with this machine's ccache
# directory mounted, so what the test run compiled is not compiled twice); starts a throwaway
# PostgreSQL, applies the migrations from the image (`intake_server --migrate_only`, as the
# Job does), starts the three services from the image (host network, read-only root
# filesystem, uid/gid 1000, no capabilities), waits for each to report SERVING and makes one
# real call per service. On exit, also on failure, the containers, the image and the cluster
# are removed. podman's configuration and storage are its own, in MERIDIAN_IMAGE_DIR (default
# /var/tmp/meridian-image), which keeps the base image between runs; one run at a time uses it.
# Sourced by ./meridian; needs lib.sh, build.sh and postgres.sh from tools/dev.
# shellcheck shell=bash

IMAGE_TOOLS=(podman buildah runc debootstrap uidmap fuse-overlayfs)
IMAGE_BASE=localhost/debian:bookworm-min
IMAGE_NAME="${MERIDIAN_IMAGE_NAME:-localhost/meridian}"
IMAGE_PG_PREFIX=/tmp/meridian-image-pg.
# podman's default limits are refused on these machines ("error setting rlimit").
IMAGE_ULIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
# Containers this run starts are named after it, so that a later run can remove the ones a
# killed run left (image_reap_leftovers).
IMAGE_CONTAINER_PREFIX=meridian-image-check-

IMAGE_DIR=""     # podman's configuration and storage, and the run that uses them (owner)
IMAGE_REF=""     # the image this run built (or reused), once known
IMAGE_KEEP=""    # --keep: leave the image in place
IMAGE_BUILT=""   # set when this run built IMAGE_REF (then it removes it)
IMAGE_KEYS=""    # the folder mounted at /keys: the admin key and the services' own keys
IMAGE_CONTAINERS=() # names of the containers this run started

# ---------------------------------------------------------------------------------------
# Tools, podman's configuration, the base image

# Installs the container tools that are missing (as root; else prints the line that would).
image_tools_install() {
  local -a missing=()
  local pkg
  for pkg in "${IMAGE_TOOLS[@]}"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if ! is_root; then
    log "missing container tools; install them with:"
    printf '  sudo apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
  fi
  log "installing the container tools: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

# podman's configuration of our own, named through the environment: runc (crun refuses to
# start containers here), the limits these machines allow, and storage under IMAGE_DIR, so
# that nothing this does mixes with other podman users on the machine.
image_podman_setup() {
  mkdir -p "$IMAGE_DIR/run"
  cat >"$IMAGE_DIR/containers.conf" <<EOF
# Written by ./meridian image (tools/dev/image.sh) for its own podman runs.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$IMAGE_DIR/run/events.log"
tmp_dir = "$IMAGE_DIR/run/libpod"
EOF
  cat >"$IMAGE_DIR/storage.conf" <<EOF
# Written by ./meridian image (tools/dev/image.sh) for its own podman runs.
[storage]
driver = "overlay"
graphroot = "$IMAGE_DIR/storage"
runroot = "$IMAGE_DIR/run/storage"
EOF
  export CONTAINERS_CONF="$IMAGE_DIR/containers.conf"
  export CONTAINERS_STORAGE_CONF="$IMAGE_DIR/storage.conf"
}

# The Debian mirror this machine's apt uses (MERIDIAN_IMAGE_MIRROR overrides it): the first
# bookworm source in /etc/apt, in deb822 (*.sources) or one-line (*.list) form. Read at run
# time: the mirror is the machine's business, not the repository's.
image_mirror() {
  if [[ -n ${MERIDIAN_IMAGE_MIRROR:-} ]]; then
    printf '%s\n' "$MERIDIAN_IMAGE_MIRROR"
    return 0
  fi
  local file mirror
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f $file ]] || continue
    mirror="$(awk '
      function flush() {
        if (!found && uri != "" && types ~ / deb / && suites ~ / bookworm /) { print uri; found = 1 }
        uri = ""; suites = ""; types = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 " " }
      tolower($1) == "types:" { $1 = ""; types = $0 " " }
      END { flush() }' "$file")"
    if [[ -n $mirror ]]; then
      printf '%s\n' "$mirror"
      return 0
    fi
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $file ]] || continue
    mirror="$(awk '$1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == "bookworm") { print $i; exit }
      }' "$file")"
    if [[ -n $mirror ]]; then
      printf '%s\n' "$mirror"
      return 0
    fi
  done
  die "found no bookworm source in /etc/apt; set MERIDIAN_IMAGE_MIRROR to a Debian mirror"
}

# Makes IMAGE_BASE, a minimal Debian 12 like debian:bookworm-slim, unless it exists: a
# debootstrap of this machine's mirror, imported into podman. Once per machine (~1-2 min).
image_make_base() {
  podman image exists "$IMAGE_BASE" && return 0
  local mirror rootfs="$IMAGE_DIR/base-rootfs"
  mirror="$(image_mirror)"
  log "making the base image $IMAGE_BASE with debootstrap (once per machine)"
  rm -rf "$rootfs"
  if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$IMAGE_DIR/debootstrap.log" 2>&1; then
    tail -n 30 "$IMAGE_DIR/debootstrap.log" >&2
    rm -rf "$rootfs"
    die "debootstrap failed (log: $IMAGE_DIR/debootstrap.log)"
  fi
  # apt inside the image works as this machine's does: the same Debian sources (with
  # bookworm-updates and -security, as in debian:bookworm-slim) when they are in the
  # standard file, and the same date checks (a mirror serving a snapshot has Release files
  # past their Valid-Until, which this machine's apt is told to accept).
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/"
    rm -f "$rootfs/etc/apt/sources.list"
  fi
  apt-config dump | grep -E '^Acquire::Check-(Valid-Until|Date) ' \
    >"$rootfs/etc/apt/apt.conf.d/99meridian-host" || true
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet - "$IMAGE_BASE" >/dev/null
  rm -rf "$rootfs"
}

# ---------------------------------------------------------------------------------------
# The image

# The tag: the commit, with -dirty when the checkout has changes (such an image is never
# reused: its tag does not say what is in it).
image_tag() {
  local rev
  rev="$(git -C "$REPO_ROOT" rev-parse --short=12 HEAD)" || die "not a git checkout: the image is tagged by commit"
  if [[ -n $(git -C "$REPO_ROOT" status --porcelain --untracked-files=no) ]]; then rev+=-dirty; fi
  printf '%s\n' "$rev"
}

# Builds IMAGE_REF from deploy/Dockerfile on the local base (or reuses it: a kept image of
# the same, clean commit). The build's output goes to a log; the steps show as they start.
image_build() {
  if [[ $IMAGE_REF != *-dirty ]] && podman image exists "$IMAGE_REF"; then
    log "reusing $IMAGE_REF (built earlier from this commit)"
    return 0
  fi
  local logfile="$IMAGE_DIR/build.log" rc=0
  log "building $IMAGE_REF (log: $logfile)"
  IMAGE_BUILT=1
  # --layers=false: no intermediate images are kept. The build stage's would hold the whole
  # build tree (about 2 GB) and, tagged by nothing, pile up run after run; without them every
  # run builds from scratch, as CI does anyway. (`&& ... ||`: a failing pipeline must reach
  # the message below, not end the script.)
  # Where TLS to the npm registry passes a proxy with its own CA (our machines'), the build
  # stage trusts this machine's CA bundle for npm's fetch at configure time; the bundle is
  # mounted for the build's RUN steps only and never copied into a layer.
  local -a ca=()
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    ca=(--volume /etc/ssl/certs/ca-certificates.crt:/run/meridian-build-ca.crt:ro
      --build-arg NODE_EXTRA_CA_CERTS=/run/meridian-build-ca.crt)
  fi
  # This machine's compiler cache, mounted for the build's RUN steps like the CA bundle: the
  # build stage still compiles every server from source, and whatever the test run compiled
  # the same way is a hit (deploy/Dockerfile says why a hit is the same object).
  local -a cache=()
  local ccache_dir=""
  if [[ -z ${CCACHE_DISABLE:-} ]] && command -v ccache >/dev/null; then
    ccache_dir="$(ccache -k cache_dir 2>/dev/null)" || ccache_dir=""
  fi
  if [[ -n $ccache_dir ]] && mkdir -p "$ccache_dir"; then
    # ccache's key holds these variables too: without this machine's values, every compile
    # was a miss.
    local locale="" setting
    for setting in LANG LC_ALL LC_CTYPE LC_MESSAGES; do
      if [[ -n ${!setting:-} ]]; then locale+="${locale:+ }$setting=${!setting}"; fi
    done
    cache=(--volume "$ccache_dir:/run/meridian-ccache"
      --build-arg MERIDIAN_CCACHE_DIR=/run/meridian-ccache
      --build-arg "MERIDIAN_CCACHE_LOCALE=$locale")
  fi
  podman build --runtime runc --network=host "${IMAGE_ULIMITS[@]}" --layers=false \
    "${ca[@]}" "${cache[@]}" --build-arg BASE_IMAGE="$IMAGE_BASE" \
    --build-arg REVISION="$(git -C "$REPO_ROOT" rev-parse HEAD)" \
    -f "$REPO_ROOT/deploy/Dockerfile" -t "$IMAGE_REF" "$REPO_ROOT" 2>&1 |
    tee "$logfile" | image_build_progress && rc=0 || rc=$?
  if ((rc != 0)); then
    tail -n 80 "$logfile" >&2
    die "podman build failed (exit $rc; log: $logfile)"
  fi
  # podman build exits 0 when a SIGTERM stops it halfway: only the image proves it finished.
  podman image exists "$IMAGE_REF" ||
    die "podman build ended without making $IMAGE_REF (was it stopped? log: $logfile)"
}

# The build's step lines, as they come, on stderr (and the compiler cache's hits and misses).
image_build_progress() {
  grep --line-buffered -E '^(\[[0-9]+/[0-9]+\] )?STEP [0-9]+/[0-9]+|^COMMIT|^ +(Hits|Misses):' >&2 || true
}

# ---------------------------------------------------------------------------------------
# The check: migrations and the three services, run from the image as the pods run them

# Runs the image as a pod's container runs: host network (our throwaway PostgreSQL and the
# other services are on 127.0.0.1), read-only root filesystem without podman's usual tmpfs
# on /tmp and /run (Kubernetes mounts none), uid/gid 1000, no capabilities, no privilege
# escalation; /keys is the one writable folder. More podman-run arguments, the image and the
# command follow.
image_run() {
  podman run --runtime runc --network=host "${IMAGE_ULIMITS[@]}" \
    --read-only --read-only-tmpfs=false --user 1000:1000 \
    --cap-drop=ALL --security-opt=no-new-privileges \
    -e MERIDIAN_DATABASE_URL="$IMAGE_DB_URL" -v "$IMAGE_KEYS:/keys" "$@"
}

IMAGE_DB_URL="" # the throwaway database, as the services see it

# The services' ports, chosen once: three distinct free ones.
declare -A IMAGE_PORT=()
image_pick_ports() {
  local svc port
  for svc in "${SERVICES[@]}"; do
    while :; do
      port="$(pick_free_port)"
      [[ " ${IMAGE_PORT[*]} " == *" $port "* ]] || break
    done
    IMAGE_PORT[$svc]=$port
  done
}

# Each service's flags, as a Deployment's args would give them: health and reflection on
# the service port, migrations left to the Job, keys under /keys (the first ADMIN key made
# by intake, as `./meridian up` makes it; talent and placement make their own).
image_service_args() {
  local svc=$1
  printf '%s\n' "--listen_address=127.0.0.1:${IMAGE_PORT[$svc]}" --migrate=false
  case $svc in
    intake) printf '%s\n' --bootstrap_admin_key_file=/keys/admin.key ;;
    talent) printf '%s\n' "--intake_address=127.0.0.1:${IMAGE_PORT[intake]}" ;;
    placement) printf '%s\n' "--intake_address=127.0.0.1:${IMAGE_PORT[intake]}" \
      "--talent_address=127.0.0.1:${IMAGE_PORT[talent]}" ;;
  esac
  case $svc in
    talent | placement) printf '%s\n' "--peer_key_file=/keys/$svc.key" --peer_key_bootstrap ;;
  esac
}

# The gRPC service name each server reports in health (readiness: it answers while the
# database does).
image_health_name() {
  case $1 in
    intake) printf 'meridian.intake.v1.IntakeService\n' ;;
    talent) printf 'meridian.talent.v1.TalentService\n' ;;
    placement) printf 'meridian.placement.v1.PlacementService\n' ;;
  esac
}

image_container_running() {
  [[ $(podman container inspect -f '{{.State.Running}}' "$1" 2>/dev/null) == true ]]
}

# Starts SVC from the image and waits (at most 60 s) until its health says SERVING.
image_start_service() {
  local svc=$1 name="$IMAGE_CONTAINER_PREFIX$$-$1" probe="$BUILD_DIR/tests/tools/meridian_health_probe"
  local -a args
  mapfile -t args < <(image_service_args "$svc")
  IMAGE_CONTAINERS+=("$name")
  image_run -d --name "$name" "$IMAGE_REF" "/usr/local/bin/${svc}_server" "${args[@]}" >/dev/null
  local i answer
  for ((i = 0; i < 120; i++)); do
    if answer="$("$probe" "127.0.0.1:${IMAGE_PORT[$svc]}" "$(image_health_name "$svc")")"; then
      log "$svc (from the image) is SERVING on 127.0.0.1:${IMAGE_PORT[$svc]}"
      return 0
    fi
    image_container_running "$name" || break
    sleep 0.5
  done
  # (The EXIT trap shows the last lines of every container.)
  if image_container_running "$name"; then
    die "$svc did not report SERVING within 60 s (last answer: $answer)"
  fi
  die "$svc exited (status $(podman container inspect -f '{{.State.ExitCode}}' "$name" 2>/dev/null))"
}

# Calls METHOD on SVC with JSON as the ADMIN key, prints the response; dies if it fails.
image_call() {
  local svc=$1 method=$2 json=$3 out
  if ! out="$("$BUILD_DIR/tools/meridian_call" --address="127.0.0.1:${IMAGE_PORT[$svc]}" \
    --key_file="$IMAGE_KEYS/admin.key" --method="$method" --json="$json" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "$svc $method failed"
  fi
  printf '%s\n' "$out"
}

# The first "name" of a JSON response (a resource's name).
json_name() { sed -n 's/^ *"name": "\([^"]*\)".*/\1/p' | head -n 1; }

image_smoke() {
  reap_stale_clusters "$IMAGE_PG_PREFIX"
  scratch_pg_create "$IMAGE_PG_PREFIX" tmp
  scratch_pg_start
  pg_createdb "$SCRATCH_PG_PORT" meridian
  IMAGE_DB_URL="postgresql://postgres@127.0.0.1:$SCRATCH_PG_PORT/meridian"
  log "throwaway PostgreSQL 15 on 127.0.0.1:$SCRATCH_PG_PORT"
  # The keys the services make, readable here: a folder of the image's user.
  IMAGE_KEYS="$SCRATCH_PG_DIR/keys"
  mkdir -m 700 "$IMAGE_KEYS"
  chown 1000:1000 "$IMAGE_KEYS"

  # What the image is, before running it: its user, and no compiler.
  local user
  user="$(podman image inspect -f '{{.Config.User}}' "$IMAGE_REF")"
  [[ $user == 1000:1000 ]] || die "the image runs as '$user', not 1000:1000"
  # shellcheck disable=SC2016 # $t is the container shell's
  if image_run --rm "$IMAGE_REF" sh -c \
    'for t in cc c++ gcc g++ clang ld cmake make; do command -v "$t" && exit 0; done; exit 1' >&2; then
    die "the image holds a compiler or build tool"
  fi

  # The migration Job: migrations come from the binary, into an empty database.
  local out applied
  if ! out="$(image_run --rm "$IMAGE_REF" /usr/local/bin/intake_server --migrate_only 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "intake_server --migrate_only failed"
  fi
  applied="$(pg_psql "$SCRATCH_PG_PORT" -d meridian -tAc 'SELECT count(*) FROM meridian.schema_migrations')"
  ((applied > 0)) || die "--migrate_only applied no migration"
  log "migrations from the image: $applied applied"

  image_pick_ports
  local svc
  for svc in "${SERVICES[@]}"; do image_start_service "$svc"; done
  [[ -s $IMAGE_KEYS/admin.key ]] || die "intake made no ADMIN key in /keys/admin.key"

  # One real call per service; talent's search asks intake for the role with its own key.
  local client role
  client="$(image_call intake CreateClient '{"client": {"display_name": "Image Check",
    "working_hours": {"time_zone": "Europe/Lisbon", "start": "09:00", "end": "17:00"}}}' | json_name)"
  [[ $client == clients/* ]] || die "CreateClient returned no client name"
  role="$(image_call intake CreateRole "{\"parent\": \"$client\", \"role\": {\"title\": \"Backend engineer\",
    \"kind\": \"BACKEND_ENGINEER\", \"seniority\": \"SENIOR\", \"required_skills\": [{\"skill\": \"go\"}]}}" | json_name)"
  [[ $role == "$client"/roles/* ]] || die "CreateRole returned no role name"
  log "intake: CreateClient $client, CreateRole $role"
  image_call talent SearchCandidates "{\"role\": \"$role\"}" >/dev/null
  log "talent: SearchCandidates for $role answered"
  image_call placement ListPlacements '{}' >/dev/null
  log "placement: ListPlacements answered"
}

# ---------------------------------------------------------------------------------------

# One run at a time per IMAGE_DIR (recorded in IMAGE_DIR/owner): then whatever a run finds
# in podman's storage besides the base and kept images was left by a killed run, and can go.
image_take_over() {
  if record_alive "$IMAGE_DIR/owner"; then
    die "another ./meridian image runs (pid $RECORDED_PID) with $IMAGE_DIR; wait for it, or set MERIDIAN_IMAGE_DIR"
  fi
  record_process "$$" "$IMAGE_DIR/owner"
}

# Removes what killed runs left: containers, a stopped build's working containers (each
# with its part of a build tree) and images without a name.
image_reap_leftovers() {
  local -a names
  mapfile -t names < <(podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^$IMAGE_CONTAINER_PREFIX" || true)
  if ((${#names[@]} > 0)); then
    log "removing containers an earlier, killed run left: ${names[*]}"
    podman rm -f -t 5 "${names[@]}" >/dev/null 2>&1 || true
  fi
  if [[ -n $(buildah containers -q 2>/dev/null) ]]; then
    log "removing the working containers of an earlier, stopped build"
    buildah rm --all >/dev/null 2>&1 || true
  fi
  podman image prune -f >/dev/null 2>&1 || true
}

# EXIT trap: the containers, the image (unless --keep, or reused) and the throwaway
# cluster. Bounded; the exit status is the run's.
image_cleanup() {
  local rc=$?
  set +e
  trap '' INT TERM HUP
  if ((rc != 0)); then
    local name
    for name in "${IMAGE_CONTAINERS[@]}"; do
      log "last lines of $name:"
      podman logs --tail 15 "$name" >&2 2>&1
    done
  fi
  if ((${#IMAGE_CONTAINERS[@]} > 0)); then
    podman rm -f -t 10 "${IMAGE_CONTAINERS[@]}" >/dev/null 2>&1
  fi
  if [[ -n $IMAGE_BUILT && -z $IMAGE_KEEP ]]; then
    podman rmi -f "$IMAGE_REF" >/dev/null 2>&1
  fi
  # A build stopped halfway leaves its working containers (runs are exclusive: all ours).
  if [[ -n $IMAGE_BUILT ]]; then buildah rm --all >/dev/null 2>&1; fi
  scratch_pg_cleanup "the check" 30 image_keep_nothing "$rc"
  rm -f "$IMAGE_DIR/owner"
  exit "$rc"
}

image_keep_nothing() { :; }

cmd_image() {
  case "${1:-}" in
    "") ;;
    --keep) IMAGE_KEEP=1 ;;
    *) die "usage: ./meridian image [--keep]" ;;
  esac
  is_root || die "./meridian image runs podman as root (rootful containers, debootstrap); run it as root"
  local t0=$SECONDS t
  # The host side of the check: the health probe and the call tool (no-ops after a build).
  MERIDIAN_BUILD_TARGETS="meridian_call meridian_health_probe" cmd_build

  t=$SECONDS
  image_tools_install
  log "time: container tools $((SECONDS - t)) s"
  IMAGE_DIR="$(realpath -m "${MERIDIAN_IMAGE_DIR:-/var/tmp/meridian-image}")"
  image_podman_setup
  IMAGE_REF="$IMAGE_NAME:$(image_tag)"

  image_take_over
  trap image_cleanup EXIT
  exit_on_signals
  image_reap_leftovers

  t=$SECONDS
  image_make_base
  log "time: base image $((SECONDS - t)) s"
  t=$SECONDS
  image_build
  log "time: image build $((SECONDS - t)) s; $IMAGE_REF: $(podman image inspect -f '{{.Size}}' "$IMAGE_REF" | numfmt --to=iec)B"
  t=$SECONDS
  image_smoke
  log "time: check $((SECONDS - t)) s"
  log "the image $IMAGE_REF works (all in $((SECONDS - t0)) s)"
  if [[ -n $IMAGE_KEEP ]]; then log "kept $IMAGE_REF (CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF podman ...)"; fi
}
