#!/usr/bin/env bash
# The recruiter's loop through the real meridianctl against the real services under the real
# `./meridian up` (tests/support/meridian_up.sh): contexts in a config file (the key never shown
# in full), a recruiter key made with `keys create`, a client with a role, candidates imported
# from CSV (a rejected row reported with its line and field violations; a run again and a
# resumed run create no one twice), a search with its reasons and --explain, the interviews on
# the way to a hire (slots both sides can make, an interview scheduled in one of them and
# rescheduled, its .ics invite keeping its UID as its SEQUENCE rises, a time outside working
# hours warned about and cancelled, scorecards and the summary; the OFFER rule refused before,
# then met without an override), a placement with a trial (extended, then passed), its agenda
# and a check-in; JSON and YAML output; exit statuses from the gRPC status.
#
# Set by tests/tools/meridianctl/CMakeLists.txt: MERIDIAN_UP_TEST_REPO, ..._BUILD_DIR, ..._PROBE
# and MERIDIANCTL (the binary).
set -euo pipefail

REPO=${MERIDIAN_UP_TEST_REPO:?}
BUILD=${MERIDIAN_UP_TEST_BUILD_DIR:?}
PROBE=${MERIDIAN_UP_TEST_PROBE:?}
CTL=${MERIDIANCTL:?}

# shellcheck source=tests/support/meridian_up.sh
source "$REPO/tests/support/meridian_up.sh"

# shellcheck disable=SC2119 # no extra settings: `up` as a developer runs it
start_up
wait_serving 90 intake talent placement
note "services SERVING; running the loop through meridianctl"

# Nothing of the caller's own settings: the config lives in the test's directory.
unset MERIDIAN_ADDRESS MERIDIAN_INTAKE_ADDRESS MERIDIAN_TALENT_ADDRESS MERIDIAN_PLACEMENT_ADDRESS \
  MERIDIAN_KEY_FILE MERIDIAN_API_KEY MERIDIAN_CONTEXT MERIDIAN_TZ MERIDIANCTL_CONFIG NO_COLOR
export XDG_CONFIG_HOME="$WORK/config" TZ=UTC

OUT="$WORK/ctl.out" ERR="$WORK/ctl.err"
# Runs meridianctl; its stdout in $OUT, stderr in $ERR, and its exit status in $RC.
ctl() {
  RC=0
  "$CTL" "$@" >"$OUT" 2>"$ERR" || RC=$?
  printf '$ meridianctl %s  -> %s\n' "$*" "$RC" >&2
  # What it printed, shortened, for a reader of the test's log.
  head -n 12 "$OUT" "$ERR" 2>/dev/null | sed 's/^/    /' >&2
}
# Runs meridianctl and fails the test unless it exits 0.
ok() {
  ctl "$@"
  ((RC == 0)) || fail "meridianctl $* exited $RC: $(cat "$OUT" "$ERR")"
}
expect_rc() {
  local want=$1
  shift
  ctl "$@"
  ((RC == want)) || fail "meridianctl $* exited $RC, expected $want: $(cat "$OUT" "$ERR")"
}
has() { grep -qF -- "$2" "$1" || fail "expected '$2' in $(basename "$1"): $(cat "$1")"; }
lacks() { ! grep -qF -- "$2" "$1" || fail "did not expect '$2' in $(basename "$1"): $(cat "$1")"; }
# A field of the JSON meridianctl printed: json_field 'matches.0.candidate.name'.
json_field() {
  /usr/bin/python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split("."):
    value = value[int(part)] if isinstance(value, list) else value.get(part, "")
print(value)' "$OUT" "$1"
}

# --- Contexts -------------------------------------------------------------------------------
ok config set-context admin --intake-address "127.0.0.1:$INTAKE_PORT" \
  --talent-address "127.0.0.1:$TALENT_PORT" --placement-address "127.0.0.1:$PLACEMENT_PORT" \
  --key-file "$STATE/keys/admin.key" --tz Europe/Lisbon
