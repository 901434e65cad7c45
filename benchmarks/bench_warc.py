"""Throughput and memory of WARC ingestion through ``collect`` into the raw archive.

Builds gzipped WARCs of 2,500 / 5,000 / 10,000 HTML response records (plus one
request record each, as real crawls have) from the bundled sample corpus, or
from synthetic pages when the corpus is not installed, then streams each through
``collect(..., archive=RawArchive(...))``. Each size runs in its own process so
the peak RSS reported is that run's own, not the largest so far.

    .venv/bin/python benchmarks/bench_warc.py [--sizes 2500 5000 10000] [--batch 500]

Peak RSS should stay roughly flat as the record count grows: records are
streamed one at a time and written to the archive every ``--batch`` pages.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.fetch import FetchSettings, HttpFetcher
from pipelines.raw import RawArchive
from pipelines.sources import SourceConfig, collect

START = datetime(2024, 3, 1, tzinfo=UTC)


def _templates() -> list[tuple[str, bytes, str]]:
    try:
        from pipelines.corpus import iter_corpus

        pages = [
            (p.url, p.body, p.content_type)
            for p in iter_corpus()
            if "html" in p.content_type or not p.content_type
        ]
        if pages:
            return pages
    except (FileNotFoundError, ValueError, OSError):
        pass
    filler = " ".join(["The wire service reported that officials met on Tuesday."] * 60)
    return [
        (
            f"https://wire.example/world/story-{i}",
            f"<!DOCTYPE html><html><body><article><h1>Story {i}</h1><p>{filler}</p>"
            f"</article></body></html>".encode(),
            "text/html; charset=utf-8",
        )
        for i in range(50)
    ]


def build_warc(path: Path, records: int) -> int:
    """Write ``records`` HTML responses spread over 30 days; returns the file size."""
    templates = _templates()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(records):
            url, body, ctype = templates[i % len(templates)]
            # A distinct URL and body per record, so nothing is deduplicated away.
            target = f"{url}{'&' if '?' in url else '?'}copy={i}"
            payload = body + f"<!-- copy {i} -->".encode()
            when = (START + timedelta(days=i % 30, seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.write_record(
                writer.create_warc_record(
                    target,
                    "request",
                    payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                    warc_headers_dict={"WARC-Date": when},
                )
            )
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    target,
                    "response",
                    payload=io.BytesIO(payload),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": when},
                )
            )
    return path.stat().st_size


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(records: int, batch: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / f"bench-{records}.warc.gz"
        size = build_warc(warc, records)
        baseline = _rss_mb()
        archive = RawArchive(str(Path(tmp) / "lake"))
        fetcher = HttpFetcher(FetchSettings())  # never used: WARC records need no fetching
        started = time.perf_counter()
        result = collect(
            [SourceConfig(name="bench", kind="warc", location=str(warc))],
            fetcher,
            archive=archive,
            stream=True,
            batch_rows=batch,
        )
        elapsed = time.perf_counter() - started
        fetcher.close()
        assert result.new_rows == records, (result.new_rows, result.stats)
        return {
            "records": records,
            "warc_mb": size / 1e6,
            "seconds": elapsed,
            "records_per_s": records / elapsed,
            "baseline_rss_mb": baseline,
            "peak_rss_mb": _rss_mb(),
            "partitions": len(archive.partitions()),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.batch)))
        return
    print(
        f"{'records':>8} {'warc MB':>8} {'seconds':>8} {'rec/s':>8} {'base MB':>8} {'peak MB':>8}"
    )
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--batch", str(args.batch)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{row['records']:>8} {row['warc_mb']:>8.1f} {row['seconds']:>8.2f} "
            f"{row['records_per_s']:>8.0f} {row['baseline_rss_mb']:>8.0f} {row['peak_rss_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
