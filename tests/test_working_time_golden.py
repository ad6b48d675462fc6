"""Golden tests of working time (kpis.md §7): mail response in working hours around a weekend, a
clock change and bank holidays, each value worked out by hand beside it.

Office hours (oncedone.toml): 09:00-17:00 Paris wall clock, so a working day is 8 hours; the mail
commitment is 2 working days = 16 working hours. Times without an offset are Paris local time
(CET, UTC+1, until Sunday 25 March 2018 02:00; CEST, UTC+2, after).
2018: Easter Sunday 1 April, so Easter Monday 2 April, Ascension Thursday 10 May; 1 May a Tuesday.
2026: Easter Sunday 5 April, so Easter Monday 6 April (Good Friday 3 April is worked nationally).
"""

from dataclasses import replace
from datetime import date, time

import pytest

from oncedone import config
from oncedone.kpi import indicators, working_time
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import export_files
from oncedone.access import EVERYTHING

CONTACTS = [
    # M1 weekend: Fri 16 March 16:00 -> Mon 19 March 10:00. Calendar 3 days - 6 h = 66 h.
    #    Working: Fri 16-17 = 1 h, Sat, Sun 0, Mon 9-10 = 1 h: 2 h.
    "M1,email,2018-03-16 16:00,2018-03-19 10:00,resolved,documents,,,MAIL,X1,,",
    # M2 clock change: Fri 23 March 15:00 CET (14:00 UTC) -> Mon 26 March 11:00 CEST (09:00 UTC).
    #    Calendar 67 h (the wall clocks say 68 h: the night of the 25th lost one).
    #    Working: Fri 15-17 = 2 h, Mon 9-11 = 2 h: 4 h, the lost hour being outside office hours.
    "M2,webform,2018-03-23 15:00,2018-03-26 11:00,resolved,documents,,,MAIL,X1,,",
    # M3 bank holiday: Mon 30 April 16:30 -> Wed 2 May 16:30. Calendar 48 h.
    #    Working: Mon 16:30-17 = 0.5 h, Tue 1 May closed, Wed 9-16:30 = 7.5 h: 8 h.
    "M3,email,2018-04-30 16:30,2018-05-02 16:30,resolved,documents,,,MAIL,X1,,",
    # M4 both ends outside office hours: Sat 10 March 10:00 -> Tue 13 March 18:00. Calendar 3 days + 8 h = 80 h.
    #    Working: Mon 8 h + Tue 8 h = 16 h, exactly the 2 working days: within the commitment.
    "M4,email,2018-03-10 10:00,2018-03-13 18:00,resolved,documents,,,MAIL,X1,,",
    # M5 Ascension: Wed 9 May 08:00 (before opening) -> Mon 14 May 09:30. Calendar 5 days + 1.5 h = 121.5 h.
    #    Working: Wed 8 h, Thu 10 May closed, Fri 8 h, weekend 0, Mon 0.5 h: 16.5 h, over 16: late.
    "M5,email,2018-05-09 08:00,2018-05-14 09:30,resolved,documents,,,MAIL,X1,,",
    # M6 one morning: Tue 13 March 09:15 -> 11:45: 2.5 h, calendar and working alike.
    "M6,webform,2018-03-13 09:15,2018-03-13 11:45,resolved,documents,,,MAIL,X1,,",
    # Not a mail, not answered: outside the measure.
    "P1,phone,2018-03-13 09:15,2018-03-13 09:16,resolved,documents,,,N1,X2,60,",
    "M8,email,2018-03-14 10:00,,pending,documents,,,,,,",
    # M7 beyond 2018: Fri 3 April 2026 16:00 -> Tue 7 April 2026 10:00 (both CEST). Calendar 4 days - 6 h = 90 h.
    #    Working: Fri 1 h, weekend 0, Easter Monday 6 April closed, Tue 1 h: 2 h.
    "M7,email,2026-04-03 16:00,2026-04-07 10:00,resolved,documents,,,MAIL,X1,,",
    # M9 received on a bank holiday: Wed 1 May 2019 10:00 -> Thu 2 May 10:00. Calendar 24 h.
    #    Working: 1 May closed, so nothing until Thu 9:00, then 9-10 = 1 h.
    "M9,webform,2019-05-01 10:00,2019-05-02 10:00,resolved,documents,,,MAIL,X1,,",
]
SPRING_2018 = (date(2018, 3, 1), date(2018, 5, 31))


@pytest.fixture(scope="module")
def mails(tmp_path_factory):
    folder = tmp_path_factory.mktemp("working_time")
    outcome = ingest.ingest(folder / "wt.duckdb", export_files(folder, [], [], CONTACTS))
    assert outcome.exit_code == 0, ingest.summary(outcome, "wt")
    return Warehouse(folder / "wt.duckdb")


def report(wh, period, cfg=None):
    return indicators.report(wh, indicators.Selection(*period, scope=EVERYTHING), cfg or config.load())


def test_working_hours_around_a_weekend_a_clock_change_and_bank_holidays(mails):
    r = report(mails, SPRING_2018)
    # Working hours sorted: M1 2, M6 2.5, M2 4, M3 8, M4 16, M5 16.5 (n = 6).
    # p50: rank 0.5 x 5 = 2.5, between 4 and 8: 6. p90: rank 4.5, between 16 and 16.5: 16.25.
    assert r["mail_response_working_hours_p50"] == pytest.approx(6.0)
    assert r["mail_response_working_hours_p90"] == pytest.approx(16.25)
    # Within 16 working hours: all but M5 (16.5): 5 / 6.
    assert r["mail_answered_within_target_rate"] == pytest.approx(5 / 6)
    # Calendar hours sorted: 2.5, 48, 66, 67, 80, 121.5: p50 (66 + 67) / 2 = 66.5; p90 80 + 0.5 x 41.5 = 100.75.
    assert r["mail_response_hours_p50"] == pytest.approx(66.5)
    assert r["mail_response_hours_p90"] == pytest.approx(100.75)


