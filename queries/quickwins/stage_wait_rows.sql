-- stage_wait_rows: one row per title_type, the applications stage_waits would read for it (those
-- delivered in the period or in the reference period): quickwins.py sizes its stage_waits queries
-- by them, each quantile holding a value per application and stage.
-- Params: $from_day, $to_day, $ref_from_day, $ref_to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    title_type,
    count(*) as delivered_count
from delivered_stage_days
where (delivered_day between $from_day and $to_day or delivered_day between $ref_from_day and $ref_to_day)
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by title_type
