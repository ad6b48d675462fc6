-- stage_waits: one row per (title_type, stage) of the applications delivered in the period (see
-- delivered_stage_days): the stage's p90 of days now, in each half of the period (its trend) and
-- over the reference period (its normal level, chosen by the engine), and the delivery p90 of the
-- title type as it is, with every application's days in the stage cut by the stage's excess (its
-- p90 now minus its normal p90, never below 0 days: the whole distribution shifted back, so that
-- its p90 is normal again: what the stage adds to the p90), and cut by half that excess. A stage
-- at or under its normal level has no excess: nothing to gain. Cutting each wait at the normal p90
-- instead would always gain something, the normal tail above any p90 included.
-- Stages without a reference level (nothing delivered then) have no counterfactual (null).
-- Params: $from_day, $to_day, $ref_from_day, $ref_to_day, $title_types, $departments, $stages
--         (empty = all; quickwins.py asks for one title type and stage at a time: each quantile
--         holds a value a delivery).
-- $scope_cells: the reader's scope (schema/017_in_scope.sql), applied where the rows are read.
with halves as (
    select $from_day::date + ((($to_day::date - $from_day::date) + 1) // 2)::int as second_half_day
),

delivered as (
    select
        request_id,
        title_type,
        delivered_day,
        delivered_day between $ref_from_day and $ref_to_day as is_reference,
        submitted_days as submitted,
        incomplete_days as incomplete,
        resubmitted_days as resubmitted,
        in_review_days as in_review,
        approved_days as approved,
        in_production_days as in_production,
        shipped_days as shipped,
        submitted_days + incomplete_days + resubmitted_days + in_review_days + approved_days
            + in_production_days + shipped_days as delivery_days
    from delivered_stage_days
    where (delivered_day between $from_day and $to_day or delivered_day between $ref_from_day and $ref_to_day)
        and is_chosen(title_type, $title_types)
        and is_chosen(department, $departments)
        and in_scope($scope_cells, title_type, department)
),

grid as (
    select *
    from (
        unpivot delivered
        on submitted, incomplete, resubmitted, in_review, approved, in_production, shipped
        into name stage value stage_days
    )
    where is_chosen(stage, $stages)
),

reference as (
    select
        title_type,
        stage,
        count(*) as reference_count,
        quantile_cont(stage_days, 0.9) as reference_p90
    from grid
    where is_reference
    group by all
),

levels as (
    select
        grid.title_type,
        grid.stage,
        quantile_cont(grid.stage_days, 0.9) as stage_days_p90,
        greatest(0, quantile_cont(grid.stage_days, 0.9) - any_value(reference.reference_p90)) as excess_days
    from grid
    left join reference
        on reference.title_type = grid.title_type
        and reference.stage = grid.stage
    where not grid.is_reference
    group by all
)

select
    grid.title_type,
    grid.stage,
    count(*) as delivered_count,
    any_value(levels.stage_days_p90) as stage_days_p90,
    quantile_cont(grid.stage_days, 0.9) filter (where grid.delivered_day < halves.second_half_day) as first_half_p90,
    quantile_cont(grid.stage_days, 0.9) filter (where grid.delivered_day >= halves.second_half_day) as second_half_p90,
    any_value(reference.reference_p90) as reference_p90,
    coalesce(any_value(reference.reference_count), 0) as reference_count,
    quantile_cont(grid.delivery_days, 0.9) as delivery_days_p90,
    quantile_cont(grid.delivery_days - least(grid.stage_days, levels.excess_days), 0.9) as normal_stage_p90,
    quantile_cont(grid.delivery_days - least(grid.stage_days, levels.excess_days / 2), 0.9) as halved_excess_p90
from grid
cross join halves
left join reference
    on reference.title_type = grid.title_type
    and reference.stage = grid.stage
join levels
    on levels.title_type = grid.title_type
    and levels.stage = grid.stage
where not grid.is_reference
group by all
order by grid.title_type, grid.stage
