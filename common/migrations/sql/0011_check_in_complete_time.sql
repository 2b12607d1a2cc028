-- CheckIn.completed_time is CheckIn.complete_time in the contract now (AIP-142: `*_time`
-- fields name the event in the present tense, as create_time and update_time do). Events
-- keep the check-in as it was, as proto JSON with the .proto's field names: rename the key in
-- the stored ones so that they still read back with the time. (The column keeps its name:
-- only the contract changed.)
UPDATE events.events
SET body = jsonb_set(body #- '{check_in,completed_time}', '{check_in,complete_time}',
                     body -> 'check_in' -> 'completed_time')
WHERE body -> 'check_in' ? 'completed_time';
