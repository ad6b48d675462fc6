"""Working time: France's public holidays for any year, and the closed days a query needs.

The holidays are computed (Easter by the anonymous Gregorian algorithm), not read from a package:
eleven dates a year, two of them fixed by Easter's, need no dependency and hold for every year.
Which of them close the office, and which other days do, is configuration ([working_time]).
"""

from datetime import date, timedelta

from oncedone.config import HOLIDAY_NAMES, Config, WorkingTime

FIXED = {"new_year": (1, 1), "labour_day": (5, 1), "victory_1945": (5, 8), "bastille_day": (7, 14),
         "assumption": (8, 15), "all_saints": (11, 1), "armistice": (11, 11), "christmas": (12, 25)}
AFTER_EASTER = {"easter_monday": 1, "ascension": 39, "whit_monday": 50}
# Mails are answered after they arrive: the calendar reaches this far past the period's last day.
FOLLOW_UP_YEARS = 1


def easter_day(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm, as queries/schema/007_public_holidays.sql)."""
    a, b, c = year % 19, year // 100, year % 100
    h = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30
    k = (32 + 2 * (b % 4) + 2 * (c // 4) - h - c % 4) % 7
    m = (a + 11 * h + 22 * k) // 451
    return date(year, (h + k - 7 * m + 114) // 31, (h + k - 7 * m + 114) % 31 + 1)


def public_holidays(year: int, names: tuple[str, ...]) -> dict[date, str]:
    """The chosen national public holidays of one year, by day."""
    easter = easter_day(year)
    days = {date(year, *FIXED[n]): n for n in names if n in FIXED}
    days.update({easter + timedelta(days=AFTER_EASTER[n]): n for n in names if n in AFTER_EASTER})
    return days


def is_public_holiday(day: date) -> bool:
    """A French national public holiday, whatever closes the office (as queries/schema/007_public_holidays.sql)."""
    return day in public_holidays(day.year, HOLIDAY_NAMES)


def public_holidays_between(first: date, last: date) -> list[date]:
    """The French national public holidays between two days, both included, in order: a calendar,
    computed here rather than asked of the warehouse (it holds no data)."""
    days = (d for year in range(first.year, last.year + 1) for d in public_holidays(year, HOLIDAY_NAMES))
    return sorted(d for d in days if first <= d <= last)


def closed_days(working: WorkingTime, first: date, last: date) -> list[date]:
    """Every weekday that is not worked between two days, both included: chosen holidays and other closed days."""
    days = {d for year in range(first.year, last.year + 1) for d in public_holidays(year, working.public_holidays)}
    days |= set(working.closed_days)
    return sorted(d for d in days if first <= d <= last and d.isoweekday() <= 5)


def params(cfg: Config, from_day: date, to_day: date) -> dict:
    """The `$params` of the working-time queries for a period (answers may come up to a year after it)."""
    working = cfg.working_time
    last = date(to_day.year + FOLLOW_UP_YEARS, 12, 31)
    return {
        "office_opens_seconds": working.opens.hour * 3600 + working.opens.minute * 60,
        "office_day_seconds": working.day_seconds,
        "mail_target_working_days": working.mail_target_working_days,
        "closed_days": closed_days(working, date(from_day.year - 1, 1, 1), last),
    }


def is_working_day(day: date, working: WorkingTime) -> bool:
    """Monday to Friday and not closed by the configuration."""
    return day.isoweekday() <= 5 and day not in closed_days(working, day, day)