has "$OUT" "(current)"
[[ $(stat -c %a "$XDG_CONFIG_HOME/meridian/config.yaml") == 600 ]] || fail "config file not mode 0600"

# An admin makes a recruiter's key; the recruiter's context holds the key itself.
ok -o json keys create --name "Ana (recruiter)" --role RECRUITER
KEY="$(json_field key)"
[[ $KEY == mrd_* ]] || fail "keys create gave no key: $(cat "$OUT")"
printf '%s\n' "$KEY" >"$WORK/key.txt"
ok config set-context recruiter --intake-address "127.0.0.1:$INTAKE_PORT" \
  --talent-address "127.0.0.1:$TALENT_PORT" --placement-address "127.0.0.1:$PLACEMENT_PORT" \
  --key-from-stdin --use <"$WORK/key.txt"
ok config view
has "$OUT" "current-context: recruiter"
lacks "$OUT" "$KEY"
# The recruiter may not make keys: PERMISSION_DENIED is exit status 6.
expect_rc 6 keys list
has "$ERR" "PERMISSION_DENIED"

# --- A client with a role -------------------------------------------------------------------
ok -o json clients create --name "Acme Robotics" --time-zone America/New_York --hours 09:00-17:00
CLIENT="$(json_field name)"
[[ $CLIENT == clients/* ]] || fail "no client: $(cat "$OUT")"
ok -o json roles create "$CLIENT" --title "Backend engineer" --kind backend-engineer \
  --skill go:3 --budget "12000 USD" --min-overlap 2
ROLE="$(json_field name)"
[[ $ROLE == "$CLIENT"/roles/* ]] || fail "no role: $(cat "$OUT")"
ok roles list "$CLIENT"
has "$OUT" "Backend engineer"
has "$OUT" "OPEN"
ok -o yaml clients show "$CLIENT"
has "$OUT" "display_name: Acme Robotics"
has "$OUT" 'start: "09:00"'
ok roles hold "$ROLE"
has "$OUT" "ON_HOLD"
ok roles reopen "$ROLE"
has "$OUT" "OPEN"
ok recommend-kind --architecture-owner THE_HIRE --system-stage GREENFIELD
has "$OUT" "BACKEND_ENGINEER"

# Errors: the status, the field violations, the exit status.
expect_rc 4 clients show clients/00000000-0000-0000-0000-000000000000
has "$ERR" "NOT_FOUND"
expect_rc 3 candidates create --name "No Email"
has "$ERR" "INVALID_ARGUMENT"
has "$ERR" "field violations:"
has "$ERR" "candidate.email"
expect_rc 2 roles create "$CLIENT" --title X --kind wizard
has "$ERR" "BACKEND_ENGINEER"

# --- Candidates from CSV --------------------------------------------------------------------
CSV="$WORK/people.csv"
cat >"$CSV" <<'CSV'
display_name,email,country,time_zone,hours,skills,kinds,seniority,english_level,monthly_rate
Ana Lima,ana.lima@example.com,PT,Europe/Lisbon,09:00-17:00,go:4:5;postgresql:3:2,BACKEND_ENGINEER,SENIOR,C1,6000 EUR
"Souza, João",joao.souza@example.com,BR,America/Sao_Paulo,09:00-18:00,go:5:8,BACKEND_ENGINEER,STAFF,C2,9000 USD
No Country,nobody@example.com,,Europe/Lisbon,09:00-17:00,go:3,BACKEND_ENGINEER,MID,B2,4000 EUR
Ravi Rao,ravi.rao@example.com,IN,Asia/Kolkata,11:00-19:00,go:3:4,BACKEND_DEVELOPER,MID,C1,3500 USD
CSV
expect_rc 3 candidates import "$CSV"
has "$OUT" "3 created, 0 already in the pool, 1 rejected (line 4)"
has "$ERR" "line 4: INVALID_ARGUMENT"
has "$ERR" "candidate.country"
[[ -f $CSV.import-state ]] || fail "no state file"
ok -o json candidates list --page-size 100
COUNT="$(json_field candidates | /usr/bin/python3 -c 'import ast, sys; print(len(ast.literal_eval(sys.stdin.read())))')"
[[ $COUNT == 3 ]] || fail "expected 3 candidates, got $COUNT"
# Done already: says so, calls nothing.
expect_rc 3 candidates import "$CSV"
has "$ERR" "was imported already"
# As an import interrupted after line 2 leaves it: the run carries on from line 3, and line 3,
# created already by the first run, is not created twice.
cat >"$CSV.import-state" <<END_STATE
input: $CSV
last_line: 2
created: 1
existing: 0
rejected: 0
rejected_lines: []
finished: false
END_STATE
expect_rc 3 candidates import "$CSV"
has "$ERR" "resuming after line 2"
has "$OUT" "3 created, 0 already in the pool, 1 rejected (line 4)"
# Every row again, by the same request ids: still three people in the pool.
expect_rc 3 candidates import "$CSV" --restart
has "$OUT" "3 created, 0 already in the pool, 1 rejected (line 4)"
ok -o json candidates list --page-size 100
COUNT="$(json_field candidates | /usr/bin/python3 -c 'import ast, sys; print(len(ast.literal_eval(sys.stdin.read())))')"
[[ $COUNT == 3 ]] || fail "a run again created someone twice: $COUNT candidates"
ok candidates list --filter "country = PT"
has "$OUT" "Ana Lima"
lacks "$OUT" "Ravi Rao"

# --- Search ---------------------------------------------------------------------------------
ok search "$ROLE"
has "$OUT" "SCORE"
has "$OUT" "TOP REASONS"
has "$OUT" "Souza, João"
has "$OUT" "9000 USD"
has "$OUT" "has every required skill"
lacks "$OUT" "were asked"
ok search "$ROLE" --explain
has "$OUT" "FACTOR"
has "$OUT" "overlap"
ok -o json search "$ROLE"
CANDIDATE="$(json_field matches.0.candidate.name)"
[[ $CANDIDATE == candidates/* ]] || fail "no match: $(cat "$OUT")"
ok search --skill go:4 --time-zone Europe/Berlin --hours 09:00-17:00 --country PT
has "$OUT" "Ana Lima"
lacks "$OUT" "Souza"

# --- Interviews on the way to a hire --------------------------------------------------------
ok -o json submissions create --role "$ROLE" --candidate "$CANDIDATE"
SUBMISSION="$(json_field name)"
[[ $SUBMISSION == "$ROLE"/submissions/* ]] || fail "no submission: $(cat "$OUT")"
ok submissions advance "$SUBMISSION" --stage SHORTLISTED
# Times both sides can make: the user's zone, and the sentence with both local times.
ok interviews propose "$SUBMISSION" --duration 60m --count 3 --tz Asia/Tokyo
has "$OUT" "BOTH SIDES"
has "$OUT" "JST"
has "$OUT" "(America/New_York) = "
ok -o json interviews propose "$SUBMISSION" --duration 1h --count 2
FIRST_SLOT="$(json_field slots.0.start_time)"
SECOND_SLOT="$(json_field slots.1.start_time)"
[[ -n $FIRST_SLOT && -n $SECOND_SLOT ]] || fail "expected two slots: $(cat "$OUT")"
# None in a window too short: the reason, and exit status 0.
ok interviews propose "$SUBMISSION" --duration 8h --earliest "$FIRST_SLOT" --latest "$SECOND_SLOT"
has "$OUT" "no time fits both sides: "
expect_rc 2 interviews propose "$SUBMISSION" --duration "an hour"
has "$ERR" "--duration an hour"
ok submissions advance "$SUBMISSION" --stage CLIENT_INTERVIEW --note "first call went well"
# OFFER needs a completed, scored interview (or a reason to skip it): refused, saying what to do.
expect_rc 5 submissions advance "$SUBMISSION" --stage OFFER
has "$ERR" "FAILED_PRECONDITION"
has "$ERR" "INTERVIEW_REQUIRED"
has "$ERR" "meridianctl scorecards submit"

ok -o json interviews create "$SUBMISSION" --kind technical --title "Pairing in Go" \
  --interviewer "Dana Ortiz <dana@acme.example>:client" \
  --interviewer "Sam Lee <sam@agency.example>:agency" --start "$FIRST_SLOT" --duration 60m \
  --link https://meet.example.com/pairing
INTERVIEW="$(json_field name)"
[[ $INTERVIEW == "$SUBMISSION"/interviews/* ]] || fail "no interview: $(cat "$OUT")"
[[ $(json_field state) == SCHEDULED ]] || fail "not SCHEDULED: $(cat "$OUT")"
lacks "$ERR" "warning: outside"
ok interviews list "$SUBMISSION"
has "$OUT" "TECHNICAL"
has "$OUT" "SCHEDULED"
has "$OUT" "0/2"
ok interviews list --role "$ROLE"
has "$OUT" "$INTERVIEW"
ok interviews list --candidate "$CANDIDATE"
has "$OUT" "$INTERVIEW"
expect_rc 2 interviews list
has "$ERR" "name one of SUBMISSION, --role or --candidate"
expect_rc 2 interviews create "$SUBMISSION" --kind technical --title X --interviewer "dana@acme.example"
has "$ERR" "no <email>"

# The invite: an .ics whose UID stays and whose SEQUENCE rises with a new time.
ICS="$WORK/interview.ics"
ok interviews invite "$INTERVIEW" -f "$ICS"
has "$OUT" "wrote $ICS"
ics_line() { tr -d '\r' <"$ICS" | grep -m1 "^$1:" | cut -d: -f2-; }
UID_FIRST="$(ics_line UID)"
[[ -n $UID_FIRST ]] || fail "no UID in the invite: $(cat "$ICS")"
[[ $(ics_line SEQUENCE) == 0 ]] || fail "first SEQUENCE not 0: $(cat "$ICS")"
[[ $(ics_line METHOD) == REQUEST ]] || fail "not a REQUEST: $(cat "$ICS")"
grep -q $'\r$' "$ICS" || fail "the invite lost its CRLF line ends"
ok interviews reschedule "$INTERVIEW" --start "$SECOND_SLOT"
has "$OUT" "invite_sequence"
ok interviews invite "$INTERVIEW" -f "$ICS"
[[ $(ics_line UID) == "$UID_FIRST" ]] || fail "the UID changed: $(cat "$ICS")"
[[ $(ics_line SEQUENCE) == 1 ]] || fail "SEQUENCE did not rise: $(cat "$ICS")"
# A stale etag is refused.
expect_rc 5 interviews reschedule "$INTERVIEW" --start "$FIRST_SLOT" --etag stale
has "$ERR" "ABORTED"

# A time outside both sides' working hours is taken, and warned about; then called off.
LATE="$(date -u -d 'tomorrow' +%Y-%m-%d) 03:00"
ok -o json interviews create "$SUBMISSION" --kind culture --title "Late call" \
  --interviewer "Dana Ortiz <dana@acme.example>" --start "$LATE" --tz UTC --duration 30m
LATE_INTERVIEW="$(json_field name)"
has "$ERR" "warning: outside the client's working hours"
has "$ERR" "New York"
ok interviews show "$LATE_INTERVIEW"
has "$ERR" "warning: outside the client's working hours"
ok interviews cancel "$LATE_INTERVIEW" --reason "outside everyone's hours"
has "$OUT" "CANCELLED"
ok interviews invite "$LATE_INTERVIEW"
has "$OUT" "METHOD:CANCEL"

# Scorecards: one per interviewer; the recruiter marks it held; the second still counts.
expect_rc 3 scorecards submit "$INTERVIEW" --interviewer dana@acme.example \
  --recommendation yes --rating kubernetes=yes
has "$ERR" "field violations:"
has "$ERR" "must be one of the role's skills"
ok scorecards submit "$INTERVIEW" --interviewer dana@acme.example --recommendation strong-yes \
  --rating Go=strong-yes --notes "clean, tested code"
has "$OUT" "STRONG_YES"
expect_rc 5 scorecards submit "$INTERVIEW" --interviewer dana@acme.example --recommendation no
has "$ERR" "ALREADY_EXISTS"
ok interviews complete "$INTERVIEW"
has "$OUT" "COMPLETED"
ok scorecards submit "$INTERVIEW" --interviewer sam@agency.example --recommendation yes \
  --rating go=yes
ok scorecards list "$INTERVIEW"
has "$OUT" "dana@acme.example"
has "$OUT" "go=STRONG_YES"
ok submissions summary "$SUBMISSION"
has "$OUT" "1 completed, 0 to come, 1 not held"
has "$OUT" "scorecards:      2"
has "$OUT" "1 strong yes, 1 yes, 0 no, 0 strong no"
has "$OUT" "offer:           ready"
has "$OUT" "STRONG YES"
ok -o json submissions summary "$SUBMISSION"
[[ $(json_field ready_for_offer) == True ]] || fail "not ready for an offer: $(cat "$OUT")"

# --- A hire ---------------------------------------------------------------------------------
ok submissions advance "$SUBMISSION" --stage OFFER
has "$OUT" "OFFER"
ok -o json submissions show "$SUBMISSION"
OFFER_OVERRIDES="$(/usr/bin/python3 -c 'import json, sys
history = json.load(open(sys.argv[1]))["history"]
print([change.get("override_reason") for change in history if change["stage"] == "OFFER"])' "$OUT")"
[[ $OFFER_OVERRIDES == "['']" ]] || fail "the offer was not one without an override: $OFFER_OVERRIDES"
ok submissions advance "$SUBMISSION" --stage HIRED
ok submissions list --role "$ROLE"
has "$OUT" "HIRED"
has "$OUT" "Backend engineer"

# --- A placement and its agenda -------------------------------------------------------------
TODAY="$(date -u +%Y-%m-%d)"
TRIAL_END="$(date -u -d '+30 days' +%Y-%m-%d)"
LATER_END="$(date -u -d '+60 days' +%Y-%m-%d)"
ok -o json placements create --submission "$SUBMISSION" --start-date "$TODAY" \
  --trial-end "$TRIAL_END"
PLACEMENT="$(json_field name)"
[[ $PLACEMENT == placements/* ]] || fail "no placement: $(cat "$OUT")"
# The trial: each outcome with the flag it needs, checked before any call.
expect_rc 2 placements trial "$PLACEMENT" --outcome extended
has "$ERR" "needs --new-end"
expect_rc 2 placements trial "$PLACEMENT" --outcome failed
has "$ERR" "needs --reason"
ok placements trial "$PLACEMENT" --outcome extended --new-end "$LATER_END" --notes "one more month"
has "$OUT" "EXTENDED"
has "$OUT" "$LATER_END"
ok placements trial "$PLACEMENT" --outcome passed
has "$OUT" "PASSED"
expect_rc 5 placements trial "$PLACEMENT" --outcome passed
has "$ERR" "FAILED_PRECONDITION"
ok placements list
has "$OUT" "$PLACEMENT"
has "$OUT" "ACTIVE"
ok placements agenda
ok placements agenda --all --tz Asia/Tokyo
has "$OUT" "CLIENT'S TIME"
has "$OUT" "JST"
has "$OUT" "New York"
ok -o json placements agenda --all
CHECK_IN="$(json_field check_ins.0.name)"
[[ $CHECK_IN == "$PLACEMENT"/checkIns/* ]] || fail "no check-in: $(cat "$OUT")"
ok placements check-in "$CHECK_IN" --client-rating 4 --candidate-rating 5 --notes "settling in"
has "$OUT" "client_rating"
ok placements show "$PLACEMENT"
has "$OUT" "health"

# --- Events and completion ------------------------------------------------------------------
ok -o json events follow --after 0 --limit 2
[[ $(wc -l <"$OUT") == 2 ]] || fail "expected two JSON lines: $(cat "$OUT")"
ok completion bash
bash -n "$OUT" || fail "the completion script is not valid bash"
note "meridianctl loop passed"
