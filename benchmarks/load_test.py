"""The load test: N sessions at once on the real `streamlit run` server, right after an import.

`python -m benchmarks.load_test --warehouse PATH [--sessions 1,5,20] [--title-type T] [--after-import FILE ...]`
(or `make load-test`, or `python -m oncedone bench --load-test`).

1. The server starts as `make run` starts it (upgrade, then headless `streamlit run dashboard.py`,
   here on a free port), on the warehouse.
2. One session opens Today once, untimed: a server up since yesterday has paid its imports and
   first run, and the 8:30 viewers do not.
3. For each N: a small import (by default one application moved to another department, the
   smallest real change; or the files given), checked to publish a new version, so that every
   cache keyed by the warehouse's identity is cold. Then N browser contexts at once open Today
   (the default page at its default day), then the backlog drilled to a title type
   (`/backlog?bl_title=T`).
4. A page has finished when the server has sent `script_finished` for the page's run on its
   websocket, Streamlit's status widget is gone, no element is stale, and the page's own content
   is in it (Today's title; the drilled title type's stage and age heading). Its time runs from
   the navigation to then.
5. Errors: an exception box (stException), a console or page error in the browser, a run that did
   not finish in time, the page's content missing, an import that failed or published nothing.

The results go to <out>/load-test-<label>.json and .md (a markdown table, also on standard output),
with the server's peak resident memory and CPU seconds during each N, and the browsers' CPU seconds
(read from /proc). The browsers run on the same machine: on 2 cores, Chromium drawing the pages
takes several times the server's CPU, so the times at N = 20 are the machine's as much as the
dashboard's; the server's CPU per round is its own. Exit 1 when any error was seen.
"""

import argparse
import asyncio
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from benchmarks.run import REPO, RESULTS, percentile
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, free_port

STATUS = '[data-testid="stStatusWidget"]'
EXCEPTION = '[data-testid="stException"]'
STALE = '[data-stale="true"]'
CONTENT_GRACE_S = 5  # the run has finished: its last elements only have to be drawn
DEFAULT_TITLE_TYPE = "vehicle_registration"  # the story's crisis: the largest backlog to drill into


