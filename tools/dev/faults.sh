# tools/dev/faults.sh: `./meridian faults [--short] [--json FILE] [--keep]`: issue 16's
# "faults during load". Starts a throwaway PostgreSQL and the three services of its own (own
# ports, own state directory: a developer's `up` and .meridian are never touched), runs the
# load tool (bench/load, with its ledger) and meanwhile, in turn: kills each service with
# SIGKILL and starts it again; stops PostgreSQL abruptly (`pg_ctl stop -m immediate`) for 20 s
# (--short: 5 s), polling every service's health, and starts it again; sends SIGTERM to each
# service in turn with calls in flight (it must finish them, release what its background
# workers hold and exit 0), and starts it again. Then: the ledger check (every acknowledged write once,
# unknown outcomes at most once, no row without an entry, each create's event), the search
# index against the database, the placement service's durable tasks, and a webhook
# subscription (to a receiver of its own) caught up with the event feed. Prints the figures
# and writes them as JSON. Exit status 0 when every check held (figures are not judged).
# Sourced by ./meridian; needs lib.sh, build.sh, postgres.sh and services.sh from tools/dev.
# shellcheck shell=bash

# The runs' directories (cluster, services' state, ledger), so that a later run can reap
# what a killed one left. Under `./meridian test`, MERIDIAN_FAULTS_TMPDIR puts them in the
# test run's scratch space.
faults_prefix() { printf '%s/meridian-faults.\n' "${MERIDIAN_FAULTS_TMPDIR:-/tmp}"; }

FAULTS_SHORT=0
FAULTS_JSON=""
FAULTS_KEEP=""
FAULTS_FAILED=() # what did not hold, for the verdict
FAULTS_PG_DATA="" FAULTS_PG_LOG=""
LOAD_PID=""

faults_usage() {
  cat <<'EOF'
usage: ./meridian faults [--short] [--json FILE] [--keep]
  Runs the load tool against services of its own while it kills each service (SIGKILL) and
  starts it again, stops PostgreSQL abruptly for 20 s (--short: 5 s), and sends SIGTERM to
  each service with calls in flight; then checks the ledger, the search index and the durable
  follow-ups against the database, prints the figures and writes them as JSON (default:
  $BUILD_DIR/faults.json). --keep keeps the run's directory (logs, ledger, cluster).
  Environment: MERIDIAN_FAULTS_SKIP_BUILD=1 skips the build (the ctest does).
EOF
}

now_ms() { date +%s%3N; }

