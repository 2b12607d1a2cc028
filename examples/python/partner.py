#!/usr/bin/env python3
"""A partner agency's integration with Meridian, in Python with Debian's python3-grpcio.

What a partner does with a PARTNER API key: check that the services are up (the standard
health service) and what they offer (server reflection), bring a candidate in, put them
forward for an open role, follow their events, and read Meridian's rich errors with the
standard google.rpc details: the field violations of a bad request (BadRequest) and how long
to wait after hitting the rate limit (RetryInfo), each with its reason (ErrorInfo).

The stubs are generated from Meridian's proto/ and Google's published common protos; run.sh
beside this file does that into a temporary folder and runs this script:

    examples/python/run.sh            # against ./meridian up, with keys it makes for you

Settings (environment):
    MERIDIAN_API_KEY            a PARTNER key (required)
    MERIDIAN_RATE_LIMITED_KEY   a PARTNER key with a tiny rate limit, for the RetryInfo step
                                (skipped without it)
    MERIDIAN_ROLE               the role to put the candidate forward for, clients/{c}/roles/{r}
                                (default: the first OPEN role the key can see)
    MERIDIAN_INTAKE_ADDRESS     intake's host:port: roles, events, health (127.0.0.1:50051)
    MERIDIAN_TALENT_ADDRESS     talent's host:port: candidates, submissions (127.0.0.1:50052)

Each step prints one line, "step: key=value ...", so a person can follow it and a test can
check it (tests/examples/).
"""

import json
import os
import sys
import time
import uuid

import grpc
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2, status_pb2

# The standard health and reflection clients: the same modules that pip's grpcio-health-checking
# and grpcio-reflection install (Debian packages neither; run.sh generates them).
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from meridian.common.v1 import common_pb2
from meridian.events.v1 import events_pb2, events_pb2_grpc
from meridian.intake.v1 import intake_pb2, intake_pb2_grpc
from meridian.talent.v1 import talent_pb2, talent_pb2_grpc

try:
    # grpcio-status (pip) is Python's standard helper for rich errors.
    from grpc_status import rpc_status

    def status_of(error):
        return rpc_status.from_call(error)

except ImportError:
    # Debian ships no grpcio-status: what its from_call does, reading the google.rpc.Status that
    # the server sends in the trailing metadata "grpc-status-details-bin".
    def status_of(error):
        for key, value in error.trailing_metadata() or ():
            if key == "grpc-status-details-bin":
                return status_pb2.Status.FromString(value)
        return None


def say(step, **fields):
    """Prints one line of what happened: step: key=value ..."""
    parts = [f"{key}={value}" for key, value in fields.items()]
    print(f"{step}: {' '.join(parts)}", flush=True)


def details_of(error, message_type):
    """The rich-error details of one type (e.g. BadRequest) in a failed call's status."""
    status = status_of(error)
    found = []
    for detail in status.details if status else ():
        if detail.Is(message_type.DESCRIPTOR):
            message = message_type()
            detail.Unpack(message)
            found.append(message)
    return found


def reason_of(error):
    """google.rpc.ErrorInfo's reason: what to branch on (every Meridian error carries one)."""
    infos = details_of(error, error_details_pb2.ErrorInfo)
    return infos[0].reason if infos else ""


def check_health_and_reflection(channel, address, service):
    # Health and reflection need no key: load balancers and tools call them.
    health = health_pb2_grpc.HealthStub(channel)
    response = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=10)
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    say("health", address=address, service=service, status=status)

    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    requests = iter([reflection_pb2.ServerReflectionRequest(list_services="")])
    names = []
    for response in reflection.ServerReflectionInfo(requests, timeout=10):
        names += [s.name for s in response.list_services_response.service]
    say("reflection", address=address, services=",".join(sorted(names)))