def say(message: str) -> None:
    print(f"[load-test {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# The server ----------------------------------------------------------------------------------


@contextmanager
def served(warehouse: Path, log: Path, script: str = "dashboard.py", start_timeout_s: float = 120):
    """The dashboard as `make run` serves it, on `warehouse`; yields its base URL and process id."""
    subprocess.run([sys.executable, "-m", "oncedone", "upgrade", "--warehouse", str(warehouse)], cwd=REPO,
                   check=True, capture_output=True)
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true", "--server.address=127.0.0.1",
             f"--server.port={port}", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=REPO, env={**os.environ, "ONCEDONE_WAREHOUSE": str(warehouse.resolve())},
            stdout=out, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log, start_timeout_s)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(base: str, process: subprocess.Popen, log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling a process we started, not waiting on our own threads
    raise SystemExit(f"the dashboard did not start:\n{log.read_text()[-3000:]}")


class ServerUsage:
    """The server's peak resident memory and CPU seconds over a block, read from /proc every 0.2 s."""

    def __init__(self, pid: int):
        self.pid, self.peak_rss_mb, self.cpu_s = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._cpu_start_s = process_cpu_s(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()
        self.cpu_s = process_cpu_s(self.pid) - self._cpu_start_s

    def _sample(self) -> None:
        while True:
            self.peak_rss_mb = max(self.peak_rss_mb, process_rss_mb(self.pid))
            if self._stop.wait(0.2):
                return


def process_cpu_s(pid: int, reaped: bool = False) -> float:
    """utime + stime; with `reaped`, also the children it has waited for (Chromium's closed tabs)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    ticks = sum(int(f) for f in fields[11:15 if reaped else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):  # a thread ended between listing and reading
            pass
    return found


def client_cpu_s(server_pid: int) -> dict[str, float]:
    """CPU seconds of this process and of those under it by name (Playwright's driver, Chromium and
    its tabs), the server left out: on one machine, what the sessions took from the server."""
    by_name, todo = {"load test": process_cpu_s(os.getpid())}, children(os.getpid())
    while todo:
        pid = todo.pop()
        if pid == server_pid:
            continue
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
            by_name[name] = by_name.get(name, 0.0) + process_cpu_s(pid, reaped=True)
            todo += children(pid)
        except (FileNotFoundError, ProcessLookupError):  # it ended meanwhile
            pass
    return by_name


def process_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def keeping_niceness(folder: Path) -> Path:
    """Chromium run as root raises its own priority (nice -8 for its browser and GPU processes), so
    under `nice -n 19` it would starve the server it measures: a wrapper drops CAP_SYS_NICE first."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return CHROMIUM
    wrapper = folder / "chromium"
    wrapper.write_text(f'#!/bin/sh\nexec setpriv --bounding-set -sys_nice --inh-caps -sys_nice {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


# The import before each round ------------------------------------------------------------------


def version(warehouse: Path) -> str | None:
    """The published version readers read now (what the pages' caches are keyed by)."""
    from oncedone.store import snapshot

    current = snapshot.current_version(warehouse.resolve())
    return current.name if current else None


def moved_application(warehouse: Path, folder: Path) -> list[Path]:
    """One application imported again in another department: the smallest real change."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        [row] = con.sql("select request_id, title_type, submitted_at, department, submission_channel, citizen_id "
                        "from requests order by request_id limit 1").fetchall()
    request_id, title_type, submitted_at, department, channel, citizen_id = row
    moved_to = "2B" if department == "2A" else "2A"
    path = folder / "requests.csv"
    path.write_text("request_id,title_type,submitted_at,department,submission_channel,citizen_id\n"
                    f"{request_id},{title_type},{submitted_at.isoformat()},{moved_to},{channel},{citizen_id or ''}\n")
    return [path]


def run_import(warehouse: Path, files: list[Path]) -> dict:
    """`python -m oncedone ingest`, as the nightly job runs it; an error unless it published a new version."""
    before = version(warehouse)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "oncedone", "ingest", "--warehouse", str(warehouse), *map(str, files)],
                          cwd=REPO, capture_output=True, text=True)
    step = {"files": [str(f) for f in files], "wall_s": time.perf_counter() - started, "exit_code": done.returncode,
            "summary": (done.stdout + done.stderr).strip()[-500:], "errors": []}
    if done.returncode == 2:  # ingest.EXIT_UNUSABLE: nothing imported
        step["errors"].append(f"the import failed: {step['summary']}")
    elif version(warehouse) == before:
        step["errors"].append("the import published no new version: the caches were not made cold")
    return step


# A session -------------------------------------------------------------------------------------


class Runs:
    """The script runs the server reports finished on a page's websockets (ForwardMsg.script_finished)."""

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._message = ForwardMsg
        self.finished_count = 0
        self._changed = asyncio.Event()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        # script_finished is a few bytes; the deltas (charts, tables) are far larger and not parsed.
        if isinstance(payload, str) or len(payload) > 1024:
            return
        message = self._message()
        try:
            message.ParseFromString(payload)
        except Exception:  # not a ForwardMsg: not ours to judge
            return
        if message.WhichOneof("type") == "script_finished" and message.script_finished in (
                self._message.FINISHED_SUCCESSFULLY, self._message.FINISHED_WITH_COMPILE_ERROR):
            self.finished_count += 1
            self._changed.set()

    async def after(self, seen_count: int, timeout_s: float) -> None:
        """Return once a run beyond the first `seen_count` has finished."""
        deadline = time.monotonic() + timeout_s
        while self.finished_count <= seen_count:
            self._changed.clear()
            await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - time.monotonic()))


async def visit(page, runs: Runs, url: str, content, timeout_s: float, errors: list) -> dict:
    """Open `url`, wait until its run has finished and its content is drawn: the seconds it took."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    seen_count, started = runs.finished_count, time.perf_counter()
    deadline = started + timeout_s
    left_ms = lambda: max(1.0, (deadline - time.perf_counter()) * 1000)  # noqa: E731
    result = {"url": url, "script_finished_s": None, "finished_s": None, "reached": False}
    try:
        await page.goto(url, wait_until="commit", timeout=left_ms())
        await runs.after(seen_count, left_ms() / 1000)
        result["script_finished_s"] = time.perf_counter() - started
        await page.wait_for_selector(STATUS, state="detached", timeout=left_ms())
        await page.locator(STALE).first.wait_for(state="detached", timeout=left_ms())
    except (PlaywrightTimeout, asyncio.TimeoutError):
        errors.append(f"not finished within {timeout_s:.0f} s")
        return result
    try:  # attached, not visible: the run's elements are in the page; laying them out is the browser's
        await content(page).or_(page.locator(EXCEPTION)).first.wait_for(state="attached", timeout=CONTENT_GRACE_S * 1000)
    except PlaywrightTimeout:
        pass
    drawn_s = time.perf_counter() - started
    for text in await page.locator(EXCEPTION).all_inner_texts():
        errors.append("exception on the page: " + " ".join(text.split())[:300])
    result["reached"] = await content(page).count() > 0
    if result["reached"]:
        result["finished_s"] = drawn_s
    else:
        errors.append("the page finished without its content")
    return result


async def session(browser, steps: list[tuple], timeout_s: float, locale: str) -> list[dict]:
    """One reader: a fresh browser context visiting each step's page in turn."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    page = await context.new_page()
    runs = Runs(page)
    errors: list[str] = []  # the page being visited's: console and page errors land in it as they come
    page.on("console", lambda m: errors.append(f"console error: {m.text[:200]} ({m.location.get('url', '')})")
            if m.type == "error" and not base_path_probe(m.location.get("url", "")) else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {str(e)[:300]}"))
    visits = []
    try:
        for name, url, content in steps:
            errors = []
            visits.append({"page": name, **await visit(page, runs, url, content, timeout_s, errors), "errors": errors})
    finally:
        await context.close()
    return visits


def base_path_probe(url: str) -> bool:
    """Streamlit's own probe on a direct link to /backlog: it asks /backlog/_stcore/... first (the
    server might be mounted there), gets a 404, then uses /_stcore/...: not an error of the page."""
    path = urllib.parse.urlsplit(url).path
    return path.endswith(("/_stcore/health", "/_stcore/host-config")) and not path.startswith("/_stcore/")


def pages(base: str, title_type: str, lang: str) -> list[tuple]:
    """Today at its default day, then the backlog drilled to the title type, each with what shows it drawn."""
    from oncedone import i18n

    today = i18n.t("today.title", lang)
    drilled = i18n.t("backlog.by_stage_and_age", lang, title=i18n.label("title_type", title_type, lang))
    in_lang = "" if lang == i18n.DEFAULT_LANGUAGE else f"lang={lang}"
    return [
        ("today", f"{base}/" + (f"?{in_lang}" if in_lang else ""), lambda p: p.locator("h1").filter(has_text=today)),
        ("backlog", f"{base}/backlog?bl_title={title_type}" + (f"&{in_lang}" if in_lang else ""),
         lambda p: p.get_by_text(drilled)),
    ]


# The run ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a load test does: which warehouse, how many sessions per round, what each round imports."""

    warehouse: Path
    session_counts: tuple[int, ...] = (1, 5, 20)
    title_type: str = DEFAULT_TITLE_TYPE
    import_files: tuple[Path, ...] = ()  # none: one application moved to another department
    do_import: bool = True
    warm_up: bool = True
    lang: str = "fr"
    timeout_s: float = 600
    script: str = "dashboard.py"

    def import_label(self) -> str:
        if not self.do_import:
            return "none"
        return "the files given" if self.import_files else "one application moved to another department"


def load_test(plan: Plan, label: str | None = None, out: Path | None = RESULTS, command: str = "") -> dict:
    """Every round (one per session count) on one server; the results, also written to `out`."""
    label = label or plan.warehouse.stem.removeprefix("scale-")
    result = {"at": datetime.now().isoformat(timespec="seconds"), "label": label, "warehouse": str(plan.warehouse),
              "title_type": plan.title_type, "lang": plan.lang, "timeout_s": plan.timeout_s, "command": command,
              "cores": os.cpu_count(), "import": plan.import_label(), "load_before": list(os.getloadavg())}
    with tempfile.TemporaryDirectory(prefix="oncedone-load-") as work:
        log = Path(work) / "streamlit.log"
        with served(plan.warehouse, log, plan.script) as (base, pid):
            result["warm_up"], result["rounds"] = asyncio.run(rounds(plan, base, pid, Path(work)))
        result["server_errors"] = server_errors(log.read_text())
    result["warm_up_errors"] = [e for v in result["warm_up"] for e in v["errors"]]
    result["error_count"] = (len(result["warm_up_errors"]) + len(result["server_errors"])
                             + sum(r["error_count"] for r in result["rounds"]))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"load-test-{label}.json").write_text(json.dumps(result, indent=1) + "\n")
        (out / f"load-test-{label}.md").write_text(markdown(result))
        result["written"] = [str(out / f"load-test-{label}.{ext}") for ext in ("md", "json")]
    return result


async def rounds(plan: Plan, base: str, pid: int, work: Path) -> tuple[list[dict], list[dict]]:
    """The warm-up's visits, and each round's summary."""
    from playwright.async_api import async_playwright

    steps = pages(base, plan.title_type, plan.lang)
    locale = "fr-FR" if plan.lang == "fr" else "en-GB"
    warm_up, done = [], []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(keeping_niceness(work)), args=CHROMIUM_ARGS)
        if plan.warm_up:
            say("warming the server up: one session opens Today")
            warm_up = await session(browser, steps[:1], plan.timeout_s, locale)
        for n, count in enumerate(plan.session_counts):
            step = await asyncio.to_thread(import_before, plan, work / f"import-{n}") if plan.do_import else None
            say(f"{count} session(s) at once")
            load_before, started, client_start_s = os.getloadavg(), time.perf_counter(), client_cpu_s(pid)
            with ServerUsage(pid) as usage:
                visits = await asyncio.gather(*(session(browser, steps, plan.timeout_s, locale) for _ in range(count)))
            done.append(summary(count, list(visits), step, usage, time.perf_counter() - started, load_before))
            client_end_s = client_cpu_s(pid)
            done[-1]["client_cpu_by_name_s"] = {k: v - client_start_s.get(k, 0.0) for k, v in client_end_s.items()}
            done[-1]["client_cpu_s"] = sum(done[-1]["client_cpu_by_name_s"].values())
            say(f"{count} session(s): {done[-1]['error_count']} error(s), " + ", ".join(
                f"{name} p95 {_s(page['p95_s'])}" for name, page in done[-1]["pages"].items()))
        await browser.close()
    return warm_up, done


