-- Base tables: the three entities of the data contract, the quarantine and the import log.
-- Instants are TIMESTAMPTZ; every calendar day is computed in Europe/Paris (see 002_macros.sql).

create table requests (
    request_id varchar not null,
    title_type varchar not null,
    submitted_at timestamptz not null,
    department varchar,
    submission_channel varchar,
    citizen_id varchar,
    import_id integer not null           -- the import that last wrote this row
);

create table request_events (
    request_id varchar not null,
    status varchar not null,
    occurred_at timestamptz not null,
    import_id integer not null
);

create table contacts (
    contact_id varchar not null,
    channel varchar not null,
    received_at timestamptz not null,
    answered_at timestamptz,
    outcome varchar not null,
    reason varchar not null,
    citizen_id varchar,
    request_id varchar,
    team varchar,
    agent_id varchar,
    handle_seconds bigint,
    csat integer,
    import_id integer not null
);

-- Every rejected row, whole (canonical columns only: extra columns may hold personal data).
create table quarantine (
    import_id integer not null,          -- the import that first rejected it
    file_name varchar not null,
    line_number bigint not null,         -- line in the file, the header being line 1
    kind varchar not null,
    reason varchar not null,             -- a code: missing_value, bad_timestamp, unknown_request...
    detail varchar not null,             -- the same, said for a person
    record_key varchar,                  -- the row's id when it has one
    row_json varchar not null
);

-- One row per import command.
create table import_log (
    import_id integer not null,
    started_at timestamptz not null,
    finished_at timestamptz not null,
    user_name varchar,
    host_name varchar,
    command varchar,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_updated bigint not null,
    rows_quarantined bigint not null
);

-- One row per file of an import.
create table import_files (
    import_id integer not null,
    file_name varchar not null,
    kind varchar not null,
    rows_read bigint not null,
    rows_new bigint not null,
    rows_updated bigint not null,
    rows_unchanged bigint not null,
    rows_quarantined bigint not null,
    unmatched_request_links bigint not null,
    ignored_columns varchar              -- extra columns of the file, reported and never stored
);
