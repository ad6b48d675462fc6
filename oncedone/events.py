"""The events the trends are read against: checked like the exports' rows, written to the warehouse.

A file of events (CSV, `,` or `;`, UTF-8 with or without a BOM or Windows-1252) has the columns
`event_day` and `label`, and optionally `title_type` and `channel`. A bad row is not loaded but
kept whole in `trend_event_rejects` with its file, line and reason, as the quarantine keeps the
exports'; the good rows load, an event already recorded (same day and label) is replaced. A file
that cannot be used loads nothing and says why in one sentence. The data page's table of events is
checked by the same rules and replaces the whole list.

The warehouse is written in one place, `_write`, in one transaction of the store's writer
(`warehouse.writing` and `committing`): the store itself knows nothing of events.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from oncedone.config import Config
from oncedone.store import contract
from oncedone.store import warehouse as store

COLUMNS = ("event_day", "label", "title_type", "channel")
REQUIRED = ("event_day", "label")
MAX_LABEL_CHARS = 60  # drawn beside a vertical mark on a chart: a short phrase, not a paragraph
EARLIEST_DAY = date(2000, 1, 1)  # as the exports' plausible instants
DAY_FORMS = (re.compile(r"^\d{4}-\d{2}-\d{2}$"), re.compile(r"^\d{2}/\d{2}/\d{4}$"))
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The reference scenario's story (scenario.md), as events: labels are catalogue keys
# (`events.story.<label>`), drawn in the reader's language.
STORY = (
    (date(2017, 10, 31), "staff_90", None, None),
    (date(2017, 11, 6), "online_only", None, None),
    (date(2018, 1, 31), "staff_175", None, None),
    (date(2018, 4, 3), "chatbot", None, "chatbot"),
)


class EventsFileError(ValueError):
    """An events file that cannot be used at all: nothing from it is loaded."""

    def __init__(self, file_name: str, code: str, **params):
        self.file_name, self.code, self.params = file_name, code, params
        super().__init__(f"{file_name}: {code} {params}" if params else f"{file_name}: {code}")


@dataclass
class Outcome:
    """What one events import or save did."""

    file_name: str
    read: int = 0
    loaded: int = 0
    replaced: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 3 if self.rejected else 0


# Reading ------------------------------------------------------------------------------------


def read_csv(path: Path) -> tuple[list[dict], list[dict], list[str]]:
    """The rows of an events file as text (with their line numbers), its ragged lines, and the
    extra columns it holds (ignored)."""
    path = Path(path)
    if not path.is_file():
        raise EventsFileError(path.name, "no_such_file")
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # a French spreadsheet's export
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise EventsFileError(path.name, "empty")
    separator = ";" if lines[0].count(";") > lines[0].count(",") else ","
    records = list(csv.reader(io.StringIO(text), delimiter=separator))
    header = [name.strip().lower() for name in records[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise EventsFileError(path.name, "missing_columns", columns=", ".join(missing))
    rows, ragged = [], []
    for number, values in enumerate(records[1:], start=2):
        if not any(v.strip() for v in values):
            continue  # a blank line, as spreadsheets leave at the end
        if len(values) > len(header):
            ragged.append({"line_number": number, "reason": "wrong_field_count", "values": values})
            continue
        row = dict(zip(header, values + [""] * (len(header) - len(values))))
        rows.append({"line_number": number, **{c: row.get(c, "") for c in COLUMNS}})
    return rows, ragged, [c for c in header if c not in COLUMNS]


def _parse_day(text: str) -> date | None:
    if DAY_FORMS[0].match(text):
        return date.fromisoformat(text)
    if DAY_FORMS[1].match(text):
        return datetime.strptime(text, "%d/%m/%Y").date()
    raise ValueError(text)


# Checking ----------------------------------------------------------------------------------


def check(rows: list[dict], cfg: Config, today: date | None = None) -> tuple[list[dict], list[dict]]:
    """The good events (typed) and the bad rows with their reason, by the exports' rules: a required
    value missing, a day unreadable or implausible (before 2000, or more than a day after today), an
    unknown title type or channel (trimmed, any case), a label too long or holding control
    characters, the same event (day and label) twice with different content."""
    today = today or datetime.now(timezone.utc).date()
    good, bad = [], []
    for row in rows:
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        reason, event = _check_one(values, cfg, today)
        if reason:
            bad.append({**row, "reason": reason})
        else:
            good.append({**event, "line_number": row.get("line_number")})
    # The same (day, label) twice: one event when identical, every version refused when not.
    versions: dict[tuple, set] = {}
    for event in good:
        versions.setdefault((event["event_day"], event["label"]), set()).add((event["title_type"], event["channel"]))
    conflicting = {key for key, seen in versions.items() if len(seen) > 1}
    bad += [{**_as_text(e), "reason": "conflicting_duplicate"} for e in good if (e["event_day"], e["label"]) in conflicting]
    unique = {}
    for event in good:
        if (event["event_day"], event["label"]) not in conflicting:
            unique.setdefault((event["event_day"], event["label"]), event)
    return list(unique.values()), sorted(bad, key=lambda r: r.get("line_number") or 0)


def _check_one(values: dict, cfg: Config, today: date) -> tuple[str | None, dict | None]:
    if any(not values[c] for c in REQUIRED):
        return "missing_value", None
    try:
        day = _parse_day(values["event_day"])
    except ValueError:
        return "bad_timestamp", None
    if day < EARLIEST_DAY or day > today + timedelta(days=1):
        return "implausible_instant", None
    if len(values["label"]) > MAX_LABEL_CHARS:
        return "too_long", None
    if CONTROL.search(values["label"]):
        return "unknown_value", None
    title_type = values["title_type"].lower() or None
    channel = values["channel"].lower() or None
    if title_type is not None and title_type not in cfg.title_types:
        return "unknown_value", None
    if channel is not None and channel not in contract.CHANNELS:
        return "unknown_value", None
    return None, {"event_day": day, "label": values["label"], "title_type": title_type, "channel": channel}


def _as_text(event: dict) -> dict:
    return {"line_number": event.get("line_number"), "event_day": event["event_day"].isoformat(),
            "label": event["label"], "title_type": event["title_type"] or "", "channel": event["channel"] or ""}


# Writing -------------------------------------------------------------------------------------


def import_file(warehouse_path: Path, path: Path, cfg: Config, today: date | None = None) -> Outcome:
    """Import one events file: its good rows added (or replacing the same day and label), its bad
    rows kept in trend_event_rejects (which then holds this import's only)."""
    path = Path(path)
    rows, ragged, extra = read_csv(path)
    if ragged and len(ragged) > len(rows):
        raise EventsFileError(path.name, "ragged")  # the separator or the quoting is wrong
    good, bad = check(rows, cfg, today)
    bad += [{"line_number": r["line_number"], "reason": r["reason"], "values": r["values"]} for r in ragged]
    outcome = _write(warehouse_path, path.name, good, bad, replace_all=False)
    outcome.read, outcome.ignored_columns = len(rows) + len(ragged), extra
    return outcome


def save_table(warehouse_path: Path, rows: list[dict], cfg: Config, today: date | None = None) -> Outcome:
    """The data page's edited table as the whole list of events, checked as a file's rows."""
    texts = [{"line_number": n, **{c: _text(r.get(c)) for c in COLUMNS}} for n, r in enumerate(rows, start=1)]
    good, bad = check(texts, cfg, today)
    outcome = _write(warehouse_path, SAVED_FROM_PAGE, good, bad, replace_all=True)
    outcome.read = len(rows)
    return outcome


SAVED_FROM_PAGE = "data page"


def _text(value) -> str:
    """A cell of the edited table as a file would hold it (a date cell comes back as a timestamp)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)


def story_events(warehouse_path: Path) -> Outcome:
    """Record the reference scenario's four story events (the demo does)."""
    good = [{"event_day": d, "label": label, "title_type": t, "channel": c} for d, label, t, c in STORY]
    return _write(warehouse_path, "scenario", good, [], replace_all=False)


def _write(warehouse_path: Path, file_name: str, good: list[dict], bad: list[dict], replace_all: bool) -> Outcome:
    """The one write of events: in one transaction of the store's writer, published to readers with
    the rest, so a failure leaves what readers see as it was."""
    outcome = Outcome(file_name, loaded=len(good))
    for row in bad:
        outcome.rejected[row["reason"]] = outcome.rejected.get(row["reason"], 0) + 1
    path = Path(warehouse_path)
    with store.writing(path) as con, store.committing(con, path):
        if replace_all:
            con.execute("delete from trend_events")
        else:
            for event in good:
                outcome.replaced += con.execute(
                    "delete from trend_events where event_day = $d and label = $l",
                    {"d": event["event_day"], "l": event["label"]}).fetchone()[0]
        for event in good:
            con.execute("insert into trend_events values ($d, $l, $t, $c)",
                        {"d": event["event_day"], "l": event["label"], "t": event["title_type"], "c": event["channel"]})
        con.execute("delete from trend_event_rejects")
        for row in bad:
            values = row.get("values") or [row.get(c) for c in COLUMNS]
            con.execute("insert into trend_event_rejects values ($f, $n, $r, $j, now())",
                        {"f": file_name, "n": row.get("line_number"), "r": row["reason"], "j": json.dumps(values)})
    return outcome
