-- Erasure reaches every service that holds free text about a person (issue 17). The talent
-- service records each erasure in commit order here, in the erasure's own transaction; the
-- placement service reads the feed through TalentService.ListCandidateErasures and erases its
-- own notes, remembering how far it has read in placement.feed_positions. Nothing here holds
-- personal data: a candidate id and a time.
CREATE TABLE talent.erasures (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  candidate_id text NOT NULL UNIQUE REFERENCES talent.candidates (id),
  erase_time timestamptz NOT NULL DEFAULT now()
);
-- Candidates erased before this feed existed: the placement service catches up with them too.
INSERT INTO talent.erasures (candidate_id, erase_time)
SELECT id, COALESCE(erase_time, update_time) FROM talent.candidates WHERE erased
ORDER BY COALESCE(erase_time, update_time), id;

-- How far the placement service has read each feed it follows, as the page token to resume
-- from; written in the same transaction as what the page's entries changed.
CREATE TABLE placement.feed_positions (
  feed text PRIMARY KEY,
  page_token text NOT NULL,
  update_time timestamptz NOT NULL DEFAULT now()
);
