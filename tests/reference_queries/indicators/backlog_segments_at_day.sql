-- backlog_segments_at_day: one row per segment (a title type, or a department) of the
-- applications open at the end of $day and at the end of $before_day (kpis.md §4): how many
-- were open and how many over their target at each day. The director's attention list ranks
-- the segments by the growth of their backlog over target.
-- Params: $day, $before_day, $title_types, $departments (empty = all), $target_title_types,
--         $target_days (parallel lists).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with chosen as (
    select
        title_type,
        department,
        submitted_at,
        submitted_day,
        terminal_at,
        map($target_title_types, $target_days)[title_type] as target_days
    from application_facts
    where is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
        and submitted_at < paris_day_end(greatest($day, $before_day))
),

open_flags as (
    select
        title_type,
        department,
        -- Open at D: submitted before the end of D, no terminal event before it.
        submitted_at < paris_day_end($day)
            and (terminal_at is null or terminal_at >= paris_day_end($day)) as is_open,
        submitted_at < paris_day_end($before_day)
            and (terminal_at is null or terminal_at >= paris_day_end($before_day)) as is_open_before,
        $day - submitted_day > target_days as is_late,
        $before_day - submitted_day > target_days as is_late_before
    from chosen
)

select
    case when grouping(title_type) = 0 then 'title_type' else 'department' end as segment_kind,
    coalesce(title_type, department) as segment,
    count(*) filter (where is_open) as backlog_count,
    count(*) filter (where is_open and is_late) as over_target_count,
    count(*) filter (where is_open_before) as backlog_before_count,
    count(*) filter (where is_open_before and is_late_before) as over_target_before_count
from open_flags
group by grouping sets ((title_type), (department))
having grouping(title_type) = 0 or department is not null
order by segment_kind desc, segment
