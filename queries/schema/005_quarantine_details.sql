-- The column and value a rejection is about, so the dashboard can say it in the reader's language
-- (detail stays as the import's own English sentence, for logs and the command line).
alter table quarantine add column column_name varchar;
alter table quarantine add column bad_value varchar;