def server_errors(log: str) -> list[str]:
    """What the server logged as an error or a traceback (a session's thread can fail unseen)."""
    lines, found = log.splitlines(), []
    for n, line in enumerate(lines):
        if line.startswith("Traceback"):  # the line before says where; the first unindented after, what
            what = next((later for later in lines[n + 1:] if later and not later.startswith(" ")), "")
            found.append(f"{lines[n - 1].strip() if n else ''} {what}".strip()[:300])
        elif line.startswith("ERROR") or " ERROR " in line:
            found.append(line.strip()[:300])
    return found


def import_before(plan: Plan, folder: Path) -> dict:
    folder.mkdir(parents=True)
    step = run_import(plan.warehouse, list(plan.import_files) or moved_application(plan.warehouse, folder))
    say(f"imported in {step['wall_s']:.1f} s (exit {step['exit_code']})")
    return step


def summary(count: int, visits: list[list[dict]], import_step: dict | None, usage: ServerUsage, wall_s: float,
            load_before: tuple) -> dict:
    """One round's errors, and per page the p50/p95 seconds to a finished page."""
    errors = [f"import: {e}" for e in (import_step or {}).get("errors", [])]
    errors += [f"session {n + 1}, {v['page']}: {e}" for n, session_visits in enumerate(visits)
               for v in session_visits for e in v["errors"]]
    by_page = {}
    for name in [v["page"] for v in visits[0]]:
        finished = [v["finished_s"] for s in visits for v in s if v["page"] == name and v["finished_s"] is not None]
        script = [v["script_finished_s"] for s in visits for v in s if v["page"] == name and v["script_finished_s"] is not None]
        by_page[name] = {"finished_count": len(finished), "p50_s": percentile(finished, 0.5),
                         "p95_s": percentile(finished, 0.95), "script_p95_s": percentile(script, 0.95)}
    return {
        "sessions": count, "error_count": len(errors), "errors": errors,
        "complete_session_count": sum(all(v["reached"] for v in s) for s in visits),
        "pages": by_page, "visits": visits, "import": import_step, "wall_s": wall_s,
        "server_peak_rss_mb": usage.peak_rss_mb, "server_cpu_s": usage.cpu_s,
        "load_before": list(load_before), "load_after": list(os.getloadavg()),
    }


