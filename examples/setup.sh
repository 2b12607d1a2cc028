#!/usr/bin/env bash
# examples/setup.sh: what the partner examples need, made on a running `./meridian up` with the
# ADMIN key it keeps (.meridian/keys/admin.key), through `./meridian call`:
#   - an agency, a PARTNER key of it, and a second PARTNER key whose own rate limit is one call
#     a second (bursts of 1), for the RetryInfo step;
#   - a RECRUITER key, with which the agency's staff make a client and an OPEN role for the
#     partner to put its candidate forward for (a partner can see roles, not make them).
# Prints shell assignments (MERIDIAN_API_KEY, MERIDIAN_RATE_LIMITED_KEY, MERIDIAN_ROLE,
# MERIDIAN_AGENCY, MERIDIAN_INTAKE_ADDRESS, MERIDIAN_TALENT_ADDRESS) for `eval`:
#
#   eval "$(examples/setup.sh)"
#
# examples/python/run.sh and examples/node/run.sh do that when MERIDIAN_API_KEY is not set.
# Each run makes new ones (a new agency's keys see none of an earlier run's candidates).
# `./meridian up`'s settings apply: MERIDIAN_STATE_DIR, MERIDIAN_<SVC>_PORT, ..._ADDRESS.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
unset MERIDIAN_KEY_FILE # AccessService takes `up`'s ADMIN key, which `./meridian call` sends
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Calls one method; the response (proto JSON) goes to $work/$1.json. Exits with the call's error.
call() {
  local out=$1
  shift
  if ! "$repo/meridian" call "$@" >"$work/$out.json" 2>"$work/error"; then
    echo "examples/setup.sh: ./meridian call $1 $2 failed (is ./meridian up running?):" >&2
    cat "$work/error" "$work/$out.json" >&2
    exit 1
  fi
}

# A field of a response, by a dotted path: field api_key.name key
field() {
  /usr/bin/python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split("."):
    value = value[part]
print(value)' "$work/$1.json" "$2"
}

suffix="$(date +%s)-$RANDOM"
call agency access CreateAgency "{\"agency\": {\"display_name\": \"Example partner $suffix\"}}"
agency="$(field agency name)"
call partner access CreateApiKey "{\"api_key\": {\"display_name\": \"partner example\",
  \"role\": \"PARTNER\", \"agency\": \"$agency\"}}"
call limited access CreateApiKey "{\"api_key\": {\"display_name\": \"partner example, rate-limited\",
  \"role\": \"PARTNER\", \"agency\": \"$agency\",
  \"rate_limit\": {\"requests_per_second\": 1, \"burst\": 1}}}"
call staff access CreateApiKey "{\"api_key\": {\"display_name\": \"partner example, recruiter\",
  \"role\": \"RECRUITER\"}}"
(umask 077 && field staff key >"$work/staff.key")

export MERIDIAN_KEY_FILE="$work/staff.key"
call client intake CreateClient '{"client": {"display_name": "Example Robotics",
  "working_hours": {"time_zone": "America/New_York", "start": "09:00", "end": "17:00"}}}'
call role intake CreateRole "{\"parent\": \"$(field client name)\", \"role\": {
  \"title\": \"Backend engineer (Python)\", \"kind\": \"BACKEND_ENGINEER\", \"seniority\": \"SENIOR\",
  \"required_skills\": [{\"skill\": \"python\", \"min_level\": 3, \"min_years\": 3}],
  \"monthly_budget\": {\"currency_code\": \"USD\", \"units\": 9000}}}"

address() {
  local svc=$1 default_port=$2
  local var="MERIDIAN_${svc^^}_ADDRESS" port="MERIDIAN_${svc^^}_PORT"
  printf '%s\n' "${!var:-127.0.0.1:${!port:-$default_port}}"
}
printf 'export MERIDIAN_%s=%q\n' \
  API_KEY "$(field partner key)" \
  RATE_LIMITED_KEY "$(field limited key)" \
  AGENCY "$agency" \
  ROLE "$(field role name)" \
  INTAKE_ADDRESS "$(address intake 50051)" \
  TALENT_ADDRESS "$(address talent 50052)"
