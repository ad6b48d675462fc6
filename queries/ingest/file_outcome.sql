-- What one file of an import did: one row of counts, from `checked`, `changes` and `released`.
-- Unchanged rows: valid ones that changed nothing (already stored, or a copy of another row).
select
    (select count(*) from checked) as rows_read,
    (select count(*) from changes where change = 'new') as rows_new,
    (select count(*) from changes where change = 'updated') as rows_updated,
    (select count(*) from checked where rejection_reason is null)
        - (select count(*) from changes where change in ('new', 'updated')) as rows_unchanged,
    (select count(*) from checked where rejection_reason is not null) as rows_quarantined,
    (select count(*) from released) as rows_released
