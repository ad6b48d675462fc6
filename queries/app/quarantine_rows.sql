-- quarantine_rows: one row per quarantined row, whole, with its file, line, reason and detail.
-- Latest imports first, then file and line. Also the count before the limit (total_count).
-- Params: $reasons (list; an empty list means every reason), $max_rows (integer).
with chosen as (
    select *
    from quarantine
    where is_chosen(reason, $reasons)
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
