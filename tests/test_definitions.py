"""Each Dagster object tested at its own level: code location, graph, schedule, sensor, checks."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from assets.automation import daily_schedule, warc_drop_sensor
from assets.definitions import defs
from pipelines.settings import get_settings

REPO = Path(__file__).resolve().parents[1]


def test_code_location_loads_like_dagster_dev() -> None:
    """`dagster dev -w workspace.yaml` loads the same way; any load error fails here."""
    dagster = Path(sys.executable).with_name("dagster")
    proc = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_asset_graph_snapshot(snapshot) -> None:  # type: ignore[no-untyped-def]
    graph = defs.resolve_asset_graph()
    shape = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        shape[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "partitioned": node.partitions_def is not None,
            "kinds": sorted(node.kinds),
            "pools": sorted(node.pools or ()),
            "owners": list(node.owners),
            "has_code_version": bool(node.code_version),
            "has_description": bool(node.description),
            "automation": node.automation_condition.get_label()
            if node.automation_condition
            else None,
        }
    checks = sorted(k.to_user_string() for k in graph.asset_check_keys)
    repo = defs.get_repository_def()
    objects = {
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "schedules": sorted(s.name for s in repo.schedule_defs),
        "sensors": sorted(s.name for s in repo.sensor_defs),
    }
    assert {"assets": shape, "checks": checks, **objects} == snapshot


def test_every_partitioned_asset_shares_the_daily_partitions() -> None:
    from assets.partitions import DAILY

    graph = defs.resolve_asset_graph()
    partitioned = [graph.get(k) for k in graph.get_all_asset_keys() if graph.get(k).partitions_def]
    assert len(partitioned) == 6
    assert all(node.partitions_def == DAILY for node in partitioned)
    assert DAILY.timezone == "UTC"
    for job_name in ("daily_partition_job",):
        assert defs.resolve_job_def(job_name).partitions_def == DAILY


def test_daily_schedule_runs_the_previous_day() -> None:
    context = dg.build_schedule_context(
        scheduled_execution_time=datetime(2025, 3, 29, 2, 0, tzinfo=UTC)
    )
    request = daily_schedule(context)
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == "2025-03-28"


def test_warc_sensor_requests_each_file_once(tmp_path: Path, monkeypatch, request) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    drop = tmp_path / "drop"
    drop.mkdir()
    with open(drop / "a.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, stamp in enumerate(["2025-03-27T10:00:00Z", "2025-03-28T11:00:00Z"]):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{i}",
                "response",
                payload=BytesIO(b"<html><body><p>hello</p></body></html>"),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": stamp},
            )
            writer.write_record(record)
    monkeypatch.setenv("WIREFACTS_WARC_DROP", str(drop))
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    with dg.instance_for_test() as instance:
        ctx = dg.build_sensor_context(instance=instance)
        result = warc_drop_sensor(ctx)
        assert sorted(r.partition_key for r in result.run_requests) == ["2025-03-27", "2025-03-28"]
        again = warc_drop_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor))
        assert not again.run_requests
        assert json.loads(result.cursor) == [str(drop / "a.warc.gz")]
