"""The same indicators on Apache Spark, proven equal: every derived table and every dataset of
queries/indicators/, computed by DuckDB and by a real standalone cluster (a master and two workers on
127.0.0.1, oncedone.spark.cluster) over the same Parquet handover, then compared: sorted rows,
doubles to 1e-9 relative, instants in UTC.

Two warehouses, both through the real import: the golden one of test_indicators_golden, and a
seeded random one crowded around both clock changes (29 October 2017, 25 March 2018), where an
instant's Paris day, hour and wall-clock seconds are easiest to get wrong.
"""

import glob
import math
import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from oncedone import config
from oncedone.access import EVERYTHING, Grant, Scope
from oncedone.kpi import indicators
from oncedone.spark import cluster, translate
from oncedone.spark.runner import SparkWarehouse, session
from oncedone.store import contract, ingest
from oncedone.store.handover import base_tables, export_parquet
from oncedone.store.warehouse import derived_tables, migrate, parameter_names, rebuild_derived, run
from tests import test_indicators_golden as golden
from tests.conftest import REPO, export_files

INDICATORS = sorted(Path(p).stem for p in glob.glob(str(REPO / "queries/indicators/*.sql")))
DERIVED = [d.table for d in derived_tables()]
UTC = timezone.utc


# The data ---------------------------------------------------------------------------------------------


def clock_change_exports(folder: Path, seed: int = 20171029) -> list[Path]:
    """A random warehouse's exports, half of its instants within four hours of a clock change."""
    rng = random.Random(seed)
    changes = [datetime(2017, 10, 29, 1, 0, tzinfo=UTC), datetime(2018, 3, 25, 1, 0, tzinfo=UTC)]

    def instant() -> datetime:
        if rng.random() < 0.5:  # within the night of a change, to the minute
            return rng.choice(changes) + timedelta(minutes=rng.randint(-240, 240))
        return datetime(2017, 10, 15, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 60 * 24 * 180))

    text = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    requests, events, contacts = [], [], []
    paths = [["in_review", "approved", "in_production", "shipped", "delivered"],
             ["incomplete", "resubmitted", "in_review", "approved", "in_production", "shipped", "delivered"],
             ["in_review", "rejected"], ["cancelled"], ["in_review"], ["incomplete"], []]
    citizens = [f"C{i}" for i in range(40)]
    linked = []
    for i in range(80):
        request_id, citizen, submitted = f"R{i}", rng.choice(citizens), instant()
        title_type = rng.choice(contract.TITLE_TYPES)
        department = rng.choice(["75", "13", "2A", "971", "59", ""])
        requests.append(f"{request_id},{title_type},{text(submitted)},{department},"
                        f"{rng.choice(contract.SUBMISSION_CHANNELS)},{citizen}")
        events.append(f"{request_id},submitted,{text(submitted)}")
        at = submitted
        for status in rng.choice(paths):
            at += timedelta(minutes=rng.choice([0, 30, rng.randint(60, 60 * 24 * 20)]))
            events.append(f"{request_id},{status},{text(at)}")
        linked.append((request_id, citizen))
    for i in range(240):
        channel = rng.choice(contract.CHANNELS)
        request_id, citizen = rng.choice(linked) if rng.random() < 0.6 else ("", rng.choice(citizens + [""]))
        received = instant()
        if rng.random() < 0.2 and contacts:  # a repeat exactly W or a second more after an earlier contact
            received = datetime.strptime(contacts[-1].split(",")[2], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            received += timedelta(days=7, seconds=rng.choice([0, 1]))
        outcome = rng.choice(contract.OUTCOMES)
        answered = "" if outcome in ("abandoned", "pending") else text(received + timedelta(minutes=rng.choice(
            [0, 5, rng.randint(60, 60 * 24 * 6)])))
        team = {"phone": "N1", "chatbot": "BOT"}.get(channel, "MAIL")
        agent = "" if channel == "chatbot" or not answered else rng.choice(["X1", "X2", "X3"])
        handle = str(rng.randint(30, 900)) if channel == "phone" and answered else ""
        csat = str(rng.randint(1, 5)) if rng.random() < 0.3 else ""
        contacts.append(f"K{i},{channel},{text(received)},{answered},{outcome},{rng.choice(contract.REASONS)},"
                        f"{citizen},{request_id},{team},{agent},{handle},{csat}")
    return export_files(folder, requests, events, contacts)


WAREHOUSES = {
    "golden": (lambda folder: export_files(folder, golden.REQUESTS, golden.EVENTS, golden.CONTACTS),
               (date(2018, 3, 1), date(2018, 3, 31)), date(2018, 3, 25)),
    "clock_changes": (clock_change_exports, (date(2017, 10, 1), date(2018, 4, 30)), date(2017, 10, 29)),
}


class DuckDBOverParquet:
    """DuckDB's side: the handover's base tables loaded into memory, derived tables rebuilt whole."""

    def __init__(self, parquet: Path):
        self.con = duckdb.connect()
        self.con.execute("set timezone = 'UTC'")
        migrate(self.con)
        for table in base_tables():
            files = str(parquet / table / "**" / "*.parquet")
            self.con.execute(f"delete from {table}")  # the rows a new schema starts with (warehouse_extent's)
            self.con.execute(f"insert into {table} by name select * from read_parquet('{files}', hive_partitioning = false)")
        rebuild_derived(self.con)

    def query(self, name: str, **params) -> pl.DataFrame:
        return run(self.con, name, **params)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    with cluster.running(tmp_path_factory.mktemp("spark-cluster")) as url:
        spark = session(url, "oncedone-differential")
        yield spark
        spark.stop()


@pytest.fixture(scope="module", params=sorted(WAREHOUSES))
def engines(request, spark, tmp_path_factory):
    """(name, DuckDB's side, Spark's side) over one warehouse's handover."""
    name = request.param
    folder = tmp_path_factory.mktemp(name)
    write, _, _ = WAREHOUSES[name]
    outcome = ingest.ingest(folder / "w.duckdb", write(folder))
    assert outcome.exit_code in (0, 1), ingest.summary(outcome, name)  # 1: a few random rows quarantined
    export_parquet(folder / "w.duckdb", folder / "parquet")
    theirs = SparkWarehouse(spark, folder / "parquet", folder / "spark-derived")
    theirs.build()
    return name, DuckDBOverParquet(folder / "parquet"), theirs


# The comparison -----------------------------------------------------------------------------------------


def _value(v):
    if isinstance(v, datetime):
        return ("instant", v.astimezone(UTC).isoformat()) if v.tzinfo else ("local", v.isoformat())
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, list):
        return tuple(_value(x) for x in v)
    return v


