-- Quarantined requests or contacts that a valid row of `checked` replaces leave the quarantine:
-- the row with that id was fixed and imported (new, updated or unchanged). A row still refused in
-- this file is quarantined again right after. Rows without an id cannot be matched and stay.
-- Params: $kind (requests or contacts). Leaves the temporary table `released` (one row per row released).
create or replace temporary table released as
with held as (
    select
        rowid as quarantine_row,
        record_key
    from quarantine
    where kind = $kind
        and record_key is not null
),

valid as (
    select record_key
    from checked
    where rejection_reason is null
)

-- The quarantine is small and `checked` may hold millions of rows: the join builds on `held`.
select distinct held.quarantine_row
from valid
join held
    on held.record_key = valid.record_key;

delete from quarantine
where rowid in (select quarantine_row from released);
