"""Publication-safe exports (issue 21): primary suppression under k, secondary suppression so that
no masked cell comes back from the published margins, and an attacker who tries and fails.

The attacker here is written independently of oncedone/kpi/publication.py: it reads only the
published table (its "s" cells, the other cells and the totals) and tries (1) linear algebra: a
masked cell is recovered when its unit vector lies in the row space of the margin equations
(rank test), (2) bounds: every count is >= 0, each equation bounds each masked cell by the others,
tightened until nothing moves; recovered when its lower and upper bounds meet.
"""

from datetime import date

import numpy as np
import polars as pl
import pytest

from oncedone import config, scenario
from oncedone.kpi import indicators, publication
from oncedone.kpi.publication import MASKED, TOTAL, Count
from oncedone.store import ingest
from oncedone.store.warehouse import Warehouse
from oncedone.access import EVERYTHING


def grid(rows: dict) -> pl.DataFrame:
    """A long frame (r, c, n) from {r: [n for columns a, b, c, ...]}."""
    return pl.DataFrame([{"r": r, "c": "abcdefgh"[i], "n": n} for r, ns in rows.items() for i, n in enumerate(ns)])


def test_one_small_cell_takes_three_complements_with_it():
    #        a    b    c  | total
    # x     50    4   30  |  84      4 < 11: primary.
    # y     20   60   12  |  92      row x then holds one masked cell: its smallest other, c = 30;
    # z     40   70   25  | 135      column b: its smallest other, y.b = 60 (z.b = 70 is larger);
    # total 110  134  67  | 311      column c: y.c = 12; row y is then b and c: two, done.
    out = publication.published(grid({"x": [50, 4, 30], "y": [20, 60, 12], "z": [40, 70, 25]}), "r", "c",
                                [Count("n")], {}, 11)
    masked = {(r, c) for r, c, n in out.iter_rows() if n == MASKED}
    assert masked == {("x", "b"), ("x", "c"), ("y", "b"), ("y", "c")}
    # The margins stay published: 84, 92, 135; 110, 134, 67; 311.
    totals = {(r, c): n for r, c, n in out.iter_rows() if TOTAL in (r, c)}
    assert totals[("x", TOTAL)] == "84" and totals[(TOTAL, "b")] == "134" and totals[(TOTAL, TOTAL)] == "311"
    assert not recovered(out, "r", "c", "n", flows=True)


def test_a_cell_the_two_per_line_rule_leaves_exposed_gets_one_more_complement():
    # Two rectangles of masked cells joined by one cell: every line holds two masked cells, yet
    # the joining cell x.c is determined (row x: a + b + c known; column a: x.a + y.a known...).
    values = {("x", "a"): 5, ("x", "b"): 5, ("x", "c"): 5, ("y", "a"): 5, ("y", "b"): 5,
              ("z", "c"): 5, ("z", "d"): 5, ("w", "d"): 5, ("w", "c"): 50}
    rows, columns = ["w", "x", "y", "z"], ["a", "b", "c", "d"]
    for r in rows:
        for col in columns:
            values.setdefault((r, col), 100)
    lines = publication.table_lines(rows, columns)
    cells = publication.with_margins(pl.DataFrame([{"r": r, "c": c, "n": v} for (r, c), v in values.items()]),
                                     "r", "c", "n")
    chosen = {("x", "a"), ("x", "b"), ("y", "a"), ("y", "b"), ("x", "c"), ("z", "c"), ("z", "d"), ("w", "d"), ("w", "c")}
    # Rows: w {c, d}, x {a, b, c}, y {a, b}, z {c, d}; columns a {x, y}, b {x, y}, c {w, x, z}, d {w, z}.
    assert publication.determined(cells, lines, chosen) == {("x", "c")}  # on no cycle: row x minus a and b
    safe = publication.secondary(cells, lines, chosen)
    assert publication.determined(cells, lines, safe) == set()
    assert safe > chosen


