-- stage_stays: one row per stage_spans span (a non-terminal stage an application passed through),
-- in Paris days, for the backlog at a day and the stage durations (issue 16): the backlog reads the
-- stays open at the end of D instead of every span, and a period reads only the stays that end in it.
--   open_from_day   the first day at whose end the application is open in this stage: the day of
--                   the later of its entry into the stage and its submission (null: never open);
--   until_day       the first day at whose end it no longer is: the day of the earlier of its
--                   leaving the stage and the application's first terminal event (null: open while
--                   the data lasts). Open at the end of D (kpis.md §4) <=> open_from_day <= D and
--                   (until_day is null or until_day > D): the end of D is the start of D + 1, so an
--                   instant is at or after it exactly when its Paris day is after D;
--   stay_days       the stay's length in days when it counts as a stage duration (it ended, and not
--                   after the terminal event; then until_day is the day it ended), else null.
-- One row per application open at D, the span covering the end of D (see stage_spans): counts of
-- these rows are counts of applications. Published by the month of until_day, so a day reads the
-- stays still open then (its month, the later ones, the open ones); sorted by title type, then the
-- day the stay opens, so a drill-down to a title type and a day in the past skip the rest by block.
-- Keyed by request_id, recomputed over dirty_requests: an import recomputes the stays of the
-- applications it touched (a full rebuild: every application).
create or replace table stage_stays as
select
    request_id,
    title_type,
    department,
    submission_channel,
    submitted_at,
    submitted_day,
    stage,
    paris_day(entered_at) as entered_day,
    case when submitted_at is not null and entered_at is not null then paris_day(greatest(entered_at, submitted_at)) end as open_from_day,
    paris_day(least(left_at, terminal_at)) as until_day,
    -- Days from epoch seconds, as backlog/stage_durations computed them (bit for bit).
    case when left_at is not null and (terminal_at is null or left_at <= terminal_at)
        then (epoch(left_at) - epoch(entered_at)) / 86400 end as stay_days
from stage_spans
semi join dirty_requests
    on dirty_requests.request_id = stage_spans.request_id
order by title_type, open_from_day;

-- open_stays_at(day): the stay of each application open at the end of `day` (kpis.md §4), with its
-- age in whole days (day - submission day): the same rows as open_applications_at(day), read from
-- the stays open then. The backlog page's datasets and indicators/backlog_*_at_day read it.
create or replace macro open_stays_at(day) as table
select
    request_id,
    title_type,
    department,
    submission_channel,
    submitted_at,
    day - submitted_day as age_days,
    stage,
    entered_day as stage_entered_day
from stage_stays
where open_from_day <= day
    and (until_day is null or until_day > day);
