-- import_history: one row per import (all the files of one command or one upload), latest first:
-- when it finished, how long it took, which files, what it did with their rows, its outcome, and
-- who ran it and how. Also how many imports there are in all (import_count), to say when the list
-- is cut. An import refused whole (an unusable file) changed nothing, so it is not here.
-- Params: $max_imports (integer: how many of the latest imports to return).
with imports as (
    select *
    from import_log
    order by import_id desc
    limit $max_imports
),

files as (
    select
        import_id,
        string_agg(file_name, ', ' order by file_name) as file_names,
        sum(rows_unchanged)::bigint as rows_unchanged,
        sum(rows_released)::bigint as rows_released,  -- NULL for imports made before it was counted
        sum(unmatched_request_links)::bigint as unmatched_request_links
    from import_files
    where import_id in (select import_id from imports)
    group by import_id
)

select
    imports.import_id,
    imports.finished_at,
    epoch(imports.finished_at - imports.started_at) as duration_seconds,
    files.file_names,
    case when imports.rows_quarantined > 0 then 'partly_loaded' else 'loaded' end as import_outcome,
    imports.rows_read,
    imports.rows_loaded as rows_new,
    imports.rows_updated,
    files.rows_unchanged,
    imports.rows_quarantined,
    files.rows_released,
    files.unmatched_request_links,
    imports.user_name,
    imports.command,
    imports.started_at,
    (select count(*) from import_log) as import_count
from imports
left join files
    on files.import_id = imports.import_id
order by imports.import_id desc
