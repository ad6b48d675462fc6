-- import_history: one row per file of an import (import_log joined with import_files): when,
-- which file, what the import did with its rows, then who ran it and how. Latest imports first.
-- Also how many imports there are in all (import_count), to say when the list is cut.
-- Params: $max_imports (integer: how many of the latest imports to return).
with imports as (
    select *
    from import_log
    order by import_id desc
    limit $max_imports
)

select
    imports.import_id,
    imports.finished_at,
    import_files.file_name,
    import_files.kind,
    import_files.rows_read,
    import_files.rows_new,
    import_files.rows_updated,
    import_files.rows_unchanged,
    import_files.rows_quarantined,
    import_files.unmatched_request_links,
    import_files.ignored_columns,
    imports.user_name,
    imports.host_name,
    imports.command,
    imports.started_at,
    (select count(*) from import_log) as import_count
from imports
join import_files
    on import_files.import_id = imports.import_id
order by
    imports.import_id desc,
    import_files.file_name
