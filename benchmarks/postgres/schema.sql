-- The three export files as tables, loaded with COPY (benchmarks/postgres_peer.py). Ids stay text
-- (`01` is not `1`); instants are timestamptz, so that an offset or `Z` is converted and a time
-- without one is read in the session's time zone, Europe/Paris (the data contract).
-- No key or index yet: they are built after the load, which is faster than maintaining them
-- row by row.
create table requests (
    request_id text,
    title_type text,
    submitted_at timestamptz,
    department text,
    submission_channel text,
    citizen_id text
);

create table request_events (
    request_id text,
    status text,
    occurred_at timestamptz
);

create table contacts (
    contact_id text,
    channel text,
    received_at timestamptz,
    answered_at timestamptz,
    outcome text,
    reason text,
    citizen_id text,
    request_id text,
    team text,
    agent_id text,
    handle_seconds integer,
    csat integer
);
