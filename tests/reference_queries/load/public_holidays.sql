-- load/public_holidays: the French public holidays between two days, one row each (the emerging
-- demand detector tests neither them nor the working day after: volume moves between the two).
-- Params: $from_day, $to_day.
select day
from (select unnest(generate_series($from_day::date, $to_day::date, interval 1 day))::date as day)
where is_public_holiday(day)
order by day