def test_zero_is_published_and_rates_go_with_their_counts():
    frame = pl.DataFrame({"r": ["x", "x", "y", "y"], "c": ["a", "b", "a", "b"],
                          "all": [40, 0, 30, 50], "part": [35, 0, 29, 20]})
    out = publication.published(frame, "r", "c", [Count("all"), Count("part", part_of="all")],
                                {"part_rate": ("part", "all")}, 11)
    row = {(r, c): (a, p, rate) for r, c, a, p, rate in out.select("r", "c", "all", "part", "part_rate").iter_rows()}
    assert row[("x", "b")] == ("0", "0", "")  # nobody: nothing to hide, and no rate over nobody
    # y.a: 30 of which 29: the 1 left out would be told by 30 - 29, so the part is masked, and its rate.
    assert row[("y", "a")][1:] == (MASKED, MASKED)
    # x.a: 40 and 35: 5 left out, masked too; with y.a, column a's total of parts stays safe.
    assert row[("x", "a")][1:] == (MASKED, MASKED)


# The attacker ------------------------------------------------------------------------------


def equations(out: pl.DataFrame, row: str, column: str, value: str, flows: bool) -> list[tuple[list, object]]:
    """The margin equations an attacker reads off the published table: (parts, total)."""
    rows = sorted({r for r in out[row].to_list() if r != TOTAL}, key=str)
    columns = sorted({c for c in out[column].to_list() if c != TOTAL}, key=str)
    eqs = [([(r, c) for r in rows], (TOTAL, c)) for c in columns]
    if flows:
        eqs += [([(r, c) for c in columns], (r, TOTAL)) for r in rows]
        eqs += [([(TOTAL, c) for c in columns], (TOTAL, TOTAL)), ([(r, TOTAL) for r in rows], (TOTAL, TOTAL))]
    return eqs


