"""The files users take away (issue 14): real CSV that re-imports intact, and one guard against
formula injection that serves every CSV export."""

import io

import polars as pl

from oncedone.app import exports
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from tests.conftest import CONTACTS_HEADER, REQUESTS_HEADER, table, write_lines
from oncedone.access import EVERYTHING

ALL = {"file_names": [], "kinds": [], "reasons": [], "max_rows": 1000}


def quarantined_download(tmp_path, warehouse, lines: list[str], lang: str) -> bytes:
    export = tmp_path / "contacts.csv"
    export.write_bytes((CONTACTS_HEADER + "\n" + "\n".join(lines) + "\n").encode())
    assert ingest.ingest(warehouse, [export]).exit_code == 3
    return exports.quarantine_csv(Warehouse(warehouse).query("app/quarantine_rows", **ALL), "contacts", lang)


def test_a_quarantined_value_with_a_line_break_comes_back_whole_once_fixed(tmp_path, warehouse):
    # The team holds a line break, a quote and both separators; csat 9 is the row's problem.
    bad = 'K1,phone,2018-03-05 09:00,,resolved,other,C1,,"N1 ""day""\nsecond line; a, b",A1,120,9'
    for lang, separator in (("fr", ";"), ("en", ",")):
        data = quarantined_download(tmp_path, tmp_path / f"{lang}.duckdb", [bad], lang)
        assert data.startswith("\ufeff".encode()) and data.count(b"\r\n") == 2  # header and one record, CRLF
        fixed = tmp_path / f"fixed_{lang}.csv"
        fixed.write_bytes(data.replace(separator.encode() + b"9\r\n", separator.encode() + b"4\r\n"))
        outcome = ingest.ingest(tmp_path / f"{lang}.duckdb", [fixed])
        assert outcome.exit_code == 0, ingest.summary(outcome, fixed)
        assert table(tmp_path / f"{lang}.duckdb", "contacts")["team"].to_list() == ['N1 "day"\nsecond line; a, b']
        assert table(tmp_path / f"{lang}.duckdb", "quarantine").is_empty()  # the fixed row left


def test_the_quarantine_download_neutralises_formulas(tmp_path, warehouse):
    lines = [
        "=HYPERLINK(x),phone,2018-03-05 09:00,,resolved,other,+33612,,@SUM(A1),-cmd,-5,9",
        'K2,phone,2018-03-05 09:00,,resolved,other,"\tC2",,N1,A1,120,9',
    ]
    data = quarantined_download(tmp_path, warehouse, lines, "en")
    back = pl.read_csv(io.BytesIO(data[3:]), infer_schema=False).sort("contact_id")
    assert back["contact_id"].to_list() == ["'=HYPERLINK(x)", "K2"]
    first = back.row(0, named=True)
    assert (first["citizen_id"], first["team"], first["agent_id"], first["handle_seconds"]) == ("+33612", "'@SUM(A1)", "'-cmd", "-5")
    assert back["citizen_id"].to_list()[1] == "'\tC2"


def test_the_guard_is_the_one_every_csv_export_uses():
    frame = pl.DataFrame({"a": ["=1+1", "+1.5", "-2", "@x", "\tx", "\rx", "ok", None, "- item"], "n": range(9)})
    assert exports.guard_formulas(frame)["a"].to_list() == ["'=1+1", "+1.5", "-2", "'@x", "'\tx", "'\rx", "ok", None, "'- item"]
    assert exports.guard_formulas(frame)["n"].to_list() == list(range(9))


def test_the_backlog_csv_export_neutralises_a_formula_in_an_imported_id(tmp_path, warehouse):
    from datetime import date

    from oncedone import config
    from oncedone.kpi import backlog, indicators

    requests = write_lines(tmp_path / "requests.csv", REQUESTS_HEADER,
                           '"=HYPERLINK(""http://evil.example"")",passport,2018-01-10 10:00,75,online,C1',
                           "@B2,passport,2018-01-11 10:00,75,online,C2")
    assert ingest.ingest(warehouse, [requests]).exit_code == 0
    chosen = indicators.Selection(date(2018, 1, 9), date(2018, 1, 15), scope=EVERYTHING)
    params = backlog.applications_params(date(2018, 1, 15), chosen, backlog.Drill(), config.load())
    apps = Warehouse(warehouse).query("backlog/applications_at_day", **params)
    back = pl.read_csv(io.BytesIO(exports.backlog_csv(apps, "en")[3:]), infer_schema=False)
    assert sorted(back[back.columns[0]].to_list()) == ["'=HYPERLINK(\"http://evil.example\")", "'@B2"]
