-- daily_contacts: one row per (day, channel, reason, team, title_type, department) of the
-- contacts received that Europe/Paris day (kpis.md §5), with counts that add up across rows: the
-- contact counts of any period add up days here instead of scanning contacts. title_type and
-- department (the contact's application's) stay columns, so the readers' filters and scope apply.
-- Keyed by day, recomputed over dirty_days: an import recomputes the received days of the
-- contacts it touched, before and after (dirty/days.sql; a full rebuild: every day).
create or replace table daily_contacts as
select
    received_day as day,
    channel,
    reason,
    team,
    title_type,
    department,
    count(*)::bigint as contact_count,
    count(*) filter (where citizen_id is null)::bigint as unlinked_count,
    count(*) filter (where answered_at is not null)::bigint as answered_count,
    count(*) filter (where outcome = 'abandoned')::bigint as abandoned_count,
    count(csat)::bigint as csat_count,
    coalesce(sum(csat), 0)::bigint as csat_sum
from contact_facts
semi join dirty_days
    on dirty_days.day = contact_facts.received_day
group by all
order by day;
