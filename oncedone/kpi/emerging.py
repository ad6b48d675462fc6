"""Emerging demand: the segments whose contacts rise abnormally against their own recent history.

A segment (a reason, or a reason x title type, x channel or x department) alarms on a day when
two exact one-sided tests both fall below the sensitivity alpha:
- its count against the same weekday of the `baseline_weeks` weeks before: given k contacts today
  and m in those w days, k ~ Binomial(k + m, 1 / (w + 1)) when the rate has not changed (the
  conditional test of two Poisson rates, which carries the baseline's own noise);
- its share of the day's contacts against its share over the same days: k ~ Binomial(N, p0), N
  the day's contacts, p0 the pooled share (the binomial form of Fisher's exact test), so that a
  season lifting every reason alike raises no alarm.
A seasonal-naive baseline was chosen over CUSUM or change points because its false-alarm rate is
stated by construction: on steady Poisson data, at most alpha alarms per segment and day (fewer:
the tests are discrete), whatever the volume. A day must also rise to min_ratio times its baseline
(at national volume a seasonal drift of a few percent is significant, and no surge). Public
holidays and the working day after are not tested (a closed office moves its volume to the next
open day), nor the weeks before the data has a whole baseline. Alarm days a few days apart are one
finding, which started on its first alarm day; its excess is counted against the weeks before it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from oncedone import i18n
from oncedone.config import Config, EmergingSettings
from oncedone.kpi import indicators, working_time
from oncedone.kpi.indicators import Selection

DIMENSIONS = ("reason", "title_type", "channel", "department")
SEGMENTS = (("reason",), ("reason", "title_type"), ("reason", "channel"), ("reason", "department"))
MERGE_GAP_DAYS = 3  # alarm days at most this far apart (a weekend between) are one finding
LOOKBACK_DAYS = 28  # a finding still alarming in the period may have started this long before it
CHILD_RATIO = 1.5  # a finer segment is shown beside its reason's finding only if it rises this much more


def binomial_sf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X >= k) for X ~ Binomial(n, p), elementwise: 1 when k <= 0, 0 when k > n."""
    k, n, p = (np.asarray(v, dtype=float) for v in np.broadcast_arrays(k, n, p))
    out = np.where(k <= 0, 1.0, 0.0)
    inside = (k > 0) & (k <= n) & (p > 0)
    # P(X >= k) = I_p(k, n - k + 1), the regularised incomplete beta function.
    out[inside] = np.where(p[inside] >= 1, 1.0, _betainc(k[inside], n[inside] - k[inside] + 1, np.minimum(p[inside], 1)))
    return out


