"""Random hostile values in every column (issue 14): each row either loads with exactly the value the
contract reads from its text, or is quarantined with a reason; no import ends with anything but
0, 2 or 3; and no page raises on the warehouse afterwards.

Derandomised (the same examples on every run, so `make test` is deterministic) and kept small:
under a minute. Each example is one file with a row per column, each row good but for that
column's hostile value.
"""

import io
import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from oncedone.store import contract, ingest
from tests.conftest import REQUESTS_HEADER, write_lines
from tests.test_pages import run

PARIS = ZoneInfo("Europe/Paris")
GOOD = {
    "contact_id": "K", "channel": "phone", "received_at": "2018-03-05 09:00", "answered_at": "2018-03-05 09:01",
    "outcome": "resolved", "reason": "other", "citizen_id": "C1", "request_id": "R1", "team": "N1",
    "agent_id": "A1", "handle_seconds": "120", "csat": "4",
}
GOOD_REQUEST = {"request_id": "R", "title_type": "passport", "submitted_at": "2018-03-01 10:00",
                "department": "75", "submission_channel": "online", "citizen_id": "C1"}
ID_COLUMNS = {"contact_id": 64, "citizen_id": 64, "request_id": 64, "agent_id": 64, "team": 200}
ENUMS = {"channel": contract.CHANNELS, "outcome": contract.OUTCOMES, "reason": contract.REASONS,
         "title_type": contract.TITLE_TYPES, "submission_channel": contract.SUBMISSION_CHANNELS}

# Text: letters, digits, both separators, quotes, NUL, line breaks, tabs, accents, an emoji and
# what a spreadsheet runs as a formula. No Unicode spaces or combining marks: DuckDB's trim and
# length() treat those as graphemes, a detail the oracle below does not model.
ALPHABET = st.sampled_from(list("aZ09_-.:/@=+ ;,\"'\0\n\r\téÉß😀<>[]()#*"))
texts = st.one_of(
    st.text(ALPHABET, max_size=12),
    st.text(ALPHABET, min_size=60, max_size=70),  # around the 64-character limit
    st.text(ALPHABET, min_size=195, max_size=205),  # around team's 200
    st.builds(lambda n: "x" * n, st.integers(1000, 20_000)),  # very long
)
numbers = st.one_of(
    st.sampled_from(["3.5", "4e0", "0x3", "1_000", "+3", "03", " 4 ", "3.0", "1e12", "-0", "NaN", "inf", "٣", "４",
                     "99999999999999999999", "", "  ", "5\n", "2,5", "1 000", "86400", "86401"]),
    st.integers(-10, 100_000).map(str),
)
offsets = st.one_of(
    st.sampled_from(["", "Z", "z", "+00:00", "+01:00", "-05:00", "+14:00", "-14:00", "+0530", "+01", "-1200",
                     "+14:30", "+25:00", "-15:00", "+01:60", " +01:00", " Europe/Paris", " CET", " BC", "+1:00"]),
    st.builds(lambda h, m, sign: f"{sign}{h:02d}:{m:02d}", st.integers(0, 30), st.integers(0, 75), st.sampled_from("+-")),
)


@st.composite
def instants(draw) -> str:
    """Timestamps across the whole ISO range (years 0001-9999 and beyond), good and bad offsets,
    the French form, dates alone, impossible days and hours."""
    year = draw(st.one_of(st.integers(1, 9999), st.integers(1995, 2030), st.sampled_from([0, 10000, 99999])))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    hour, minute, second = draw(st.integers(0, 25)), draw(st.integers(0, 61)), draw(st.integers(0, 61))
    fraction = draw(st.sampled_from(["", ".5", ".123456", ".123456789", ".1234567891"]))
    form = draw(st.sampled_from(["iso", "iso", "iso_minutes", "french", "date", "space"]))
    if form == "french":
        return f"{day:02d}/{month:02d}/{year:04d} {hour:02d}:{minute:02d}" + draw(st.sampled_from(["", f":{second:02d}"]))
    if form == "date":
        return f"{year:04d}-{month:02d}-{day:02d}"
    time = f"{hour:02d}:{minute:02d}" if form == "iso_minutes" else f"{hour:02d}:{minute:02d}:{second:02d}{fraction}"
    sep = " " if form == "space" else "T"
    return f"{year:04d}-{month:02d}-{day:02d}{sep}{time}{draw(offsets)}"


ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
                 r"([Zz]|[+-](?:0\d|1[0-3])(?::?[0-5]\d)?|[+-]14(?::?00)?)?")
FRENCH = re.compile(r"(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?")


