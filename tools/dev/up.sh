# tools/dev/up.sh: `./meridian up [--demo]`: builds, starts the private PostgreSQL (or uses
# MERIDIAN_DATABASE_URL) and every built service, loads demo data if asked, prints where
# everything listens, hands over to the supervisor (supervise.sh) and, on Ctrl-C/SIGTERM or
# when the supervisor gives up, stops the services, then PostgreSQL. Sourced by ./meridian;
# needs lib.sh, build.sh, postgres.sh, services.sh and supervise.sh from tools/dev.
# shellcheck shell=bash

UP_STOPPING="" # set when a signal asked `up` to stop (a clean stop, exit 0)

# Sends SIGTERM to every service (they finish calls in flight and exit 0) and waits for
# each; returns 1 if one had to be killed or exited non-zero.
up_stop_services() {
  local svc pid status failed=0
  if ((${#SVC_PID[@]} > 0)); then log "stopping services"; fi
  for svc in "${!SVC_PID[@]}"; do kill -TERM "${SVC_PID[$svc]}" 2>/dev/null; done
  for svc in "${!SVC_PID[@]}"; do
    pid=${SVC_PID[$svc]}
    # The services allow calls in flight 10 s (--shutdown_grace) before cancelling them.
    if ! poll_while 150 proc_alive "$pid"; then
      log "$svc did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
    status=0
    wait "$pid" || status=$?
    if ((status != 0)); then
      log "$svc exited with status $status"
      failed=1
    fi
  done
  return "$failed"
}

# EXIT trap of `up`: stops the services, their loggers, then the private PostgreSQL. Exits
# non-zero if anything did not stop cleanly.
up_cleanup() {
  local rc=$?
  set +e
  trap '' INT TERM HUP # stopping is bounded; a second Ctrl-C must not leave PostgreSQL up
  trap '' PIPE         # writes to a reader that went away just fail; the stop goes on
  local pid failed=""
  # A back-off or the PostgreSQL watch's timer in progress: nothing to wait for.
  # (Waited for with stderr closed: bash would report the kill of each.)
  for pid in "$SLEEP_PID" "$TICK_PID"; do
    if [[ -n $pid ]]; then
      kill -KILL "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
    fi
  done
  up_stop_services || failed=1
  # The loggers end when their service does; give them 5 s to write the last lines.
  for pid in "${TEE_PID[@]}"; do
    poll_while 25 proc_alive "$pid"
    kill -KILL "$pid" 2>/dev/null
  done
  rm -f "$STATE_DIR"/run/*.fifo
  pg_up_stop
  rm -f "$STATE_DIR"/run/*.pid
  if [[ -n $UP_STOPPING && -z $failed && $rc -eq 0 ]]; then log "stopped"; fi
  if [[ -n $failed && $rc -eq 0 ]]; then rc=1; fi
  exit "$rc"
}

# The services that are built, in start order, into the array UP_SERVICES; dies if their
# ports are taken (by something else: a killed `up`'s services were reaped before).
UP_SERVICES=()
up_find_services() {
  local svc
  for svc in "${SERVICES[@]}"; do
    [[ -x $(svc_binary "$svc") ]] && UP_SERVICES+=("$svc")
  done
  ((${#UP_SERVICES[@]} > 0)) || die "no service binary under $BUILD_DIR/services/*/"
  for svc in "${UP_SERVICES[@]}"; do
    if port_in_use "$(svc_port "$svc")"; then
      die "port $(svc_port "$svc") (for $svc) is taken; stop what listens there or set MERIDIAN_${svc^^}_PORT"
    fi
  done
}

up_runs() { [[ " ${UP_SERVICES[*]} " == *" $1 "* ]]; }

# Demo data goes in through the public APIs with fixed request ids: loading it again
# creates nothing twice.
up_load_demo() {
  if ! up_runs talent; then
    log "demo data needs the talent service, which is not built"
    return 0
  fi
  log "loading demo data (clients, roles and a worldwide talent pool)"
  # Placements are part of the demo only when the placement service runs.
  local placement_address=""
  if up_runs placement; then placement_address="127.0.0.1:$(svc_port placement)"; fi
  "$BUILD_DIR/tools/meridian_demo_data" \
    --key_file="$(up_admin_key_file)" \
    --intake_address="127.0.0.1:$(svc_port intake)" \
    --talent_address="127.0.0.1:$(svc_port talent)" \
    --placement_address="$placement_address" ||
    log "demo data: some calls failed (see above); the services keep running"
}

# With --demo: a short meridianctl session over the demo data, its context pointing at this
# `up` (ports and admin key), with a real open role to search for.
up_ctl_session() {
  local ctl="$BUILD_DIR/tools/meridianctl" svc role="" where=""
  [[ -x $ctl && -f $(up_admin_key_file) ]] || return 0
  for svc in "${UP_SERVICES[@]}"; do
    where+=" --$svc-address 127.0.0.1:$(svc_port "$svc")"
  done
  # shellcheck disable=SC2086 # $where is flags, split on purpose
  role="$(MERIDIAN_KEY_FILE="$(up_admin_key_file)" "$ctl" $where -o json roles list \
    --filter "state = OPEN" --page-size 1 2>/dev/null |
    grep -o '"name": "clients/[^"]*/roles/[^"]*"' | head -n 1 | cut -d'"' -f4)" || true
  echo "Or as a recruiter would, with meridianctl (--help on every command):"
  echo "  alias meridianctl=$(realpath -m "$ctl")"
  echo "  meridianctl config set-context local$where --key-file $(up_admin_key_file) --use"
  echo "  meridianctl roles list --filter 'state = OPEN'"
  echo "  meridianctl search ${role:-clients/ID/roles/ID} --explain | less"
  echo "  meridianctl submissions list --stage HIRED"
  echo "  meridianctl interviews list --role ROLE        # or SUBMISSION, or --candidate ID"
  echo "  meridianctl submissions summary SUBMISSION     # the scorecards behind the offer"
  echo "  meridianctl placements agenda"
  echo "  source <(meridianctl completion bash)"
}

up_banner() {
  local svc
  echo
  echo "Meridian is up:"
  for svc in "${UP_SERVICES[@]}"; do
    printf '  %-10s 127.0.0.1:%-6s log: %s\n' "$svc" "$(svc_port "$svc")" "$(svc_logfile "$svc")"
  done
  if [[ -z ${MERIDIAN_DATABASE_URL:-} ]]; then
    printf '  %-10s %s   (data: %s; ./meridian db-shell)\n' postgres "$DB_URL" "$PG_DATA"
  fi
  if [[ -f $(up_admin_key_file) ]]; then
    printf '  %-10s %s (ADMIN; ./meridian call sends it)\n' "api key" "$(up_admin_key_file)"
  fi
  echo "Try:"
  echo "  ./meridian call intake CreateClient '{\"client\": {\"display_name\": \"Acme\", \"working_hours\": {\"time_zone\": \"Europe/Lisbon\", \"start\": \"09:00\", \"end\": \"17:00\"}}}'"
  echo "  ./meridian call intake ListClients '{}'"
  echo "  ./meridian call intake --list        # every method; any gRPC client with reflection works too"
  if ((UP_DEMO)); then up_ctl_session; fi
  echo "Logs: ./meridian logs -f (readable), JSON in $STATE_DIR/logs/"
  echo "Ctrl-C stops everything."
  echo
}

# How the services' output shows on the terminal (the log files always hold the JSON):
# "pretty" a short line per event, "quiet" only warnings and errors, "json" the lines as written.
UP_LOG_VIEW=(cat)
up_log_view() {
  local view=$1 tool="$BUILD_DIR/tools/meridian_logview"
  case $view in
    json) UP_LOG_VIEW=(cat) ;;
    pretty | quiet)
      if [[ ! -x $tool ]]; then
        UP_LOG_VIEW=(cat)
      elif [[ $view == quiet ]]; then
        UP_LOG_VIEW=("$tool" --min_severity=warning)
      else
        UP_LOG_VIEW=("$tool")
      fi
      ;;
  esac
}

