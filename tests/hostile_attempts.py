"""The 28 hostile-input attempts of ../shared/notes/hostile-inputs.md, scripted: each prints its
verdict (`pass` or `FAIL: what happened`). Not a pytest module (it takes minutes and a scratch
folder); run it from the repository on any checkout, e.g. to compare two branches:

    .venv/bin/python -m tests.hostile_attempts [--only 1,2,...] [--work /tmp/hostile-attempts]

`B` is a tiny warehouse (tests/app_fixtures.py), `W` the demo at scale 0.01. For the command-line
cases the warehouse's sha256 is compared before and after ("unchanged").
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import app_fixtures as fx  # noqa: E402
from tests.conftest import CONTACTS_HEADER, EVENTS_HEADER, REQUESTS_HEADER  # noqa: E402
from oncedone.access import EVERYTHING

CONTACT = "K50,phone,2018-11-20 09:00,2018-11-20 09:01,resolved,other,C1,R1,N1,A1,120,4"
REQUEST = "R50,passport,2018-11-20 10:00,75,online,C50"
ATTEMPTS = {}


def attempt(number: int, title: str):
    def register(function):
        ATTEMPTS[number] = (title, function)
        return function
    return register


class Work:
    """The scratch folder: a fresh copy of B for each case, files written there."""

    def __init__(self, root: Path):
        self.root = root
        self.b_master = fx.build(root / "b_master")
        self.w_master = None
        self.n = 0

    def b(self) -> Path:
        self.n += 1
        folder = self.root / f"case{self.n}"
        folder.mkdir()
        shutil.copy(self.b_master, folder / "b.duckdb")
        return folder / "b.duckdb"

    def file(self, name: str, data: bytes | str) -> Path:
        path = self.root / f"f{self.n}_{random.randrange(10**9)}" / name
        path.parent.mkdir()
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    def w(self) -> tuple[Path, list[Path]]:
        """The demo at 0.01 (its files, and a warehouse built from them), made once."""
        if self.w_master is None:
            files = self.root / "w_files"
            subprocess.run([sys.executable, "-m", "oncedone", "generate", "--out", str(files), "--scale", "0.01"],
                           cwd=REPO, check=True, capture_output=True)
            paths = sorted(files.iterdir())
            ingest(self.root / "w_master.duckdb", *paths)
            self.w_master = (self.root / "w_master.duckdb", paths)
        self.n += 1
        copy = self.root / f"w{self.n}.duckdb"
        shutil.copy(self.w_master[0], copy)
        return copy, self.w_master[1]


def ingest(warehouse: Path, *files: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), *map(str, files)],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, **(env or {})})


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def query(warehouse: Path, sql: str) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def one_sentence(result: subprocess.CompletedProcess) -> bool:
    return "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def refused(work: Work, name: str, data: bytes, words_ok=lambda said: True) -> str | None:
    """None when the file is refused with exit 2, one sentence, the warehouse unchanged."""
    b = work.b()
    before = sha(b)
    result = ingest(b, work.file(name, data))
    if result.returncode != 2 or not one_sentence(result) or sha(b) != before:
        return f"{name}: exit {result.returncode}, {result.stderr.strip()[-200:]!r}"
    if not words_ok(result.stderr):
        return f"{name}: {result.stderr.strip()!r}"
    return None


def quarantined_as(work: Work, header: str, lines: list[str], reasons: set[str], kind_file="x.csv") -> str | None:
    b = work.b()
    result = ingest(b, work.file(kind_file, "\n".join([header, *lines]) + "\n"))
    got = {r for (r,) in query(b, "select reason from quarantine where import_id = (select max(import_id) from quarantine)")} \
        if result.returncode == 3 else set()
    if result.returncode != 3 or not got <= reasons or not got:
        return f"exit {result.returncode}, reasons {sorted(got)}, {result.stderr.strip()[-200:]!r}"
    count = query(b, "select count(*) from quarantine where file_name = ?".replace("?", f"'{Path(kind_file).name}'"))[0][0]
    return None if count == len(lines) else f"{count} of {len(lines)} lines quarantined"


def pages_run(warehouse: Path, **params) -> str | None:
    """Every page on the warehouse, in AppTest: None when none raises."""
    from streamlit.testing.v1 import AppTest

    os.environ["ONCEDONE_WAREHOUSE"] = str(warehouse)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    problems = []
    for view in ("views/today.py", "views/backlog.py", "views/delivery.py", "views/contacts.py", "views/data.py", "views/quarantine.py"):
        at.switch_page(view).run()
        problems += [f"{view}: {e.value[:120]}" for e in at.exception]
    return "; ".join(problems) or None


def verdict(*problems: str | None) -> str:
    found = [p for p in problems if p]
    return "pass" if not found else "FAIL: " + " | ".join(found)


# The attempts ---------------------------------------------------------------------------------


@attempt(1, "NULs; random bytes; /bin/ls; zip and gzip bombs named .csv")
def nuls_and_binaries(work: Work) -> str:
    b = work.b()
    result = ingest(b, work.file("nul.csv", f"{CONTACTS_HEADER}\nK50,phone,2018-11-20 09:00,,resolved,other,C\0X,,N1,,,\n"))
    nul = None if result.returncode == 0 and query(b, "select citizen_id from contacts where contact_id = 'K50'") == [("C\0X",)] \
        else f"NUL: exit {result.returncode} {result.stderr[-200:]}"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.csv", b"0" * 50_000_000)
    return verdict(nul, refused(work, "random.csv", random.Random(1).randbytes(100_000)),
                   refused(work, "ls.csv", Path("/bin/ls").read_bytes()), refused(work, "zip.csv", bomb.getvalue()),
                   refused(work, "gz.csv", gzip.compress(b"0" * 50_000_000)))


@attempt(2, "a 200 MB field; a 200 MB line with no newline")
def huge_field(work: Work) -> str:
    b = work.b()
    big = "x" * 200_000_000
    result = ingest(b, work.file("big.csv", f"{CONTACTS_HEADER}\nK50,phone,2018-11-20 09:00,,resolved,other,C1,,{big},,,\n"))
    # The contract now limits team to 200 characters: the row is quarantined, and the pages still run.
    field = None if result.returncode == 3 and query(b, "select reason from quarantine where record_key = 'K50'") == [("too_long",)] \
        else f"200 MB team: exit {result.returncode} {result.stderr[-200:]}"
    del big
    # A 200 MB line with no newline is one row: quarantined (its id is too long), or the file refused.
    b2 = work.b()
    line = ingest(b2, work.file("line.csv", (REQUESTS_HEADER + "\n").encode() + b"R" * 200_000_000))
    kept = line.returncode == 3 and query(b2, "select count(*) from quarantine where file_name = 'line.csv'")[0][0] == 1
    return verdict(field, pages_run(b), None if kept or line.returncode == 2 and one_sentence(line) else f"line: exit {line.returncode}")


@attempt(3, "5,000 columns; header only; BOM only; empty")
def shapes(work: Work) -> str:
    b = work.b()
    extra = ",".join(f"c{i}" for i in range(5000))
    wide = ingest(b, work.file("wide.csv", f"{REQUESTS_HEADER},{extra}\n{REQUEST}," + ",".join("v" * 5000) + "\n"))
    header = ingest(work.b(), work.file("header.csv", REQUESTS_HEADER + "\n"))
    return verdict(None if wide.returncode == 0 and "columns ignored" in wide.stdout else f"wide: {wide.returncode}",
                   None if header.returncode == 0 else f"header only: {header.returncode} {header.stderr}",
                   refused(work, "bom.csv", b"\xef\xbb\xbf"), refused(work, "empty.csv", b""))


@attempt(4, "`;` rows under a `,` header, and the reverse")
def mixed_separators(work: Work) -> str:
    return verdict(quarantined_as(work, REQUESTS_HEADER, [REQUEST.replace(",", ";")], {"missing_value", "wrong_field_count"}),
                   quarantined_as(work, REQUESTS_HEADER.replace(",", ";"), ["R51,passport,2018-11-20 10:00,75,online,C51"],
                                  {"missing_value"}))


@attempt(5, "CR-only endings; unclosed quote; pass\"port; UTF-16/32; a directory")
def clear_messages(work: Work) -> str:
    text = f"{REQUESTS_HEADER}\n{REQUEST}\nR51,passport,2018-11-20 10:00,75,online,C51\n"
    leaks = ("universal-newline", "expected 0 rows", "unknown kind", "no such file", "could not parse")

    def own_words(said: str) -> bool:
        return not any(leak in said for leak in leaks)

    b = work.b()
    folder = work.root / "a_folder.csv"
    folder.mkdir(exist_ok=True)
    directory = ingest(b, folder)
    return verdict(
        refused(work, "cr.csv", text.replace("\n", "\r").encode(), own_words),
        refused(work, "unclosed.csv", f'{REQUESTS_HEADER}\nR50,passport,"2018-11-20 10:00,75,online,C1\nR51,id_card,2018-11-20 10:00,,,\n'.encode(), own_words),
        refused(work, "stray.csv", f'{REQUESTS_HEADER}\nR50,pass"port,2018-11-20 10:00,75,online,C1\n'.encode(), own_words),
        refused(work, "u16.csv", text.encode("utf-16"), own_words), refused(work, "u32.csv", text.encode("utf-32"), own_words),
        None if directory.returncode == 2 and own_words(directory.stderr) else f"directory: {directory.stderr.strip()!r}",
    )


@attempt(6, "one row with an extra field")
def extra_field(work: Work) -> str:
    b = work.b()
    result = ingest(b, work.file("r.csv", f"{REQUESTS_HEADER}\n{REQUEST},surplus\nR51,passport,2018-11-20 10:00,75,online,C51\n"))
    loaded = query(b, "select count(*) from requests where request_id = 'R51'")[0][0] if result.returncode == 3 else 0
    return verdict(None if result.returncode == 3 and loaded == 1 else f"exit {result.returncode}: {result.stderr.strip()!r}")


@attempt(7, "Parquet: int, struct or date timestamps; list id; truncated")
def parquet_types(work: Work) -> str:
    problems = []
    from datetime import date, datetime, timezone

    # An integer or a date alone is no instant (a quarantined row); a typed instant loads.
    typed = (("int", pl.Series("submitted_at", [1_542_700_000]), 3), ("date", pl.Series("submitted_at", [date(2018, 11, 20)]), 3),
             ("instant", pl.Series("submitted_at", [datetime(2018, 11, 20, 9, tzinfo=timezone.utc)]), 0))
    for label, column, code in typed:
        frame = pl.DataFrame({"request_id": ["R50"], "title_type": ["passport"]}).with_columns(column)
        path = work.file(f"{label}.parquet", b"")
        frame.write_parquet(path)
        result = ingest(work.b(), path)
        if result.returncode != code:
            problems.append(f"{label} timestamp: exit {result.returncode}")
    struct = pl.DataFrame({"request_id": ["R50"], "title_type": ["passport"], "submitted_at": [{"a": 1}]})
    path = work.file("struct.parquet", b"")
    struct.write_parquet(path)
    listed = pl.DataFrame({"request_id": [["R50"]], "title_type": ["passport"], "submitted_at": ["2018-11-20 10:00"]})
    lpath = work.file("list.parquet", b"")
    listed.write_parquet(lpath)
    for label, p in (("struct", path), ("list id", lpath)):
        result = ingest(work.b(), p)
        if result.returncode == 3 and not result.stderr or result.returncode == 2 and one_sentence(result):
            continue
        if True:
            problems.append(f"{label}: exit {result.returncode} {result.stderr[-150:]!r}")
    good = work.file("good.parquet", b"")
    pl.DataFrame({"request_id": ["R50"], "title_type": ["passport"], "submitted_at": ["2018-11-20 10:00"]}).write_parquet(good)
    problems.append(refused(work, "cut.parquet", good.read_bytes()[: len(good.read_bytes()) // 2]))
    return verdict(*problems)


@attempt(8, "Parquet with `request_id` + `Request_ID`")
def parquet_duplicate(work: Work) -> str:
    path = work.file("dup.parquet", b"")
    pl.DataFrame({"request_id": ["R50"], "Request_ID": ["R51"], "title_type": ["passport"], "submitted_at": ["2018-11-20 10:00"]}).write_parquet(path)
    return verdict(refused(work, "dup.parquet", path.read_bytes(), lambda said: "appears twice" in said))


@attempt(9, "ids `=HYPERLINK(…)`, `'; drop table…`, `<script>`, 10,000 chars")
def hostile_ids(work: Work) -> str:
    b = work.b()
    ids = ['"=HYPERLINK(""http://evil"")"', "'; drop table requests; --", "<script>alert(1)</script>"]
    lines = [f"{i},passport,2018-11-20 10:00,75,online,C1" for i in ids] + ["R" * 10_000 + ",passport,2018-11-20 10:00,75,online,C1"]
    result = ingest(b, work.file("ids.csv", "\n".join([REQUESTS_HEADER, *lines]) + "\n"))
    stored = {r for (r,) in query(b, "select request_id from requests")}
    long_quarantined = query(b, "select reason from quarantine where length(record_key) = 10000") == [("too_long",)]
    ok = result.returncode == 3 and {'=HYPERLINK("http://evil")', "'; drop table requests; --", "<script>alert(1)</script>"} <= stored
    return verdict(None if ok and long_quarantined else f"exit {result.returncode}, stored {len(stored)}", pages_run(b))


@attempt(10, "years 0001 / 2038 / 2099 / 9999; answered_at 2090")
def implausible_years(work: Work) -> str:
    lines = [f"K5{i},phone,{y}-11-20 09:00,,resolved,other,C1,,N1,,," for i, y in enumerate(("0001", "2038", "2099", "9999"))]
    lines.append("K59,email,2018-11-20 09:00,2090-01-01 10:00,resolved,other,C1,,N1,,,")
    return verdict(quarantined_as(work, CONTACTS_HEADER, lines, {"implausible_instant"}))


@attempt(11, "contact at `9999-12-31T23:59:59-05:00` or year 99999")
def past_9999(work: Work) -> str:
    b = work.b()
    result = ingest(b, work.file("c.csv", f"{CONTACTS_HEADER}\nK50,phone,9999-12-31T23:59:59-05:00,,resolved,other,C1,,N1,,,\n"
                                          f"K51,phone,99999-01-01T00:00:00Z,,resolved,other,C1,,N1,,,\n"))
    report = subprocess.run([sys.executable, "-m", "oncedone", "report", "--warehouse", str(b), "--from", "2018-11-01", "--to", "2018-11-30"],
                            cwd=REPO, capture_output=True, text=True)
    return verdict(None if result.returncode == 3 else f"import exit {result.returncode}",
                   None if report.returncode == 0 else f"report exit {report.returncode} {report.stderr[-150:]!r}", pages_run(b))


@attempt(12, "year 99999 in requests or events (1 bad row of 8)")
def year_99999(work: Work) -> str:
    good = [f"R6{i},passport,2018-11-20 10:00,75,online,C1" for i in range(7)]
    requests = quarantined_as(work, REQUESTS_HEADER, ["R59,passport,99999-01-01T00:00:00Z,75,online,C1"], {"bad_timestamp", "implausible_instant"})
    b = work.b()
    result = ingest(b, work.file("e.csv", "\n".join([EVENTS_HEADER, *[f"R1,in_review,2018-11-0{i + 1} 10:00" for i in range(7)],
                                                     "R1,delivered,99999-01-01T00:00:00Z"]) + "\n"))
    del good
    return verdict(requests, None if result.returncode == 3 else f"events: exit {result.returncode} {result.stderr[-150:]!r}")


@attempt(13, "csat 0/6/3.5; handle_seconds -1/1e12")
def integers(work: Work) -> str:
    lines = [f"K5{i},phone,2018-11-20 09:00,,resolved,other,C1,,N1,,{h},{c}" for i, (h, c) in
             enumerate((("", "0"), ("", "6"), ("", "3.5"), ("-1", ""), ("1e12", ""), ("2.5", ""), ("", "4e0"), ("", "0x3")))]
    return verdict(quarantined_as(work, CONTACTS_HEADER, lines, {"csat_out_of_range", "bad_number"}))


@attempt(14, "departments 20, 2C, 976x, 00, 977, 96")
def departments(work: Work) -> str:
    lines = [f"R5{i},passport,2018-11-20 10:00,{d},online,C1" for i, d in enumerate(("20", "2C", "976x", "00", "977", "96"))]
    return verdict(quarantined_as(work, REQUESTS_HEADER, lines, {"unknown_value"}))


@attempt(15, "zone name or `+25:00` offset")
def offsets(work: Work) -> str:
    lines = [f"R5{i},passport,{t},75,online,C1" for i, t in enumerate(
        ("2018-11-20 10:00:00 Europe/Paris", "2018-11-20T10:00:00+25:00", "2018-11-20 10:00 CET", "2018-11-20T10:00:00+14:30"))]
    return verdict(quarantined_as(work, REQUESTS_HEADER, lines, {"bad_timestamp"}))


@attempt(16, "kill -9 ×15 (read, copy, check, merge, derive, checkpoint, random times)")
def kills(work: Work) -> str:
    warehouse, files = work.w()
    before = sha(warehouse)
    problems, finished = [], 0
    for n in range(15):
        process = subprocess.Popen([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), *map(str, files)],
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3 + n * 0.35)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = sha(warehouse)
        if now != before:  # the import finished before the kill: a new warehouse, whole
            finished += 1
            before = now
            if query(warehouse, "select count(*) from import_log")[0][0] < 2:
                problems.append(f"kill {n}: changed but no import logged")
    leftovers = list(warehouse.parent.glob(f".{warehouse.name}.*.building*"))
    # The next start removes them (the dashboard's first page, or the next import).
    from oncedone.store import warehouse as store

    cleaned = store.clean_leftovers(warehouse) if hasattr(store, "clean_leftovers") else None
    if leftovers and cleaned is None:
        problems.append(f"{len(leftovers)} leftover copies ({sum(p.stat().st_size for p in leftovers) >> 20} MB) stay until the next import")
    return verdict(*problems) + f" ({finished} of 15 finished before the kill)"


@attempt(17, "disk full (a tmpfs of 600 KB and 20 MB)")
def disk_full(work: Work) -> str:
    problems = []
    for size in ("600k", "20m"):
        disk = work.root / f"disk{size}"
        disk.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)]).returncode:
            return "FAIL: cannot mount a tmpfs (needs root)"
        try:
            if size == "600k":  # no warehouse yet, and no room for one
                before, files = "absent", [work.file("r.csv", f"{REQUESTS_HEADER}\n{REQUEST}\n")]
            else:  # B fits, its copy and the demo's rows do not
                shutil.copy(work.b_master, disk / "b.duckdb")
                before, files = sha(disk / "b.duckdb"), work.w()[1]
            result = ingest(disk / "b.duckdb", *files)
            if result.returncode != 2 or not one_sentence(result) or "disk" not in result.stderr or sha(disk / "b.duckdb") != before:
                problems.append(f"{size}: exit {result.returncode} {result.stderr.strip()[-200:]!r}")
            if list(disk.glob(".*.building*")):
                problems.append(f"{size}: a copy left")
        finally:
            subprocess.run(["umount", str(disk)])
    return verdict(*problems)


@attempt(18, "2 imports at once; a reader loop during 3 imports")
def concurrency(work: Work) -> str:
    from oncedone.store.warehouse import Warehouse

    b = work.b()
    a = work.file("a.csv", f"{REQUESTS_HEADER}\nR50,passport,2018-11-20 10:00,75,online,C1\n")
    c = work.file("c.csv", f"{REQUESTS_HEADER}\nR51,passport,2018-11-20 10:00,75,online,C1\n")
    runs = [threading.Thread(target=ingest, args=(b, f)) for f in (a, c)]
    for t in runs:
        t.start()
    for t in runs:
        t.join()
    both = query(b, "select count(*) from requests where request_id in ('R50', 'R51')")[0][0] == 2
    reader, errors, stop, count = Warehouse(b), [], threading.Event(), [0]

    def read() -> None:
        while not stop.is_set():
            try:
                reader.query("freshness")
                count[0] += 1
            except Exception as err:
                errors.append(repr(err))

    loop = threading.Thread(target=read)
    loop.start()
    for n in range(3):
        ingest(b, work.file(f"r{n}.csv", f"{REQUESTS_HEADER}\nR6{n},passport,2018-11-20 10:00,75,online,C1\n"))
    stop.set()
    loop.join()
    return verdict(None if both else "one import lost", f"{len(errors)} reader errors: {errors[:1]}" if errors else None) + f" ({count[0]} reads)"


@attempt(19, "import through a symlinked path")
def symlink(work: Work) -> str:
    b = work.b()
    link = b.with_name("link.duckdb")
    link.symlink_to(b)
    ingest(link, work.file("r.csv", f"{REQUESTS_HEADER}\n{REQUEST}\n"))
    updated = query(b, "select count(*) from requests where request_id = 'R50'")[0][0] == 1
    return verdict(None if link.is_symlink() and updated else f"link kept: {link.is_symlink()}, target updated: {updated}")


@attempt(20, "URLs: `department=' or 1=1 --`, `from=9999-99-99`, `channel[]=`, injected bl_*/q_*, 50k chars")
def urls(work: Work) -> str:
    b = work.b()
    return verdict(pages_run(b, department="' or 1=1 --", **{"from": "9999-99-99", "channel[]": "", "bl_stage": "x' --",
                                                             "q_kind": "<script>", "to": "x" * 50_000}))


@attempt(21, "team `<img src=x onerror=…>`, `**[click](javascript:…)**`")
def html_values(work: Work) -> str:
    b = work.b()
    result = ingest(b, work.file("c.csv", f"{CONTACTS_HEADER}\nK50,phone,2018-11-20 09:00,,resolved,other,C1,,<img src=x onerror=alert(1)>,,,\n"
                                          "K51,phone,2018-11-20 09:00,,resolved,other,C1,,**[click](javascript:alert(1))**,,,\n"))
    return verdict(None if result.returncode == 0 else f"exit {result.returncode}", pages_run(b))


@attempt(22, "upload named `../../etc/passwd.csv`; 600 MB; zip bomb; 11 in a row")
def uploads_safe(work: Work) -> str:
    from oncedone.app import uploads

    b = work.b()
    result = uploads.run(b, [("../../etc/passwd.csv", f"{REQUESTS_HEADER}\n{REQUEST}\n".encode())])
    named = result.file_names == ["passwd.csv"] and result.status == "loaded"
    too_big = [p.code for p in uploads.problems([("big.csv", 600 * 2**20)], 500 * 2**20)] == ["too_big"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.csv", b"0" * 50_000_000)
    zipped = uploads.run(b, [("zip.csv", bomb.getvalue())]).status == "refused"
    in_a_row = all(uploads.run(b, [(f"r{n}.csv", f"{REQUESTS_HEADER}\nR7{n},passport,2018-11-20 10:00,75,online,C1\n".encode())]).status == "loaded"
                   for n in range(11))
    return verdict(*(None if ok else label for ok, label in ((named, "name"), (too_big, "600 MB"), (zipped, "zip"), (in_a_row, "11 in a row"))))


@attempt(23, "upload named `[…](https:evil.example).csv`")
def markdown_name(work: Work) -> str:
    from streamlit.testing.v1 import AppTest

    os.environ["ONCEDONE_WAREHOUSE"] = str(work.b())
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/data.py").run()
    at.file_uploader[0].set_value([("[Session expirée](https:evil.example).csv", b"name,age\nBob,3\n", "text/csv")]).run()
    at.button(key="data_upload_button").click().run()
    said = at.error[0].value if at.error else ""
    # A Markdown link needs `](` unescaped; the escaped name renders as text.
    return verdict(None if said and "](" not in said.replace("\\]\\(", "") else f"shown as {said[:120]!r}")


@attempt(24, "upload of a 90 KB Parquet of 20 M rows")
def parquet_bomb(work: Work) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from oncedone.app import uploads

    b = work.b()
    before = sha(b)
    path = work.file("bomb.parquet", b"")
    group = pa.table({c: pa.array([v] * 1_000_000).dictionary_encode() for c, v in
                      (("request_id", "R1"), ("title_type", "passport"), ("submitted_at", "2018-11-20 10:00"))})
    with pq.ParquetWriter(path, group.schema, compression="zstd") as writer:
        for _ in range(20):
            writer.write_table(group)
    rss = lambda: int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) >> 10  # noqa: E731
    start = rss()
    result = uploads.run(b, [("bomb.parquet", path.read_bytes())])
    grown = rss() - start
    return verdict(None if grown < 300 else f"server grew by {grown} MB", None if sha(b) == before else "warehouse changed") + \
        f" ({path.stat().st_size >> 10} KB; {result.status}: {result.unusable or result.error}; server +{grown} MB)"


@attempt(25, "`= + - @ \\t` cells in the CSV/XLSX exports and the quarantine download")
def formulas(work: Work) -> str:
    from datetime import date

    from oncedone import config
    from oncedone.app import exports
    from oncedone.kpi import backlog, indicators
    from oncedone.store import quarantine
    from oncedone.store.warehouse import Warehouse

    b = work.b()
    ingest(b, work.file("r.csv", "\n".join([REQUESTS_HEADER, '"=1+1",passport,2018-11-20 10:00,75,online,C1',
                                             "@SUM(A1),passport,2018-11-20 10:00,75,online,C1",
                                             '"\tTAB",passport,2018-11-20 10:00,75,online,C1']) + "\n"))
    ingest(b, work.file("c.csv", f"{CONTACTS_HEADER}\n=cmd|' /C calc'!A0,phone,2018-11-20 09:00,,resolved,other,+C1,,-N1,,,9\n"))
    wh = Warehouse(b)
    sel = indicators.Selection(date(2018, 11, 1), date(2018, 11, 30), scope=EVERYTHING)
    apps = wh.query("backlog/applications_at_day", **backlog.applications_params(date(2018, 11, 30), sel, backlog.Drill(), config.load()))
    backlog_csv = exports.backlog_csv(apps, "en").decode("utf-8-sig")
    rows = wh.query("app/quarantine_rows", file_names=[], kinds=[], reasons=[], max_rows=1000)
    writer = getattr(exports, "quarantine_csv", None) or quarantine.to_csv
    download = writer(rows, "contacts", "en").decode("utf-8-sig")
    risky = [cell for text in (backlog_csv, download) for line in text.splitlines() for cell in line.split(",")
             if cell[:1] in ("=", "+", "-", "@", "\t") and not cell.lstrip("+-").replace(".", "").isdigit()]
    return verdict(f"raw formula cells: {risky[:4]}" if risky else None)


@attempt(26, "quarantine download with a line break in a value, re-imported")
def line_break_roundtrip(work: Work) -> str:
    from oncedone.app import exports
    from oncedone.store import quarantine
    from oncedone.store.warehouse import Warehouse

    b = work.b()
    ingest(b, work.file("c.csv", f'{CONTACTS_HEADER}\nK50,phone,2018-11-20 09:00,,resolved,other,C1,,"N1\nline two",,,9\n'))
    rows = Warehouse(b).query("app/quarantine_rows", file_names=[], kinds=["contacts"], reasons=[], max_rows=1000)
    writer = getattr(exports, "quarantine_csv", None) or quarantine.to_csv
    data = writer(rows.filter(pl.col("record_key") == "K50"), "contacts", "en")
    fixed = work.file("fixed.csv", data.replace(b",9\r\n", b",4\r\n"))
    result = ingest(b, fixed)
    team = query(b, "select team from contacts where contact_id = 'K50'")
    return verdict(None if result.returncode == 0 and team == [("N1\nline two",)] else f"exit {result.returncode}, team {team}")


@attempt(27, "10 concurrent pages on a fresh server")
def cold_start(work: Work) -> str:
    test = REPO / "tests" / "test_browser_cold_start.py"
    if not test.exists():
        return "FAIL: no such test on this checkout"
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{test}::test_ten_sessions_at_once_on_a_fresh_server_show_no_error"],
                            cwd=REPO, capture_output=True, text=True)
    return verdict(None if result.returncode == 0 else result.stdout.strip().splitlines()[-1])


@attempt(28, "40 distinct backlog days")
def backlog_days(work: Work) -> str:
    from streamlit.testing.v1 import AppTest

    warehouse, _ = work.w()
    os.environ["ONCEDONE_WAREHOUSE"] = str(warehouse)
    try:
        from oncedone.app.cache import CACHE
    except ImportError:
        return "FAIL: the caches are bounded by entries only (st.cache_data max_entries)"
    for day in range(40):
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
        at.query_params["to"] = f"2018-{1 + day // 28:02d}-{1 + day % 28:02d}"
        at.run()
        at.switch_page("views/backlog.py").run()
        if at.exception:
            return f"FAIL: {at.exception[0].value[:120]}"
    return verdict(None if CACHE.total_bytes <= CACHE.max_bytes else "over budget") + \
        f" (cache {CACHE.total_bytes >> 20} MB of {CACHE.max_bytes >> 20} MB)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated attempt numbers")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    root = args.work or Path(tempfile.mkdtemp(prefix="hostile-attempts-"))
    root.mkdir(parents=True, exist_ok=True)
    work = Work(root)
    chosen = [int(n) for n in args.only.split(",") if n] or sorted(ATTEMPTS)
    results = {}
    for number in chosen:
        title, function = ATTEMPTS[number]
        started = time.perf_counter()
        try:
            said = function(work)
        except Exception as err:
            said = f"FAIL: {type(err).__name__}: {str(err)[:200]} ({traceback.extract_tb(err.__traceback__)[-1].lineno})"
        results[number] = said
        print(f"| {number} | {title} | {said} | {time.perf_counter() - started:.0f} s |", flush=True)
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()
