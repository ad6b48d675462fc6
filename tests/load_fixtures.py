"""A small warehouse for the load page's browser journey, built through the real import: a phone
team whose answered share clearly falls past a known load, on enough calls for a breaking point,
and a mail team with too few contacts for one.

The phone team, on the 50 weekdays from Monday 3 September to Friday 9 November 2018: three agents
(A1-A3) on duty in each office half hour (09:00-17:00, slots 18-33, Paris). In slot s of weekday d
(both counted from 0) 3k calls are offered, k = (s + d) mod 10 + 1: a load of k calls per agent.
Round(3k x rate) of them are answered a minute after they arrive, in turn by A1, A2, A3, where the
rate is 95 % up to a load of 5, then 10 points less per unit: 16 x 16.5 = 264 calls a day, so that
the history of a week from 22 October on (40 weekdays or more) holds the 10 000 a breaking point
needs (oncedone.toml). The mail team: one mail a weekday at 10:00, answered at 10:10 by B1 or B2:
"not enough data".
"""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from oncedone.store import ingest
from tests.conftest import export_files

FIRST_DAY = date(2018, 9, 3)
WEEKDAY_COUNT = 50
FIRST_SLOT, SLOT_COUNT = 18, 16  # 09:00 to 17:00, Paris
AGENTS = ("A1", "A2", "A3")
MAIL_AGENTS = ("B1", "B2")
PARIS = ZoneInfo("Europe/Paris")
WEEKS = (("2018-10-22", "2018-10-28"), ("2018-10-29", "2018-11-04"))


def answered_rate(load: int) -> float:
    return 0.95 if load <= 5 else 0.95 - 0.1 * (load - 5)


def weekdays() -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < WEEKDAY_COUNT:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _utc(day: date, minute_of_day: int, second: int) -> str:
    local = datetime(day.year, day.month, day.day, tzinfo=PARIS) + timedelta(minutes=minute_of_day, seconds=second)
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def contacts() -> list[str]:
    lines = []
    for d, day in enumerate(weekdays()):
        for s in range(SLOT_COUNT):
            load = (s + d) % 10 + 1
            offered = 3 * load
            answered = round(offered * answered_rate(load))
            start = (FIRST_SLOT + s) * 30
            for n in range(offered):
                contact = f"P{d:02d}{s:02d}{n:02d}"
                received = _utc(day, start, n * 50)  # spread over the half hour's first 25 minutes
                if n < answered:
                    lines.append(f"{contact},phone,{received},{_utc(day, start + 1, n * 50)},resolved,other,C{contact},,"
                                 f"N1 phone,{AGENTS[n % 3]},180,")
                else:
                    lines.append(f"{contact},phone,{received},,abandoned,other,C{contact},,N1 phone,,,")
        lines.append(f"M{d:02d},email,{_utc(day, 600, 0)},{_utc(day, 610, 0)},resolved,documents,CM{d:02d},,"
                     f"N1 mail,{MAIL_AGENTS[d % 2]},300,")
    return lines


def build(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "load.duckdb"
    outcome = ingest.ingest(path, export_files(directory, [], [], contacts()), command="tests: load warehouse")
    assert outcome.exit_code == 0, ingest.summary(outcome, path)
    return path
