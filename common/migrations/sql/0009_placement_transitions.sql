-- Risk and overdue are worked out at read time; to put "at risk", "back to active" and
-- "overdue" on the event feed once each, the placement service's periodic pass remembers what
-- it last reported (issue 11).

-- Whether the last event about this placement's risk said AT_RISK.
ALTER TABLE placement.placements ADD COLUMN reported_at_risk boolean NOT NULL DEFAULT false;
-- Whether check_in.overdue was sent for the check-in's current due time (a reschedule clears it).
ALTER TABLE placement.check_ins ADD COLUMN overdue_reported boolean NOT NULL DEFAULT false;
CREATE INDEX check_ins_overdue_unreported ON placement.check_ins (due_time)
  WHERE completed_time IS NULL AND NOT overdue_reported;
