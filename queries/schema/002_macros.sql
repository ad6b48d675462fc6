-- Macros shared by the import and the queries, stored in the warehouse file.

-- The Europe/Paris calendar day of an instant: daylight saving never moves a contact to another day.
create macro paris_day(instant) as timezone('Europe/Paris', instant)::date;

-- The instant at which Europe/Paris day `d` ends (midnight starting d + 1).
create macro paris_day_end(d) as timezone('Europe/Paris', (d + 1)::timestamp);

-- An export's timestamp text as an instant: ISO 8601 with an offset or Z, ISO without an offset
-- (Europe/Paris local time) or the French form dd/mm/yyyy HH:MM[:SS]; NULL when none fits.
-- A local time that daylight saving skips or repeats takes the offset ICU gives it.
create macro has_utc_offset(s) as
    upper(right(s, 1)) = 'Z' or contains(substr(s, 11), '+') or contains(substr(s, 11), '-');

create macro parse_trimmed_instant(s) as case
    when length(s) < 16 then null  -- a date alone is not an instant
    when has_utc_offset(s) then try_cast(s as timestamptz)
    else timezone('Europe/Paris', coalesce(
        try_cast(s as timestamp),
        try_strptime(s, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M'])
    ))
end;

create macro parse_instant(text) as parse_trimmed_instant(trim(text));

-- Rank of a status in the data contract's order; ties at one instant go to the later status.
create macro status_rank(status) as list_position(
    ['submitted', 'incomplete', 'resubmitted', 'in_review', 'approved',
     'in_production', 'shipped', 'delivered', 'rejected', 'cancelled'],
    status
);

-- A department code as the contract writes it: trimmed, upper case, and a spreadsheet's lost
-- leading zero put back (1 -> 01). NULL when empty.
create macro department_code(text) as case
    when regexp_full_match(trim(text), '[0-9]') then '0' || trim(text)
    else nullif(upper(trim(text)), '')
end;

-- Whether a department code is one of France's: 01-95 (no 20), 2A, 2B, 971-976.
create macro is_department_code(code) as
    regexp_full_match(code, '0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6]') and code <> '20';

-- An enumerated value as matched: trimmed, lower case, NULL when empty.
create macro enum_text(text) as nullif(lower(trim(text)), '');

-- A free text or identifier value: trimmed, NULL when empty; identifiers stay text.
create macro clean_text(text) as nullif(trim(text), '');