def test_each_mail_alone(mails):
    # One mail a day (grain day): each value is that mail's own working time.
    cfg = config.load()
    days = indicators.dataset(mails, "mail_response_by_period", indicators.Selection(*SPRING_2018, scope=EVERYTHING), cfg, grain="day")
    working = dict(zip(days["period_start_day"].to_list(), days["mail_response_working_hours_p50"].to_list()))
    calendar = dict(zip(days["period_start_day"].to_list(), days["mail_response_hours_p50"].to_list()))
    assert working[date(2018, 3, 16)] == pytest.approx(2.0)   # M1: weekend
    assert working[date(2018, 3, 23)] == pytest.approx(4.0)   # M2: clock change
    assert calendar[date(2018, 3, 23)] == pytest.approx(67.0)  # M2: 67 real hours, not the wall clocks' 68
    assert working[date(2018, 4, 30)] == pytest.approx(8.0)   # M3: 1 May
    assert working[date(2018, 3, 10)] == pytest.approx(16.0)  # M4: received on a Saturday
    assert working[date(2018, 5, 9)] == pytest.approx(16.5)   # M5: Ascension
    assert working[date(2018, 3, 13)] == pytest.approx(2.5)   # M6
    # In working days (8 hours each): M5 16.5 / 8 = 2.0625.
    assert dict(zip(days["period_start_day"].to_list(), days["mail_response_working_days_p50"].to_list()))[
        date(2018, 5, 9)] == pytest.approx(2.0625)


def test_holidays_beyond_2018(mails):
    r = report(mails, (date(2026, 4, 1), date(2026, 4, 30)))
    # M7: Fri 3 April 2026 16-17 = 1 h, Easter Monday closed, Tue 9-10 = 1 h: 2 h; calendar 90 h.
    assert r["mail_response_working_hours_p50"] == pytest.approx(2.0)
    assert r["mail_response_hours_p50"] == pytest.approx(90.0)
    assert r["mail_answered_within_target_rate"] == 1.0
    r = report(mails, (date(2019, 5, 1), date(2019, 5, 31)))
    assert r["mail_response_working_hours_p50"] == pytest.approx(1.0)  # M9: received on 1 May 2019
    assert r["mail_response_hours_p50"] == pytest.approx(24.0)
    assert working_time.public_holidays(2026, config.HOLIDAY_NAMES)[date(2026, 4, 6)] == "easter_monday"
    assert working_time.public_holidays(2030, ("ascension",)) == {date(2030, 5, 30): "ascension"}  # Easter 21 April 2030 + 39


def test_office_hours_and_closed_days_come_from_configuration(mails):
    base = config.load()
    # Office 08:00-18:00 (a 10-hour working day), 1 May worked, and Monday 19 March closed.
    working = replace(base.working_time, opens=time(8, 0), closes=time(18, 0), closed_days=(date(2018, 3, 19),),
                      public_holidays=tuple(h for h in config.HOLIDAY_NAMES if h != "labour_day"),
                      mail_target_working_days=1)
    cfg = replace(base, working_time=working)
    days = indicators.dataset(mails, "mail_response_by_period", indicators.Selection(*SPRING_2018, scope=EVERYTHING), cfg, grain="day")
    working_hours = dict(zip(days["period_start_day"].to_list(), days["mail_response_working_hours_p50"].to_list()))
    # M1: Fri 16-18 = 2 h, Mon 19 March closed, so nothing until the answer at 10:00 that day: 2 h.
    assert working_hours[date(2018, 3, 16)] == pytest.approx(2.0)
    # M3: Mon 30 April 16:30-18 = 1.5 h, Tue 1 May now worked 10 h, Wed 8-16:30 = 8.5 h: 20 h.
    assert working_hours[date(2018, 4, 30)] == pytest.approx(20.0)
    # Within 1 working day = 10 h: M1 2, M2 (15-18 = 3, 8-11 = 3) 6, M6 2.5 in; M3 20, M4 (Mon+Tue) 20,
    # M5 (Wed 10 + Fri 10 + Mon 1.5) 21.5 out: 3 / 6.
    r = report(mails, SPRING_2018, cfg)
    assert r["mail_answered_within_target_rate"] == pytest.approx(3 / 6)


def test_a_bad_working_time_configuration_is_refused(tmp_path):
    text = (config.DEFAULT_PATH.read_text(encoding="utf-8")
            .replace('office_opens = "09:00"', 'office_opens = "18:00"'))
    with pytest.raises(config.ConfigError, match="office_opens"):
        config.parse(text)
    with pytest.raises(config.ConfigError, match="unknown public holiday"):
        config.parse(config.DEFAULT_PATH.read_text(encoding="utf-8").replace('"christmas"]', '"boxing_day"]'))


def test_the_contacts_page_shows_the_commitment_as_the_report_computes_it(mails, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(mails.path))
    at = AppTest.from_file("../dashboard.py", default_timeout=60)
    at.switch_page("views/contacts.py")
    at.query_params.update({"from": "2018-03-01", "to": "2018-05-31", "lang": "en"})
    at.run()
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    # The report's values above: 5 of 6 within 2 working days, median 6 working hours, p90 16.25.
    assert cards["Answered in 2 working days"] == "83.3%"
    assert cards["Median, working hours"] == "6.0 h"
    assert cards["90th centile, working hours"] == "16.2 h"
