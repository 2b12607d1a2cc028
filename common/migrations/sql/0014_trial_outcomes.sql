-- Trial outcomes (issue 14, part 3). The trial and its outcome live in `body` with the other
-- descriptive fields (Placement.trial_end, Placement.trial); like start_date and guarantee_end,
-- they also get columns, so that PostgreSQL holds the rules the service relies on and an
-- operator's SQL can find the trials waiting for an outcome without reading proto JSON.
-- (Numbered 0014: 0013 is the interviews' migration, made on another branch at the same time;
-- the migrator only needs the numbers to increase.)

-- The trial's last day as it stands (an EXTENDED outcome moves it); NULL: no trial.
ALTER TABLE placement.placements ADD COLUMN trial_end date;
-- The latest outcome recorded; NULL before the first.
ALTER TABLE placement.placements ADD COLUMN trial_outcome text
  CHECK (trial_outcome IN ('PASSED', 'EXTENDED', 'FAILED'));
-- An outcome needs a trial, and a FAILED trial has ended its placement.
ALTER TABLE placement.placements ADD CONSTRAINT trial_outcome_needs_trial
  CHECK (trial_outcome IS NULL OR trial_end IS NOT NULL);
ALTER TABLE placement.placements ADD CONSTRAINT failed_trial_ends_placement
  CHECK (trial_outcome IS DISTINCT FROM 'FAILED' OR state = 'ENDED');

-- Placements made before this migration have a trial_end in their body and no outcome yet.
-- google.type.Date in proto JSON: {"year": 2027, "month": 3, "day": 12}.
UPDATE placement.placements
SET trial_end = make_date((body -> 'trial_end' ->> 'year')::int,
                          (body -> 'trial_end' ->> 'month')::int,
                          (body -> 'trial_end' ->> 'day')::int)
WHERE body ? 'trial_end';
