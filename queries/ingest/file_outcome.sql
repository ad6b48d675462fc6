-- What one file of an import did: one row of counts, from `checked`, `change_counts` and `released`.
-- Unchanged rows: valid ones that changed nothing (already stored, or a copy of another row).
with changed as (
    select
        coalesce(sum(row_count) filter (where change = 'new'), 0)::bigint as new_count,
        coalesce(sum(row_count) filter (where change = 'updated'), 0)::bigint as updated_count
    from change_counts
)

select
    (select count(*) from checked) as rows_read,
    changed.new_count as rows_new,
    changed.updated_count as rows_updated,
    (select count(*) from checked where rejection_reason is null) - changed.new_count - changed.updated_count as rows_unchanged,
    (select count(*) from checked where rejection_reason is not null) as rows_quarantined,
    (select count(*) from released) as rows_released
from changed
