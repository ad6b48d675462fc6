"""The pages against hostile input (issue 14): file names are plain text, the caches are bounded
by memory, and the leftovers of killed imports go at the next start, with a log line."""

import logging
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from oncedone import i18n
from oncedone.app import cache, uploads
from tests.test_pages import run
from tests.test_pages_data import small_warehouse, warehouse  # noqa: F401 (fixtures: a copy per test)


def page(view: str, lang: str = "fr", **params) -> AppTest:
    at = run(AppTest.from_file("../dashboard.py", default_timeout=120), lang=lang, **params)
    at.switch_page(view).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_file_name_holding_markdown_is_shown_as_plain_text(warehouse):
    at = page("views/data.py", "en")
    name = "[Session expirée](https:evil.example).csv"
    at.file_uploader[0].set_value([(name, b"name,age\nBob,3\n", "text/csv")]).run()
    at.button(key="data_upload_button").click().run()
    [error] = at.error
    # Every bracket, parenthesis and colon escaped: Markdown renders the name, not a link.
    assert error.value.startswith(r"Nothing was imported: \[Session expirée\]\(https\:evil.example\).csv: unknown kind")
    assert "](" not in error.value.replace(r"\]\(", "")


def test_the_results_cache_stays_within_its_memory_budget():
    kept = cache.MemoryBoundedCache(max_bytes=3 * 8_000_000)
    frames = {day: pl.DataFrame({"x": pl.int_range(0, 1_000_000, eager=True)}) for day in range(10)}  # 8 MB each
    for day in range(10):
        assert kept.get_or_compute(("backlog", day), lambda d=day: frames[d]).height == 1_000_000
        assert kept.total_bytes <= kept.max_bytes
    assert kept.total_bytes == 3 * 8_000_000  # the three latest days
    computed = []
    kept.get_or_compute(("backlog", 9), lambda: computed.append(9))
    assert computed == []  # the latest day was served from the cache
    kept.get_or_compute(("backlog", 0), lambda: computed.append(0) or frames[0])
    assert computed == [0]  # the oldest had left


def test_a_result_is_kept_through_the_working_day(monkeypatch):
    """A result names its warehouse version, so it is served all day: the first director after a
    quiet hour does not pay Today again (35 s at national scale). Only after half a day unasked does it leave."""
    kept = cache.MemoryBoundedCache(max_bytes=10**8)
    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    computed = []
    kept.get_or_compute(("today", "v1"), lambda: computed.append("8:30") or pl.DataFrame({"x": [1]}))
    now[0] += 3 * 3600  # 11:30
    kept.get_or_compute(("today", "v1"), lambda: computed.append("11:30") or pl.DataFrame({"x": [1]}))
    assert computed == ["8:30"]
    now[0] += 10 * 3600  # 21:30, 13 hours after it was computed
    kept.get_or_compute(("today", "v1"), lambda: computed.append("21:30") or pl.DataFrame({"x": [1]}))
    assert computed == ["8:30", "21:30"]


def test_sessions_asking_for_one_result_at_once_compute_it_once():
    """Twenty sessions open Today right after an import: one computes each result, the others wait for it."""
    kept = cache.MemoryBoundedCache(max_bytes=10**8)
    calls, started = [], threading.Event()

    def slow():
        calls.append(1)
        started.set()
        time.sleep(0.3)  # the others arrive while it computes
        return pl.DataFrame({"x": [1]})

    with ThreadPoolExecutor(max_workers=20) as pool:
        first = pool.submit(kept.get_or_compute, ("today", 1), slow)
        started.wait(5)
        others = [pool.submit(kept.get_or_compute, ("today", 1), slow) for _ in range(19)]
        results = [first.result(10), *(f.result(10) for f in others)]
    assert len(calls) == 1
    assert all(r.equals(results[0]) for r in results)


def test_different_results_are_computed_at_once_and_a_failure_is_not_kept():
    kept = cache.MemoryBoundedCache(max_bytes=10**8)
    a_running = threading.Event()

    def a():
        a_running.set()
        assert b_done.wait(5), "b waited for a: different results must not queue behind each other"
        return 1

    b_done = threading.Event()

    def b():
        assert a_running.wait(5)
        b_done.set()
        return 2

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.submit(kept.get_or_compute, "a", a), pool.submit(kept.get_or_compute, "b", b)
        assert (first.result(10), second.result(10)) == (1, 2)

    def fails():
        raise RuntimeError("the warehouse went away")

    with pytest.raises(RuntimeError):
        kept.get_or_compute("c", fails)
    assert kept.get_or_compute("c", lambda: 3) == 3  # computed again, not stuck behind the failure

def test_viewing_many_backlog_days_keeps_the_pages_cache_within_budget(warehouse, monkeypatch):
    monkeypatch.setattr(cache.CACHE, "max_bytes", 200_000)
    cache.CACHE.clear()
    sizes = []
    for day in range(10, 16):  # a session per day, as readers opening links to six days
        page("views/backlog.py", "en", **{"from": "2018-11-01", "to": f"2018-11-{day:02d}"})
        assert cache.CACHE.total_bytes <= 200_000
        sizes.append(len(cache.CACHE._entries))
    assert sizes[-1] > 0 and cache.CACHE.total_bytes > 100_000  # it was used up to its budget


def test_leftovers_of_killed_imports_are_removed_at_start_and_logged(warehouse, caplog):
    copy = warehouse.with_name(f".{warehouse.name}.999999.building")
    copy.write_bytes(b"half a warehouse")
    folder = Path(tempfile.mkdtemp(prefix=f"{uploads.TEMP_PREFIX}999999999-"))
    (folder / "contacts.csv").write_text("personal data")
    with caplog.at_level(logging.WARNING, logger="oncedone"):
        page("views/today.py")
    assert not copy.exists() and not folder.exists()
    logged = [r.getMessage() for r in caplog.records if r.name == "oncedone"]
    assert any(str(copy) in line for line in logged) and any(str(folder) in line for line in logged)


def test_a_reader_out_of_memory_gets_a_message_not_a_traceback(warehouse, monkeypatch):
    """Too many computations at once can exhaust the reader's memory: the page says so and asks for
    a reload, in the reader's language; the next reader, once memory is back, gets the page."""
    from oncedone.store.warehouse import Warehouse

    cache.CACHE.clear()
    real_query = Warehouse.query

    def exhausted(self, name, **params):
        if name.startswith("indicators/"):
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB")
        return real_query(self, name, **params)

    monkeypatch.setattr(Warehouse, "query", exhausted)
    at = run(AppTest.from_file("../dashboard.py", default_timeout=120), lang="fr")  # Today, the default page
    assert [w.value for w in at.warning] == [i18n.t("warehouse.busy", "fr")]
    monkeypatch.setattr(Warehouse, "query", real_query)
    at = run(AppTest.from_file("../dashboard.py", default_timeout=120), lang="fr")
    assert not at.warning and at.metric  # the cards are back: nothing failed was kept
