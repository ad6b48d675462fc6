"""The files users take away: the backlog's applications as CSV or Excel. No Streamlit here."""

import polars as pl

from oncedone import i18n
from oncedone.app import xlsx
from oncedone.kpi.backlog import TABLE_COLUMNS, TABLE_ENUMS


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
    text = backlog_frame(apps, lang).write_csv(
        separator=";" if lang == "fr" else ",",
        line_terminator="\r\n" if lang == "fr" else "\n",
        datetime_format="%Y-%m-%d %H:%M",
        date_format="%Y-%m-%d",
    )
    return "\ufeff".encode() + text.encode("utf-8")


def backlog_xlsx(apps: pl.DataFrame, lang: str) -> bytes:
    """The Excel file: one sheet, typed cells, days and instants shown in the reader's format."""
    day_format = "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"
    return xlsx.workbook_bytes(
        backlog_frame(apps, lang), sheet_name=i18n.t("backlog.sheet_name", lang),
        day_format=day_format, instant_format=f"{day_format} hh:mm",
    )
