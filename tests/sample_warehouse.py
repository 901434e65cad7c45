"""A session-wide warehouse built from the bundled corpus through the real asset graph.

Tests that only read share it (building it runs spaCy over every sample article); tests
that write build their own in ``tmp_path``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from assets.execution import resources_for, run_partitions
from pipelines.corpus import CorpusFetcher, sample_sources
from pipelines.load import open_reader
from pipelines.sources import collect


@dataclass
class Built:
    db: Path
    data_root: str
    days: list[date]


def sample_days() -> list[date]:
    pages = collect(sample_sources(), CorpusFetcher()).pages
    return sorted(set(pages["partition_date"].to_list()))


def build(root: Path, days: list[date] | None = None) -> Built:
    """An offline ingest of ``days`` of the sample (all of them by default) into ``root``."""
    db = root / "wirefacts.duckdb"
    data_root = str(root / "lake")
    days = sample_days() if days is None else days
    outcome = run_partitions(
        days,
        resources_for(db_path=str(db), data_root=data_root, mode="bundled"),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert all(outcome.values()), f"failed partitions: {outcome}"
    return Built(db=db, data_root=data_root, days=days)


def table_counts(db: Path) -> dict[str, int]:
    from pipelines.load import ALL_TABLES, table_count

    with open_reader(db) as con:
        return {t: table_count(con, t) for t in ALL_TABLES if t != "forget_log"}


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("sample"))
