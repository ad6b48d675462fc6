-- Publishing (oncedone/store/snapshot.py). Readers read a snapshot of the warehouse, not the file
-- the import writes: the months of the big tables an import changed wait here until a publish
-- has written them (committed with the import, so a publish killed midway is redone by the next),
-- and the extent of the import's inputs is kept small, since readers do not get those tables.
create table unpublished_partitions (
    table_name varchar not null,
    partition varchar not null               -- a month, YYYY-MM, or * for the whole table
);

create table warehouse_extent (
    first_at timestamptz,                    -- the earliest instant of the three exports
    as_of timestamptz,                       -- the latest (kpis.md's as_of)
    requests_count bigint not null,
    request_events_count bigint not null,
    contacts_count bigint not null
);

insert into warehouse_extent values (null, null, 0, 0, 0);

-- as_of (kpis.md): the latest timestamp in the warehouse (publish/extent.sql keeps it).
create or replace macro data_as_of() as (select as_of from warehouse_extent);

-- The snapshot version the last committed import wrote (its untouched months are linked from it).
create table published_version (name varchar not null);
