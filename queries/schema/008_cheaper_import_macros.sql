-- The import's text macros, made cheaper with the same results as 002_macros.sql: trim() copies
-- every string, so a value is trimmed only when it may start or end with a space (an ASCII space
-- at either end, or any non-ASCII character: trim() also removes Unicode spaces); the offset test
-- reads the last character with suffix() rather than right(), which walks graphemes.
create or replace macro trimmed(text) as case
    when prefix(text, ' ') or suffix(text, ' ') or strlen(text) <> length(text) then trim(text)
    else text
end;

create or replace macro has_utc_offset(s) as
    suffix(s, 'Z') or suffix(s, 'z') or contains(substr(s, 11), '+') or contains(substr(s, 11), '-');

create or replace macro parse_instant(text) as parse_trimmed_instant(trimmed(text));

create or replace macro department_code(text) as case
    when regexp_full_match(trimmed(text), '[0-9]') then '0' || trimmed(text)
    else nullif(upper(trimmed(text)), '')
end;

create or replace macro enum_text(text) as nullif(lower(trimmed(text)), '');

create or replace macro clean_text(text) as nullif(trimmed(text), '');
