"""Threshold alerts (issue 18): a rule is mailed when it crosses and when it clears, after its
grace days, quiet while it stays crossed, never twice for the same day; on the demo's crisis."""

from datetime import date, timedelta

import pytest

from oncedone import __main__ as cli
from oncedone import config
from oncedone.brief import alerts
from oncedone.store import ingest
from tests.mail_fixtures import recipients_file, smtp, use_config, write_config  # noqa: F401 (fixtures)


def rule(**changes) -> alerts.Rule:
    return alerts.Rule(**{"name": "r", "indicator": "once_and_done_rate_7d", "comparison": "below", "threshold": 0.60,
                          "groups": (), "grace_days": 1, **changes})


def days(*values) -> list:
    start = date(2018, 1, 1)
    return [(start + timedelta(days=i), v) for i, v in enumerate(values)]


def test_a_rule_turns_after_its_grace_days_and_a_day_without_a_value_changes_nothing():
    # Grace 1: two days in a row on the other side turn it. 3 January (0.55) alone does not; 5 and 7
    # January (0.50, then 0.58; 6 January has no value and is skipped) do, on the 7th, since the 5th.
    where = alerts.standing(days(0.70, 0.65, 0.55, 0.62, 0.50, None, 0.58), rule())
    assert (where.is_crossed, where.since_day, where.value, where.value_day) == (True, date(2018, 1, 5), 0.58, date(2018, 1, 7))
    assert not where.since_is_bound
    # Back above for one day only: still crossed; two days: cleared, since the first of them.
    assert alerts.standing(days(0.50, 0.50, 0.61), rule()).is_crossed
    cleared = alerts.standing(days(0.50, 0.50, 0.61, 0.63), rule())
    assert (cleared.is_crossed, cleared.since_day) == (False, date(2018, 1, 3))
    # Crossed from the look-back's first day: "since at least" that day.
    assert alerts.standing(days(0.50, 0.50, 0.50), rule()).since_is_bound
    # Exactly at the threshold is not beyond it.
    assert not alerts.standing(days(0.60, 0.60, 0.60), rule()).is_crossed


def test_the_rules_take_the_traffic_lights_bad_bound_and_refuse_what_they_cannot_use():
    cfg = config.load()
    (once,) = alerts.rules({"alerts": {"o": {"indicator": "once_and_done_rate_7d"}}}, cfg)
    assert (once.comparison, once.threshold, once.grace_days) == ("below", cfg.thresholds["once_and_done_rate"].bad, 0)
    (fail,) = alerts.rules({"alerts": {"f": {"indicator": "failure_demand_rate"}}}, cfg)
    assert (fail.comparison, fail.threshold) == ("above", 0.45)  # lower is better: alarm above `bad`
    with pytest.raises(alerts.AlertRuleError, match="no traffic light"):
        alerts.rules({"alerts": {"b": {"indicator": "backlog"}}}, cfg)  # a count needs its own threshold
    with pytest.raises(alerts.AlertRuleError, match="indicator must be one of"):
        alerts.rules({"alerts": {"x": {"indicator": "happiness"}}}, cfg)
    with pytest.raises(alerts.AlertRuleError, match="unknown key"):
        alerts.rules({"alerts": {"x": {"indicator": "backlog", "threshold": 1, "treshold": 2}}}, cfg)


# The demo: the dematerialisation crisis of November 2017 ------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from oncedone import scenario

    folder = tmp_path_factory.mktemp("alerts_demo")
    paths = scenario.generate(folder / "exports", scale=0.01, file_format="parquet")  # `make demo`'s warehouse
    assert ingest.ingest(folder / "demo.duckdb", list(paths.values())).exit_code == 0
    return folder / "demo.duckdb"


# The shipped rule [alerts.once_and_done]: the 7-day once-and-done rate below its traffic light's bad
# bound, 60 %, for 2 grace days (3 days in a row to turn). Its daily series on the demo (scale 0.01):
#   2017-11-20 60.73 %, 11-21 58.98, 11-22 58.74, 11-23 57.51, 11-24 58.02 ... below every day to
#   2018-01-29 (59.30); 01-30 60.66, 01-31 60.21 (two days above: not enough); 02-01 59.86 and below
#   again to 04-01 (57.10); 04-02 62.95 (one day, Easter Monday); 04-03 54.94 ... 04-09 54.04;
#   04-10 61.46, 04-11 63.63, 04-12 63.43, and above every day after to the end of September.
# So: crossed on 2017-11-23 (third day below), since 2017-11-21, at 57.5 %, 2.5 points under;
# quiet on 11-24, on 2018-01-31 and on 04-11 (two days above only); cleared on 04-12, since 04-10.
EXPECTED = {
    "2017-11-20": None, "2017-11-21": None, "2017-11-22": None,
    "2017-11-23": "crossed", "2017-11-24": None, "2018-01-31": None,
    "2018-04-11": None, "2018-04-12": "cleared", "2018-04-13": None,
}


