"""Publication-safe tables: counts of people under k masked, and enough other cells masked that no
masked cell can be worked out again from what is published.

Primary suppression: a count from 1 to k - 1 is masked (k from [publication] min_count, default 11,
the French public-health data rule "no figure under 11"); so is every rate built on a masked count,
and a count whose complement within its population is under k (delivered late = delivered -
delivered within target), since the two published counts would give it away.

Secondary suppression follows the convention of INSEE's "Guide du secret statistique" (the
Eurostat/ESS Handbook on Statistical Disclosure Control's rule for tables with margins): no line
of a table (a row or a column with its published total) may hold exactly one masked cell, else the
total minus the others gives it back; the complement masked is the smallest non-zero cell of the
line, the least information lost. Lines holding two masked cells can still give one away through
other lines (a masked cell that lies on no cycle of masked cells); so the table is then checked by
linear algebra, as an attacker would do it: a masked cell is safe only when the published cells
and totals leave it free (its coordinate is non-zero in some vector of the null space of the
equations restricted to the masked cells); any that is not gets one more complement in its row.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

TOTAL = "__total__"  # the key of a margin: the whole row or the whole column


@dataclass(frozen=True)
class Line:
    """A published equation: the cells `parts` add up to the cell `total`."""

    parts: tuple
    total: object


def primary(values: dict, k: int) -> set:
    """The cells whose count is a small group of people: 1 to k - 1 (a 0 discloses nobody)."""
    return {key for key, v in values.items() if v is not None and 0 < v < k}


def secondary(values: dict, lines: list[Line], masked: set) -> set:
    """The masked cells after secondary suppression: every line holds 0 or at least 2 masked cells,
    and no masked cell is determined by the published cells and totals."""
    masked = set(masked)
    while True:
        _complete_lines(values, lines, masked)
        exposed = determined(values, lines, masked)
        if not exposed:
            return masked
        # One more complement in a line of the first exposed cell, then check again.
        key = min(exposed, key=str)
        line = next(line for line in lines if key in line.parts or key == line.total)
        cells = [c for c in (*line.parts, line.total) if c not in masked]
        if not cells:  # every cell of its lines is masked already: cannot happen with a determined cell
            raise AssertionError(f"cell {key} is determined though its lines are masked")
        masked.add(_smallest(values, cells))


def _complete_lines(values: dict, lines: list[Line], masked: set) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells = (*line.parts, line.total)
            if sum(c in masked for c in cells) == 1:
                masked.add(_smallest(values, [c for c in cells if c not in masked]))
                changed = True


def _smallest(values: dict, cells: list) -> object:
    """The complement: the smallest non-zero cell (a masked 0 hides little), inner cells before totals."""
    return min(cells, key=lambda c: (values[c] == 0, values[c], c[0] == TOTAL or c[1] == TOTAL, str(c)))


def determined(values: dict, lines: list[Line], masked: set) -> set:
    """The masked cells an attacker recovers exactly from the published cells and totals by linear algebra."""
    unknown = sorted(masked, key=str)
    if not unknown:
        return set()
    index = {key: i for i, key in enumerate(unknown)}
    rows = []
    for line in lines:
        row = np.zeros(len(unknown))
        for part in line.parts:
            if part in index:
                row[index[part]] += 1
        if line.total in index:
            row[index[line.total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    # The masked cells are free exactly along the null space of the equations they take part in.
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular.max())).sum())
    null = vt[rank:]
    free = np.abs(null).max(axis=0) > 1e-9 if null.size else np.zeros(len(unknown), dtype=bool)
    return {key for key, i in index.items() if not free[i]}


def table_lines(rows: list, columns: list, row_totals: bool = True) -> list[Line]:
    """The equations of a rows x columns table published with its margins: each row adds up to its
    total (when `row_totals`: a stock summed over months means nothing), each column to its total,
    and the totals to the grand total."""
    lines = [Line(tuple((r, c) for r in rows), (TOTAL, c)) for c in columns]
    if row_totals:
        lines += [Line(tuple((r, c) for c in columns), (r, TOTAL)) for r in rows]
        lines += [Line(tuple((TOTAL, c) for c in columns), (TOTAL, TOTAL)),
                  Line(tuple((r, TOTAL) for r in rows), (TOTAL, TOTAL))]
    return lines


def with_margins(frame: pl.DataFrame, row: str, column: str, value: str, row_totals: bool = True) -> dict:
    """The cells of one count as {(row, column): n}, with the margins under TOTAL keys."""
    cells = {(r, c): int(v) for r, c, v in frame.select(row, column, value).iter_rows()}
    rows = sorted({r for r, _ in cells}, key=lambda x: (x is None, str(x)))
    columns = sorted({c for _, c in cells})
    for r in rows:
        for c in columns:
            cells.setdefault((r, c), 0)
    for c in columns:
        cells[(TOTAL, c)] = sum(cells[(r, c)] for r in rows)
    if row_totals:
        for r in rows:
            cells[(r, TOTAL)] = sum(cells[(r, c)] for c in columns)
        cells[(TOTAL, TOTAL)] = sum(cells[(r, TOTAL)] for r in rows)
    return cells


@dataclass(frozen=True)
class Count:
    """One count of a publication: its column, whether it adds up over the columns (a flow) or not
    (a stock), and the larger count it is part of, whose complement must not be small either."""

    column: str
    is_flow: bool = True
    part_of: str | None = None


def suppress(frame: pl.DataFrame, row: str, column: str, counts: list[Count], k: int) -> tuple[dict, dict]:
    """Every count of `frame` (one row per (row, column)) as cells with margins, and the set of
    cells masked in each, primary and secondary suppression done."""
    cells = {c.column: with_margins(frame, row, column, c.column, c.is_flow) for c in counts}
    masked = {}
    for count in counts:
        values = cells[count.column]
        hidden = primary(values, k)
        if count.part_of:
            whole = cells[count.part_of]
            hidden |= {key for key, v in values.items() if key in whole and 0 < whole[key] - v < k}
        rows = sorted({r for r, _ in values if r != TOTAL}, key=lambda x: (x is None, str(x)))
        columns = sorted({c for _, c in values if c != TOTAL})
        masked[count.column] = secondary(values, table_lines(rows, columns, count.is_flow), hidden)
    return cells, masked


MASKED = "s"  # INSEE's mark of a figure under statistical secrecy, in both languages' tables


def published(frame: pl.DataFrame, row: str, column: str, counts: list[Count], rates: dict[str, tuple[str, str]],
              k: int) -> pl.DataFrame:
    """The table as it may be published: one row per (row, column) with the margins (TOTAL rows and
    columns), every count and rate as text, masked cells as MASKED, a margin that means nothing (a
    stock summed over months) empty. `rates` maps a rate to its (numerator, denominator) counts."""
    cells, masked = suppress(frame, row, column, counts, k)
    keys = sorted(set().union(*(c.keys() for c in cells.values())),
                  key=lambda key: (key[0] == TOTAL, key[0] is None, str(key[0]), key[1] == TOTAL, str(key[1])))
    out = {row: [], column: []} | {c.column: [] for c in counts} | {name: [] for name in rates}
    for key in keys:
        out[row].append(key[0])
        out[column].append(key[1])
        for count in counts:
            value = cells[count.column].get(key)
            out[count.column].append(MASKED if key in masked[count.column] else "" if value is None else str(value))
        for name, (numerator, denominator) in rates.items():
            hidden = key in masked[numerator] or key in masked[denominator]
            n, d = cells[numerator].get(key), cells[denominator].get(key)
            out[name].append(MASKED if hidden else "" if not d else f"{n / d:.3f}")
    return pl.DataFrame(out, schema={name: pl.String for name in out})


DEPARTMENT_MONTH_COUNTS = [
    Count("submitted_count"),
    Count("delivered_count"),
    Count("delivered_within_target_count", part_of="delivered_count"),
    Count("backlog_count", is_flow=False),
    Count("backlog_over_target_count", is_flow=False, part_of="backlog_count"),
]
DEPARTMENT_MONTH_RATES = {
    "within_target_rate": ("delivered_within_target_count", "delivered_count"),
    "backlog_over_target_rate": ("backlog_over_target_count", "backlog_count"),
}


def department_month(rows: pl.DataFrame, k: int | None) -> pl.DataFrame:
    """indicators/department_month as a table to take away: months as YYYY-MM, the totals, and,
    with `k`, masked for publication (without it: every cell, for internal use)."""
    frame = rows.with_columns(pl.col("month_start_day").dt.strftime("%Y-%m").alias("month"))
    return published(frame, "department", "month", DEPARTMENT_MONTH_COUNTS, DEPARTMENT_MONTH_RATES, k or 1)


def backlog_by_department(segments: pl.DataFrame, k: int | None) -> pl.DataFrame:
    """The backlog counted by department and title type (from its segments: backlog_count,
    over_target_count), with the totals, masked for publication with `k`: a list of applications
    is never published, its counts may be."""
    counts = segments.group_by("department", "title_type").agg(
        pl.col("backlog_count").sum(), pl.col("over_target_count").sum().alias("backlog_over_target_count"))
    return published(counts, "department", "title_type",
                     [Count("backlog_count"), Count("backlog_over_target_count", part_of="backlog_count")],
                     {"backlog_over_target_rate": ("backlog_over_target_count", "backlog_count")}, k or 1)
