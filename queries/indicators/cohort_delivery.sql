-- cohort_delivery: one row, the Kaplan-Meier estimate of the delivery time of the applications
-- submitted in the period, in-flight ones included (kpis.md §2, by cohort). Applications whose
-- terminal event is rejected or cancelled leave the cohort; those not delivered by as_of are
-- censored at as_of. cohort_pXX is the smallest observed delivery time t with S(t) <= 1 - q,
-- NULL when the estimate never falls that low (max_followup_days then says "more than N days").
-- Params: $from_day, $to_day, $title_types, $departments (empty = all).
with data_end as (
    select data_as_of() as as_of
),

cohort as (
    select
        delivered_at is not null as is_delivered,
        coalesce(delivery_days, epoch(data_end.as_of - submitted_at) / 86400) as followup_days
    from application_facts
    cross join data_end
    where submitted_day between $from_day and $to_day
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and coalesce(terminal_status, 'delivered') = 'delivered'
),

times as (
    select
        followup_days,
        count(*) filter (where is_delivered) as delivered_count,
        count(*) as leaving_count
    from cohort
    group by followup_days
),

at_risk as (
    select
        *,
        -- At risk at t: every application followed for t or longer (censored at t included).
        sum(leaving_count) over (order by followup_days desc rows between unbounded preceding and current row) as at_risk_count
    from times
),

survival as (
    select
        followup_days,
        delivered_count,
        product(1 - delivered_count / at_risk_count) over (
            order by followup_days rows between unbounded preceding and current row
        ) as survival_rate
    from at_risk
)

select
    (select count(*) from cohort) as cohort_count,
    (select count(*) filter (where is_delivered) from cohort) as cohort_delivered_count,
    -- 1e-9 absorbs the rounding of the product, so that S = 0.5 exactly counts as reached.
    (select min(followup_days) from survival where delivered_count > 0 and survival_rate <= 0.5 + 1e-9) as cohort_p50,
    (select min(followup_days) from survival where delivered_count > 0 and survival_rate <= 0.1 + 1e-9) as cohort_p90,
    (select max(followup_days) from cohort) as max_followup_days
