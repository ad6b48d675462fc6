"""Uploads against hostile files (issue 14): the import runs in a child process bounded by the
configuration's row and memory limits, so a bad file never ends the server's sessions."""

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from oncedone import config
from oncedone.app import uploads
from oncedone.store import ingest
from tests.conftest import REQUESTS_HEADER, table, write_lines


@pytest.fixture
def limits(tmp_path, monkeypatch):
    """An oncedone.toml whose [uploads] bounds are the ones given."""
    def use(max_rows: int, memory_mb: int) -> None:
        text = (config.DEFAULT_PATH.read_text(encoding="utf-8").split("[uploads]")[0]
                + f"[uploads]\nmax_rows = {max_rows}\nmemory_mb = {memory_mb}\n")
        (tmp_path / "oncedone.toml").write_text(text, encoding="utf-8")
        monkeypatch.setenv("ONCEDONE_CONFIG", str(tmp_path / "oncedone.toml"))
        config.load.cache_clear()
    yield use
    config.load.cache_clear()


def parquet_bomb(path: Path, row_groups: int, rows_per_group: int = 1_000_000) -> bytes:
    """The same row many times: a tiny file of millions of rows (written one row group at a time)."""
    group = pa.table({
        "request_id": pa.array(["R1"] * rows_per_group).dictionary_encode(),
        "title_type": pa.array(["passport"] * rows_per_group).dictionary_encode(),
        "submitted_at": pa.array(["2018-03-01 10:00"] * rows_per_group).dictionary_encode(),
    })
    with pq.ParquetWriter(path, group.schema, compression="zstd") as writer:
        for _ in range(row_groups):
            writer.write_table(group)
    return path.read_bytes()


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def base(tmp_path, warehouse) -> bytes:
    ingest.ingest(warehouse, [write_lines(tmp_path / "r.csv", REQUESTS_HEADER, "R0,passport,2018-03-01 10:00,75,online,C0")])
    return warehouse.read_bytes()


def test_a_file_of_more_rows_than_the_configuration_allows_is_refused_before_it_is_read(tmp_path, warehouse, limits):
    limits(max_rows=1000, memory_mb=2048)
    before = base(tmp_path, warehouse)
    data = parquet_bomb(tmp_path / "bomb.parquet", row_groups=1, rows_per_group=2000)
    result = uploads.run(warehouse, [("bomb.parquet", data)])
    assert result.status == "refused"
    assert str(result.unusable) == "bomb.parquet: has 2000 rows, more than the 1000 an upload may hold"
    assert warehouse.read_bytes() == before


def test_a_parquet_bomb_ends_the_child_not_the_server(tmp_path, warehouse, limits):
    limits(max_rows=100_000_000, memory_mb=1024)  # the row limit lifted: only memory stops it
    before = base(tmp_path, warehouse)
    data = parquet_bomb(tmp_path / "bomb.parquet", row_groups=30)
    assert len(data) < 2_000_000  # 30 million rows in a file of a few hundred KB
    server_before = rss_mb()
    result = uploads.run(warehouse, [("bomb.parquet", data)])
    assert result.status == "refused" and result.outcome is None
    assert "1024 MB" in result.error and "unchanged" in result.error
    assert rss_mb() - server_before < 200  # the server held the file's bytes, never its rows
    assert warehouse.read_bytes() == before
    assert not list(warehouse.parent.glob(".*.building*"))  # the dead child's copy is removed


def test_a_good_upload_in_the_child_reports_its_steps_and_outcome(tmp_path, warehouse, limits):
    limits(max_rows=1000, memory_mb=2048)
    base(tmp_path, warehouse)
    steps = []
    result = uploads.run(warehouse, [("r2.csv", (REQUESTS_HEADER + "\nR2,id_card,2018-03-02 09:00,,,\n").encode())],
                         progress=lambda step, file: steps.append((step, file)))
    assert result.status == "loaded", result.error
    assert steps[:2] == [("open", None), ("read", "r2.csv")] and steps[-1] == ("save", None)
    assert table(warehouse, "requests")["request_id"].to_list() == ["R0", "R2"]


def test_upload_folders_of_a_dead_server_are_removed_and_a_live_ones_kept():
    dead = Path(tempfile.mkdtemp(prefix=f"{uploads.TEMP_PREFIX}999999999-"))
    (dead / "contacts.csv").write_text("personal data")
    alive = Path(tempfile.mkdtemp(prefix=f"{uploads.TEMP_PREFIX}{os.getpid()}-"))
    try:
        removed = uploads.clean_leftovers()
        assert dead in removed and not dead.exists()
        assert alive.exists() and alive not in removed
    finally:
        alive.rmdir()
