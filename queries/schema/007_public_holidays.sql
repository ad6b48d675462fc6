-- France's national public holidays, so that a phone line closed on 1 May is not read as a gap
-- in the exports. Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher);
-- Easter Monday, Ascension (Easter + 39) and Whit Monday (Easter + 50) follow from it.
create macro easter_h(y) as
    (19 * (y % 19) + y // 100 - (y // 100) // 4 - (y // 100 - (y // 100 + 8) // 25 + 1) // 3 + 15) % 30;

create macro easter_l(y) as
    (32 + 2 * ((y // 100) % 4) + 2 * ((y % 100) // 4) - easter_h(y) - (y % 100) % 4) % 7;

create macro easter_m(y) as
    ((y % 19) + 11 * easter_h(y) + 22 * easter_l(y)) // 451;

create macro easter_day(y) as make_date(
    y::bigint,
    ((easter_h(y) + easter_l(y) - 7 * easter_m(y) + 114) // 31)::bigint,
    ((easter_h(y) + easter_l(y) - 7 * easter_m(y) + 114) % 31 + 1)::bigint
);

create macro is_public_holiday(d) as
    strftime(d::date, '%m-%d') in ('01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25')
    or datediff('day', easter_day(year(d)), d::date) in (1, 39, 50);
