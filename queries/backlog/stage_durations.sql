-- backlog/stage_durations: one row per stage, the time applications spent in it, over the stays
-- that ended in the period (left between the start of $from_day and the end of $to_day, Paris
-- days): how many, and p50 / p90 / mean in days (quantile_cont). A stage still occupied has no
-- duration yet and waits for the period in which it ends; a stay logged after the application's
-- terminal event (an anomaly in the data) is not counted.
-- Read from derived/070_stage_stays.sql: a counted stay has its length (stay_days) and ends on
-- until_day, by whose month the table is published, so a period reads its own months only.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
select
    stage,
    count(*) as span_count,
    quantile_cont(stay_days, 0.5) as stage_days_p50,
    quantile_cont(stay_days, 0.9) as stage_days_p90,
    avg(stay_days) as stage_days_mean
from stage_stays
where until_day between $from_day and $to_day
    and stay_days is not null
    and is_chosen(title_type, $title_types)
    and is_chosen(department, $departments)
    and in_scope($scope_cells, title_type, department)
group by stage
order by status_rank(stage)
