"""A one-sheet Excel workbook (.xlsx) from a DataFrame, built with Polars string expressions.

Why not a library: xlsxwriter (pure Python, one call per cell) took 26 to 35 s for the 130 000
rows of a crisis backlog; building the sheet's XML column by column in Polars takes well under a
second. Texts are inline strings, numbers numbers, days and instants Excel serial numbers with a
date format (so a spreadsheet sorts and filters them as dates); an empty value is no cell.
"""

import io
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import escape

import polars as pl

EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 0 in the 1900 date system (valid from March 1900)
HEADER_STYLE, DAY_STYLE, INSTANT_STYLE = 1, 2, 3  # indexes into cellXfs below
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = XML_HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELS = XML_HEAD + (
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = XML_HEAD + (
    f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def _workbook(sheet_name: str) -> str:
    return XML_HEAD + (
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<sheets><sheet name="{escape(sheet_name[:31], {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def _styles(day_format: str, instant_format: str) -> str:
    return XML_HEAD + (
        f'<styleSheet xmlns="{MAIN_NS}">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{day_format}"/>'
        f'<numFmt numFmtId="165" formatCode="{instant_format}"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _text_xml(expr: pl.Expr) -> pl.Expr:
    """Text safe inside an XML element: the three markup characters escaped, control characters dropped."""
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all(r"[\x00-\x08\x0B\x0C\x0E-\x1F]", "")
    )


def _cell(name: str, dtype: pl.DataType) -> pl.Expr:
    """One column's cells as XML text (an empty cell for a null value, which keeps the next ones in
    their columns: cells carry no reference, so a reader counts them)."""
    col = pl.col(name)
    if isinstance(dtype, pl.Datetime):
        naive = col.dt.replace_time_zone(None) if dtype.time_zone else col
        serial = (naive - pl.lit(EXCEL_EPOCH)).dt.total_microseconds() / 86_400_000_000
        value = pl.concat_str(pl.lit(f'<c s="{INSTANT_STYLE}"><v>'), serial.cast(pl.String), pl.lit("</v></c>"))
    elif isinstance(dtype, pl.Date):
        serial = (col - pl.lit(EXCEL_EPOCH.date())).dt.total_days()
        value = pl.concat_str(pl.lit(f'<c s="{DAY_STYLE}"><v>'), serial.cast(pl.String), pl.lit("</v></c>"))
    elif dtype.is_numeric():
        value = pl.concat_str(pl.lit("<c><v>"), col.cast(pl.String), pl.lit("</v></c>"))
    elif dtype == pl.Boolean:
        value = pl.concat_str(pl.lit('<c t="b"><v>'), col.cast(pl.Int8).cast(pl.String), pl.lit("</v></c>"))
    else:
        text = _text_xml(col.cast(pl.String))
        value = pl.concat_str(pl.lit('<c t="inlineStr"><is><t xml:space="preserve">'), text, pl.lit("</t></is></c>"))
    return value.fill_null("<c/>")


def _sheet(df: pl.DataFrame, widths: list[int]) -> str:
    header = "".join(
        f'<c t="inlineStr" s="{HEADER_STYLE}"><is><t xml:space="preserve">{escape(name)}</t></is></c>'
        for name in df.columns
    )
    # Rows and cells without their optional references (r="B7"): a third less XML to write and compress.
    cells = [_cell(name, dtype) for name, dtype in df.schema.items()]
    rows = df.select(pl.concat_str(pl.lit("<row>"), *cells, pl.lit("</row>")).str.join("").alias("xml"))
    body = rows["xml"].item() if df.height else ""
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths))
    return XML_HEAD + (
        f'<worksheet xmlns="{MAIN_NS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f"<cols>{cols}</cols>"
        f"<sheetData><row>{header}</row>{body}</sheetData>"
        "</worksheet>"
    )


def _widths(df: pl.DataFrame) -> list[int]:
    """Column widths in characters: the header or the longest of the first rows, within 8 to 40."""
    head = df.head(1000)
    widths = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.Datetime):
            longest = 16
        elif isinstance(dtype, pl.Date):
            longest = 10
        else:
            longest = head[name].cast(pl.String).str.len_chars().max() or 0
        widths.append(min(max(len(name), longest, 6) + 2, 40))
    return widths


def workbook_bytes(df: pl.DataFrame, sheet_name: str = "Sheet1", day_format: str = "yyyy-mm-dd",
                   instant_format: str = "yyyy-mm-dd hh:mm") -> bytes:
    """The .xlsx file of `df`: one sheet, a bold frozen header row, then one row per row of `df`.

    Instants with a time zone are written as their wall-clock time in that zone (Excel has no zones).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _styles(day_format, instant_format))
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(df, _widths(df)))
    return buffer.getvalue()


def serial_day(d: date) -> int:
    """Excel's serial number of a day (for tests and readers)."""
    return (d - EXCEL_EPOCH.date()).days
