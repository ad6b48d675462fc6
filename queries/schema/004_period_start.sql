-- The first day of the period a day falls in, for series by 'day', 'week' (from Monday) or
-- 'month'; 'period' puts every day in one period starting on `first_day` (the selection's).
create macro period_start(d, grain, first_day) as case
    when grain = 'period' then first_day::date
    -- The inner CASE keeps date_trunc from ever being bound with 'period'.
    else date_trunc(case when grain = 'period' then 'day' else grain end, d)::date
end;
