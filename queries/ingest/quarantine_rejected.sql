-- Keep every rejected row of `checked` in the quarantine, whole (its canonical columns as read
-- from `incoming`), with its file, line and reason. A row already quarantined the same way (the
-- same file imported again) is not added twice. Params: $import_id, $file_name, $kind.
insert into quarantine (import_id, file_name, line_number, kind, reason, detail, record_key, row_json, column_name, bad_value)
with rejected as (
    select
        checked.line_number,
        checked.rejection_reason,
        checked.rejection_detail,
        checked.record_key,
        checked.rejection_column,
        checked.rejection_value
    from checked
    where checked.rejection_reason is not null
),

whole_rows as (
    select
        line_number,
        to_json(struct_pack(*columns(* exclude (line_number)))) as row_json
    from incoming
    where line_number in (select line_number from rejected)
)

select
    $import_id,
    $file_name,
    rejected.line_number,
    $kind,
    rejected.rejection_reason,
    rejected.rejection_detail,
    rejected.record_key,
    whole_rows.row_json,
    rejected.rejection_column,
    rejected.rejection_value
from rejected
join whole_rows
    on whole_rows.line_number = rejected.line_number
anti join quarantine as known
    on known.file_name = $file_name
    and known.line_number = rejected.line_number
    and known.reason = rejected.rejection_reason
    and known.row_json = whole_rows.row_json;
