-- quarantine_facets: one row per (file, kind of file, reason) of the quarantined rows: how many
-- rows, and the latest import that rejected one. The quarantine page's filter options and its
-- summary by reason. Most frequent first. No params.
select
    file_name,
    kind,
    reason,
    count(*) as row_count,
    max(import_id) as last_import_id
from quarantine
group by all
order by
    row_count desc,
    file_name,
    kind,
    reason