def test_the_once_and_done_alert_fires_on_the_crisis_stays_quiet_and_clears_when_the_rate_recovers(
        demo, tmp_path, smtp, use_config, capsys):
    port, box = smtp
    use_config(write_config(tmp_path, port))
    people = recipients_file(tmp_path, ("directrice@example.org", "fr", ["direction"]))
    alerts.state_path(demo).unlink(missing_ok=True)

    def run(day: str) -> list:
        before = len(box.mails)
        assert cli.main(["alerts", "--warehouse", str(demo), "--day", day, "--recipients", str(people)]) == 0
        return [m for m in box.mails[before:] if "Réglé au premier contact" in m["Subject"]]

    seen = {}
    for day in EXPECTED:
        mails = run(day)
        assert len(mails) <= 1, day
        seen[day] = mails[0] if mails else None
    kinds = {day: None if m is None else "cleared" if "fin d'alerte" in m["Subject"] else "crossed" for day, m in seen.items()}
    assert kinds == EXPECTED
    crossed = seen["2017-11-23"].get_content()
    assert ("Réglé au premier contact (moyenne sur 7 jours) est sous 60,0\u202f% depuis le 21/11/2017\u202f: "
            "57,5\u202f% le 23/11/2017, 2,5 pts sous le seuil.") in crossed
    assert "https://dashboard.example.org/contacts?from=2017-11-21&to=2017-11-23" in crossed
    cleared = seen["2018-04-12"].get_content()
    assert "n'est plus sous 60,0\u202f% depuis le 10/04/2018\u202f: 63,4\u202f% le 12/04/2018." in cleared
    # A rerun of a day already run sends nothing twice: the same day, or an older one.
    assert run("2018-04-12") == [] and run("2017-11-23") == []
    log = alerts.SentLog(alerts.state_path(demo))
    try:
        sent = [(kind, day.isoformat()) for name, _, kind, day, _ in log.sent() if name == "once_and_done"]
    finally:
        log.close()
    assert sent == [("crossed", "2017-11-23"), ("cleared", "2018-04-12")]
    capsys.readouterr()


def test_a_refused_recipient_is_said_not_recorded_and_served_on_the_next_run(tmp_path, use_config, capsys):
    # The brief's small warehouse (tests/test_brief.py): on 20/11/2018 the day's once-and-done rate is
    # 2 / 3 = 66.7 %, under a rule's 90 % with no grace day: crossed, since that day (its first value).
    from tests.conftest import export_files
    from tests.mail_fixtures import serve
    from tests.test_brief import CONTACTS, EVENTS, REQUESTS

    path = tmp_path / "warehouse.duckdb"
    assert ingest.ingest(path, export_files(tmp_path, REQUESTS, EVENTS, CONTACTS)).exit_code == 0
    server, box = serve(refused=("gone@example.org",))
    try:
        cfg_path = write_config(tmp_path, server.port)
        rules = cfg_path.read_text(encoding="utf-8").replace("[alerts.delivered_on_time]", "[alerts.unused]")
        cfg_path.write_text(rules.replace('indicator = "once_and_done_rate_7d"\ngrace_days = 2',
                                          'indicator = "once_and_done_rate"\nthreshold = 0.9\ngrace_days = 0'),
                            encoding="utf-8")
        use_config(cfg_path)
        people = recipients_file(tmp_path, ("gone@example.org", "fr", ["direction"]), ("kept@example.org", "en", ["direction"]))
        args = ["alerts", "--warehouse", str(path), "--day", "2018-11-20", "--recipients", str(people)]
        assert cli.main(args) == 1
        err = capsys.readouterr().err
        assert "FAILED gone@example.org: once_and_done: the SMTP server refused the recipient (550" in err
        (kept,) = [m for m in box.to("kept@example.org") if "Once and done" in m["Subject"]]
        assert "Once and done has been below 90.0% since 2018-11-20: 66.7% on 2018-11-20, 23.3 pts under" in kept.get_content()
        box.refused = ()  # the address is fixed: the next run serves it, and only it
        assert cli.main(args) == 0
        assert len([m for m in box.to("gone@example.org") if "premier contact" in m["Subject"]]) == 1
        assert len([m for m in box.to("kept@example.org") if "Once and done" in m["Subject"]]) == 1
    finally:
        server.stop()
