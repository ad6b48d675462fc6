"""A small warehouse for the page and browser tests, built through the real import.

Every expected number of the pages is worked out by hand below, for November 2018 (Paris days).
"""

from pathlib import Path

from oncedone.store import ingest
from tests.conftest import export_files

PERIOD = ("2018-11-01", "2018-11-30")

REQUESTS = [
    "R1,passport,2018-11-05T10:00:00+01:00,75,online,C1",  # submitted in Nov, delivered Nov 20
    "R2,id_card,2018-11-06T09:00:00+01:00,13,assisted,C2",  # submitted in Nov, still in review
    "R3,vehicle_registration,2018-11-12 23:30,75,online,C3",  # submitted in Nov, rejected Nov 14
    "R4,passport,2018-10-20T10:00:00+02:00,69,online,C4",  # submitted in Oct, delivered Nov 2
    "R5,driving_licence,2018-10-25 10:00,75,professional,C5",  # submitted in Oct, no event yet: open
    "R6,passport,2018-11-30T23:30:00Z,75,online,C6",  # 00:30 on Dec 1 in Paris: not November's
    "R7,id_card,2018-11-20 11:00,2A,online,C7",  # submitted in Nov, in review
]
EVENTS = [
    "R1,in_review,2018-11-07 10:00",
    "R1,delivered,2018-11-20 15:00",
    "R2,in_review,2018-11-09 10:00",
    "R3,rejected,2018-11-14 09:00",
    "R4,delivered,2018-11-02 09:00",
    "R7,in_review,2018-11-22 10:00",
    "R404,in_review,2018-11-10 10:00",  # quarantined: unknown_request
]
CONTACTS = [
    "K1,phone,2018-11-07 09:00,2018-11-07 09:01,resolved,status_inquiry,C2,R2,N1,A1,120,4",
    "K2,email,2018-11-08 10:00,2018-11-09 10:00,resolved,documents,C1,R1,N2,A2,300,",
    "K3,chatbot,2018-11-10 21:00,2018-11-10 21:00,resolved,other,,,BOT,,,",
    "K4,phone,2018-10-30 09:00,,abandoned,status_inquiry,C4,R4,N1,,,",  # October: out of period
    "K5,webform,2018-12-01 08:00,,pending,correction,C1,R1,N2,,,",  # December: the latest instant
    "K6,phone,2018-11-15 14:00,2018-11-15 14:02,escalated,status_inquiry,C3,R3,N1,A1,400,2",
    "K7,email,2018-11-28 16:00,,pending,status_inquiry,C7,R7,N2,,,",
    "K9,fax,2018-11-12 10:00,,resolved,other,C1,,,,,",  # quarantined: unknown_value
]

# November 2018, no filter:
#   submitted = R1, R2, R3, R7 = 4 (R6 is Dec 1 in Paris; R4, R5 October)
#   delivered = R1 (Nov 20), R4 (Nov 2) = 2
#   open at the end of Nov 30 = R2, R5, R7 = 3 (R1, R4 delivered, R3 rejected, R6 not yet submitted)
#   contacts = K1, K2, K3, K6, K7 = 5 (K4 October, K5 December, K9 quarantined)
EXPECTED = {"submitted_count": 4, "delivered_count": 2, "open_count": 3, "contacts_count": 5}
# Passport only: submitted R1 = 1; delivered R1, R4 = 2; open none = 0; contacts linked to R1: K2 = 1.
EXPECTED_PASSPORT = {"submitted_count": 1, "delivered_count": 2, "open_count": 0, "contacts_count": 1}
# Phone only: the applications are unchanged; contacts K1, K6 = 2.
EXPECTED_PHONE = {**EXPECTED, "contacts_count": 2}
# as_of = K5's received_at, 2018-12-01 08:00 in Paris.
AS_OF_FR = "01/12/2018 08:00"
AS_OF_EN = "2018-12-01 08:00"
QUARANTINED = 2  # R404 (unknown_request) and K9 (unknown_value)


def build(directory: Path) -> Path:
    """The small warehouse, imported in one import of three files; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    files = export_files(directory, REQUESTS, EVENTS, CONTACTS)
    path = directory / "warehouse.duckdb"
    outcome = ingest.ingest(path, files, command="tests: small warehouse")
    assert outcome.rows_quarantined == QUARANTINED, ingest.summary(outcome, path)
    return path