# The services a killed run left running (they run in sessions of their own): the pid files
# in the state directories of runs whose owner is gone. reap_stale_clusters does the rest.
faults_reap_services() {
  local dir pidfile
  for dir in "$(faults_prefix)"*; do
    [[ -d $dir ]] || continue
    record_alive "$dir/owner" && continue
    for pidfile in "$dir"/state/run/*.pid; do
      [[ -f $pidfile ]] || continue
      if record_alive "$pidfile"; then
        log "faults: stopping a service an earlier, killed run left (pid $RECORDED_PID)"
        kill -KILL "$RECORDED_PID" 2>/dev/null || true
      fi
    done
  done
}

# Tells the load tool (--phase_file) what happens from now on.
faults_phase() {
  printf '%s %s\n' "$1" "$(now_ms)" >"$FAULTS_DIR/phase.tmp"
  mv -f "$FAULTS_DIR/phase.tmp" "$FAULTS_DIR/phase"
  log "faults: $1"
}

faults_fail() {
  FAULTS_FAILED+=("$*")
  log "faults: FAILED: $*"
}

# The health of SVC's own service name (not "": that one stays SERVING while the process
# runs): SERVING, NOT_SERVING, or UNREACHABLE.
faults_health() {
  local name
  case $1 in
    intake) name=meridian.intake.v1.IntakeService ;;
    talent) name=meridian.talent.v1.TalentService ;;
    placement) name=meridian.placement.v1.PlacementService ;;
  esac
  # The probe exits 1 for anything but SERVING: what it printed is the answer.
  { "$FAULTS_PROBE" "127.0.0.1:$(svc_port "$1")" "$name" 2>/dev/null || true; } | head -n 1 | cut -d' ' -f1
}

# Waits (at most SECONDS) until SVC's health is SERVING; the milliseconds it took go to
# SERVING_MS (-1 on timeout, and returns 1).
SERVING_MS=-1
faults_wait_serving() {
  local svc=$1 seconds=$2 start
  start=$(now_ms)
  while (($(now_ms) - start < seconds * 1000)); do
    if [[ $(faults_health "$svc") == SERVING ]]; then
      SERVING_MS=$(($(now_ms) - start))
      return 0
    fi
    sleep 0.1
  done
  SERVING_MS=-1
  return 1
}

faults_start_pg() {
  local -a options=(-c max_connections=200)
  # The short run (CI) spares the disk; the full one keeps PostgreSQL's durability.
  if ((FAULTS_SHORT)); then options+=(-c fsync=off); fi
  pg_start "$FAULTS_PG_DATA" "$FAULTS_PG_LOG" "$FAULTS_PG_PORT" "$FAULTS_DIR" "${options[@]}"
}

faults_stop_pg_immediate() {
  as_pg_owner "$PG_BINDIR/pg_ctl" -D "$FAULTS_PG_DATA" -m immediate -w -t 30 stop >/dev/null
}

faults_discard() { cat >/dev/null; }

# Starts SVC and waits until it listens and is SERVING (milliseconds from listening to
# SERVING in SERVING_MS). Not in a subshell: SVC_PID must reach the caller.
faults_start_service() {
  local svc=$1
  svc_start "$svc"
  svc_wait_ready "$svc" || die "$svc exited at start ($(describe_exit "$EXIT_STATUS")); log: $(svc_logfile "$svc")"
  faults_wait_serving "$svc" 60 || die "$svc did not turn SERVING within 60 s; log: $(svc_logfile "$svc")"
}

# SIGKILL to SVC, a pause, and a start again.
faults_kill_service() {
  local svc=$1 pause=$2 pid status=0 ms
  faults_phase "kill-$svc"
  pid=${SVC_PID[$svc]}
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || status=$?
  unset "SVC_PID[$svc]"
  sleep "$pause"
  faults_phase "restart-$svc"
  faults_start_service "$svc"
  ms=$SERVING_MS
  FAULTS_FIGURES+=("$(jq -nc --arg svc "$svc" --argjson ms "$ms" \
    '{fault: "SIGKILL, then start", service: $svc, serving_after_start_ms: $ms}')")
}

# SVC's log from its last "signal received" on.
faults_shutdown_log() {
  awk '/"message":"signal received"/ {n = NR} {line[NR] = $0}
       END {if (n) for (i = n; i <= NR; i++) print line[i]}' "$(svc_logfile "$1")"
}

# SIGTERM to SVC with calls in flight: it must finish them and exit 0 (within its grace).
faults_term_service() {
  local svc=$1 pid status=0 start ms
  faults_phase "sigterm-$svc"
  pid=${SVC_PID[$svc]}
  start=$(now_ms)
  kill -TERM "$pid"
  if ! poll_while 150 proc_alive "$pid"; then
    faults_fail "$svc did not exit within 30 s of SIGTERM"
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || status=$?
  ms=$(($(now_ms) - start))
  unset "SVC_PID[$svc]"
  ((status == 0)) || faults_fail "$svc exited with $(describe_exit "$status") after SIGTERM"
  # The calls it had accepted: answered between the signal and "stopped" (its log, one line
  # a call), none cancelled, none left running.
  local finished cancelled
  sleep 0.3 # the logger writes the last lines
  finished="$(faults_shutdown_log "$svc" | grep -c '"message":"rpc"' || true)"
  cancelled="$(faults_shutdown_log "$svc" | grep -c '"code":"CANCELLED"\|calls still running' || true)"
  ((cancelled == 0)) || faults_fail "$svc cancelled $cancelled calls in flight at SIGTERM"
  faults_phase "restart-$svc-after-term"
  local serving
  faults_start_service "$svc"
  serving=$SERVING_MS
  FAULTS_FIGURES+=("$(jq -nc --arg svc "$svc" --argjson status "$status" --argjson ms "$ms" \
    --argjson serving "$serving" --argjson finished "$finished" --argjson cancelled "$cancelled" \
    '{fault: "SIGTERM with calls in flight", service: $svc, exit_status: $status,
      exit_after_ms: $ms, calls_answered_after_signal: $finished, calls_cancelled: $cancelled,
      serving_after_start_ms: $serving}')")
}

# PostgreSQL stopped abruptly for SECONDS: every service's health is polled meanwhile (it
# must turn NOT_SERVING, the process must stay up), then from the start again until SERVING.
faults_db_outage() {
  local seconds=$1 svc down_at back_at state
  declare -A first_not_serving=() samples=() not_serving=() back_ms=()
  faults_phase db-down
  down_at=$(now_ms)
  faults_stop_pg_immediate || faults_fail "pg_ctl stop -m immediate failed"
  while (($(now_ms) - down_at < seconds * 1000)); do
    for svc in "${SERVICES[@]}"; do
      state=$(faults_health "$svc")
      samples[$svc]=$((${samples[$svc]:-0} + 1))
      if [[ $state == NOT_SERVING ]]; then
        not_serving[$svc]=$((${not_serving[$svc]:-0} + 1))
        [[ -n ${first_not_serving[$svc]:-} ]] || first_not_serving[$svc]=$(($(now_ms) - down_at))
      fi
    done
    sleep 0.25
  done
  for svc in "${SERVICES[@]}"; do
    proc_alive "${SVC_PID[$svc]}" || faults_fail "$svc died while the database was away"
    [[ -n ${first_not_serving[$svc]:-} ]] || faults_fail "$svc never reported NOT_SERVING while the database was away"
  done
  faults_phase db-back
  local start_at
  start_at=$(now_ms)
  faults_start_pg || die "PostgreSQL did not start again; log: $FAULTS_PG_LOG"
  # The database is back when it accepts connections (pg_ctl -w): after crash recovery,
  # which takes seconds with fsync on.
  back_at=$(now_ms)
  local pg_ms=$((back_at - start_at))
  # Every service polled together: the first to recover must not hide the others' times.
  local -A pending=()
  for svc in "${SERVICES[@]}"; do pending[$svc]=1; done
  while ((${#pending[@]} > 0 && $(now_ms) - back_at < 60000)); do
    for svc in "${!pending[@]}"; do
      if [[ $(faults_health "$svc") == SERVING ]]; then
        back_ms[$svc]=$(($(now_ms) - back_at))
        unset "pending[$svc]"
      fi
    done
    sleep 0.1
  done
  for svc in "${!pending[@]}"; do
    back_ms[$svc]=-1
    faults_fail "$svc was not SERVING within 60 s of the database's return"
  done
  for svc in "${SERVICES[@]}"; do
    FAULTS_FIGURES+=("$(jq -nc --arg svc "$svc" --argjson down "$seconds" \
      --argjson first "${first_not_serving[$svc]:--1}" --argjson samples "${samples[$svc]:-0}" \
      --argjson ns "${not_serving[$svc]:-0}" --argjson back "${back_ms[$svc]}" \
      --argjson pg "$pg_ms" --argjson back_at "$back_at" --argjson start_at "$start_at" \
      '{fault: "PostgreSQL stopped (immediate)", service: $svc, down_s: $down,
        not_serving_after_ms: $first, health_samples: $samples, not_serving_samples: $ns,
        pg_recovery_ms: $pg, serving_after_db_back_ms: $back, db_back_unix_ms: $back_at,
        db_start_unix_ms: $start_at}')")
  done
}

faults_sql() { pg_psql "$FAULTS_PG_PORT" -d meridian -tA -c "$1"; }

# A webhook receiver on this machine (the intake service under `up` may send there): answers
# 204 to every POST and writes a line a delivery to $FAULTS_DIR/hooks. Then a subscription to
# every event, made with the ADMIN key: the event outbox's reader (intake's webhook worker)
# must deliver through every fault, the database's outage included.
FAULTS_HOOK_PID=""
faults_hook_port_closed() { ! port_in_use "$FAULTS_HOOK_PORT"; }
faults_subscribe_webhook() {
  FAULTS_HOOK_PORT="$(pick_free_port)"
  /usr/bin/python3 - "$FAULTS_HOOK_PORT" "$FAULTS_DIR/hooks" <<'PY' &
import http.server
import sys

port, out = int(sys.argv[1]), sys.argv[2]


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()
        with open(out, "a") as f:
            f.write("1\n")

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
  FAULTS_HOOK_PID=$!
  poll_while 50 faults_hook_port_closed || die "the webhook receiver did not listen"
  "$BUILD_DIR/tools/meridian_call" --address="127.0.0.1:$(svc_port intake)" --service=events \
    --method=CreateWebhookSubscription --key_file="$(up_admin_key_file)" \
    --json="{\"subscription\": {\"target_url\": \"http://127.0.0.1:$FAULTS_HOOK_PORT/hook\"}}" \
    >"$FAULTS_DIR/subscription.json" || die "could not subscribe a webhook"
}

# After the load: the search index holds every searchable candidate the database does (the
# talent service's gauge against the rows), and the placement service's tasks are all done.
faults_after_checks() {
  local i metrics indexed rows tasks lag hooks_behind
  # The index follows the change feed every 100 ms; give it (and the tasks) time to settle.
  for ((i = 0; i < 60; i++)); do
    metrics="$(curl -s "http://127.0.0.1:$(($(svc_port talent) + 1000))/metrics" 2>/dev/null || true)"
    indexed="$(awk '/^meridian_search_index_candidates[ {]/ {print int($NF)}' <<<"$metrics" | head -n 1)"
    # What the index holds: talent_store.cc's ReadSearchableCandidates.
    rows="$(faults_sql "SELECT count(*) FROM talent.candidates WHERE NOT erased AND state IN ('AVAILABLE', 'INTERVIEWING')" 2>/dev/null || echo "?")"
    tasks="$(faults_sql "SELECT count(*) FROM placement.tasks WHERE state <> 'DONE'" 2>/dev/null || echo "?")"
    hooks_behind="$(faults_sql "SELECT (SELECT COALESCE(max(position), 0) FROM events.events) -
        (SELECT COALESCE(min(delivered_position), 0) FROM events.webhook_subscriptions)" 2>/dev/null || echo "?")"
    [[ -n $indexed && $indexed == "$rows" && $tasks == 0 && $hooks_behind -le 0 ]] 2>/dev/null && break
    sleep 0.5
  done
  lag="$(awk '/^meridian_search_index_lag[ {]/ {print $NF}' <<<"$metrics" | head -n 1)"
  [[ $indexed == "$rows" ]] || faults_fail "the search index holds ${indexed:-?} candidates, the database $rows"
  [[ $tasks == 0 ]] || faults_fail "$tasks durable placement tasks are not done"
  [[ $hooks_behind =~ ^-?[0-9]+$ && $hooks_behind -le 0 ]] ||
    faults_fail "the webhook subscription is $hooks_behind events behind the event feed"
  local hooks events subscription_state
  hooks="$(wc -l <"$FAULTS_DIR/hooks" 2>/dev/null || echo 0)"
  events="$(faults_sql "SELECT count(*) FROM events.events" 2>/dev/null || echo "?")"
  subscription_state="$(faults_sql "SELECT state FROM events.webhook_subscriptions LIMIT 1" 2>/dev/null || echo "?")"
  local filled_missing
  filled_missing="$(faults_sql "SELECT count(*) FROM intake.roles r WHERE r.state <> 'FILLED' AND
      (r.body->>'headcount')::int <= (SELECT count(*) FROM placement.placements p
        WHERE p.role_id = r.id AND p.state = 'ACTIVE')" 2>/dev/null || echo "?")"
  [[ $filled_missing == 0 ]] || faults_fail "$filled_missing roles are placed to headcount but not FILLED"
  # Replacements (the load ends placements inside their guarantee): each one DONE, that is
  # its role reopened and its shortlist made, whatever failed meanwhile.
  local replacements replacements_done shortlisted
  replacements="$(faults_sql "SELECT count(*) FROM placement.placements WHERE body ? 'replacement'" 2>/dev/null || echo "?")"
  replacements_done="$(faults_sql "SELECT count(*) FROM placement.placements WHERE body->'replacement'->>'state' = 'DONE'" 2>/dev/null || echo "?")"
  shortlisted="$(faults_sql "SELECT COALESCE(sum(jsonb_array_length(COALESCE(body->'replacement'->'submissions', '[]'))), 0) FROM placement.placements" 2>/dev/null || echo "?")"
  [[ $replacements == "$replacements_done" ]] ||
    faults_fail "$replacements replacements started, only $replacements_done DONE"
  local filled done_tasks
  filled="$(faults_sql "SELECT count(*) FROM intake.roles WHERE state = 'FILLED'" 2>/dev/null || echo "?")"
  done_tasks="$(faults_sql "SELECT count(*) FROM placement.tasks WHERE state = 'DONE'" 2>/dev/null || echo "?")"
  FAULTS_AFTER="$(jq -nc --arg indexed "${indexed:-?}" --arg rows "$rows" --arg tasks "$tasks" \
    --arg lag "${lag:-?}" --arg missing "$filled_missing" --arg filled "$filled" \
    --arg donetasks "$done_tasks" --arg hooks "$hooks" --arg events "$events" \
    --arg behind "$hooks_behind" --arg substate "$subscription_state" \
    --arg replacements "$replacements" --arg replacementsdone "$replacements_done" \
    --arg shortlisted "$shortlisted" \
    '{index_candidates: $indexed, database_candidates: $rows, tasks_not_done: $tasks,
      tasks_done: $donetasks, index_lag: $lag, roles_filled: $filled,
      replacements: $replacements, replacements_done: $replacementsdone,
      replacement_submissions: $shortlisted,
      roles_placed_not_filled: $missing, events: $events, webhook_deliveries: $hooks,
      webhook_events_behind: $behind, webhook_subscription_state: $substate}')"
}

faults_cleanup() {
  local rc=$?
  set +e
  trap '' INT TERM HUP
  if [[ -n $LOAD_PID ]] && proc_alive "$LOAD_PID"; then kill -KILL "$LOAD_PID" 2>/dev/null; fi
  if [[ -n $FAULTS_HOOK_PID ]]; then
    # (Waited for with stderr closed: bash would report the kill.)
    kill -KILL "$FAULTS_HOOK_PID" 2>/dev/null
    wait "$FAULTS_HOOK_PID" 2>/dev/null
  fi
  local svc
  for svc in "${!SVC_PID[@]}"; do kill -TERM "${SVC_PID[$svc]}" 2>/dev/null; done
  for svc in "${!SVC_PID[@]}"; do
    poll_while 150 proc_alive "${SVC_PID[$svc]}" || kill -KILL "${SVC_PID[$svc]}" 2>/dev/null
    wait "${SVC_PID[$svc]}" 2>/dev/null
  done
  for svc in "${TEE_PID[@]}"; do
    poll_while 25 proc_alive "$svc"
    kill -KILL "$svc" 2>/dev/null
  done
  scratch_pg_cleanup "the load" 30 faults_keep "$rc"
  exit "$rc"
}

faults_keep() {
  if [[ -n $FAULTS_KEEP || $1 != 0 ]]; then
    log "faults: the run's directory is kept (until the next run): $SCRATCH_PG_DIR"
    SCRATCH_PG_DIR=""
  fi
}

faults_print() {
  local json=$1
  echo
  echo "Faults during load ($(jq -r '.mode' "$json")): services"
  jq -r '.faults[] | [.fault, .service,
      (if .exit_status != null then "exit \(.exit_status) after \(.exit_after_ms) ms; \(.calls_answered_after_signal) calls answered after the signal, \(.calls_cancelled) cancelled;" else "" end),
      (if .not_serving_after_ms != null then "NOT_SERVING after \(.not_serving_after_ms) ms (\(.not_serving_samples)/\(.health_samples) samples)" else "" end),
      (if .serving_after_db_back_ms != null then "SERVING \(.serving_after_db_back_ms) ms after the database accepted connections (its recovery: \(.pg_recovery_ms) ms)" else "SERVING \(.serving_after_start_ms) ms after start" end)]
      | "  \(.[0]) | \(.[1]) | \(.[2]) \(.[3]) \(.[4])"' "$json"
  jq -r '"  first OK write after PostgreSQL was started again: \(.first_ok_write_after_db_start_ms) ms (after pg_ctl saw it accept connections: \(.first_ok_write_after_db_back_ms) ms)",
         (.load.phases[] | select(.phase == "db-down") | "  calls while the database was away: \(.calls), failed in p50 \(.failed_p50_us / 1000) ms, p99 \(.failed_p99_us / 1000) ms, max \(.failed_max_us / 1000) ms (\(.errors | to_entries | map("\(.key) \(.value)") | join(", ")))"),
         "  after: index \(.after.index_candidates) candidates, database \(.after.database_candidates); placement tasks done \(.after.tasks_done), not done \(.after.tasks_not_done); replacements \(.after.replacements), DONE \(.after.replacements_done), \(.after.replacement_submissions) shortlisted; roles FILLED \(.after.roles_filled), placed but not FILLED \(.after.roles_placed_not_filled)",
         "  event feed: \(.after.events) events; webhook: \(.after.webhook_deliveries) deliveries received, \(.after.webhook_events_behind) events behind, subscription \(.after.webhook_subscription_state)",
         "  load tool exit status: \(.load_exit_status); verdict: \(if .ok then "OK" else "FAILED: " + (.failed | join("; ")) end)"' "$json"
}

cmd_faults() {
  local arg
  while (($# > 0)); do
    case $1 in
      --short) FAULTS_SHORT=1 ;;
      --json) FAULTS_JSON=$2; shift ;;
      --json=*) FAULTS_JSON=${1#--json=} ;;
      --keep) FAULTS_KEEP=1 ;;
      -h | --help) faults_usage; return 0 ;;
      *) faults_usage >&2; exit 2 ;;
    esac
    shift
  done
  [[ -n $FAULTS_JSON ]] || FAULTS_JSON="$BUILD_DIR/faults.json"
  FAULTS_JSON="$(realpath -m "$FAULTS_JSON")"
  command -v jq >/dev/null || die "faults needs jq (apt-get install jq)"
  command -v curl >/dev/null || die "faults needs curl (apt-get install curl)"
  [[ ${MERIDIAN_FAULTS_SKIP_BUILD:-} == 1 ]] || cmd_build
  local load="$BUILD_DIR/bench/load/meridian_load"
  FAULTS_PROBE="$BUILD_DIR/tests/tools/meridian_health_probe"
  [[ -x $load && -x $FAULTS_PROBE && -x $BUILD_DIR/tools/meridian_call ]] ||
    die "$load, $FAULTS_PROBE and $BUILD_DIR/tools/meridian_call must be built"
  for arg in "${SERVICES[@]}"; do [[ -x $(svc_binary "$arg") ]] || die "$(svc_binary "$arg") is not built"; done
  # Never a developer's database or settings: everything below is this run's own.
  unset MERIDIAN_DATABASE_URL MERIDIAN_INTAKE_FLAGS MERIDIAN_TALENT_FLAGS MERIDIAN_PLACEMENT_FLAGS
  faults_reap_services
  reap_stale_clusters "$(faults_prefix)"

  trap faults_cleanup EXIT
  exit_on_signals
  scratch_pg_create "$(faults_prefix)" state
  FAULTS_DIR=$SCRATCH_PG_DIR
  STATE_DIR="$FAULTS_DIR/state"
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/run"
  FAULTS_PG_DATA="$FAULTS_DIR/data" FAULTS_PG_LOG="$FAULTS_DIR/log"
  pg_initdb "$FAULTS_PG_DATA" "$FAULTS_DIR/initdb.log" --no-sync
  FAULTS_PG_PORT="$(pick_free_port)"
  faults_start_pg || die "could not start PostgreSQL; log: $FAULTS_PG_LOG"
  pg_createdb "$FAULTS_PG_PORT" meridian
  DB_URL="postgresql://postgres@127.0.0.1:$FAULTS_PG_PORT/meridian"
  local svc port first count
  read -r first count < <(listen_port_range)
  for svc in "${SERVICES[@]}"; do
    # The metrics listener takes the port 1000 above (services.sh): both must be free, and
    # that one below the kernel's ephemeral range too (an outgoing connection of the load
    # could take it between the check and the bind).
    for ((;;)); do
      port="$(pick_free_port)"
      ((port + 1000 < first + count)) || continue
      port_in_use $((port + 1000)) || break
    done
    export "MERIDIAN_${svc^^}_PORT=$port"
  done
  # shellcheck disable=SC2034 # services.sh reads it
  UP_LOG_VIEW=(faults_discard)
  log "faults: PostgreSQL on 127.0.0.1:$FAULTS_PG_PORT, run directory $FAULTS_DIR"
  for svc in "${SERVICES[@]}"; do faults_start_service "$svc"; done
  faults_subscribe_webhook

  local warm=10 pause=2 settle=5 outage=20 rate=60 retry=10
  # The short run gives writes up sooner than its outage lasts: the check then also sees
  # writes of unknown outcome.
  if ((FAULTS_SHORT)); then warm=3 pause=1 settle=2 outage=5 rate=30 retry=3; fi
  faults_phase warm-up
  "$load" --intake="127.0.0.1:$(svc_port intake)" --talent="127.0.0.1:$(svc_port talent)" \
    --placement="127.0.0.1:$(svc_port placement)" --admin_key_file="$(up_admin_key_file)" \
    --database_url="$DB_URL" --seconds=3600 --rate="$rate" --in_flight=16 \
    --retry_for="$retry" --replays=20 --fill_roles --check_index --phase_file="$FAULTS_DIR/phase" \
    --ledger="$FAULTS_DIR/ledger.jsonl" --json="$FAULTS_DIR/load.json" \
    >"$FAULTS_DIR/load.out" 2>&1 &
  LOAD_PID=$!
  sleep "$warm"
  proc_alive "$LOAD_PID" || die "the load tool ended early: $(tail -n 20 "$FAULTS_DIR/load.out")"

  FAULTS_FIGURES=()
  for svc in "${SERVICES[@]}"; do
    faults_kill_service "$svc" "$pause"
    sleep "$settle"
  done
  faults_db_outage "$outage"
  sleep "$settle"
  for svc in "${SERVICES[@]}"; do
    faults_term_service "$svc"
    sleep "$settle"
  done
  faults_phase end
  local load_rc=0
  wait "$LOAD_PID" || load_rc=$?
  LOAD_PID=""
  cat "$FAULTS_DIR/load.out"
  ((load_rc == 0)) || faults_fail "the load tool exited $load_rc (ledger check or INTERNAL/UNKNOWN answers; see above)"
  faults_after_checks

  local back_at start_at
  back_at="$(printf '%s\n' "${FAULTS_FIGURES[@]}" | jq -s '[.[] | .db_back_unix_ms // empty] | first // 0')"
  start_at="$(printf '%s\n' "${FAULTS_FIGURES[@]}" | jq -s '[.[] | .db_start_unix_ms // empty] | first // 0')"
  local failed_json
  failed_json="$(printf '%s\n' "${FAULTS_FAILED[@]}" | jq -R . | jq -sc '[.[] | select(. != "")]')"
  mkdir -p "$(dirname "$FAULTS_JSON")"
  printf '%s\n' "${FAULTS_FIGURES[@]}" | jq -s \
    --slurpfile load "$FAULTS_DIR/load.json" --argjson after "$FAULTS_AFTER" \
    --argjson failed "$failed_json" --argjson rc "$load_rc" --argjson back "$back_at" \
    --argjson start "$start_at" \
    --arg mode "$( ((FAULTS_SHORT)) && echo short || echo full)" \
    '{mode: $mode, faults: ., after: $after, load_exit_status: $rc,
      # From when PostgreSQL was started again, and from when pg_ctl saw it accept
      # connections (which it notices a little late: this one may be slightly negative).
      first_ok_write_unix_ms:
        (($load[0].phases // []) as $phases | ($phases | map(.phase) | index("db-back")) as $i
          | [$phases[($i // 0):][] | select(.first_ok_write_unix_ms > 0)
             | .first_ok_write_unix_ms] | min // -1)}
    | .first_ok_write_after_db_start_ms =
        (if .first_ok_write_unix_ms > 0 then .first_ok_write_unix_ms - $start else -1 end)
    | .first_ok_write_after_db_back_ms =
        (if .first_ok_write_unix_ms > 0 then .first_ok_write_unix_ms - $back else null end)
    | {mode, faults, after, load_exit_status, first_ok_write_after_db_start_ms,
       first_ok_write_after_db_back_ms,
      load: $load[0], failed: $failed, ok: ($failed | length == 0)}' >"$FAULTS_JSON"
  faults_print "$FAULTS_JSON"
  log "faults: figures in $FAULTS_JSON"
  ((${#FAULTS_FAILED[@]} == 0)) || exit 1
}