def _sort_key(row):
    return tuple((v is None, round(v, 6) if isinstance(v, float) else str(v)) for v in row)


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def differences(ours: pl.DataFrame, theirs: pl.DataFrame) -> list[str]:
    """What differs between two results, empty when they are equal as sets of rows."""
    if ours.columns != theirs.columns:
        return [f"columns {ours.columns} != {theirs.columns}"]
    rows = [sorted((tuple(_value(v) for v in r) for r in f.iter_rows()), key=_sort_key) for f in (ours, theirs)]
    if len(rows[0]) != len(rows[1]):
        return [f"{len(rows[0])} rows != {len(rows[1])} rows"]
    return [f"row {i}: {a} != {b}" for i, (a, b) in enumerate(zip(*rows))
            if not all(_same(x, y) for x, y in zip(a, b))][:5]


def parameter_sets(name: str, warehouse: str) -> list[dict]:
    """The parameters a dataset is compared at: the whole period nationally, and filtered under a scope."""
    _, (start, end), day = WAREHOUSES[warehouse]
    cfg = config.load()
    national = indicators.Selection(start, end, scope=EVERYTHING)
    filtered = indicators.Selection(start, end, title_types=("passport", "vehicle_registration"),
                                    departments=("75", "2A"), channels=("phone", "email"), window_days=3,
                                    scope=Scope((Grant(("passport",), None), Grant(("vehicle_registration",), ("75",)),
                                                  Grant(None, ("2A",)))))
    names = parameter_names(f"indicators/{name}")
    grains = ("day", "week", "month", "period") if "grain" in names else ("day",)
    sets = [(national, grain) for grain in grains] + [(filtered, "week")]
    return [{k: v for k, v in {**selection.params(cfg), "grain": grain, "day": day,
                               "before_day": day - timedelta(days=7)}.items() if k in names}
            for selection, grain in sets]


# The tests -----------------------------------------------------------------------------------------------


def test_every_query_is_covered():
    """The lists below are read from queries/: a new file is compared, or fails to translate, never skipped."""
    assert len(INDICATORS) == len(glob.glob(str(REPO / "queries/indicators/*.sql"))) >= 20
    assert len(DERIVED) == len(glob.glob(str(REPO / "queries/derived/*.sql"))) >= 12


@pytest.mark.parametrize("table", DERIVED)
def test_derived_table_is_the_same_on_spark(engines, table):
    name, ours, theirs = engines
    found = differences(ours.con.sql(f"select * from {table}").pl(), pl.from_arrow(theirs.spark.table(table).toArrow()))
    assert not found, f"{table} on {name}: {found}"


