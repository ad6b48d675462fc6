"""The backlog page's exports read back: the CSV and the Excel file hold exactly the selection's rows."""

import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest

from oncedone import config, i18n
from oncedone.app import exports, xlsx
from oncedone.kpi import backlog, indicators
from oncedone.store.warehouse import Warehouse
from tests import backlog_fixtures as fx
from oncedone.access import EVERYTHING

CFG = config.load()


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    return Warehouse(fx.build(tmp_path_factory.mktemp("export")))


def applications(wh, drill: backlog.Drill, **filters) -> pl.DataFrame:
    chosen = indicators.Selection(fx.PERIOD[0], fx.PERIOD[1], **filters, scope=EVERYTHING)
    return wh.query("backlog/applications_at_day", **backlog.applications_params(fx.DAY, chosen, drill, CFG))


def read_csv(data: bytes, lang: str) -> pl.DataFrame:
    assert data.startswith("\ufeff".encode())  # a BOM, so that a spreadsheet reads the accents
    return pl.read_csv(io.BytesIO(data[3:]), separator=";" if lang == "fr" else ",", infer_schema=False)


def test_french_csv_holds_the_drilled_rows_in_words(wh):
    apps = applications(wh, backlog.Drill("vehicle_registration"))
    data = exports.backlog_csv(apps, "fr")
    assert b"\r\n" in data  # a French spreadsheet's line ends
    back = read_csv(data, "fr")
    assert back.columns == [i18n.column_label(c, "fr") for c in backlog.TABLE_COLUMNS]
    assert back["Demande"].to_list() == ["B1", "B2", "B3"]  # oldest first, as on the page
    b1 = back.row(0, named=True)
    assert b1["Type de titre"] == "Immatriculation"
    assert b1["Étape"] == "En instruction"
    assert b1["Canal de dépôt"] == "En ligne"
    assert b1["Déposée le"] == "2018-01-01 10:00"  # Paris wall-clock time
    assert (b1["Jours dans l'étape"], b1["Ancienneté (jours)"], b1["Jours de retard"]) == ("3", "14", "7")
    assert (b1["Contacts"], b1["Dernier contact"]) == ("2", "2018-01-15")
    b3 = back.row(2, named=True)
    assert (b3["Jours de retard"], b3["Dernier contact"]) == (None, None)  # within target, never contacted
    assert back["Département"].to_list() == ["75", "13", "75"]


def test_english_csv_of_a_stage_and_age_bucket(wh):
    apps = applications(wh, backlog.Drill("vehicle_registration", "submitted", "0-7"))
    back = read_csv(exports.backlog_csv(apps, "en"), "en")
    assert back.rows() == [
        ("B3", "Vehicle registration", "75", "Online", "2018-01-15 23:59", "Submitted", "0", "0", None, "0", None),
    ]


def test_csv_of_everything_keeps_a_missing_department_empty(wh):
    back = read_csv(exports.backlog_csv(applications(wh, backlog.Drill()), "en"), "en")
    assert back["Application"].to_list() == fx.OLDEST_ORDER
    assert back["Department"].to_list() == [None, "2A", "75", "13", "75"]  # B8 has none


def test_excel_holds_the_same_rows_as_typed_cells(wh):
    apps = applications(wh, backlog.Drill(), departments=("75",))
    workbook = openpyxl.load_workbook(io.BytesIO(exports.backlog_xlsx(apps, "fr")))
    sheet = workbook.active
    assert sheet.title == "Demandes en cours"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [i18n.column_label(c, "fr") for c in backlog.TABLE_COLUMNS]
    assert rows[1:] == [  # department 75: B1 and B3
        ("B1", "Immatriculation", "75", "En ligne", datetime(2018, 1, 1, 10, 0), "En instruction", 3, 14, 7, 2,
         datetime(2018, 1, 15)),
        ("B3", "Immatriculation", "75", "En ligne", datetime(2018, 1, 15, 23, 59), "Déposée", 0, 0, None, 0, None),
    ]
    assert sheet["E2"].number_format == "dd/mm/yyyy hh:mm"  # dates shown as the reader writes them
    assert sheet["K2"].number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2"


def test_excel_in_english_and_of_no_row(wh):
    apps = applications(wh, backlog.Drill("id_card"))  # B9 was rejected: nothing open
    sheet = openpyxl.load_workbook(io.BytesIO(exports.backlog_xlsx(apps, "en"))).active
    assert sheet.title == "Open applications"
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        [i18n.column_label(c, "en") for c in backlog.TABLE_COLUMNS]
    ]


def test_the_workbook_writer_escapes_text_and_writes_serial_days():
    frame = pl.DataFrame({
        "text": ["a < b & c > d", "tab\there\x01"],
        "day": [date(2018, 3, 1), None],
        "share": [0.25, 1.5],
        "is_late": [True, False],
    })
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(frame, "S"))).active
    assert list(sheet.iter_rows(values_only=True)) == [
        ("text", "day", "share", "is_late"),
        ("a < b & c > d", datetime(2018, 3, 1), 0.25, True),
        ("tab\there", None, 1.5, False),  # a control character XML cannot hold is dropped
    ]
    assert xlsx.serial_day(date(2018, 3, 1)) == 43160  # as Excel numbers it
