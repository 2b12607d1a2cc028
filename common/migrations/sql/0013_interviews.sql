-- Interviews of a submission and the interviewers' scorecards (talent.v1.InterviewService).
-- The interview's own fields live in `body` (proto JSON, like the submissions'); the columns
-- are what the service selects and checks by: the parents, the state, the time (for double
-- bookings and busy times) and the interviewers' emails (for their busy times).
CREATE TABLE talent.interviews (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  client_id text NOT NULL,
  role_id text NOT NULL,
  submission_id text NOT NULL REFERENCES talent.submissions (id),
  candidate_id text NOT NULL REFERENCES talent.candidates (id),
  state text NOT NULL CHECK (state IN ('PROPOSED', 'SCHEDULED', 'COMPLETED', 'CANCELLED',
                                       'NO_SHOW')),
  start_time timestamptz,
  end_time timestamptz,
  -- Lower-cased, for "this interviewer's other interviews".
  interviewer_emails text[] NOT NULL,
  body jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  CHECK ((start_time IS NULL) = (end_time IS NULL) AND (start_time IS NULL OR end_time > start_time)),
  CHECK (state <> 'SCHEDULED' OR start_time IS NOT NULL)
);
CREATE INDEX interviews_by_submission ON talent.interviews (submission_id, seq);
CREATE INDEX interviews_by_role ON talent.interviews (client_id, role_id, seq);
CREATE INDEX interviews_by_candidate ON talent.interviews (candidate_id, seq);
-- Busy times: a candidate's, and an interviewer's, SCHEDULED interviews by time.
CREATE INDEX interviews_scheduled_by_candidate ON talent.interviews (candidate_id, start_time)
  WHERE state = 'SCHEDULED';
CREATE INDEX interviews_scheduled_by_interviewer ON talent.interviews USING gin (interviewer_emails)
  WHERE state = 'SCHEDULED';

-- One scorecard per interviewer and interview.
CREATE TABLE talent.scorecards (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  interview_id text NOT NULL REFERENCES talent.interviews (id),
  -- Lower-cased.
  interviewer_email text NOT NULL,
  overall text NOT NULL CHECK (overall IN ('STRONG_NO', 'NO', 'YES', 'STRONG_YES')),
  body jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  UNIQUE (interview_id, interviewer_email)
);
