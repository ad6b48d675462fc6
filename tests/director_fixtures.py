"""A warehouse for the director's first morning (issue 13): a year of history, a crisis day on
Thursday 1 March 2018 where every headline card is red, and an as_of on a Monday morning.

Every number below is worked out by hand (Paris days; targets: passport 15, vehicle registration 7,
the most lenient of all types 19).
"""

from datetime import date
from pathlib import Path

from oncedone.store import ingest
from tests.conftest import export_files

CRISIS_DAY = date(2018, 3, 1)  # a Thursday
FIRST_DAY = date(2018, 1, 2)  # L1's submission, the first data
# as_of = M2, Monday 31 December 2018 08:00: the last complete day is Sunday 30 December, the last
# complete working day Friday 28 December.
DEFAULT_DAY = date(2018, 12, 28)

REQUESTS = [
    "L1,passport,2018-01-02 10:00,75,online,C1",  # sent back incomplete, delivered on the crisis day
    "L2,vehicle_registration,2018-02-01 10:00,75,professional,C2",  # open ever since
    "L3,vehicle_registration,2018-02-10 10:00,13,online,C3",  # open ever since
    "L4,vehicle_registration,2018-02-12 10:00,75,online,C4",  # open ever since
    "L5,vehicle_registration,2018-02-14 10:00,69,online,C5",  # open ever since
    "L6,vehicle_registration,2018-02-16 10:00,75,online,C6",  # open ever since
    "L7,vehicle_registration,2018-02-20 10:00,13,online,C7",  # open ever since
    "L8,id_card,2018-12-20 10:00,69,online,C8",  # open, late in the year
]
EVENTS = [
    "L1,incomplete,2018-01-10 10:00",
    "L1,resubmitted,2018-01-20 10:00",
    "L1,delivered,2018-03-01 10:00",  # 58 days after submission
]
CONTACTS = [
    # The crisis day's only contact: a status inquiry escalated, so not once and done, and failure demand.
    "M1,phone,2018-03-01 09:00,2018-03-01 09:01,escalated,status_inquiry,C1,L1,N1,A1,300,",
    "M2,phone,2018-12-31 08:00,2018-12-31 08:01,resolved,payment,C9,,N1,A1,60,5",  # as_of
]
# At the end of 1 March 2018:
#   once and done 0 % (M1 escalated), failure demand 100 % (M1 a status inquiry);
#   delivered: L1 in 58 days: on time 0 %, p90 58 days = 3.05 x 19 (> 1.5), right first time 0 %;
#   cohort 2 Feb-1 Mar: L3..L7, none delivered, followed up to as_of (> 300 days): red;
#   backlog L2..L7 = 6, all older than 7 days: 100 % past target (> 25 %);
#   finished 23 Feb-1 Mar: L1, 1/7 a day: 6 / (1/7) = 42 days to clear = 2.2 x 19 (> 1.5).
# Eight headline cards red: more than the four the attention list used to show.
RED_ON_CRISIS_DAY = 8


def build(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    files = export_files(directory, REQUESTS, EVENTS, CONTACTS)
    path = directory / "morning.duckdb"
    outcome = ingest.ingest(path, files, command="tests: the director's first morning")
    assert outcome.exit_code == 0, ingest.summary(outcome, path)
    return path
