-- cohort_delivery_by_period: one row per submission cohort (a day, week, month of submission, or
-- the whole selection with $grain = 'period'): the Kaplan-Meier estimate of its delivery time,
-- in-flight applications included (kpis.md §2, by cohort). Applications whose terminal event is
-- rejected or cancelled leave the cohort; those not delivered by as_of are censored at as_of.
-- cohort_pXX is the smallest observed delivery time t with S(t) <= 1 - q, NULL when the
-- estimate never falls that low (max_followup_days then says "more than N days").
-- This SQL gives one row per (period, follow-up time): how many were delivered, and how many
-- left the risk set, then; oncedone.survival.cohort_delivery finishes the estimate (warehouse.FINISHED).
-- Params: $from_day, $to_day, $grain, $title_types, $departments (empty = all).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with cohort as (
    select
        period_start(submitted_day, $grain, $from_day) as period_start_day,
        delivered_at is not null as is_delivered,
        coalesce(delivery_days, (epoch(data_as_of()) - epoch(submitted_at)) / 86400) as followup_days
    from application_facts
    where submitted_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
        and coalesce(terminal_status, 'delivered') = 'delivered'
)

select
    period_start_day,
    followup_days,
    count(*) filter (where is_delivered) as delivered_count,
    count(*) as leaving_count
from cohort
group by all
