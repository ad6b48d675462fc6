-- What one file of an import did: one row of counts, from `checked` and `changes`.
-- Params: none. unmatched_request_links counts loaded contacts naming an unknown application.
select
    (select count(*) from checked) as rows_read,
    (select count(*) from changes where change = 'new') as rows_new,
    (select count(*) from changes where change = 'updated') as rows_updated,
    (select count(*) from changes where change = 'unchanged')
        + (select count(*) from checked where is_repeat) as rows_unchanged,
    (select count(*) from checked where rejection_reason is not null) as rows_quarantined
