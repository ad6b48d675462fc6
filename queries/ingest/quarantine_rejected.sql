-- Keep every rejected row of `checked` in the quarantine, whole (its canonical columns as read
-- from `incoming`), with its file, line and reason. The quarantine holds each record's latest
-- refusal: a request or contact refused again (the same id, in any file) and an event refused
-- again (the same whole row) replace their older quarantined row, whose import_id is then this
-- import. A row without an id already quarantined the same way (the same file imported again) is
-- not added twice. Rows quarantined by this same import stay: two files of one import giving an
-- id differently are both kept. Params: $import_id, $file_name, $kind.
create or replace temporary table rejected as
with whole_rows as (
    select
        line_number,
        to_json(struct_pack(*columns(* exclude (line_number)))) as row_json
    from incoming
    where line_number in (select line_number from checked where rejection_reason is not null)
)

select
    checked.line_number,
    checked.rejection_reason,
    checked.rejection_detail,
    checked.record_key,
    checked.rejection_column,
    checked.rejection_value,
    whole_rows.row_json
from checked
join whole_rows
    on whole_rows.line_number = checked.line_number
where checked.rejection_reason is not null;

delete from quarantine
where kind = $kind
    and import_id <> $import_id
    and (
        ($kind <> 'request_events' and record_key in (select record_key from rejected))
        or ($kind = 'request_events' and row_json in (select row_json from rejected))
    );

insert into quarantine (import_id, file_name, line_number, kind, reason, detail, record_key, row_json, column_name, bad_value)
select
    $import_id,
    $file_name,
    rejected.line_number,
    $kind,
    rejected.rejection_reason,
    rejected.rejection_detail,
    rejected.record_key,
    rejected.row_json,
    rejected.rejection_column,
    rejected.rejection_value
from rejected
anti join quarantine as known
    on known.file_name = $file_name
    and known.line_number = rejected.line_number
    and known.reason = rejected.rejection_reason
    and known.row_json = rejected.row_json;
