-- New-match alerts keep the match in protobuf's binary form (the bytes of a talent.v1.RoleMatch)
-- rather than as JSON: with Protobuf 3.21, printing a match as JSON converts each of its message
-- types to a google.protobuf.Type on every call, and that was a third of the alerts' CPU. The
-- rows are only ever read back whole by the talent service (ListRoleMatches), never queried by
-- their content. Rows recorded before keep their JSON body and are read as before.
ALTER TABLE talent.role_matches ADD COLUMN body_proto bytea;
ALTER TABLE talent.role_matches ALTER COLUMN body DROP NOT NULL;
ALTER TABLE talent.role_matches
  ADD CONSTRAINT role_matches_has_a_body CHECK (body IS NOT NULL OR body_proto IS NOT NULL);
