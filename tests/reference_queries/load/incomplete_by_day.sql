-- load/incomplete_by_day: the applications' `incomplete` loops per title type and Europe/Paris day:
-- how many files an examination sent back (incomplete_count) among those it examined
-- (examined_count = sent back + passed to instruction, `in_review`). Citizens misreading the
-- website show up here first. One row per title type and day with an examination.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    facts.title_type,
    paris_day(events.occurred_at) as day,
    count(*) filter (where events.status = 'incomplete') as incomplete_count,
    count(*) as examined_count
from request_events as events
join application_facts as facts
    on facts.request_id = events.request_id
where events.status in ('incomplete', 'in_review')
    and events.occurred_at >= paris_day_end($from_day::date - 1)
    and events.occurred_at < paris_day_end($to_day::date)
    and is_chosen(facts.title_type, $title_types)
    and is_chosen(facts.department, $departments)
    and in_scope($scope_cells, facts.title_type, facts.department)
group by all
order by facts.title_type, day
