-- The age bucket of an application `age_days` old (kpis.md §4).
create or replace macro age_bucket(age_days) as case
    when age_days <= 7 then '0-7'
    when age_days <= 15 then '8-15'
    when age_days <= 30 then '16-30'
    when age_days <= 60 then '31-60'
    else '61+'
end;
