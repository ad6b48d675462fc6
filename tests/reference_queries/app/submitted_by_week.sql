-- submitted_by_week: one row per (week, title type) with applications submitted in the period.
-- Weeks start on Monday; a week cut by the period's bounds or by as_of is marked partial, so a
-- chart does not read its low count as a fall.
-- Params: $from_day, $to_day (dates, inclusive Europe/Paris days);
--         $title_types, $departments (lists; an empty list means no filter).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with chosen_applications as (
    select
        title_type,
        submitted_day
    from application_facts
    where submitted_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

as_of as (
    select paris_day(data_as_of()) as as_of_day
),

weekly as (
    select
        date_trunc('week', submitted_day)::date as week_start_day,
        title_type,
        count(*) as submitted_count
    from chosen_applications
    group by all
)

select
    weekly.week_start_day,
    weekly.title_type,
    weekly.submitted_count,
    -- Days of the week that the period covers and the data reaches (1 to 7).
    datediff(
        'day',
        greatest(weekly.week_start_day, $from_day::date),
        least(weekly.week_start_day + 6, $to_day::date, as_of.as_of_day)
    ) + 1 as covered_days,
    covered_days < 7 as is_partial_week
from weekly, as_of
order by
    weekly.week_start_day,
    weekly.title_type