def expected_instant(text: str | None) -> tuple[str, object]:
    """What the contract reads from a timestamp's text: ("empty"), ("bad"), ("implausible") or
    ("ok", instant in UTC, tolerance: a Paris local time on a daylight-saving night is ±1 h)."""
    value = None if text is None else text.strip(" ")
    if not value:
        return ("empty", None)
    iso, french = ISO.fullmatch(value), FRENCH.fullmatch(value)
    try:
        if iso:
            y, mo, d, h, mi, s, frac, offset = iso.groups()
            micro = int((frac or "0").ljust(6, "0")[:6])
            local = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), micro)
        elif french:
            d, mo, y, h, mi, s = french.groups()
            local, offset = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0)), None
        else:
            return ("bad", None)
    except ValueError:
        return ("bad", None)
    if offset is None:
        if local.year < 1900:
            return ("implausible", None)
        instant = local.replace(tzinfo=PARIS).astimezone(timezone.utc)
        shifts = {local.replace(hour=0, tzinfo=PARIS).utcoffset(), (local.replace(hour=0) + timedelta(days=1)).replace(tzinfo=PARIS).utcoffset()}
        tolerance = timedelta(hours=1) if len(shifts) > 1 else timedelta(0)
    else:
        if offset in ("Z", "z"):
            delta = timedelta(0)
        else:
            digits = offset[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)) * (1 if offset[0] == "+" else -1)
        try:
            instant = (local - delta).replace(tzinfo=timezone.utc)
        except OverflowError:
            return ("implausible", None)
        tolerance = timedelta(0)
    if instant < datetime(2000, 1, 1, tzinfo=PARIS) or instant > datetime.now(timezone.utc) + timedelta(days=1):
        return ("implausible", None)
    return ("ok", (instant, tolerance))


def expected_text(column: str, text: str | None) -> tuple[str, object]:
    value = None if text is None else text.strip(" ")
    if not value:
        return ("empty", None)
    if column in ENUMS:
        return ("ok", value.lower()) if value.lower() in ENUMS[column] else ("bad", None)
    return ("ok", value) if len(value) <= ID_COLUMNS[column] else ("bad", None)


def expected_integer(column: str, text: str | None) -> tuple[str, object]:
    value = None if text is None else text.strip(" ")
    if not value:
        return ("empty", None)
    if not re.fullmatch(r"-?[0-9]{1,18}", value):
        return ("bad", None)
    bounds = (1, 5) if column == "csat" else (0, 86_400)
    return ("ok", int(value)) if bounds[0] <= int(value) <= bounds[1] else ("bad", None)


DEPARTMENT = re.compile(r"0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6]")


def expected_department(text: str | None) -> tuple[str, object]:
    value = None if text is None else text.strip(" ")
    if not value:
        return ("empty", None)
    value = "0" + value if re.fullmatch(r"[0-9]", value) else value.upper()
    return ("ok", value) if DEPARTMENT.fullmatch(value) and value != "20" else ("bad", None)


def expected(column: str, text: str | None) -> tuple[str, object]:
    if column == "department":
        return expected_department(text)
    if column.endswith("_at"):
        return expected_instant(text)
    if column in ("csat", "handle_seconds"):
        return expected_integer(column, text)
    return expected_text(column, text)




def hostile_rows(kind: contract.Kind):
    """Rows of a kind, each good but for one column given a hostile value."""
    good = GOOD if kind is contract.CONTACTS else GOOD_REQUEST
    columns = list(kind.columns)

    def value_for(column: str):
        if column.endswith("_at"):
            return instants()
        if column in ("csat", "handle_seconds"):
            return numbers
        if column in ENUMS:
            return st.one_of(st.sampled_from(ENUMS[column]).map(lambda v: draw_case(v)), texts)
        return texts

    # One row per column, each with that column's hostile value.
    return st.tuples(*[value_for(c) for c in columns]).map(lambda values: [(c, v, good) for c, v in zip(columns, values)])


def draw_case(value: str) -> str:
    return f" {value.upper()} "  # enumerated values match case-insensitively after trimming


def csv_bytes(header: list[str], rows: list[list[str]], separator: str) -> bytes:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in (separator, '"', "\n", "\r")) else v
    return ("\n".join(separator.join(cell(v) for v in row) for row in [header, *rows]) + "\n").encode("utf-8")


def stored(warehouse, sql: str) -> list[tuple]:
    return fetch(warehouse, sql)


