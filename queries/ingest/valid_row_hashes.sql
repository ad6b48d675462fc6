-- One row per valid row of `checked`: a hash of the values it would store (every column but the
-- line and the rejection). Distinct hashes mean no two valid rows are the same record; equal
-- hashes may be identical copies (or a collision), which the merge then handles. A temporary
-- table, so that ingest/row_hashes_chunk.sql reads it a chunk at a time. No params.
create or replace temporary table row_hashes as
select
    hash(*columns(* exclude (line_number, record_key, rejection_reason, rejection_detail, rejection_column, rejection_value))) as row_hash
from checked
where rejection_reason is null;
