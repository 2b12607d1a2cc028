# tools/dev/services.sh: Meridian's services as `./meridian up` and `./meridian call` see them:
# ports, addresses, binaries, flags and logs, and starting one service in the background,
# waiting until it listens, and stopping the ones a killed `up` left running. Sourced by
# ./meridian; needs tools/dev/lib.sh, SERVICES, BUILD_DIR and STATE_DIR.
# shellcheck shell=bash

declare -A SVC_PID=() TEE_PID=() # running services and their loggers, by service name
declare -A STARTED_AT=()         # $SECONDS when a service (or "postgres") was last started
DB_URL=""                        # the database every service uses

svc_port() {
  local var="MERIDIAN_${1^^}_PORT"
  case $1 in
    intake) printf '%s\n' "${!var:-50051}" ;;
    talent) printf '%s\n' "${!var:-50052}" ;;
    placement) printf '%s\n' "${!var:-50053}" ;;
    *) die "unknown service '$1' (known: ${SERVICES[*]})" ;;
  esac
}

svc_address() {
  local var="MERIDIAN_${1^^}_ADDRESS"
  if [[ -n ${!var:-} ]]; then
    printf '%s\n' "${!var}"
  else
    printf '127.0.0.1:%s\n' "$(svc_port "$1")"
  fi
}

svc_logfile() { printf '%s/logs/%s.log\n' "$STATE_DIR" "$1"; }

svc_binary() { printf '%s/services/%s/%s_server\n' "$BUILD_DIR" "$1" "$1"; }

# API keys `up` keeps (mode 0600, in a 0700 folder): the first ADMIN key, which intake makes
# on a new database, and each calling service's own key, which it makes for itself.
up_keys_dir() { printf '%s/keys\n' "$STATE_DIR"; }
up_admin_key_file() { printf '%s/admin.key\n' "$(up_keys_dir)"; }
# The key webhook secrets are derived from, made once (mode 0600) for `up`.
up_webhook_key_file() {
  local file
  file="$(up_keys_dir)/webhook.key"
  if [[ ! -s $file ]]; then
    (umask 077 && mkdir -p "$(up_keys_dir)" && head -c 48 /dev/urandom | base64 | tr -d '\n' >"$file")
  fi
  printf '%s\n' "$file"
}

# The command-line flags of each service under `up`. The database URL also reaches every
# service through MERIDIAN_DATABASE_URL (the services read MERIDIAN_<FLAG> as a fallback for
# --<flag>), so a service with a --database_url flag gets it without naming it here.
# MERIDIAN_<SVC>_FLAGS adds flags, e.g. MERIDIAN_INTAKE_FLAGS='--log_level=debug'.
svc_args() {
  local svc=$1 db_url=$2
  local -a args=("--listen_address=127.0.0.1:$(svc_port "$svc")"
    "--metrics_listen_address=127.0.0.1:$(($(svc_port "$svc") + 1000))")
  case $svc in
    intake)
      # A URL given by the user may hold a password: that one reaches the service only
      # through the environment, never on a command line that `ps` shows.
      [[ -n ${MERIDIAN_DATABASE_URL:-} ]] || args+=("--database_url=$db_url")
      args+=("--bootstrap_admin_key_file=$(up_admin_key_file)")
      # `up` is for development: webhooks may go to a receiver on this machine.
      args+=("--webhook_signing_key_file=$(up_webhook_key_file)" "--webhook_allow_private_targets")
      ;;
    talent) args+=("--intake_address=127.0.0.1:$(svc_port intake)") ;;
    placement) args+=("--intake_address=127.0.0.1:$(svc_port intake)"
      "--talent_address=127.0.0.1:$(svc_port talent)") ;;
  esac
  case $svc in
    talent | placement)
      args+=("--peer_key_file=$(up_keys_dir)/$svc.key" "--peer_key_bootstrap") ;;
  esac
  local var="MERIDIAN_${svc^^}_FLAGS" extra=()
  if [[ -n ${!var:-} ]]; then read -ra extra <<<"${!var}"; fi
  printf '%s\n' "${args[@]}" "${extra[@]}"
}

# Starts one service in the background; its JSON output goes to $STATE_DIR/logs/<svc>.log,
# and through UP_LOG_VIEW (a short line per event, see cmd_up) to the terminal. The first
# start of an `up` keeps the previous run's log as <svc>.log.1; a restart appends, so the log
# still shows why the service died.
svc_start() {
  local svc=$1
  local logfile fifo="$STATE_DIR/run/$svc.fifo"
  logfile="$(svc_logfile "$svc")"
  if [[ -z ${STARTED_AT[$svc]:-} && -f $logfile ]]; then mv -f "$logfile" "$logfile.1"; fi
  rm -f "$fifo"
  mkfifo "$fifo"
  # The logger outlives signals meant for the script (a Ctrl-C, a TERM to the process
  # group) and a reader of the script's output that went away (-p): if it died first, the
  # service would lose its shutdown lines or die of SIGPIPE. It ends when the service does.
  # The view may die (a reader gone): tee -p then still writes the file.
  (
    trap '' INT TERM HUP
    tee -p -a "$logfile" | "${UP_LOG_VIEW[@]}"
  ) <"$fifo" &
  # shellcheck disable=SC2034 # up_cleanup (up.sh) waits for the loggers
  TEE_PID[$svc]=$!
  local -a args
  mapfile -t args < <(svc_args "$svc" "$DB_URL")
  MERIDIAN_DATABASE_URL="$DB_URL" start_in_own_session "$(svc_binary "$svc")" "${args[@]}" \
    >"$fifo" 2>&1 </dev/null
  SVC_PID[$svc]=$CHILD_PID
  STARTED_AT[$svc]=$SECONDS
  record_process "$CHILD_PID" "$STATE_DIR/run/$svc.pid"
  CHILD_PID=""
}

# Waits (at most 30 s) until the service accepts connections. Returns 1 if it exits first,
# with its wait status in EXIT_STATUS (the caller decides whether to restart it).
EXIT_STATUS=0
svc_wait_ready() {
  local svc=$1 port i
  port="$(svc_port "$svc")"
  for ((i = 0; i < 150; i++)); do
    if ! proc_alive "${SVC_PID[$svc]}"; then
      EXIT_STATUS=0
      # shellcheck disable=SC2034 # read by svc_run (supervise.sh)
      wait "${SVC_PID[$svc]}" || EXIT_STATUS=$?
      unset "SVC_PID[$svc]"
      return 1
    fi
    port_in_use "$port" && return 0
    sleep 0.2
  done
  svc_log_tail "$svc"
  die "$svc did not listen on port $port within 30 s"
}

# Services that a killed `up` left running (they run in sessions of their own, so they
# outlive it) would hold the ports: stop them the way `up` would have (SIGTERM, 30 s).
svc_reap_leftovers() {
  local pidfile svc
  for pidfile in "$STATE_DIR"/run/*.pid; do
    [[ -f $pidfile ]] || continue
    svc=$(basename "$pidfile" .pid)
    [[ $svc != up ]] || continue
    if record_alive "$pidfile"; then
      log "stopping the $svc an earlier, killed ./meridian up left running (pid $RECORDED_PID)"
      stop_process "$RECORDED_PID" 150 || true
    fi
    rm -f "$pidfile"
  done
}

log_tail() {
  log "last lines of $1:"
  tail -n 25 "$1" >&2 || true
}

svc_log_tail() {
  sleep 0.3 # let tee write the last lines
  log_tail "$(svc_logfile "$1")"
}