def recovered(out: pl.DataFrame, row: str, column: str, value: str, flows: bool, truth: dict | None = None) -> set:
    """The masked cells the attacker works out exactly, by either attack."""
    cells = {(r, c): v for r, c, v in out.select(row, column, value).iter_rows()}
    unknown = sorted((key for key, v in cells.items() if v == MASKED), key=str)
    if not unknown:
        return set()
    index = {key: i for i, key in enumerate(unknown)}
    known = {key: float(v) for key, v in cells.items() if v not in (MASKED, "")}
    eqs = equations(out, row, column, value, flows)
    # (1) Linear algebra: e_i in the row space of the equations on the unknowns.
    matrix = []
    for parts, total in eqs:
        line = np.zeros(len(unknown))
        for p in parts:
            if p in index:
                line[index[p]] += 1
        if total in index:
            line[index[total]] -= 1
        matrix.append(line)
    a = np.array(matrix)
    rank = np.linalg.matrix_rank(a)
    exact = {key for key, i in index.items() if np.linalg.matrix_rank(np.vstack([a, np.eye(len(unknown))[i]])) == rank}
    # (2) Bounds: counts are >= 0; each equation bounds each unknown by the others' bounds.
    big = sum(v for (r, c), v in known.items() if TOTAL in (r, c)) or 1e12
    low, high = {k: 0.0 for k in unknown}, {k: big for k in unknown}
    for _ in range(100):
        moved = False
        for parts, total in eqs:
            terms = [(p, 1) for p in parts] + [(total, -1)]
            if not any(t in index for t, _ in terms):
                continue
            # sum(sign * x) = 0 over the line: bound each unknown by the rest.
            for target, sign in terms:
                if target not in index:
                    continue
                lo_rest = hi_rest = 0.0
                for other, s in terms:
                    if other == target:
                        continue
                    if other in index:
                        lo, hi = (low[other], high[other]) if s > 0 else (-high[other], -low[other])
                    else:
                        lo = hi = s * known.get(other, 0.0)
                    lo_rest, hi_rest = lo_rest + lo, hi_rest + hi
                # sign * x = -(rest): x in [-hi_rest, -lo_rest] / sign
                lo, hi = (-hi_rest, -lo_rest) if sign > 0 else (lo_rest, hi_rest)
                if lo > low[target] + 1e-9:
                    low[target], moved = lo, True
                if hi < high[target] - 1e-9:
                    high[target], moved = hi, True
        if not moved:
            break
    if truth is not None:  # the attack is sound: the true value is always inside its bounds
        assert all(low[k] - 1e-6 <= truth[k] <= high[k] + 1e-6 for k in unknown)
    pinned = {k for k in unknown if high[k] - low[k] < 0.5}
    return exact | pinned


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The reference scenario at scale 0.01, through the real import (as `make run` builds it)."""
    folder = tmp_path_factory.mktemp("publication")
    paths = scenario.generate(folder / "exports", scale=0.01, file_format="parquet")
    outcome = ingest.ingest(folder / "demo.duckdb", list(paths.values()))
    assert outcome.exit_code == 0
    return Warehouse(folder / "demo.duckdb")


def test_the_backlog_by_department_and_month_at_0_01_has_masked_cells_none_of_which_comes_back(demo):
    cfg = config.load()
    selection = indicators.Selection(date(2018, 1, 1), date(2018, 12, 31), scope=EVERYTHING)
    rows = indicators.dataset(demo, "department_month", selection, cfg)
    out = publication.department_month(rows, cfg.publication_min_count)
    truth_frame = publication.department_month(rows, None)  # the same table unmasked (k = 1: nothing under it)
    assert cfg.publication_min_count == 11
    for count in publication.DEPARTMENT_MONTH_COUNTS:
        column, flows = count.column, count.is_flow
        truth = {(r, c): float(v) for r, c, v in truth_frame.select("department", "month", column).iter_rows() if v != ""}
        masked = out.filter(pl.col(column) == MASKED).height
        if column.startswith("backlog"):
            assert masked > 0, column  # small departments' backlogs at 0.01
        assert recovered(out, "department", "month", column, flows, truth) == set(), column
        # Nothing under k is published (a 0 is: it discloses nobody).
        shown = [int(v) for v in out[column].to_list() if v not in (MASKED, "")]
        assert all(v == 0 or v >= 11 for v in shown), column
    # A rate is masked with either of its counts; a part whose complement is small is masked.
    for rate, (numerator, denominator) in publication.DEPARTMENT_MONTH_RATES.items():
        hidden = out.filter((pl.col(numerator) == MASKED) | (pl.col(denominator) == MASKED))
        assert hidden[rate].to_list() == [MASKED] * hidden.height
        both = out.filter((pl.col(numerator) != MASKED) & (pl.col(denominator) != MASKED) & (pl.col(denominator) != ""))
        gaps = [int(d) - int(n) for n, d in both.select(numerator, denominator).iter_rows()]
        assert all(g == 0 or g >= 11 for g in gaps), rate


def test_the_department_month_table_agrees_with_the_report(demo):
    cfg = config.load()
    december = indicators.Selection(date(2018, 12, 1), date(2018, 12, 31), scope=EVERYTHING)
    rows = indicators.dataset(demo, "department_month", december, cfg)
    report = indicators.report(demo, december, cfg)
    assert rows["backlog_count"].sum() == report["backlog"]
    assert rows["backlog_over_target_count"].sum() == report["backlog_over_target"]
    assert rows["delivered_count"].sum() == report["delivered"]
    assert rows["delivered_within_target_count"].sum() == round(report["within_target_rate"] * report["delivered"])


def test_the_publication_file_says_the_totals_in_words_and_masks_with_s():
    from oncedone.app import exports

    frame = pl.DataFrame({"department": ["75", "75", None, None], "month": ["2018-01", "2018-02"] * 2,
                          "submitted_count": [40, 5, 30, 50]})
    table = publication.published(frame, "department", "month", [Count("submitted_count")], {}, 11)
    lines = exports.publication_csv(table, None, "fr").decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Département;Mois;Demandes déposées"
    # 75: 40 and 5 (masked), so 40 too (the row); column 2018-02: 5 masked, so 50 too. Not given: 30, 50.
    assert lines[1:4] == ["75;2018-01;s", "75;2018-02;s", "75;Toute la période;45"]
    assert "Non renseigné;2018-01;s" in lines and "Ensemble;Toute la période;125" in lines
