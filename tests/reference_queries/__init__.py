"""The reader queries as they stood before issue 16 made pages read serving tables: a frozen copy of
queries/{indicators,backlog,app,load,quickwins} and freshness.sql, taken at commit b8db376.

Differential tests run a dataset both ways on the same published warehouse and compare the frames:
whatever the new queries read (rollups, narrow tables, folded queries), they must give exactly
what these gave. Never edit these files; delete a file only when no test compares against it."""

from pathlib import Path

import polars as pl

SQL = Path(__file__).resolve().parent


def query(wh, name: str, **params) -> pl.DataFrame:
    """The frozen `name` run on the reader's own connection (the same macros and views), with the
    `$params` it names."""
    text = (SQL / f"{name}.sql").read_text(encoding="utf-8")
    with wh._current_root().cursor() as cur:
        named = {k: params[k] for k in cur.extract_statements(text)[-1].named_parameters}
        return cur.sql(text, params=named or None).pl()
