-- One row: whether two valid rows of `checked` may be the same record, by a hash of the values it
-- would store (every column but the line and the rejection). Distinct hashes mean no two valid rows
-- are the same record; equal hashes may be identical copies (or a collision), which the merge then
-- handles. DuckDB counts them within its memory limit, spilling if need be. No params.
select
    count(distinct row_hash) < count(*) as may_have_copies
from (
    select
        hash(*columns(* exclude (line_number, record_key, rejection_reason, rejection_detail, rejection_column, rejection_value))) as row_hash
    from checked
    where rejection_reason is null
)
