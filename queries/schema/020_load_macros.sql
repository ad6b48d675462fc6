-- The load page's half hours (issue 19): a Europe/Paris half hour of the day, 0 (00:00-00:30) to
-- 47 (23:30-24:00); on a clock-change night two instants an hour apart may share one.
create or replace macro paris_slot(instant) as
    hour(timezone('Europe/Paris', instant)) * 2 + minute(timezone('Europe/Paris', instant)) // 30;

-- Whether a half hour of a day lies in the office hours: Monday to Friday, not a French public
-- holiday, starting at or after the opening minute and ending at or before the closing one.
create or replace macro is_office_slot(day, slot_number, open_minute, close_minute) as
    isodow(day) <= 5
    and not is_public_holiday(day)
    and slot_number * 30 >= open_minute
    and slot_number * 30 + 30 <= close_minute;
