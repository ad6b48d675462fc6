-- quarantine_rows: one row per quarantined row, whole (row_json: the kind's columns as read from
-- the file), with its file, line, reason and what is wrong with it. Latest imports first, then
-- file and line. Also the count before the limit (total_count).
-- Params: $file_names, $kinds, $reasons (lists; an empty list means all), $max_rows (integer).
with chosen as (
    select *
    from quarantine
    where is_chosen(file_name, $file_names)
        and is_chosen(kind, $kinds)
        and is_chosen(reason, $reasons)
)

select
    import_id,
    file_name,
    line_number,
    kind,
    reason,
    record_key,
    detail,
    column_name,
    bad_value,
    row_json,
    count(*) over () as total_count
from chosen
order by
    import_id desc,
    file_name,
    line_number
limit $max_rows
