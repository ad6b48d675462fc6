"""The files users take away: the backlog's applications as CSV or Excel, and the quarantined rows
as an export file to fix and import again. No Streamlit here.

Every CSV goes through `guard_formulas`: a spreadsheet runs a cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return as a formula (CSV injection), so such a text gets a leading `'`,
which the spreadsheet shows as text. Plain numbers (`-5`, `+1.5`) are left alone. The Excel file
writes inline strings, which a spreadsheet never evaluates.
"""

import polars as pl

from oncedone import i18n
from oncedone.app import xlsx
from oncedone.kpi.backlog import TABLE_COLUMNS, TABLE_ENUMS
from oncedone.store import quarantine

FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"
BOM = "\ufeff"


def guard_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell a spreadsheet would run as a formula made inert (see above)."""
    def guarded(column: str) -> pl.Expr:
        value = pl.col(column)
        risky = value.str.contains(FORMULA_START) & ~value.str.contains(PLAIN_NUMBER)
        return pl.when(risky).then(pl.lit("'") + value).otherwise(value).alias(column)

    texts = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(guarded(c) for c in texts)


def _csv_bytes(frame: pl.DataFrame, separator: str, line_terminator: str, **formats) -> bytes:
    """A CSV file for a spreadsheet: UTF-8 with a BOM (so that it reads the accents), values quoted
    when they hold the separator, a quote or a line break, formulas guarded."""
    text = guard_formulas(frame).write_csv(
        separator=separator, line_terminator=line_terminator, quote_style="necessary", **formats,
    )
    return BOM.encode() + text.encode("utf-8")


def backlog_frame(apps: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The applications as a person reads them in a file: columns under their labels, enumerated
    values in words, submission instants in Paris wall-clock time."""
    frame = apps.select(TABLE_COLUMNS).with_columns(
        pl.col("submitted_at").dt.convert_time_zone("Europe/Paris").dt.replace_time_zone(None),
        *(_labelled(column, kind, lang) for column, kind in TABLE_ENUMS.items()),
    )
    return frame.rename({c: i18n.column_label(c, lang) for c in frame.columns})


def _labelled(column: str, kind: str, lang: str) -> pl.Expr:
    values = list(_known_values(kind))
    labels = {v: i18n.label(kind, v, lang) for v in values}
    return pl.col(column).replace(labels)


def _known_values(kind: str) -> list[str]:
    prefix = f"{kind}."
    return [key[len(prefix):] for key in i18n.CATALOGUE if key.startswith(prefix)]


def backlog_csv(apps: pl.DataFrame, lang: str) -> bytes:
    """The CSV file: UTF-8 with a BOM (so that a spreadsheet reads the accents), `;` and CRLF in
    French (as a French spreadsheet expects), `,` in English; days and instants in ISO form."""
    return _csv_bytes(
        backlog_frame(apps, lang),
        separator=";" if lang == "fr" else ",",
        line_terminator="\r\n" if lang == "fr" else "\n",
        datetime_format="%Y-%m-%d %H:%M",
        date_format="%Y-%m-%d",
    )


def backlog_xlsx(apps: pl.DataFrame, lang: str) -> bytes:
    """The Excel file: one sheet, typed cells, days and instants shown in the reader's format."""
    day_format = "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"
    return xlsx.workbook_bytes(
        backlog_frame(apps, lang), sheet_name=i18n.t("backlog.sheet_name", lang),
        day_format=day_format, instant_format=f"{day_format} hh:mm",
    )


def quarantine_csv(rows: pl.DataFrame, kind: str, lang: str) -> bytes:
    """The quarantined rows of one kind as an export file of that kind, to fix and import again:
    its header and the original values, `;`-separated for French readers (their spreadsheets),
    `,` otherwise, CRLF line ends; a value holding a line break is quoted, so it comes back whole."""
    columns = quarantine.KINDS[kind].columns
    values = [quarantine.original_values(r, kind) for r in rows.filter(pl.col("kind") == kind)["row_json"]]
    frame = pl.DataFrame([pl.Series(c, [v[i] for v in values], pl.String) for i, c in enumerate(columns)])
    return _csv_bytes(frame, separator=quarantine.SEPARATORS.get(lang, ","), line_terminator="\r\n")


def publication_frame(table: pl.DataFrame, column_kind: str | None, lang: str) -> pl.DataFrame:
    """A table of oncedone.kpi.publication as a person reads it: the totals and a missing department
    said in words, the column values labelled (title types) or kept (months), columns under their labels."""
    from oncedone.kpi.publication import TOTAL

    first, second = table.columns[:2]
    everything = i18n.t("publication.total", lang)
    frame = table.with_columns(
        pl.when(pl.col(first) == TOTAL).then(pl.lit(everything))
        .when(pl.col(first).is_null()).then(pl.lit(i18n.t("publication.no_department", lang)))
        .otherwise(pl.col(first)).alias(first),
        pl.when(pl.col(second) == TOTAL).then(pl.lit(i18n.t(f"publication.all_{second}", lang)))
        .otherwise(_labelled(second, column_kind, lang) if column_kind else pl.col(second)).alias(second),
    )
    return frame.rename({c: i18n.column_label(c, lang) for c in frame.columns})


def publication_csv(table: pl.DataFrame, column_kind: str | None, lang: str) -> bytes:
    """The publication table as CSV (`;` and CRLF in French, as the backlog's), masked cells as `s`."""
    return _csv_bytes(publication_frame(table, column_kind, lang), separator=";" if lang == "fr" else ",",
                      line_terminator="\r\n" if lang == "fr" else "\n")


def publication_xlsx(table: pl.DataFrame, column_kind: str | None, lang: str) -> bytes:
    """The publication table as an Excel sheet."""
    return xlsx.workbook_bytes(publication_frame(table, column_kind, lang), sheet_name=i18n.t("publication.sheet", lang))
