#!/usr/bin/env node
// A partner agency's integration with Meridian, in Node.js with @grpc/grpc-js.
//
// What a partner does with a PARTNER API key: check that the services are up (the standard
// health service) and what they offer (server reflection), bring a candidate in, put them
// forward for an open role, follow their events, and read Meridian's rich errors with the
// standard google.rpc details: the field violations of a bad request (BadRequest) and how long
// to wait after hitting the rate limit (RetryInfo), each with its reason (ErrorInfo).
//
// The protos are loaded at run time with @grpc/proto-loader: Meridian's from proto/ (and the
// standard health protocol there, proto/grpc/health), Google's published common protos from
// npm's google-proto-files, the standard reflection protocol from npm's @grpc/reflection. The
// versions are pinned in package-lock.json:
//
//   examples/node/run.sh             # npm ci, then this, against ./meridian up
//
// Settings (environment):
//   MERIDIAN_API_KEY           a PARTNER key (required)
//   MERIDIAN_RATE_LIMITED_KEY  a PARTNER key with a tiny rate limit, for the RetryInfo step
//                              (skipped without it)
//   MERIDIAN_ROLE              the role to put the candidate forward for, clients/{c}/roles/{r}
//                              (default: the first OPEN role the key can see)
//   MERIDIAN_INTAKE_ADDRESS    intake's host:port: roles, events, health (127.0.0.1:50051)
//   MERIDIAN_TALENT_ADDRESS    talent's host:port: candidates, submissions (127.0.0.1:50052)
//   MERIDIAN_PROTO_DIR         Meridian's proto/ (default: the repository's, ../../proto)
//
// Each step prints one line, "step: key=value ...", so a person can follow it and a test can
// check it (tests/examples/).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');
const googleProtos = require('google-proto-files');

const PROTO_DIR = process.env.MERIDIAN_PROTO_DIR || path.join(__dirname, '..', '..', 'proto');
const GOOGLE_DIR = path.dirname(googleProtos.getProtoPath()); // the folder holding google/
const REFLECTION_DIR = path.join(
  path.dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
const INCLUDE_DIRS = [PROTO_DIR, GOOGLE_DIR, REFLECTION_DIR];

// Field names as in the .proto files, enums as their names, int64 as strings.
const definition = protoLoader.loadSync([
  'meridian/intake/v1/intake.proto',
  'meridian/talent/v1/talent.proto',
  'meridian/events/v1/events.proto',
  'grpc/health/v1/health.proto',
  'grpc/reflection/v1alpha/reflection.proto',
], {keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
  includeDirs: INCLUDE_DIRS});
const api = grpc.loadPackageDefinition(definition);

// Rich errors: grpc-js hands over the google.rpc.Status the server sends in the trailing
// metadata "grpc-status-details-bin"; protobufjs (what proto-loader is built on) decodes it and
// its details from Google's published protos.
const richErrors = new protobuf.Root();
richErrors.resolvePath = (origin, target) => {
  for (const dir of INCLUDE_DIRS) {
    const candidate = path.join(dir, target);
    if (fs.existsSync(candidate)) return candidate;
  }
  return target;
};
richErrors.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'],
  {keepCase: true});

function statusOf(error) {
  const [bytes] = error.metadata ? error.metadata.get('grpc-status-details-bin') : [];
  return bytes ? richErrors.lookupType('google.rpc.Status').decode(bytes) : null;
}

// The rich-error details of one type (e.g. 'google.rpc.BadRequest') in a failed call's status.
function detailsOf(error, typeName) {
  const status = statusOf(error);
  const type = richErrors.lookupType(typeName);
  return (status ? status.details : [])
    .filter((any) => any.type_url === `type.googleapis.com/${typeName}`)
    .map((any) => type.decode(any.value));
}

// google.rpc.ErrorInfo's reason: what to branch on (every Meridian error carries one).
function reasonOf(error) {
  const [info] = detailsOf(error, 'google.rpc.ErrorInfo');
  return info ? info.reason : '';
}

