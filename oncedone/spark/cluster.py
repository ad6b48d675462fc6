"""A standalone Spark cluster on 127.0.0.1 from the pip package: a master and two workers, each a JVM
of Spark's own `Master` and `Worker` classes (the pip package has no start-*.sh scripts, only
`spark-class`, which needs SPARK_HOME to point at the package).

`python -m oncedone.spark.cluster start|stop` (what `make spark-cluster` runs); `running()` is the
same for a test, stopped when it leaves."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

STATE = Path(os.environ.get("ONCEDONE_SPARK_STATE", "/tmp/oncedone-spark"))
WORKERS = 2
WORKER_MEMORY = os.environ.get("ONCEDONE_SPARK_WORKER_MEMORY", "1536m")


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def environment() -> dict:
    return {**os.environ, "SPARK_HOME": str(spark_home()), "SPARK_LOCAL_IP": "127.0.0.1",
            "PYSPARK_PYTHON": sys.executable}


def start(port: int = 7077, workers: int = WORKERS, state: Path = STATE) -> str:
    """Start the master and `workers` workers of one core each; return the master's URL once all registered."""
    state.mkdir(parents=True, exist_ok=True)
    spark_class = str(Path(sys.executable).parent / "spark-class")
    url = f"spark://127.0.0.1:{port}"
    ui = _free_port()
    processes = [_launch(state / "master", [spark_class, "org.apache.spark.deploy.master.Master",
                                            "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui)])]
    _wait(lambda: _listening(port), 60, "the Spark master did not listen", state / "master.log")
    for i in range(1, workers + 1):
        processes.append(_launch(state / f"worker-{i}", [
            spark_class, "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
            "--cores", "1", "--memory", WORKER_MEMORY, "--webui-port", str(_free_port()),
            "--work-dir", str(state / f"worker-{i}.work")]))
    (state / "pids").write_text(" ".join(str(p.pid) for p in processes))
    _wait(lambda: (state / "master.log").read_text().count("Registering worker") >= workers, 90,
          f"{workers} Spark workers did not register", state / "master.log")
    (state / "url").write_text(url)
    return url


def stop(state: Path = STATE) -> None:
    """Stop what `start` started (each JVM is its process group's leader)."""
    pids = (state / "pids").read_text().split() if (state / "pids").exists() else []
    for pid in pids:
        try:
            os.killpg(int(pid), signal.SIGTERM)
        except ProcessLookupError:
            pass
    (state / "pids").unlink(missing_ok=True)


@contextmanager
def running(state: Path, workers: int = WORKERS):
    """A cluster on a free port for the time of a block."""
    url = start(_free_port(), workers, state)
    try:
        yield url
    finally:
        stop(state)


def _launch(log_stem: Path, command: list[str]) -> subprocess.Popen:
    log = open(log_stem.with_suffix(".log"), "w")
    return subprocess.Popen(command, env=environment(), stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def _wait(condition, seconds: float, failure: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except FileNotFoundError:
            pass
        time.sleep(0.5)
    tail = log.read_text()[-2000:] if log.exists() else "(no log)"
    raise RuntimeError(f"{failure} within {seconds:.0f} s; {log}:\n{tail}")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    if sys.argv[1:] == ["start"]:
        print(start())
    elif sys.argv[1:] == ["stop"]:
        stop()
    else:
        sys.exit("usage: python -m oncedone.spark.cluster start|stop")
