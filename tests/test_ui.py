"""The Dagster UI as a user meets it: `dagster dev` on loopback with a fresh instance
(the deploy/dagster.yaml template), the asset graph over GraphQL, one sample partition
materialized through the instance, and a headless Chromium screenshot of the graph.

Skips without Chromium on a developer's machine; in CI (``CI=true``) a missing Chromium
fails the test. The server's process group is always terminated; every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "build" / "ui"
GROUPS = {"ingest", "extract", "normalize", "warehouse"}
ASSETS = {
    "raw_pages",
    "stg_articles",
    "stg_entity_mentions",
    "stg_date_mentions",
    "stg_attributions",
    "story_clusters",
    "warehouse_partition",
    "warehouse_dimensions",
}
DAY = "2025-03-24"  # a small day of the bundled corpus


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed (CI must run the UI test: apt-get install chromium)")
    pytest.skip("chromium is not installed; `apt-get install chromium` to run the UI test")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the whole process group (webserver, daemon, code server, run workers)."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def dagster_dev(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "WIREFACTS_DB": str(tmp_path / "wirefacts.duckdb"),
        "WIREFACTS_DATA": str(tmp_path / "lake"),
        "WIREFACTS_SOURCE_MODE": "bundled",
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    env.pop("WIREFACTS_WARC_DROP", None)
    log = (tmp_path / "dagster_dev.log").open("wb")
    dagster = Path(sys.executable).with_name("dagster")
    proc = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if proc.poll() is not None:
                pytest.fail("dagster dev exited:\n" + (tmp_path / "dagster_dev.log").read_text())
            try:
                if httpx.get(f"{url}/server_info", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("dagster dev did not answer within 240 s")
            time.sleep(1)
        yield url, tmp_path
    finally:
        _stop(proc)
        log.close()


def _gql(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
    )
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


LOCATIONS = """
{ workspaceOrError { __typename ... on Workspace { locationEntries { name loadStatus
    locationOrLoadError { __typename ... on PythonError { message }
      ... on RepositoryLocation { repositories { name } } } } } } }
"""
ASSET_NODES = "{ assetNodes { assetKey { path } groupName isPartitioned } }"
LAUNCH = """
mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } }
  ... on PythonError { message } ... on RunConfigValidationInvalid { errors { message } } } }
"""
RUN = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
NUX_SEEN = "mutation { setNuxSeen }"


def _location(url: str) -> tuple[str, str]:
    deadline = time.monotonic() + 180
    while True:
        data = _gql(url, LOCATIONS)["workspaceOrError"]
        entries = data.get("locationEntries") or []
        if entries and all(e["loadStatus"] == "LOADED" for e in entries):
            break
        if time.monotonic() > deadline:
            pytest.fail(f"code location did not load: {data}")
        time.sleep(1)
    assert len(entries) == 1
    loaded = entries[0]["locationOrLoadError"]
    assert loaded["__typename"] == "RepositoryLocation", loaded
    return entries[0]["name"], loaded["repositories"][0]["name"]


def _materialize(url: str, location: str, repository: str) -> str:
    params = {
        "selector": {
            "repositoryLocationName": location,
            "repositoryName": repository,
            "jobName": "daily_partition_job",
        },
        "executionMetadata": {
            "tags": [
                {"key": "dagster/partition", "value": DAY},
                {"key": "dagster/partition_set", "value": "daily_partition_job_partition_set"},
            ]
        },
        # One process for the run: a subprocess per step would re-import the code
        # location four times, which costs minutes on a 2-core CI machine.
        "runConfigData": {"execution": {"config": {"in_process": {}}}},
        "mode": "default",
    }
    launched = _gql(url, LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = str(launched["run"]["runId"])
    deadline = time.monotonic() + 420
    status = None
    while time.monotonic() < deadline:
        status = _gql(url, RUN, {"id": run_id})["runOrError"].get("status")
        if status in {"SUCCESS", "FAILURE", "CANCELED"}:
            break
        time.sleep(2)
    assert status == "SUCCESS", f"run {run_id} ended {status}"
    return run_id


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG with the standard library: (width, height, rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"unexpected PNG format {depth}/{color}"
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, upleft = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upleft
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def _distinct_colours(path: Path, step: int = 4) -> int:
    width, _height, rows = png_pixels(path)
    bpp = len(rows[0]) // width
    seen = set()
    for row in rows[::step]:
        for x in range(0, width, step):
            seen.add(row[x * bpp : x * bpp + 3])
    return len(seen)


def test_ui_shows_the_asset_graph_and_materializes_a_partition(
    dagster_dev: tuple[str, Path],
) -> None:
    chromium = _chromium()
    url, tmp = dagster_dev
    location, repository = _location(url)

    nodes = _gql(url, ASSET_NODES)["assetNodes"]
    by_key = {"/".join(n["assetKey"]["path"]): n for n in nodes}
    assert set(by_key) == ASSETS
    assert {n["groupName"] for n in nodes} == GROUPS

    _materialize(url, location, repository)
    assert (tmp / "wirefacts.duckdb").exists()

    _gql(url, NUX_SEEN)  # the first-visit "join the community" dialog would cover the graph
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "asset_graph.png"
    shot.unlink(missing_ok=True)
    profile = tmp / "chromium-profile"
    profile.mkdir()
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1600,1000",
            "--virtual-time-budget=20000",
            # The lineage of the last asset: the whole graph with every node expanded.
            f"{url}/assets/warehouse_dimensions?view=lineage&lineageScope=upstream&lineageDepth=10",
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.exists(), "chromium wrote no screenshot"
    assert _distinct_colours(shot) > 40, "the screenshot looks blank"
