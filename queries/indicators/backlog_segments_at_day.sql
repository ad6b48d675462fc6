-- backlog_segments_at_day: one row per segment (a title type, or a department) of the
-- applications open at the end of $day and at the end of $before_day (kpis.md §4): how many
-- were open and how many over their target at each day. The director's attention list ranks
-- the segments by the growth of their backlog over target.
-- Read from the stays open at either day (derived/070_stage_stays.sql: one per open application);
-- a segment with an application submitted by then but none open is listed with zeros, as when
-- every application was read: daily_flows says which segments had one.
-- Params: $day, $before_day, $title_types, $departments (empty = all), $target_title_types,
--         $target_days (parallel lists).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with open_stays as (
    select
        title_type,
        department,
        open_from_day <= $day and (until_day is null or until_day > $day) as is_open,
        open_from_day <= $before_day and (until_day is null or until_day > $before_day) as is_open_before,
        $day - submitted_day > map($target_title_types, $target_days)[title_type] as is_late,
        $before_day - submitted_day > map($target_title_types, $target_days)[title_type] as is_late_before
    from stage_stays
    where open_from_day <= greatest($day, $before_day)
        and (until_day is null or until_day > least($day, $before_day))
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

submitted_segments as (
    -- Every (title type, department) with an application submitted by the end of the later day.
    select distinct
        title_type,
        department,
        false as is_open,
        false as is_open_before,
        false as is_late,
        false as is_late_before
    from daily_flows
    where day <= greatest($day, $before_day)
        and inflow_count > 0
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

open_flags as (
    select * from open_stays
    union all
    select * from submitted_segments
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
