-- The contract's strict reading of values (issue 14): DuckDB's casts are lenient (`+25:00`, a
-- trailing zone name or ` BC` is accepted or ignored, `3.5` rounds to 4), so the text's shape is
-- checked first. Numbered 014 so that schema files of other branches never take its number.

-- An instant's text as the contract writes it: ISO 8601 (date, `T` or a space, HH:MM[:SS[.f]])
-- with `Z` or an offset within ±14:00 or none, or the French form dd/mm/yyyy HH:MM[:SS].
create or replace macro is_instant_text(s) as regexp_full_match(
    s,
    '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?([Zz]|[+-](0[0-9]|1[0-3])(:?[0-5][0-9])?|[+-]14(:?00)?)?'
    || '|[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}(:[0-9]{2})?'
);

-- The exports' usual form (`2018-03-01T10:00:00Z`) skips the regular expression, which would cost
-- the import 5 % at scale: its shape is tested by LIKE, and the cast checks its digits.
create or replace macro parse_trimmed_instant(s) as case
    when strlen(s) = 20 and s like '____-__-__T__:__:__Z' then try_cast(s as timestamptz)
    when not is_instant_text(s) then null
    when has_utc_offset(s) then try_cast(s as timestamptz)
    else timezone('Europe/Paris', coalesce(
        try_cast(s as timestamp),
        try_strptime(s, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M'])
    ))
end;

-- A plausible instant: from 2000 on, and at most one day after the import (a title is not
-- delivered in 2099, and one such row must not become every page's as_of).
create or replace macro is_implausible_instant(instant, latest_at) as
    instant < timestamptz '2000-01-01 00:00:00+01' or instant > latest_at;

-- A plain integer (optional minus, digits only: no `3.5`, `4e0`, `0x3`, `1_000`); NULL otherwise.
create or replace macro plain_integer(text) as case
    when regexp_full_match(text, '-?[0-9]{1,18}') then text::bigint
end;

-- Whether a text is longer than `n` characters (bytes first: length() counts graphemes, slower).
create or replace macro is_longer_than(text, n) as strlen(text) > n and length(text) > n;

-- A value as a rejection's sentence quotes it: at most 100 characters (the row stays whole).
create or replace macro quoted_value(text) as case
    when strlen(text) > 100 and length(text) > 100 then left(text, 100) || '…'
    else text
end;
