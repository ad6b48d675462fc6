-- One row: whether two valid rows of `checked` may be the same record, by a hash of the values it
-- would store (every column but the line and the rejection), among the rows whose hash falls in
-- $part of $part_count (ingest._may_have_copies asks part by part: two copies share their hash,
-- so their part). Distinct hashes mean no two valid rows are the same record; equal hashes may be
-- identical copies (or a collision), which the merge then handles. A part's hashes fit the
-- writer's memory: all 294 M of the two-year national events at once asked for a 256 MB block
-- past its 2 GB.
select
    exists (
        select row_hash
        from (
            select
                hash(*columns(* exclude (line_number, record_key, rejection_reason, rejection_detail, rejection_column, rejection_value))) as row_hash
            from checked
            where rejection_reason is null
        )
        where $part_count = 1 or row_hash % $part_count = $part
        group by row_hash
        having count(*) > 1
    ) as may_have_copies