def main():
    key = os.environ.get("MERIDIAN_API_KEY")
    if not key:
        sys.exit("set MERIDIAN_API_KEY to a PARTNER key")
    intake_address = os.environ.get("MERIDIAN_INTAKE_ADDRESS", "127.0.0.1:50051")
    talent_address = os.environ.get("MERIDIAN_TALENT_ADDRESS", "127.0.0.1:50052")
    # Every call but health and reflection carries the key. (Over TLS, the same header comes
    # from grpc.composite_channel_credentials(grpc.ssl_channel_credentials(ca),
    # grpc.access_token_call_credentials(key)).)
    auth = (("authorization", f"Bearer {key}"),)

    intake_channel = grpc.insecure_channel(intake_address)
    talent_channel = grpc.insecure_channel(talent_address)
    check_health_and_reflection(intake_channel, intake_address, "meridian.intake.v1.IntakeService")
    check_health_and_reflection(talent_channel, talent_address, "meridian.talent.v1.TalentService")

    intake = intake_pb2_grpc.IntakeServiceStub(intake_channel)
    talent = talent_pb2_grpc.TalentServiceStub(talent_channel)
    events = events_pb2_grpc.EventServiceStub(intake_channel)

    # The role: the one we were given, or the first OPEN role this partner can see.
    role_name = os.environ.get("MERIDIAN_ROLE")
    if role_name:
        role = intake.GetRole(intake_pb2.GetRoleRequest(name=role_name), metadata=auth, timeout=10)
    else:
        roles = intake.ListRoles(
            intake_pb2.ListRolesRequest(parent="clients/-", filter="state = OPEN", page_size=1),
            metadata=auth, timeout=10)
        if not roles.roles:
            sys.exit("no OPEN role to put a candidate forward for")
        role = roles.roles[0]
    say("role", name=role.name, title=json.dumps(role.title),
        state=intake_pb2.Role.State.Name(role.state))

    # A candidate of ours. request_id makes the create safe to retry: a retry with the same id
    # gets the first response back instead of a duplicate.
    email = f"ana.souza+{uuid.uuid4().hex[:10]}@example.com"
    candidate = talent.CreateCandidate(
        talent_pb2.CreateCandidateRequest(
            request_id=str(uuid.uuid4()),
            candidate=talent_pb2.Candidate(
                display_name="Ana Souza",
                email=email,
                country="BR",
                working_hours=common_pb2.WorkingHours(
                    time_zone="America/Sao_Paulo", start="09:00", end="18:00"),
                skills=[talent_pb2.CandidateSkill(skill="python", level=4, years=6),
                        talent_pb2.CandidateSkill(skill="postgresql", level=4, years=5)],
                seniority=common_pb2.SENIOR,
                english_level=talent_pb2.C1,
                monthly_rate=common_pb2.Money(currency_code="USD", units=6000),
            )),
        metadata=auth, timeout=10)
    say("candidate", name=candidate.name, owner=candidate.owner, email=candidate.email,
        state=talent_pb2.Candidate.State.Name(candidate.state))

    # Put them forward. A partner's submission starts at SOURCED; the recruiters move it on.
    submission = talent.CreateSubmission(
        talent_pb2.CreateSubmissionRequest(
            parent=role.name, request_id=str(uuid.uuid4()),
            submission=talent_pb2.Submission(candidate=candidate.name)),
        metadata=auth, timeout=10)
    say("submission", name=submission.name, candidate=submission.candidate,
        stage=talent_pb2.Submission.Stage.Name(submission.stage),
        submitted_by=submission.submitted_by)

    # Their events so far (oldest first, page by page), then the stream from the last one.
    feed_filter = f'resource = "{candidate.name}" OR resource = "{submission.name}"'
    last_position = 0
    page_token = ""
    while True:
        page = events.ListEvents(
            events_pb2.ListEventsRequest(filter=feed_filter, page_size=50, page_token=page_token),
            metadata=auth, timeout=10)
        for event in page.events:
            last_position = event.position
            say("event", position=event.position, type=event.type, resource=event.resource)
        # The token is set on every page, the last one too (to read on later): an empty page
        # means we are up to date.
        if not page.events:
            break
        page_token = page.next_page_token

    # Follow: every event after the last one we saw, as it commits. A change made now arrives
    # on the stream even if it commits before the stream is open: the stream starts at
    # last_position, not at "now".
    stream = events.StreamEvents(
        events_pb2.StreamEventsRequest(after_position=last_position, filter=feed_filter),
        metadata=auth, timeout=30)
    note = f"available from next month ({uuid.uuid4().hex[:6]})"
    talent.UpdateCandidate(
        talent_pb2.UpdateCandidateRequest(
            candidate=talent_pb2.Candidate(name=candidate.name, notes=note),
            update_mask=field_mask_pb2.FieldMask(paths=["notes"]), request_id=str(uuid.uuid4())),
        metadata=auth, timeout=10)
    for event in stream:
        say("followed", position=event.position, type=event.type, resource=event.resource,
            notes=json.dumps(event.candidate.notes))
        if event.type == "candidate.updated" and event.candidate.notes == note:
            stream.cancel()  # seen what we waited for; a real integration keeps reading
            break

    # A bad request: every field that is wrong, at once, in google.rpc.BadRequest.
    try:
        talent.CreateCandidate(
            talent_pb2.CreateCandidateRequest(candidate=talent_pb2.Candidate(
                display_name="No Email", country="Atlantis",
                working_hours=common_pb2.WorkingHours(
                    time_zone="Europe/Lisabon", start="09:00", end="17:00"),
                monthly_rate=common_pb2.Money(currency_code="EUR", units=5000))),
            metadata=auth, timeout=10)
        sys.exit("a CreateCandidate without an email was accepted")
    except grpc.RpcError as error:
        say("bad request", code=error.code().name, reason=reason_of(error))
        for bad_request in details_of(error, error_details_pb2.BadRequest):
            for violation in bad_request.field_violations:
                say("field violation", field=violation.field,
                    description=json.dumps(violation.description))

    # The rate limit: past it, RESOURCE_EXHAUSTED with RetryInfo saying how long to wait.
    limited_key = os.environ.get("MERIDIAN_RATE_LIMITED_KEY")
    if not limited_key:
        say("rate limit", skipped="no MERIDIAN_RATE_LIMITED_KEY")
    else:
        rate_limited(intake, (("authorization", f"Bearer {limited_key}"),), role.name)
    say("done", ok="true")


def rate_limited(intake, limited_auth, role_name):
    request = intake_pb2.GetRoleRequest(name=role_name)
    error = None
    calls = 0
    while error is None and calls < 10:
        calls += 1
        try:
            intake.GetRole(request, metadata=limited_auth, timeout=10)
        except grpc.RpcError as failed:
            if failed.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
                raise
            error = failed
    if error is None:
        sys.exit(f"{calls} calls in a row were not rate limited")
    retry = details_of(error, error_details_pb2.RetryInfo)[0]
    delay = retry.retry_delay.ToTimedelta().total_seconds()
    say("rate limited", code=error.code().name, reason=reason_of(error), calls=calls,
        retry_delay=f"{delay:.3f}s")
    for quota in details_of(error, error_details_pb2.QuotaFailure):
        for violation in quota.violations:
            say("quota violation", subject=violation.subject,
                description=json.dumps(violation.description))
    # Do what RetryInfo says: wait, then the same call goes through.
    time.sleep(delay + 0.05)
    role = intake.GetRole(request, metadata=limited_auth, timeout=10)
    say("retried", after=f"{delay:.3f}s", role=role.name)


if __name__ == "__main__":
    main()
