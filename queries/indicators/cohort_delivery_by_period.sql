-- cohort_delivery_by_period: one row per submission cohort (a day, week, month of submission, or
-- the whole selection with $grain = 'period'): the Kaplan-Meier estimate of its delivery time,
-- in-flight applications included (kpis.md §2, by cohort). Applications whose terminal event is
-- rejected or cancelled leave the cohort; those not delivered by as_of are censored at as_of.
-- cohort_pXX is the smallest observed delivery time t with S(t) <= 1 - q, NULL when the
-- estimate never falls that low (max_followup_days then says "more than N days").
-- Params: $from_day, $to_day, $grain, $title_types, $departments (empty = all).
with cohort as (
    select
        period_start(submitted_day, $grain, $from_day) as period_start_day,
        delivered_at is not null as is_delivered,
        coalesce(delivery_days, (epoch(data_as_of()) - epoch(submitted_at)) / 86400) as followup_days
    from application_facts
    where submitted_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and coalesce(terminal_status, 'delivered') = 'delivered'
),

times as (
    select
        period_start_day,
        followup_days,
        count(*) filter (where is_delivered) as delivered_count,
        count(*) as leaving_count
    from cohort
    group by all
),

at_risk as (
    select
        *,
        -- At risk at t: every application followed for t or longer (censored at t included).
        sum(leaving_count) over (
            partition by period_start_day
            order by followup_days desc
            rows between unbounded preceding and current row
        ) as at_risk_count
    from times
),

survival as (
    select
        *,
        product(1 - delivered_count / at_risk_count) over (
            partition by period_start_day
            order by followup_days
            rows between unbounded preceding and current row
        ) as survival_rate
    from at_risk
)

select
    period_start_day,
    sum(leaving_count)::bigint as cohort_count,
    sum(delivered_count)::bigint as cohort_delivered_count,
    -- 1e-9 absorbs the rounding of the product, so that S = 0.5 exactly counts as reached.
    min(followup_days) filter (where delivered_count > 0 and survival_rate <= 0.5 + 1e-9) as cohort_p50,
    min(followup_days) filter (where delivered_count > 0 and survival_rate <= 0.1 + 1e-9) as cohort_p90,
    max(followup_days) as max_followup_days
from survival
group by period_start_day
order by period_start_day
