#!/usr/bin/env bash
# The partner examples (examples/python, examples/node) against the real services: starts the
# real `./meridian up` (tests/support/meridian_up.sh: a private PostgreSQL and the three real
# servers on free ports), makes the keys, client and role they need with examples/setup.sh
# (`./meridian call` with up's ADMIN key), runs the example with its own run.sh, and checks
# what it printed, line by line, against what the services hold (read back with the ADMIN key,
# and the event feed from the database):
# health and reflection answered, the candidate is the agency's, the submission is that
# candidate's at SOURCED, the events listed and followed are the feed's, and the errors decoded
# to their google.rpc details (BadRequest's field violations, RetryInfo, QuotaFailure, ErrorInfo).
#
#   examples_test.sh python|node
#
# Set by tests/examples/CMakeLists.txt: MERIDIAN_UP_TEST_REPO, ..._BUILD_DIR, ..._PROBE, and
# MERIDIAN_EXAMPLES_NODE_DIR (where the Node example's packages are installed).
set -euo pipefail

LANGUAGE=${1:?usage: examples_test.sh python|node}
[[ $LANGUAGE == python || $LANGUAGE == node ]] || { echo "unknown example '$LANGUAGE'" >&2; exit 2; }
REPO=${MERIDIAN_UP_TEST_REPO:?}
BUILD=${MERIDIAN_UP_TEST_BUILD_DIR:?}
PROBE=${MERIDIAN_UP_TEST_PROBE:?}

# shellcheck source=tests/support/meridian_up.sh
source "$REPO/tests/support/meridian_up.sh"

# shellcheck disable=SC2119 # no extra settings: `up` as a developer runs it
start_up
wait_serving 90 intake talent placement
note "services SERVING; making the example's keys, client and role"

# What `./meridian call` and the examples' scripts need to find this `up`; nothing of the
# caller's own settings.
unset MERIDIAN_DATABASE_URL MERIDIAN_KEY_FILE MERIDIAN_API_KEY MERIDIAN_RATE_LIMITED_KEY MERIDIAN_ROLE \
  MERIDIAN_INTAKE_ADDRESS MERIDIAN_TALENT_ADDRESS MERIDIAN_PLACEMENT_ADDRESS
export MERIDIAN_BUILD_DIR="$BUILD" MERIDIAN_STATE_DIR="$STATE" MERIDIAN_INTAKE_PORT="$INTAKE_PORT" \
  MERIDIAN_TALENT_PORT="$TALENT_PORT" MERIDIAN_PLACEMENT_PORT="$PLACEMENT_PORT" \
  MERIDIAN_PG_PORT="$PG_PORT"