def _betainc(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """I_x(a, b) by its continued fraction (Lentz), on the side where it converges fast."""
    swap = x > (a + 1) / (a + b + 2)
    a2, b2, x2 = np.where(swap, b, a), np.where(swap, a, b), np.where(swap, 1 - x, x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_front = (_lgamma(a2 + b2) - _lgamma(a2) - _lgamma(b2) + a2 * np.log(x2) + b2 * np.log1p(-x2))
        fraction = _beta_fraction(a2, b2, x2)
        value = np.exp(log_front) * fraction / a2
    value = np.where(x2 <= 0, 0.0, value)
    return np.clip(np.where(swap, 1 - value, value), 0.0, 1.0)


def _lgamma(v: np.ndarray) -> np.ndarray:
    from math import lgamma

    return np.vectorize(lgamma, otypes=[float])(v)


def _beta_fraction(a, b, x, iterations: int = 300, tiny: float = 1e-300) -> np.ndarray:
    qab, qap, qam = a + b, a + 1, a - 1
    c = np.ones_like(x)
    d = 1 - qab * x / qap
    d = np.where(np.abs(d) < tiny, tiny, d)
    d = 1 / d
    h = d.copy()
    for m in range(1, iterations + 1):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = np.where(np.abs(d) < tiny, tiny, d)
            c = 1 + aa / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            d = 1 / d
            delta = d * c
            h = h * delta
        if np.all(np.abs(delta - 1) < 1e-13):
            break
    return h


def alarms(counts: np.ndarray, totals: np.ndarray, settings: EmergingSettings,
           untested: np.ndarray | None = None, no_baseline: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Which (segment, day) cells alarm, and each cell's baseline (the mean of its same weekdays
    before); counts is segments x days, totals the days' contacts (days) or each segment's own
    denominator (segments x days). The first baseline_weeks x 7 days never alarm (no history),
    nor the days `untested` marks; the days `no_baseline` marks (by default the untested ones) are
    left out of the baselines."""
    counts = np.asarray(counts, dtype=float)
    totals = np.broadcast_to(np.asarray(totals, dtype=float), counts.shape)
    untested = np.zeros(counts.shape[1], dtype=bool) if untested is None else np.asarray(untested, dtype=bool)
    no_baseline = untested if no_baseline is None else np.asarray(no_baseline, dtype=bool)
    weeks = settings.baseline_weeks
    lag = 7 * weeks
    alarm = np.zeros(counts.shape, dtype=bool)
    expected = np.full(counts.shape, np.nan)
    if counts.shape[1] <= lag:
        return alarm, expected
    end = counts.shape[1]
    k, n = counts[:, lag:], totals[:, lag:]
    # The same weekday of each baseline week, unless that day is itself untested (a holiday's zero
    # or the catch-up after it is no baseline): w of them, w varying by day.
    kept = [~no_baseline[lag - 7 * j: end - 7 * j] for j in range(1, weeks + 1)]
    w = sum(kept_j.astype(float) for kept_j in kept)
    m = sum(counts[:, lag - 7 * j: end - 7 * j] * kept[j - 1] for j in range(1, weeks + 1))
    big_m = sum(totals[:, lag - 7 * j: end - 7 * j] * kept[j - 1] for j in range(1, weeks + 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        expected[:, lag:] = np.where(w > 0, m / w, np.nan)
    # Only a rise is tested, and only one of min_ratio times the baseline at least.
    candidate = (w > 0) & ~untested[lag:] & (k >= settings.min_contacts) & (k * w > m) & (k * w >= settings.min_ratio * m)
    p_count = np.ones(k.shape)
    p_share = np.ones(k.shape)
    if candidate.any():
        kc, mc, nc, bc = k[candidate], m[candidate], n[candidate], big_m[candidate]
        wc = np.broadcast_to(w, k.shape)[candidate]
        p_count[candidate] = binomial_sf(kc, kc + mc, 1 / (wc + 1))
        pooled = np.where(nc + bc > 0, (kc + mc) / np.maximum(nc + bc, 1), 0)
        p_share[candidate] = binomial_sf(kc, nc, pooled)
    alarm[:, lag:] = candidate & (p_count < settings.alpha) & (p_share < settings.alpha)
    return alarm, expected


@dataclass(frozen=True)
class Run:
    segment: int
    since: int  # index of the first alarm day
    last: int  # index of the last alarm day


def runs(alarm: np.ndarray, first_index: int) -> list[Run]:
    """Each segment's alarm days merged into runs, kept when one alarm day is at or after first_index."""
    found = []
    for segment in np.flatnonzero(alarm.any(axis=1)):
        days = np.flatnonzero(alarm[segment])
        breaks = np.flatnonzero(np.diff(days) > MERGE_GAP_DAYS + 1)
        for start, end in zip(np.r_[0, breaks + 1], np.r_[breaks, len(days) - 1], strict=True):
            if days[end] >= first_index:
                found.append(Run(int(segment), int(days[start]), int(days[end])))
    return found


def excess(counts: np.ndarray, run: Run, end_index: int, weeks: int, untested: np.ndarray | None = None) -> tuple[int, float]:
    """Contacts from the run's first day to end_index, and those expected from the weeks before it
    (each weekday's mean over the baseline weeks, its untested days left out)."""
    row = counts[run.segment]
    skip = np.zeros(len(row), dtype=bool) if untested is None else untested

    def base_of(day: int) -> float:
        kept = [row[day - 7 * j] for j in range(1, weeks + 1) if day - 7 * j >= 0 and not skip[day - 7 * j]]
        return float(np.mean(kept)) if kept else 0.0

    base = [base_of(run.since + o) for o in range(7)]
    span = range(run.since, end_index + 1)
    return int(row[run.since: end_index + 1].sum()), float(sum(base[(d - run.since) % 7] for d in span))


def _dense(frame: pl.DataFrame, keys: tuple[str, ...], value: str, days: list[date]) -> tuple[pl.DataFrame, np.ndarray]:
    """The segments (one row each) and their counts as a segments x days matrix, zero where absent."""
    summed = frame.group_by(["day", *keys]).agg(pl.col(value).sum())
    segments = summed.select(keys).unique().sort(keys, nulls_last=True).with_row_index("segment")
    index = {d: i for i, d in enumerate(days)}
    cells = summed.join(segments, on=list(keys), nulls_equal=True)
    matrix = np.zeros((segments.height, len(days)))
    rows = cells["segment"].to_numpy()
    cols = np.array([index[d] for d in cells["day"].to_list()], dtype=np.int64)
    np.add.at(matrix, (rows, cols), cells[value].to_numpy().astype(float))
    return segments, matrix


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _untested(wh, days: list[date], totals: np.ndarray, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """The days never tested, and those no baseline uses. Public holidays and the working day after
    each are neither (closed offices move their volume to the next open day, which no same-weekday
    baseline foresees); the days before the data's first are no baseline (no zeros), and the
    weeks after it are not tested until a whole baseline exists."""
    holidays = set(working_time.public_holidays_between(days[0], days[-1]))
    closed = np.zeros(len(days), dtype=bool)
    for i, d in enumerate(days):
        if d in holidays:
            closed[i] = True
            if d.weekday() >= 5:
                continue  # a weekend holiday closes nothing that was open
            after = i + 1
            while after < len(days) and (days[after].weekday() >= 5 or days[after] in holidays):
                after += 1
            if after < len(days):
                closed[after] = True
    with_data = np.flatnonzero(np.asarray(totals).reshape(-1, len(days)).sum(axis=0) > 0)
    first = with_data[0] if len(with_data) else len(days)
    before, warming = np.arange(len(days)) < first, np.arange(len(days)) < first + 7 * weeks
    return closed | warming, closed | before


def _history(selection: Selection, settings: EmergingSettings) -> tuple[date, date]:
    """The days read: the period, the lookback for a finding's start, and the baseline before both."""
    return selection.from_day - timedelta(days=LOOKBACK_DAYS + 7 * settings.baseline_weeks), selection.to_day


def contact_findings(wh, selection: Selection, cfg: Config) -> list[dict]:
    """The `emerging` report key: a list, worst first, of {reason, title_type, channel, department,
    since_day, contacts, expected_contacts}, null for a dimension not in the segment."""
    settings = cfg.emerging
    start, end = _history(selection, settings)
    daily = indicators.query(wh, "load/contact_segments_by_day", **{**selection.params(cfg), "from_day": start, "to_day": end})
    days = _days(start, end)
    if daily.is_empty():
        return []
    totals = _dense(daily.with_columns(all=pl.lit(1)), ("all",), "contact_count", days)[1][0]
    first_index, end_index = days.index(selection.from_day), len(days) - 1
    untested, no_baseline = _untested(wh, days, totals, settings.baseline_weeks)
    findings = []
    for keys in SEGMENTS:
        # A finer segment needs a real value: "no title type" is no segment of its own.
        frame = daily.drop_nulls(list(keys))
        if frame.is_empty():
            continue
        segments, counts = _dense(frame, keys, "contact_count", days)
        alarm, _ = alarms(counts, totals, settings, untested, no_baseline)
        for run in runs(alarm, first_index):
            contacts, expected = excess(counts, run, end_index, settings.baseline_weeks, no_baseline)
            row = segments.row(run.segment, named=True)
            findings.append({
                **{d: row.get(d) for d in DIMENSIONS},
                "since_day": days[run.since].isoformat(),
                "contacts": contacts,
                "expected_contacts": round(expected, 1),
            })
    return sorted(_pruned(findings), key=lambda f: (-(f["contacts"] - f["expected_contacts"]), f["since_day"]))


def _ratio(finding: dict) -> float:
    return finding["contacts"] / max(finding["expected_contacts"], 0.5)


def _pruned(findings: list[dict]) -> list[dict]:
    """A finer segment that only follows its reason's rise says nothing more: left out."""
    by_reason = {}
    for f in findings:  # a reason found twice (two runs): its steeper rise is the one to beat
        if all(f[d] is None for d in DIMENSIONS[1:]) and _ratio(f) > _ratio(by_reason.get(f["reason"], f) if f["reason"] in by_reason else {"contacts": 0, "expected_contacts": 1}):
            by_reason[f["reason"]] = f
    kept = []
    for f in findings:
        parent = by_reason.get(f["reason"]) if any(f[d] is not None for d in DIMENSIONS[1:]) else None
        if parent is None or _ratio(f) >= CHILD_RATIO * _ratio(parent):
            kept.append(f)
    return kept


def incomplete_findings(wh, selection: Selection, cfg: Config) -> list[dict]:
    """The title types whose `incomplete` loops rise abnormally, in count and in share of the files
    examined: {title_type, since_day, incomplete, expected_incomplete}, worst first."""
    settings = cfg.emerging
    start, end = _history(selection, settings)
    daily = indicators.query(wh, "load/incomplete_by_day", **{**selection.params(cfg), "from_day": start, "to_day": end})
    if daily.is_empty():
        return []
    days = _days(start, end)
    segments, counts = _dense(daily, ("title_type",), "incomplete_count", days)
    examined = _dense(daily, ("title_type",), "examined_count", days)[1]
    untested, no_baseline = _untested(wh, days, examined, settings.baseline_weeks)
    alarm, _ = alarms(counts, examined, settings, untested, no_baseline)
    findings = []
    for run in runs(alarm, days.index(selection.from_day)):
        loops, expected = excess(counts, run, len(days) - 1, settings.baseline_weeks, no_baseline)
        findings.append({"title_type": segments["title_type"][run.segment], "since_day": days[run.since].isoformat(),
                         "incomplete": loops, "expected_incomplete": round(expected, 1)})
    return sorted(findings, key=lambda f: -(f["incomplete"] - f["expected_incomplete"]))


def recent(wh, day: date, selection: Selection, cfg: Config) -> dict[str, list[dict]]:
    """The findings of the week ending `day` (Today's attention list), contacts and incomplete loops."""
    week = Selection(day - timedelta(days=6), day, selection.title_types, selection.departments, selection.channels,
                     scope=selection.scope)
    return {"contacts": contact_findings(wh, week, cfg), "incomplete": incomplete_findings(wh, week, cfg)}


def segment_name(finding: dict, lang: str) -> str:
    """A segment in words: its reason, then its title type, channel or department."""
    parts = [i18n.label("reason", finding["reason"], lang)]
    if finding.get("title_type"):
        parts.append(i18n.label("title_type", finding["title_type"], lang))
    if finding.get("channel"):
        parts.append(i18n.label("channel", finding["channel"], lang))
    if finding.get("department"):
        parts.append(i18n.t("emerging.department", lang, code=finding["department"]))
    return " · ".join(parts)


def finding_view(finding: dict, to_day: date, lang: str) -> dict:
    """What a finding says, and the page and filters of its drill-down: the contacts from its
    first day to `to_day`, narrowed to its title type, channel or department."""
    since = date.fromisoformat(finding["since_day"])
    changes = {"from": since.isoformat(), "to": to_day.isoformat()}
    if "reason" not in finding:  # incomplete loops: the delivery page, on that title type
        text = i18n.t("emerging.incomplete", lang, title=i18n.label("title_type", finding["title_type"], lang),
                      loops=i18n.format_number(finding["incomplete"], lang), since=i18n.format_day(since, lang),
                      expected=i18n.format_number(finding["expected_incomplete"], lang))
        return {"text": text, "page": "delivery", "changes": {**changes, "title_type": [finding["title_type"]]}}
    for dimension in ("title_type", "channel", "department"):
        if finding.get(dimension):
            changes[dimension] = [finding[dimension]]
    excess_count = max(0.0, finding["contacts"] - finding["expected_contacts"])
    text = i18n.t("emerging.finding", lang, segment=segment_name(finding, lang), contacts=i18n.format_number(finding["contacts"], lang),
                  since=i18n.format_day(since, lang), expected=i18n.format_number(finding["expected_contacts"], lang),
                  excess=i18n.format_number(excess_count, lang))
    return {"text": text, "page": "contacts", "changes": changes}
