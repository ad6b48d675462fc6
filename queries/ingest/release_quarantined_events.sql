-- Quarantined request_events that a valid event of `checked` replaces leave the quarantine. An
-- event is its (request_id, status, occurred_at), but a fix changes the value that was wrong: the
-- match leaves out the column the rejection was about (a corrected occurred_at matches on
-- request_id and status). An orphan (unknown_request) matches on all three, once its application
-- is known. A row still refused in this file is quarantined again right after; rows without a
-- request_id stay. Params: $kind (request_events). Leaves the temporary table `released`.
create or replace temporary table released as
with held as (
    select
        rowid as quarantine_row,
        record_key as request_id,
        coalesce(column_name, '') as column_name,
        enum_text(json_extract_string(row_json, '$.status')) as status,
        parse_instant(json_extract_string(row_json, '$.occurred_at')) as occurred_at
    from quarantine
    where kind = $kind
        and record_key is not null
),

valid as (
    select
        request_id,
        status,
        occurred_at
    from checked
    where rejection_reason is null
)

select distinct held.quarantine_row
from valid
join held
    on held.request_id = valid.request_id
    and (held.column_name = 'status' or held.status = valid.status)
    and (held.column_name = 'occurred_at' or held.occurred_at = valid.occurred_at);

delete from quarantine
where rowid in (select quarantine_row from released);