UP_DEMO=0
cmd_up() {
  local demo=0 view=pretty arg
  for arg in "$@"; do
    case $arg in
      --demo) demo=1 ;;
      --quiet) view=quiet ;;
      --json) view=json ;;
      *) die "usage: ./meridian up [--demo] [--quiet | --json]" ;;
    esac
  done
  restart_settings_check
  cmd_build
  up_log_view "$view"
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/run"

  # One `up` per checkout at a time: a second would fight over the ports and the cluster.
  local lock="$STATE_DIR/run/up.pid"
  if record_alive "$lock"; then
    die "./meridian up is already running from this checkout (pid $RECORDED_PID)"
  fi
  svc_reap_leftovers
  up_find_services

  record_process "$$" "$lock"
  trap up_cleanup EXIT
  trap 'UP_STOPPING=1; exit 0' INT TERM HUP
  # Output piped into a reader that goes away (`./meridian up | tee log`, then Ctrl-C) must
  # not kill us before the EXIT trap stops the services and PostgreSQL: treat it as a stop.
  trap 'UP_STOPPING=1; exit 0' PIPE

  if [[ -n ${MERIDIAN_DATABASE_URL:-} ]]; then
    log "using MERIDIAN_DATABASE_URL; no private PostgreSQL"
    DB_URL=$MERIDIAN_DATABASE_URL
  else
    pg_up_start
    DB_URL="$(pg_private_url)"
  fi

  local svc
  for svc in "${UP_SERVICES[@]}"; do svc_run "$svc"; done
  if ((demo)); then up_load_demo; fi
  UP_DEMO=$demo
  up_banner >&2
  up_supervise
}

# `./meridian logs [-f] [--json] [service...]`: the logs of `up`'s services in this checkout,
# merged in time order (each line starts with its UTC time) and shown a line per event; -f
# follows them as they grow, across restarts.
cmd_logs() {
  local follow=0 json=0 arg svc file
  local -a names=() files=()
  for arg in "$@"; do
    case $arg in
      -f | --follow) follow=1 ;;
      --json) json=1 ;;
      -*) die "usage: ./meridian logs [-f] [--json] [service...]" ;;
      *) names+=("$arg") ;;
    esac
  done
  ((${#names[@]} > 0)) || names=("${SERVICES[@]}")
  for svc in "${names[@]}"; do
    [[ " ${SERVICES[*]} " == *" $svc "* ]] || die "unknown service '$svc' (known: ${SERVICES[*]})"
    file="$(svc_logfile "$svc")"
    if ((follow)) || [[ -f $file ]]; then files+=("$file"); fi
  done
  ((${#files[@]} > 0)) || die "no logs in $STATE_DIR/logs yet; start the services with ./meridian up"
  local -a view=("$BUILD_DIR/tools/meridian_logview")
  if ((json)) || [[ ! -x ${view[0]} ]]; then view=(cat); fi
  if ((follow)); then
    tail -q -n 20 -F "${files[@]}" 2>/dev/null | "${view[@]}"
  else
    LC_ALL=C sort -m -s "${files[@]}" | "${view[@]}"
  fi
}
