-- trend_events: the dated events a director reads the trends against (a channel opened, staff
-- hired, a rule changed), one row per (event_day, label). Drawn on every trend chart whose period
-- holds the day; an event with a title type or a channel only where the filters keep it.
-- trend_event_rejects: the rows of an events file the checks refused, kept whole with the file,
-- line and reason, as the quarantine keeps the exports' (only the latest events import's).
create table trend_events (
    event_day date not null,
    label varchar not null,
    title_type varchar,
    channel varchar,
    primary key (event_day, label)
);

create table trend_event_rejects (
    file_name varchar,
    line_number bigint,
    reason varchar,
    row_json varchar,
    rejected_at timestamptz
);
