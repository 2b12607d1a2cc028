-- What the search index loads, kept narrow. The index reads about 500 bytes of a candidate's
-- 1.3 KB row, and reading the whole table to load it cost the database as much CPU as building
-- the index, most of it extracting fields from jsonb and copying pages that do not fit its
-- buffers (bench/README, "Loading the index").
--
-- One row per searchable candidate (AVAILABLE or INTERVIEWING, not erased), kept by a
-- trigger in the transaction that changes the candidate, so it is exactly as current as
-- talent.candidates, and no code path that writes a candidate can forget it. Scalars are text,
-- as the load reads them. Lists are jsonb's JSON text, which the database copies out as it is:
-- arrays of text cost it half again as much to send (array_out), and the load more to split.
CREATE VIEW talent.searchable_candidate_fields AS
SELECT seq, id, state,
  COALESCE(country, '') AS country,
  COALESCE(body->>'display_name', '') AS display_name,
  COALESCE(body->'working_hours'->>'time_zone', '') AS time_zone,
  COALESCE(body->'working_hours'->>'start', '') AS start_time,
  COALESCE(body->'working_hours'->>'end', '') AS end_time,
  COALESCE(body->'working_hours'->'days', '[]')::text AS days,
  COALESCE(body->'skills', '[]')::text AS skills,
  COALESCE(body->'kinds', '[]')::text AS kinds,
  COALESCE(body->>'seniority', '') AS seniority,
  COALESCE(body->>'english_level', '') AS english_level,
  COALESCE(body->'monthly_rate'->>'currency_code', '') AS currency_code,
  COALESCE(body->'monthly_rate'->>'units', '0') AS rate_units,
  COALESCE(body->'available_from'->>'year', '0') AS available_year,
  COALESCE(body->'available_from'->>'month', '0') AS available_month,
  COALESCE(body->'available_from'->>'day', '0') AS available_day,
  COALESCE(body->'soft_skills', '[]')::text AS soft_skills
FROM talent.candidates
WHERE NOT erased AND state IN ('AVAILABLE', 'INTERVIEWING');

CREATE TABLE talent.searchable_candidates AS
SELECT * FROM talent.searchable_candidate_fields WITH NO DATA;
ALTER TABLE talent.searchable_candidates ADD PRIMARY KEY (seq);
COMMENT ON TABLE talent.searchable_candidates IS
  'The searchable candidates, as the search index loads them (talent.searchable_candidate_fields '
  'of each). Written only by the triggers on talent.candidates.';

-- After each row change: the candidate's row here is replaced by what the view says now
-- (nothing when it is no longer searchable).
CREATE FUNCTION talent.sync_searchable_candidate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM talent.searchable_candidates WHERE seq = OLD.seq;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO talent.searchable_candidates
    SELECT * FROM talent.searchable_candidate_fields WHERE seq = NEW.seq;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER searchable_candidates_sync
AFTER INSERT OR UPDATE OR DELETE ON talent.candidates
FOR EACH ROW EXECUTE FUNCTION talent.sync_searchable_candidate();

CREATE FUNCTION talent.truncate_searchable_candidates() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE talent.searchable_candidates;
  RETURN NULL;
END
$$;
CREATE TRIGGER searchable_candidates_truncate
AFTER TRUNCATE ON talent.candidates
FOR EACH STATEMENT EXECUTE FUNCTION talent.truncate_searchable_candidates();

INSERT INTO talent.searchable_candidates SELECT * FROM talent.searchable_candidate_fields;
