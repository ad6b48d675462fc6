-- backlog/stage_durations: one row per stage, the time applications spent in it, over the stays
-- that ended in the period (left between the start of $from_day and the end of $to_day, Paris
-- days): how many, and p50 / p90 / mean in days (quantile_cont). A stage still occupied has no
-- duration yet and waits for the period in which it ends; a stay logged after the application's
-- terminal event (an anomaly in the data) is not counted.
-- Days from epoch seconds: subtracting two instants is several times slower.
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with ended as (
    select
        stage,
        (epoch(left_at) - epoch(entered_at)) / 86400 as stage_days
    from stage_spans
    where left_at >= paris_day_end($from_day::date - 1)
        and left_at < paris_day_end($to_day)
        and (terminal_at is null or left_at <= terminal_at)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
)

select
    stage,
    count(*) as span_count,
    quantile_cont(stage_days, 0.5) as stage_days_p50,
    quantile_cont(stage_days, 0.9) as stage_days_p90,
    avg(stage_days) as stage_days_mean
from ended
group by stage
order by status_rank(stage)