def fetch(warehouse, sql: str, *params) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def check_import(tmp_path, warehouse, kind: contract.Kind, rows, separator: str, file_format: str) -> int:
    """Import one file of the rows; check each row's fate against the oracle; return the exit code."""
    header = list(kind.columns)
    lines, verdicts = [], []
    for n, (column, value, good) in enumerate(rows):
        line = {**good, kind.key[0]: f"{good[kind.key[0]]}{n}"}  # unique ids: no conflicting copies
        # The id given a hostile value stays unique: the row's number after it (if it is not empty).
        line[column] = value + str(n) if column == kind.key[0] and value.strip(" ") else value
        verdicts.append((column, line[column], expected(column, line[column])))
        lines.append([line[c] for c in header])
    if kind is contract.CONTACTS:  # answered_at must not come before received_at
        for n, (column, text, (fate, value)) in enumerate(verdicts):
            if fate == "ok" and column == "answered_at" and value[0] + value[1] < datetime(2018, 3, 5, 8, 0, tzinfo=timezone.utc):
                verdicts[n] = (column, text, ("bad", None))
            if fate == "ok" and column == "received_at" and value[0] - value[1] > datetime(2018, 3, 5, 8, 1, tzinfo=timezone.utc):
                verdicts[n] = (column, text, ("bad", None))
    path = tmp_path / f"{kind.name}.{file_format}"
    if file_format == "csv":
        path.write_bytes(csv_bytes(header, lines, separator))
    else:
        pl.DataFrame([pl.Series(c, [row[i] or None for row in lines], pl.String) for i, c in enumerate(header)]).write_parquet(path)
    try:
        outcome = ingest.ingest(warehouse, [path])
    except ingest.UnusableFile:
        return ingest.EXIT_UNUSABLE  # a whole file refused is allowed (e.g. most lines cut wrongly)
    assert outcome.exit_code in (0, 3)
    quarantined = dict(fetch(warehouse, "select line_number, reason from quarantine where file_name = ?", path.name))
    key = kind.key[0]
    for n, (column, text, (fate, value)) in enumerate(verdicts):
        line_number = n + (2 if file_format == "csv" else 1)
        bad = fate == "bad" or fate == "implausible" or (fate == "empty" and column in kind.required)
        if bad:
            assert line_number in quarantined, (column, text, fate)
            continue
        assert line_number not in quarantined, (column, text, quarantined.get(line_number))
        stored_id = lines[n][header.index(key)].strip(" ")
        rows_of_id = fetch(warehouse, f"select {column} from {kind.name} where {key} = ?", stored_id)
        assert len(rows_of_id) == 1, (column, text)
        [(got,)] = rows_of_id
        if fate == "empty":
            assert got is None, (column, text, got)
        elif column.endswith("_at"):
            instant, tolerance = value
            assert abs(got - instant) <= tolerance, (column, text, got, instant)
        else:
            assert got == value, (column, text, got, value)
    return outcome.exit_code


@pytest.fixture
def warehouse_with_request(tmp_path):
    base = tmp_path / "base.duckdb"
    ingest.ingest(base, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R1,passport,2018-03-01 10:00,75,online,C1")])
    return base


def test_hostile_values_in_every_column_load_exactly_or_are_quarantined_and_no_page_raises(tmp_path, warehouse_with_request, monkeypatch):
    shared = tmp_path / "shared.duckdb"
    shutil.copy(warehouse_with_request, shared)
    counter = iter(range(10**6))

    @settings(max_examples=30, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(kind=st.sampled_from([contract.CONTACTS, contract.REQUESTS]), data=st.data(),
           separator=st.sampled_from([",", ";"]), file_format=st.sampled_from(["csv", "csv", "parquet"]))
    def one_file(kind, data, separator, file_format):
        rows = data.draw(hostile_rows(kind))
        folder = tmp_path / f"example{next(counter)}"
        folder.mkdir()
        warehouse = folder / "w.duckdb"
        shutil.copy(warehouse_with_request, warehouse)
        assert check_import(folder, warehouse, kind, rows, separator, file_format) in (0, 2, 3)
        # The same file into one warehouse that gathers every example, for the pages below.
        path = next(p for p in folder.iterdir() if p.name.startswith(kind.name))
        try:
            assert ingest.ingest(shared, [path]).exit_code in (0, 3)
        except ingest.UnusableFile:
            pass

    one_file()

    monkeypatch.setenv("ONCEDONE_WAREHOUSE", str(shared))
    at = run(AppTest.from_file("../dashboard.py", default_timeout=120), lang="en")
    for view in ("views/today.py", "views/backlog.py", "views/delivery.py", "views/contacts.py", "views/data.py", "views/quarantine.py"):
        at.switch_page(view).run()
        assert not at.exception, (view, [e.value for e in at.exception])
