-- load/incomplete_by_day: the applications' `incomplete` loops per title type and Europe/Paris day:
-- how many files an examination sent back (incomplete_count) among those it examined
-- (examined_count = sent back + passed to instruction, `in_review`). Citizens misreading the
-- website show up here first. One row per title type and day with an examination.
-- Adds up derived/062_examinations.sql (one row per application and day examined, sorted by day).
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    title_type,
    day,
    sum(incomplete_count)::bigint as incomplete_count,
    sum(examined_count)::bigint as examined_count
from examinations
where day between $from_day and $to_day
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by all
order by title_type, day
