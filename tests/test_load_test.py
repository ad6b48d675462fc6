"""The load test (benchmarks/load_test.py) at N = 2 on the small warehouse, and that it reports what
goes wrong: a page that raises, a drill the backlog does not know."""

import pytest

from benchmarks import load_test, run
from tests import app_fixtures as fx
from tests.conftest import table

TIMEOUT_S = 120  # per page; a loaded 2-core machine runs a first page in tens of seconds


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("load"))


def visits(result: dict, page: str) -> list[dict]:
    return [v for r in result["rounds"] for s in r["visits"] for v in s if v["page"] == page]


def test_two_sessions_right_after_an_import_reach_both_pages_without_an_error(warehouse, tmp_path):
    plan = load_test.Plan(warehouse, (2,), "id_card", timeout_s=TIMEOUT_S)
    result = load_test.load_test(plan, label="tiny", out=tmp_path)

    assert result["error_count"] == 0, result["rounds"][0]["errors"]
    [round_] = result["rounds"]
    assert round_["complete_session_count"] == 2
    assert [v["reached"] for v in visits(result, "today")] == [True, True]
    assert [v["reached"] for v in visits(result, "backlog")] == [True, True]
    assert all(v["finished_s"] is not None for v in visits(result, "today") + visits(result, "backlog"))
    # The import before the round: R1 (first by id, department 75) moved to 2A.
    assert round_["import"]["exit_code"] == 0
    requests = table(warehouse, "requests")
    assert requests.filter(requests["request_id"] == "R1")["department"].to_list() == ["2A"]
    assert "| 2 | 0 | 2 of 2 |" in (tmp_path / "load-test-tiny.md").read_text()
    # `python -m oncedone bench --load-test` shows the same table in its own.
    assert any(line.startswith("| 2 | 0 | 2 of 2 |") for line in run._load_test_lines(result))


def test_a_page_that_raises_is_reported(warehouse, tmp_path):
    script = tmp_path / "broken.py"
    script.write_text(
        "import streamlit as st\n"
        "def today():\n    st.title(\"Aujourd'hui\")\n"
        "def backlog():\n    raise RuntimeError('broken on purpose')\n"
        "st.navigation([st.Page(today, title='Today', url_path='today', default=True),\n"
        "               st.Page(backlog, title='Backlog', url_path='backlog')]).run()\n"
    )
    plan = load_test.Plan(warehouse, (1,), "id_card", do_import=False, warm_up=False, timeout_s=TIMEOUT_S,
                          script=str(script))
    result = load_test.load_test(plan, out=None)

    [today], [backlog] = visits(result, "today"), visits(result, "backlog")
    assert today["reached"] and today["errors"] == []
    assert not backlog["reached"]
    assert any(e.startswith("exception on the page") and "broken on purpose" in e for e in backlog["errors"])
    # The server logs it too ("Uncaught app exception", then its traceback).
    assert any("RuntimeError: broken on purpose" in e for e in result["server_errors"]), result["server_errors"]
    assert result["error_count"] == len(backlog["errors"]) + len(result["server_errors"])
    assert result["rounds"][0]["complete_session_count"] == 0


def test_a_drill_the_backlog_does_not_know_is_reported(warehouse):
    # The page drops an unknown title type and shows every type: it runs, but not the drilled view.
    plan = load_test.Plan(warehouse, (1,), "not_a_title_type", do_import=False, warm_up=False, timeout_s=TIMEOUT_S)
    result = load_test.load_test(plan, out=None)

    [today], [backlog] = visits(result, "today"), visits(result, "backlog")
    assert today["reached"] and today["errors"] == []
    assert backlog["errors"] == ["the page finished without its content"]


def test_only_streamlit_s_base_path_probe_is_not_an_error():
    # On a direct link to /backlog the frontend asks /backlog/_stcore/... first, then /_stcore/...
    assert load_test.base_path_probe("http://127.0.0.1:8501/backlog/_stcore/health")
    assert load_test.base_path_probe("http://127.0.0.1:8501/backlog/_stcore/host-config")
    assert not load_test.base_path_probe("http://127.0.0.1:8501/_stcore/health")  # the server itself failing
    assert not load_test.base_path_probe("http://127.0.0.1:8501/backlog/static/js/main.js")