"$REPO/examples/setup.sh" >"$WORK/setup.env" || fail "examples/setup.sh failed"
# shellcheck source=/dev/null
source "$WORK/setup.env"
[[ $MERIDIAN_API_KEY == mrd_* && $MERIDIAN_RATE_LIMITED_KEY == mrd_* ]] || fail "setup made no keys"
[[ $MERIDIAN_AGENCY == agencies/* && $MERIDIAN_ROLE == clients/*/roles/* ]] ||
  fail "setup made no agency or role: $(cat "$WORK/setup.env")"

OUT="$WORK/example.out"
note "running examples/$LANGUAGE/run.sh"
if ! "$REPO/examples/$LANGUAGE/run.sh" >"$OUT" 2>"$WORK/example.err"; then
  cat "$OUT" "$WORK/example.err" >&2
  fail "examples/$LANGUAGE/run.sh failed"
fi
cat "$OUT" >&2

# --- Checks -------------------------------------------------------------------------------

# The lines of the output that start with STEP (e.g. "candidate"), without the step.
lines() { sed -n "s/^$1: //p" "$OUT"; }

# The value of KEY in one "key=value ..." line (values hold no spaces, except quoted ones last).
value() { sed -n "s/^.*\\b$2=\\(\"[^\"]*\"\\|[^ ]*\\).*$/\\1/p" <<<"$1"; }

# Fails unless STEP has exactly one line.
one_line() {
  local found
  found="$(lines "$1")"
  [[ -n $found && $(wc -l <<<"$found") -eq 1 ]] || fail "expected one '$1:' line, got: '$found'"
  printf '%s\n' "$found"
}

expect_eq() { [[ $2 == "$3" ]] || fail "$1: expected '$3', got '$2'"; }

# A field of a resource as the services hold it, read with up's ADMIN key.
admin_get() {
  local svc=$1 method=$2 name=$3 path=$4
  "$REPO/meridian" call "$svc" "$method" "{\"name\": \"$name\"}" >"$WORK/admin.json" ||
    fail "./meridian call $svc $method $name failed: $(cat "$WORK/admin.json")"
  /usr/bin/python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split("."):
    value = value.get(part, "")
print(value)' "$WORK/admin.json" "$path"
}

# Health and reflection: the standard protocols answer a non-C++ stack.
health="$(lines health)"
grep -qx "address=127.0.0.1:$INTAKE_PORT service=meridian.intake.v1.IntakeService status=SERVING" \
  <<<"$health" || fail "intake's health not SERVING: $health"
grep -qx "address=127.0.0.1:$TALENT_PORT service=meridian.talent.v1.TalentService status=SERVING" \
  <<<"$health" || fail "talent's health not SERVING: $health"
intake_services="$(lines reflection | sed -n "s/^address=127.0.0.1:$INTAKE_PORT services=//p")"
talent_services="$(lines reflection | sed -n "s/^address=127.0.0.1:$TALENT_PORT services=//p")"
for service in grpc.health.v1.Health grpc.reflection.v1alpha.ServerReflection \
  meridian.access.v1.AccessService meridian.events.v1.EventService meridian.intake.v1.IntakeService; do
  [[ ,$intake_services, == *",$service,"* ]] || fail "intake's reflection lacks $service: $intake_services"
done
for service in meridian.talent.v1.TalentService meridian.talent.v1.InterviewService; do
  [[ ,$talent_services, == *",$service,"* ]] || fail "talent's reflection lacks $service: $talent_services"
done

# The role the staff made, as the partner sees it.
role="$(one_line role)"
expect_eq "role" "$(value "$role" name)" "$MERIDIAN_ROLE"
expect_eq "role state" "$(value "$role" state)" OPEN
expect_eq "role title" "$(value "$role" title)" '"Backend engineer (Python)"'

# The candidate is the partner agency's.
line="$(one_line candidate)"
candidate="$(value "$line" name)"
[[ $candidate == candidates/* ]] || fail "no candidate name: $line"
expect_eq "candidate owner" "$(value "$line" owner)" "$MERIDIAN_AGENCY"
expect_eq "candidate state" "$(value "$line" state)" AVAILABLE
expect_eq "candidate owner, read back" "$(admin_get talent GetCandidate "$candidate" owner)" \
  "$MERIDIAN_AGENCY"
expect_eq "candidate email, read back" "$(admin_get talent GetCandidate "$candidate" email)" \
  "$(value "$line" email)"

# The submission puts that candidate forward for the role, at SOURCED, by the agency.
line="$(one_line submission)"
submission="$(value "$line" name)"
[[ $submission == "$MERIDIAN_ROLE"/submissions/* ]] || fail "submission not under the role: $line"
expect_eq "submission candidate" "$(value "$line" candidate)" "$candidate"
expect_eq "submission stage" "$(value "$line" stage)" SOURCED
expect_eq "submitted_by" "$(value "$line" submitted_by)" "$MERIDIAN_AGENCY"
expect_eq "submission candidate, read back" \
  "$(admin_get talent GetSubmission "$submission" candidate)" "$candidate"

# Events: the feed's own, as the database holds it (read with `./meridian db-shell`, apart
# from the API the examples use), in order.
feed="$("$REPO/meridian" db-shell -X -A -t -F ' ' -c "SELECT 'position=' || position,
  'type=' || type, 'resource=' || resource FROM events.events
  WHERE resource IN ('$candidate', '$submission') ORDER BY position")" ||
  fail "reading the event feed failed: $feed"
listed="$(lines event)"
grep -qx "position=[0-9]* type=candidate.created resource=$candidate" <<<"$listed" ||
  fail "no candidate.created event listed: $listed"
grep -qx "position=[0-9]* type=submission.created resource=$submission" <<<"$listed" ||
  fail "no submission.created event listed: $listed"
# What was listed is the start of the feed, in order; what was followed comes after it.
expect_eq "events listed" "$listed" "$(head -n "$(wc -l <<<"$listed")" <<<"$feed")"
followed="$(lines followed)"
[[ -n $followed ]] || fail "no event followed"
notes="$(admin_get talent GetCandidate "$candidate" notes)"
[[ -n $notes ]] || fail "the candidate's notes were not updated"
last="$(tail -n 1 <<<"$followed")"
expect_eq "followed event" "$last" \
  "$(grep " type=candidate.updated resource=$candidate\$" <<<"$feed" | tail -n 1) notes=\"$notes\""
expect_eq "listed then followed" "$(printf '%s\n%s\n' "$listed" "$followed" | sed 's/ notes=.*//')" \
  "$(head -n "$(($(wc -l <<<"$listed") + $(wc -l <<<"$followed")))" <<<"$feed")"

# A bad CreateCandidate: INVALID_ARGUMENT, every wrong field in BadRequest.
line="$(one_line "bad request")"
expect_eq "bad request" "$line" "code=INVALID_ARGUMENT reason=INVALID_ARGUMENT"
violations="$(lines "field violation" | sed 's/ description=.*//')"
for field in candidate.email candidate.country candidate.working_hours.time_zone; do
  grep -qx "field=$field" <<<"$violations" || fail "no field violation for $field: $violations"
done
lines "field violation" | grep -q 'field=candidate.email description="[^"]' ||
  fail "field violations without a description"

# The rate limit: RESOURCE_EXHAUSTED, reason RATE_LIMITED, RetryInfo with a delay of at most
# the second a token takes at one call a second, QuotaFailure naming the key; then a retry
# after that delay goes through.
line="$(one_line "rate limited")"
expect_eq "rate limited code" "$(value "$line" code)" RESOURCE_EXHAUSTED
expect_eq "rate limited reason" "$(value "$line" reason)" RATE_LIMITED
delay="$(value "$line" retry_delay)"
[[ $delay =~ ^0\.[0-9]{3}s$ && $delay != 0.000s || $delay == 1.000s ]] ||
  fail "retry_delay is not in (0, 1] s: $line"
line="$(one_line "quota violation")"
[[ $(value "$line" subject) == apiKeys/* ]] || fail "QuotaFailure names no key: $line"
expect_eq "quota description" "$(value "$line" description)" '"1 requests a second, bursts of 1"'
expect_eq "retried" "$(one_line retried)" "after=$delay role=$MERIDIAN_ROLE"

expect_eq "done" "$(one_line "done")" "ok=true"
echo "PASS: examples/$LANGUAGE"