@pytest.mark.parametrize("dataset", INDICATORS)
def test_indicator_dataset_is_the_same_on_spark(engines, dataset):
    name, ours, theirs = engines
    compared = 0
    for params in parameter_sets(dataset, name):
        mine = ours.query(f"indicators/{dataset}", **params)
        found = differences(mine, theirs.query(f"indicators/{dataset}", **params))
        assert not found, f"{dataset} on {name} with {params}: {found}"
        compared += mine.height
    assert compared > 0, f"{dataset} on {name}: no row at any parameter set, a comparison of nothing"


def test_the_report_is_the_same_on_spark(engines):
    name, ours, theirs = engines
    _, (start, end), _ = WAREHOUSES[name]
    selection = indicators.Selection(start, end, scope=EVERYTHING)
    mine, spark_report = (indicators.report(side, selection, config.load()) for side in (ours, theirs))
    assert mine.keys() == spark_report.keys()
    for key in mine:
        assert _same_json(mine[key], spark_report[key]), f"{key}: {mine[key]} != {spark_report[key]}"


def _same_json(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b))
    return _same(a, b)


# The layer fails loudly, and the comparison catches its mistakes ---------------------------------------


@pytest.mark.parametrize("sql", [
    "select levenshtein(a, b) from t",   # unknown to the layer: SQLGlot would pass it through
    "select median(x) from t",           # known to SQLGlot, not checked by us
    "select epoch(x) from t",            # neither an instant nor a difference, by its name
    "select timezone('Europe/Paris', x) from t",  # an instant or a Paris time? x does not say
])
def test_what_the_layer_cannot_translate_fails_loudly(sql):
    with pytest.raises(translate.TranslationError):
        translate.to_spark(sql)


def _mistaken(monkeypatch, wrong):
    """Run the layer with one rule replaced by a wrong one."""
    right = translate._rewrite
    monkeypatch.setattr(translate, "_rewrite", lambda node: wrong(node) or right(node))


def test_a_wrong_percentile_rule_is_caught(engines, monkeypatch):
    """quantile_cont(x, p) as percentile(x, 1 - p): the delivery times' p90 becomes their p10."""
    name, ours, theirs = engines
    from sqlglot import exp

    def wrong(node):
        if isinstance(node, exp.PercentileCont):
            return translate._call("percentile", node.this, exp.Sub(this=exp.Literal.number(1), expression=node.expression))

    _mistaken(monkeypatch, wrong)
    dataset = "indicators/delivery_distribution_by_title_type"
    params = parameter_sets("delivery_distribution_by_title_type", name)[0]
    assert differences(ours.query(dataset, **params), theirs.query(dataset, **params))


def test_a_missing_paris_rule_is_caught(engines, monkeypatch):
    """timezone('Europe/Paris', instant) read as the instant itself: Paris hours become UTC hours."""
    name, ours, theirs = engines
    from sqlglot import exp

    def wrong(node):
        if isinstance(node, exp.Anonymous) and node.name.lower() == "timezone":
            return node.expressions[1]

    _mistaken(monkeypatch, wrong)
    params = parameter_sets("contacts_by_hour", name)[0]
    assert differences(ours.query("indicators/contacts_by_hour", **params), theirs.query("indicators/contacts_by_hour", **params))


def test_the_commands_hand_over_and_report_the_same(tmp_path):
    """export-parquet then spark-report print what report prints, as a user runs them (Spark in local mode:
    the module's cluster has its two cores taken by the differential session)."""
    from tests.conftest import cli
    import json

    files = export_files(tmp_path, golden.REQUESTS, golden.EVENTS, golden.CONTACTS)
    assert ingest.ingest(tmp_path / "w.duckdb", files).exit_code == 0
    done = cli("export-parquet", "--warehouse", str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "handover"))
    assert done.returncode == 0, done.stderr
    assert "requests 12," in done.stderr and (tmp_path / "handover" / "requests" / "export_month=2018-03").is_dir()
    period = ["--from", "2018-03-01", "--to", "2018-03-31", "--title-type", "passport"]
    ours = cli("report", "--warehouse", str(tmp_path / "w.duckdb"), *period)
    theirs = cli("spark-report", "--master", "local[1]", "--parquet", str(tmp_path / "handover"), *period, timeout=600)
    assert theirs.returncode == 0, theirs.stderr[-2000:]
    assert _same_json(json.loads(ours.stdout), json.loads(theirs.stdout))
    refused = cli("spark-report", "--master", "local[1]", "--parquet", str(tmp_path), *period)
    assert refused.returncode == 2 and "holds no handover" in refused.stderr
