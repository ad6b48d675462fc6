-- cohort_table_by_week: one row per week of submission (from Monday) of the applications
-- submitted in the period, rejected and cancelled ones left out (the cohort of kpis.md §2): how
-- many, how many delivered by as_of, how many still in flight at as_of, and the share delivered
-- within 7, 15, 30 and 60 days of submission (delivery days <= the horizon). "So far" is at as_of:
-- a share is NULL while the cohort's latest application was submitted less than that many days
-- before as_of (some of the cohort can still make it), rather than a misleadingly low share.
-- min_followup_days is that latest application's follow-up. A week cut by the period holds only
-- the period's days (is_partial_week).
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with data_end as (
    select data_as_of() as as_of
),

cohort as (
    select
        date_trunc('week', submitted_day)::date as week_start_day,
        submitted_at,
        delivered_at,
        delivery_days
    from application_facts
    where submitted_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
        and coalesce(terminal_status, 'delivered') = 'delivered'
),

weekly as (
    select
        week_start_day,
        count(*) as cohort_count,
        count(delivered_at) as delivered_count,
        count(*) filter (where delivery_days <= 7) as within_7_count,
        count(*) filter (where delivery_days <= 15) as within_15_count,
        count(*) filter (where delivery_days <= 30) as within_30_count,
        count(*) filter (where delivery_days <= 60) as within_60_count,
        epoch(any_value(data_end.as_of) - max(submitted_at)) / 86400 as min_followup_days
    from cohort
    cross join data_end
    group by week_start_day
)

select
    week_start_day,
    week_start_day < $from_day or week_start_day + 6 > $to_day as is_partial_week,
    cohort_count,
    delivered_count,
    cohort_count - delivered_count as in_flight_count,
    case when min_followup_days >= 7 then within_7_count / cohort_count end as within_7_days_rate,
    case when min_followup_days >= 15 then within_15_count / cohort_count end as within_15_days_rate,
    case when min_followup_days >= 30 then within_30_count / cohort_count end as within_30_days_rate,
    case when min_followup_days >= 60 then within_60_count / cohort_count end as within_60_days_rate,
    min_followup_days
from weekly
order by week_start_day