# The table -------------------------------------------------------------------------------------


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def _times(value: float | None, reference: float | None) -> str:
    return f"{value / reference:.1f}×" if value and reference else "–"


def markdown(r: dict) -> str:
    rounds = r["rounds"]
    one = next((x for x in rounds if x["sessions"] == 1), None)  # the reference the issue asks for
    names = list(rounds[0]["pages"]) if rounds else []
    lines = [
        f"# Load test on {r['label']}", "",
        f"{r['at']} · {r['cores']} cores · warehouse `{r['warehouse']}` · backlog drilled to {r['title_type']} · "
        f"import before each round: {r['import']} · command `{r['command']}`", "",
        "Each round: the import, then N browser contexts at once open Today (default day), then the backlog "
        "drilled to the title type. Time to a finished page: from the navigation until the server has sent "
        "`script_finished`, the status widget is gone, nothing is stale and the page's own content is in it. "
        "The browser runs on the same machine as the server: with N contexts it takes CPU from it "
        "(its CPU is in the table).", "",
        *([f"Before the rounds, one session opened Today on the fresh server (not in the table): "
           f"{_s(r['warm_up'][0]['finished_s'])}.", ""] if r["warm_up"] else []),
        "| sessions | errors | reached both pages | " + " | ".join(
            f"{n} p50 | {n} p95 | {n} p95 / 1 session" for n in names)
        + " | server peak RSS | server CPU | browsers' CPU | round wall | load average before → after |",
        "|---:|---:|---:|" + "---:|" * (3 * len(names)) + "---:|---:|---:|---:|---|",
    ]
    for x in rounds:
        cells = [f"{_s(x['pages'][n]['p50_s'])} | {_s(x['pages'][n]['p95_s'])} | "
                 f"{_times(x['pages'][n]['p95_s'], one and one['pages'][n]['p95_s'])}" for n in names]
        lines.append(f"| {x['sessions']} | {x['error_count']} | {x['complete_session_count']} of {x['sessions']} | "
                     + " | ".join(cells) + f" | {x['server_peak_rss_mb']:.0f} MB | {_s(x['server_cpu_s'])} | {_s(x.get('client_cpu_s'))} | "
                     f"{_s(x['wall_s'])} | {x['load_before'][0]:.1f} → {x['load_after'][0]:.1f} |")
    if r["load_before"][0] >= r["cores"] / 2:  # before the server started: the others' work, not ours
        lines += ["", f"**Not results:** the load average was {r['load_before'][0]:.1f} on {r['cores']} cores before "
                      "the test started: other work was running, and these times are the machine's, not the dashboard's."]
    errors = [f"- warm-up: {e}" for e in r["warm_up_errors"]] + [f"- server log: {e}" for e in r["server_errors"]]
    errors += [f"- {x['sessions']} sessions: {e}" for x in rounds for e in x["errors"][:20]]
    lines += ["", "Errors:" if errors else "No errors.", *([""] + errors if errors else [])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test", description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", required=True, type=Path)
    parser.add_argument("--sessions", default="1,5,20", help="session counts, one round each (default 1,5,20)")
    parser.add_argument("--title-type", default=DEFAULT_TITLE_TYPE, help=f"the backlog's drill (default {DEFAULT_TITLE_TYPE})")
    parser.add_argument("--after-import", nargs="+", type=Path, default=None, metavar="FILE",
                        help="import these files before each round (default: one application moved to another department)")
    parser.add_argument("--no-import", action="store_true", help="no import before the rounds: the caches stay warm")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--timeout-s", type=float, default=600, help="per page (default 600)")
    parser.add_argument("--label", default=None, help="the results' name: load-test-<label>.md (default from the warehouse's name)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results (default benchmarks/results)")
    parser.add_argument("--script", default="dashboard.py", help=argparse.SUPPRESS)  # the tests' broken page
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        parser.error(f"no warehouse at {args.warehouse} (`make bench SCALE=S` builds benchmarks/runs/scale-S.duckdb)")
    plan = Plan(args.warehouse, tuple(int(n) for n in args.sessions.split(",")), args.title_type,
                tuple(args.after_import or ()), not args.no_import, lang=args.lang, timeout_s=args.timeout_s,
                script=args.script)
    command = "python -m benchmarks.load_test " + shlex.join(sys.argv[1:] if argv is None else argv)
    result = load_test(plan, args.label, args.out, command)
    print(markdown(result))
    say("written: " + ", ".join(result.get("written", [])))
    return 1 if result["error_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
