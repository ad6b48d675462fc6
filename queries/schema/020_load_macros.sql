-- The load page's half hours (issue 19): a Europe/Paris half hour of the day, 0 (00:00-00:30) to
-- 47 (23:30-24:00); on a clock-change night two instants an hour apart may share one.
create or replace macro paris_slot(instant) as
    hour(timezone('Europe/Paris', instant)) * 2 + minute(timezone('Europe/Paris', instant)) // 30;

-- Whether a half hour lies in the office hours of a working day: it starts at or after the opening
-- minute and ends at or before the closing one (the day's being a working day is asked apart, once
-- per day: is_public_holiday costs too much to ask per row).
create or replace macro is_office_half_hour(slot_number, open_minute, close_minute) as
    slot_number * 30 >= open_minute and slot_number * 30 + 30 <= close_minute;