function say(step, fields) {
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${value}`);
  console.log(`${step}: ${parts.join(' ')}`);
}

const quote = (text) => JSON.stringify(text);
const codeName = (code) => Object.keys(grpc.status).find((name) => grpc.status[name] === code);

// A unary call as a promise, with the key and a deadline.
function call(client, method, request, metadata) {
  const deadline = new Date(Date.now() + 10_000);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, {deadline}, (error, response) =>
      error ? reject(error) : resolve(response));
  });
}

function bearer(key) {
  // Every call but health and reflection carries the key. (Over TLS, the same header comes
  // from grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(ca),
  // grpc.credentials.createFromMetadataGenerator(...)).)
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  return metadata;
}

async function checkHealthAndReflection(address, service) {
  // Health and reflection need no key: load balancers and tools call them.
  const credentials = grpc.credentials.createInsecure();
  const health = new api.grpc.health.v1.Health(address, credentials);
  const response = await call(health, 'Check', {service}, new grpc.Metadata());
  say('health', {address, service, status: response.status});
  health.close();

  const reflection = new api.grpc.reflection.v1alpha.ServerReflection(address, credentials);
  const names = await new Promise((resolve, reject) => {
    const found = [];
    const stream = reflection.ServerReflectionInfo({deadline: new Date(Date.now() + 10_000)});
    stream.on('data', (reply) => {
      for (const s of reply.list_services_response.service) found.push(s.name);
      stream.end();
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(found));
    stream.write({list_services: ''});
  });
  say('reflection', {address, services: names.sort().join(',')});
  reflection.close();
}

async function main() {
  const key = process.env.MERIDIAN_API_KEY;
  if (!key) throw new Error('set MERIDIAN_API_KEY to a PARTNER key');
  const intakeAddress = process.env.MERIDIAN_INTAKE_ADDRESS || '127.0.0.1:50051';
  const talentAddress = process.env.MERIDIAN_TALENT_ADDRESS || '127.0.0.1:50052';
  await checkHealthAndReflection(intakeAddress, 'meridian.intake.v1.IntakeService');
  await checkHealthAndReflection(talentAddress, 'meridian.talent.v1.TalentService');

  const credentials = grpc.credentials.createInsecure();
  const intake = new api.meridian.intake.v1.IntakeService(intakeAddress, credentials);
  const talent = new api.meridian.talent.v1.TalentService(talentAddress, credentials);
  const events = new api.meridian.events.v1.EventService(intakeAddress, credentials);
  const auth = bearer(key);

  // The role: the one we were given, or the first OPEN role this partner can see.
  let role;
  if (process.env.MERIDIAN_ROLE) {
    role = await call(intake, 'GetRole', {name: process.env.MERIDIAN_ROLE}, auth);
  } else {
    const page = await call(intake, 'ListRoles',
      {parent: 'clients/-', filter: 'state = OPEN', page_size: 1}, auth);
    if (page.roles.length === 0) throw new Error('no OPEN role to put a candidate forward for');
    role = page.roles[0];
  }
  say('role', {name: role.name, title: quote(role.title), state: role.state});

  // A candidate of ours. request_id makes the create safe to retry: a retry with the same id
  // gets the first response back instead of a duplicate.
  const email = `kwame.mensah+${crypto.randomBytes(5).toString('hex')}@example.com`;
  const candidate = await call(talent, 'CreateCandidate', {
    request_id: crypto.randomUUID(),
    candidate: {
      display_name: 'Kwame Mensah',
      email,
      country: 'GH',
      working_hours: {time_zone: 'Africa/Accra', start: '09:00', end: '17:00'},
      skills: [{skill: 'python', level: 4, years: 7}, {skill: 'nodejs', level: 4, years: 5}],
      seniority: 'SENIOR',
      english_level: 'C2',
      monthly_rate: {currency_code: 'USD', units: 7000},
    },
  }, auth);
  say('candidate', {name: candidate.name, owner: candidate.owner, email: candidate.email,
    state: candidate.state});

  // Put them forward. A partner's submission starts at SOURCED; the recruiters move it on.
  const submission = await call(talent, 'CreateSubmission', {
    parent: role.name, request_id: crypto.randomUUID(),
    submission: {candidate: candidate.name},
  }, auth);
  say('submission', {name: submission.name, candidate: submission.candidate,
    stage: submission.stage, submitted_by: submission.submitted_by});

  // Their events so far (oldest first, page by page), then the stream from the last one.
  const filter = `resource = "${candidate.name}" OR resource = "${submission.name}"`;
  let lastPosition = '0';
  let pageToken = '';
  for (;;) {
    const page = await call(events, 'ListEvents',
      {filter, page_size: 50, page_token: pageToken}, auth);
    for (const event of page.events) {
      lastPosition = event.position;
      say('event', {position: event.position, type: event.type, resource: event.resource});
    }
    // The token is set on every page, the last one too (to read on later): an empty page means
    // we are up to date.
    if (page.events.length === 0) break;
    pageToken = page.next_page_token;
  }

  // Follow: every event after the last one we saw, as it commits. A change made now arrives on
  // the stream even if it commits before the stream is open: the stream starts at
  // lastPosition, not at "now".
  const note = `available from next month (${crypto.randomBytes(3).toString('hex')})`;
  const stream = events.StreamEvents({after_position: lastPosition, filter}, auth,
    {deadline: new Date(Date.now() + 30_000)});
  const followed = new Promise((resolve, reject) => {
    stream.on('data', (event) => {
      const notes = event.candidate ? event.candidate.notes : '';
      say('followed', {position: event.position, type: event.type, resource: event.resource,
        notes: quote(notes)});
      if (event.type === 'candidate.updated' && notes === note) {
        stream.cancel(); // seen what we waited for; a real integration keeps reading
        resolve();
      }
    });
    stream.on('error', (error) => {
      if (error.code !== grpc.status.CANCELLED) reject(error);
    });
  });
  await call(talent, 'UpdateCandidate', {
    candidate: {name: candidate.name, notes: note},
    update_mask: {paths: ['notes']}, request_id: crypto.randomUUID(),
  }, auth);
  await followed;

  // A bad request: every field that is wrong, at once, in google.rpc.BadRequest.
  try {
    await call(talent, 'CreateCandidate', {candidate: {
      display_name: 'No Email', country: 'Atlantis',
      working_hours: {time_zone: 'Europe/Lisabon', start: '09:00', end: '17:00'},
      monthly_rate: {currency_code: 'EUR', units: 5000},
    }}, auth);
    throw new Error('a CreateCandidate without an email was accepted');
  } catch (error) {
    if (error.code === undefined) throw error;
    say('bad request', {code: codeName(error.code), reason: reasonOf(error)});
    for (const badRequest of detailsOf(error, 'google.rpc.BadRequest')) {
      for (const violation of badRequest.field_violations) {
        say('field violation', {field: violation.field, description: quote(violation.description)});
      }
    }
  }

  // The rate limit: past it, RESOURCE_EXHAUSTED with RetryInfo saying how long to wait.
  if (!process.env.MERIDIAN_RATE_LIMITED_KEY) {
    say('rate limit', {skipped: 'no MERIDIAN_RATE_LIMITED_KEY'});
  } else {
    await rateLimited(intake, bearer(process.env.MERIDIAN_RATE_LIMITED_KEY), role.name);
  }
  say('done', {ok: true});
  for (const client of [intake, talent, events]) client.close();
}

async function rateLimited(intake, limitedAuth, roleName) {
  let error = null;
  let calls = 0;
  while (error === null && calls < 10) {
    calls += 1;
    try {
      await call(intake, 'GetRole', {name: roleName}, limitedAuth);
    } catch (failed) {
      if (failed.code !== grpc.status.RESOURCE_EXHAUSTED) throw failed;
      error = failed;
    }
  }
  if (error === null) throw new Error(`${calls} calls in a row were not rate limited`);
  const [retry] = detailsOf(error, 'google.rpc.RetryInfo');
  const delay = Number(retry.retry_delay.seconds) + retry.retry_delay.nanos / 1e9;
  say('rate limited', {code: codeName(error.code), reason: reasonOf(error), calls,
    retry_delay: `${delay.toFixed(3)}s`});
  for (const quota of detailsOf(error, 'google.rpc.QuotaFailure')) {
    for (const violation of quota.violations) {
      say('quota violation', {subject: violation.subject, description: quote(violation.description)});
    }
  }
  // Do what RetryInfo says: wait, then the same call goes through.
  await new Promise((resolve) => setTimeout(resolve, delay * 1000 + 50));
  const role = await call(intake, 'GetRole', {name: roleName}, limitedAuth);
  say('retried', {after: `${delay.toFixed(3)}s`, role: role.name});
}

main().catch((error) => {
  console.error(`partner.js: ${error.stack || error}`);
  process.exit(1);
});
