-- Partner tenancy (issue 10): which agency a candidate belongs to, the ids partner agencies
-- know people by, and who put each submission forward, as columns the tenancy filters use.

-- "agencies/{agency}" of the partner agency that brought the candidate in; NULL for the
-- agency's own sourcers' candidates. A PARTNER sees only the rows where it is the owner.
ALTER TABLE talent.candidates ADD COLUMN owner text;
CREATE INDEX candidates_by_owner ON talent.candidates (owner, seq)
  WHERE owner IS NOT NULL AND NOT erased;

-- Candidate.external_ids, one row per (agency, id) so that an id is unique per agency and a
-- lookup is one index probe. The body holds the same map for reads; both are written
-- together, and an erasure removes the rows.
CREATE TABLE talent.candidate_external_ids (
  agency text NOT NULL,
  external_id text NOT NULL,
  candidate_id text NOT NULL REFERENCES talent.candidates (id),
  PRIMARY KEY (agency, external_id)
);
CREATE INDEX candidate_external_ids_by_candidate ON talent.candidate_external_ids (candidate_id);

-- Submission.submitted_by ("agencies/{agency}" or "apiKeys/{key}"), lifted out of the body
-- for the PARTNER's list.
ALTER TABLE talent.submissions ADD COLUMN submitted_by text NOT NULL DEFAULT '';
UPDATE talent.submissions SET submitted_by = COALESCE(body ->> 'submitted_by', '');
CREATE INDEX submissions_by_submitter ON talent.submissions (submitted_by, seq);
