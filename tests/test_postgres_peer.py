"""The database peer (benchmarks/postgres_peer.py): Debian's PostgreSQL, loaded from the golden
warehouse's export files, gives our report's headline values, from its raw tables and from its
materialized views alike. Needs PostgreSQL's server binaries (`make postgres`, part of `make test`)."""

import tempfile
from datetime import date
from pathlib import Path

import pytest

from benchmarks import postgres_peer, run
from oncedone import config
from oncedone.kpi import indicators
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER, write_lines
from tests.test_indicators_golden import CONTACTS, EVENTS, REQUESTS
from oncedone.access import EVERYTHING

PERIODS = [
    (date(2018, 3, 1), date(2018, 3, 31)),  # the golden tests' month: every indicator has a value
    (date(2018, 3, 25), date(2018, 3, 25)),  # the clock-change day: K09's episode, 00:30 Paris
    (date(2017, 6, 1), date(2017, 6, 30)),  # before any data: rates and quantiles null, backlog empty
    (date(2018, 1, 1), date(2018, 12, 31)),  # past the data's last day: the backlog as it was left
]


@pytest.fixture(scope="module")
def golden(tmp_path_factory):
    """The golden files imported into our warehouse, and loaded into a private PostgreSQL cluster."""
    folder = tmp_path_factory.mktemp("pg-golden")
    files = [
        write_lines(folder / "requests.csv", REQUESTS_HEADER, *REQUESTS),
        write_lines(folder / "request_events.csv", EVENTS_HEADER, *EVENTS),
        write_lines(folder / "contacts.csv", CONTACTS_HEADER, *CONTACTS),
    ]
    assert ingest.ingest(folder / "golden.duckdb", files).exit_code == 0
    # The server runs as `postgres` when we are root: its folder cannot be under pytest's (0700).
    cluster = postgres_peer.start(Path(tempfile.gettempdir()), memory_mb=1024)
    try:
        postgres_peer.load(cluster, folder, config.load().repeat_window_days)
        yield Warehouse(folder / "golden.duckdb"), cluster
    finally:
        postgres_peer.stop(cluster)


def peer_values(cluster, variant, period) -> dict:
    cfg = config.load()
    values, _, _ = postgres_peer.headline(cluster, variant, *period, cfg.repeat_window_days, tuple(cfg.title_types))
    return values


@pytest.mark.parametrize("variant", list(postgres_peer.VARIANTS))
@pytest.mark.parametrize("period", PERIODS)
def test_the_peer_gives_our_reports_values(golden, variant, period):
    wh, cluster = golden
    ours = indicators.report(wh, indicators.Selection(*period, scope=EVERYTHING), config.load())
    theirs = peer_values(cluster, variant, period)
    assert run.differences(ours, theirs) == []
    assert set(theirs) == set(HEADLINE)


HEADLINE = """episodes once_and_done_episodes once_and_done_rate provisional_episodes unlinked_contacts
delivered delivery_days_p50 delivery_days_p90 backlog backlog_by_title_type""".split()


@pytest.mark.parametrize("variant", list(postgres_peer.VARIANTS))
def test_the_peers_march_worked_out_by_hand(golden, variant):
    _, cluster = golden
    r = peer_values(cluster, variant, PERIODS[0])
    # As tests/test_indicators_golden.py: E1-E9, once and done E1 E4 E5 E6 E8 E9, E7 provisional, K08 unlinked.
    assert (r["episodes"], r["once_and_done_episodes"], r["provisional_episodes"], r["unlinked_contacts"]) == (9, 6, 1, 1)
    assert r["once_and_done_rate"] == pytest.approx(6 / 9)
    # Delivered in March: A8 95 h (3.96 days, across the clock change), A1 10, A2 20, A6 29 days.
    assert r["delivered"] == 4
    assert r["delivery_days_p50"] == pytest.approx((10 + 20) / 2)
    assert r["delivery_days_p90"] == pytest.approx(20 + 0.7 * (29 - 20))  # rank 0.9 * 3 = 2.7
    # Open at the end of 31 March: A4, A5 (vehicles), A10 (passport), A11 (id card, 23:30 Paris); A12 is April's.
    assert r["backlog_by_title_type"] == {"passport": 1, "id_card": 1, "driving_licence": 0, "vehicle_registration": 2}
    assert r["backlog"] == 4


def test_each_file_is_copied_by_its_own_header_and_separator(tmp_path):
    path = write_lines(tmp_path / "requests.csv", "\ufeffRequest_ID;title_type;submitted_at", "A1;passport;2018-03-01 10:00")
    command = postgres_peer.copy_command("requests", path)
    assert command.startswith("\\copy requests (request_id, title_type, submitted_at) from ")
    assert "delimiter ';'" in command


@pytest.mark.parametrize("period", PERIODS)
def test_our_side_timed_alone_gives_the_reports_values(golden, period):
    # The benchmark also times our report's headline datasets alone: they must be the report's keys.
    wh, _ = golden
    cfg = config.load()
    ours = indicators.report(wh, indicators.Selection(*period, scope=EVERYTHING), cfg)
    alone = postgres_peer.our_headline(wh, indicators.Selection(*period, scope=EVERYTHING), cfg)
    assert run.differences(ours, alone) == []
    assert set(alone) == set(HEADLINE)
