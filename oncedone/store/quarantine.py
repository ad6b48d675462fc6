"""The quarantined rows as a data officer reads them: original values in the export's columns (the
CSV to fix and import again is written by app/exports.py, beside the other downloads)."""

import csv
import io
import json

import polars as pl

from oncedone.store import contract

KINDS = {kind.name: kind for kind in contract.KINDS}
# French spreadsheets split CSV on ";" (and the import accepts both).
SEPARATORS = {"fr": ";", "en": ","}


def original_values(row_json: str, kind: str) -> list[str | None]:
    """A quarantined row's values as read from its file, in the order of its kind's columns."""
    stored = json.loads(row_json)
    return [stored.get(column) for column in KINDS[kind].columns]


VALUE_PREFIX = "file."  # an original value's column: `file.channel` (a contact's reason is not the rejection's)


def for_display(rows: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str]]:
    """The rows of `app/quarantine_rows` with their original values beside them, and the labels of
    those value columns (the export's own column names): one column per export column when every
    row is of one kind, else the values as one line of the file."""
    values = _values(rows)
    labels = {name: name.removeprefix(VALUE_PREFIX) for name in values.columns if name.startswith(VALUE_PREFIX)}
    # With the values in their columns, the kind and the id say nothing more.
    repeated = ("kind", "record_key") if labels else ()
    return rows.drop("import_id", "row_json", "total_count", *repeated, strict=False).hstack(values), labels


SHOWN_CHARS = 1000  # a value shown longer is cut (a 200 MB one would exceed a page's message size)


def _shown(value: str | None) -> str | None:
    return value[:SHOWN_CHARS] + "…" if value is not None and len(value) > SHOWN_CHARS else value


def _values(rows: pl.DataFrame) -> pl.DataFrame:
    kinds = rows["kind"].unique().to_list()
    if len(kinds) == 1:
        columns = KINDS[kinds[0]].columns
        values = [[_shown(v) for v in original_values(r, kinds[0])] for r in rows["row_json"]]
        return pl.DataFrame([pl.Series(VALUE_PREFIX + c, [v[i] for v in values], pl.String) for i, c in enumerate(columns)])
    lines = [_shown(_csv_line(original_values(r, k), ",")) for r, k in zip(rows["row_json"], rows["kind"])]
    return pl.DataFrame([pl.Series("original_values", lines, pl.String)])


def _csv_line(values: list[str | None], separator: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="").writerow(["" if v is None else v for v in values])
    return out.getvalue()


def filter_options(facets: pl.DataFrame) -> dict[str, list[str]]:
    """The files, kinds (in the contract's order) and reasons found in the quarantine."""
    order = list(KINDS)
    return {
        "file_name": sorted(facets["file_name"].unique().to_list()),
        "kind": sorted(facets["kind"].unique().to_list(), key=order.index),
        "reason": sorted(facets["reason"].unique().to_list()),
    }


def kinds_chosen(facets: pl.DataFrame, file_names: list[str], kinds: list[str], reasons: list[str]) -> list[tuple[str, int]]:
    """The kinds of file among the chosen rows and how many rows each: one download per kind."""
    chosen = facets
    for column, values in (("file_name", file_names), ("kind", kinds), ("reason", reasons)):
        if values:  # an empty list chooses everything, as in the SQL
            chosen = chosen.filter(pl.col(column).is_in(values))
    counts = dict(chosen.group_by("kind").agg(pl.col("row_count").sum()).iter_rows())
    return [(kind, int(counts[kind])) for kind in KINDS if kind in counts]
