"""A tiny warehouse for the backlog page, built through the real import, worked out by hand.

The day D is 2018-01-15 (CET, UTC+1: every time below is Paris local), the period 9-15 January.
Targets (oncedone.toml): passport 15 days, id_card 15, driving_licence 19, vehicle_registration 7.

Open at the end of D (2018-01-16 00:00 Paris):
  B8 passport          submitted 2017-10-01, no event: `submitted`, age 106 (30 + 30 + 31 + 15), 61+, 91 past target
  B5 driving_licence   submitted 2017-12-01; approved and in_production at one instant (the later
                       status wins: in_production since 20 Dec, 26 days); delivered on the 16th,
                       after D: age 45 (30 + 15), 31-60, 26 past target (45 - 19)
  B1 vehicle_registr.  submitted 01-01, incomplete twice, in_review since 01-12 (3 days): age 14, 8-15, 7 past target
  B2 vehicle_registr.  submitted 01-10, incomplete at 23:30 on D (before its end): 0 days in stage, age 5, 0-7
  B3 vehicle_registr.  submitted at 23:59 on D, no event: `submitted`, age 0, 0-7
Not open: B4 submitted ten minutes after D's end; B6 cancelled 01-10; B7 delivered 01-12;
  B9 rejected on D at 10:00; B10 delivered 01-14.
"""

from datetime import date
from pathlib import Path

from oncedone.store import ingest
from tests.conftest import export_files

DAY = date(2018, 1, 15)
PERIOD = (date(2018, 1, 9), DAY)

REQUESTS = [
    "B1,vehicle_registration,2018-01-01 10:00,75,online,C1",
    "B2,vehicle_registration,2018-01-10 09:00,13,professional,C2",
    "B3,vehicle_registration,2018-01-15 23:59,75,online,C3",
    "B4,vehicle_registration,2018-01-16 00:10,75,online,C4",
    "B5,driving_licence,2017-12-01 10:00,2A,assisted,C5",
    "B6,driving_licence,2018-01-02 10:00,75,online,C6",
    "B7,passport,2018-01-03 10:00,13,online,C7",
    "B8,passport,2017-10-01 10:00,,online,C8",
    "B9,id_card,2018-01-14 10:00,75,assisted,C9",
    "B10,vehicle_registration,2017-12-20 10:00,75,online,C10",
]
EVENTS = [
    "B1,incomplete,2018-01-03 10:00", "B1,resubmitted,2018-01-05 10:00", "B1,incomplete,2018-01-08 10:00",
    "B1,resubmitted,2018-01-10 10:00", "B1,in_review,2018-01-12 10:00",
    "B2,incomplete,2018-01-15 23:30",
    "B5,in_review,2017-12-05 10:00", "B5,approved,2017-12-20 10:00", "B5,in_production,2017-12-20 10:00",
    "B5,delivered,2018-01-16 09:00",
    "B6,incomplete,2018-01-04 10:00", "B6,cancelled,2018-01-10 10:00",
    "B7,in_review,2018-01-05 10:00", "B7,approved,2018-01-06 10:00", "B7,in_production,2018-01-08 10:00",
    "B7,shipped,2018-01-10 10:00", "B7,delivered,2018-01-12 10:00",
    "B9,rejected,2018-01-15 10:00",
    "B10,incomplete,2017-12-22 10:00", "B10,resubmitted,2017-12-27 10:00", "B10,in_review,2018-01-09 10:00",
    "B10,approved,2018-01-10 10:00", "B10,in_production,2018-01-11 10:00", "B10,shipped,2018-01-12 10:00",
    "B10,delivered,2018-01-14 10:00",
]
CONTACTS = [
    "K1,phone,2018-01-05 09:00,2018-01-05 09:01,resolved,status_inquiry,C1,B1,N1,A1,120,",
    "K2,email,2018-01-15 22:00,,pending,status_inquiry,C1,B1,N2,,,",  # before the end of D
    "K3,phone,2018-01-16 08:00,,abandoned,status_inquiry,C1,B1,N1,,,",  # after D: not yet
    "K4,chatbot,2018-01-11 20:00,2018-01-11 20:00,resolved,documents,C2,B2,BOT,,,",
    "K5,phone,2018-01-02 11:00,2018-01-02 11:05,escalated,status_inquiry,C8,B8,N1,A2,300,",
]

# What the report says for the period (the backlog keys are at D), worked out above.
BACKLOG = 5
OVER_TARGET = 3  # B8, B5, B1
BY_TITLE_TYPE = {"passport": 1, "id_card": 0, "driving_licence": 1, "vehicle_registration": 3}
OVER_BY_TITLE_TYPE = {"passport": 1, "id_card": 0, "driving_licence": 1, "vehicle_registration": 1}
# Terminal events 9-15 January: B6 (10th), B7 (12th), B10 (14th), B9 (15th): 4 / 7 a day.
DAYS_TO_CLEAR = 5 / (4 / 7)  # 8.75
OLDEST_ORDER = ["B8", "B5", "B1", "B2", "B3"]  # by submission


def build(directory: Path) -> Path:
    """The warehouse, imported in one import of three files; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    files = export_files(directory, REQUESTS, EVENTS, CONTACTS)
    path = directory / "backlog.duckdb"
    outcome = ingest.ingest(path, files, command="tests: backlog warehouse")
    assert outcome.exit_code == 0, ingest.summary(outcome, path)
    return path
