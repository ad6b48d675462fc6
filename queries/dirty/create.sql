-- The keys an import touched, collected as it merges (dirty/from_*.sql) and completed before the
-- derived tables are recomputed over them (dirty/contacts.sql, dirty/days.sql). Temporary: they
-- live for the import's connection only. No params.
create or replace temporary table dirty_requests (request_id varchar);

create or replace temporary table dirty_subjects (citizen_id varchar, subject varchar);

create or replace temporary table dirty_contacts (contact_id varchar);

create or replace temporary table dirty_days (day date);
