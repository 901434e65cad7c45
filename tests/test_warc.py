"""WARC sources: streamed with fastwarc, only HTML responses kept, truncation survived.

The archives are built in the test from the bundled corpus with warcio (an
independent implementation), so reader and writer do not share assumptions.
"""

from __future__ import annotations

import gzip
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import fsspec
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.corpus import CorpusPage, iter_corpus
from pipelines.fetch import FetchSettings, HttpFetcher
from pipelines.raw import RawArchive
from pipelines.sources import SourceConfig, collect, detect_kind


@dataclass(frozen=True)
class Rec:
    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    when: str = "2024-03-01T10:00:00Z"
    status: str = "200 OK"
    extra_headers: tuple[tuple[str, str], ...] = ()


def corpus_records(pages: list[tuple[str, bytes, str]]) -> list[Rec]:
    """Records for ``(url, body, content_type)`` pages, spread over two days."""
    return [
        Rec(url, body, ctype, when=f"2024-03-0{1 + i % 2}T0{i % 10}:15:00Z")
        for i, (url, body, ctype) in enumerate(pages)
    ]


def write_warc(path: Path, records: list[Rec], *, compress: bool = True) -> None:
    """A realistic WARC: warcinfo, request+response pairs, an image, a 404, metadata."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for rec in records:
            request = writer.create_warc_record(
                rec.url,
                "request",
                payload=io.BytesIO(f"GET / HTTP/1.1\r\nHost: {rec.url}\r\n\r\n".encode()),
                warc_headers_dict={"WARC-Date": rec.when},
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                rec.status,
                [("Content-Type", rec.content_type), *rec.extra_headers],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    rec.url,
                    "response",
                    payload=io.BytesIO(rec.body),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": rec.when},
                )
            )
        writer.write_record(
            writer.create_warc_record(
                "https://wire.example/meta",
                "metadata",
                payload=io.BytesIO(b"outlinks: none"),
                warc_content_type="application/warc-fields",
            )
        )


def page(n: int, lang: str = "en") -> bytes:
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><title>Story {n}</title></head><body>"
        f"<article><h1>Story {n}</h1><p>WASHINGTON (Wire) - Paragraph for story {n}.</p>"
        "</article></body></html>"
    ).encode()


EXTRA_HTML = "https://wire.example/news/gz"


@pytest.fixture(scope="module")
def corpus() -> list[CorpusPage]:
    return list(iter_corpus())


@pytest.fixture
def records(corpus: list[CorpusPage]) -> list[Rec]:
    """The bundled corpus as crawl records, plus an image, a 404 and a gzip-encoded page."""
    recs = corpus_records([(p.url, p.body, p.content_type) for p in corpus])
    recs.append(Rec("https://wire.example/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png"))
    recs.append(Rec("https://wire.example/gone", b"not here", status="404 Not Found"))
    recs.append(
        Rec(
            EXTRA_HTML,
            gzip.compress(page(99)),
            extra_headers=(("Content-Encoding", "gzip"),),
            when="2024-03-02T12:00:00Z",
        )
    )
    return recs


@pytest.fixture
def no_fetch() -> HttpFetcher:
    """WARC sources never touch the network; a fetcher that refuses everything proves it."""
    return HttpFetcher(FetchSettings(allow_hosts=[]))


def _reasons(result_errors: object) -> list[str]:
    import polars as pl

    assert isinstance(result_errors, pl.DataFrame)
    return sorted(result_errors["reason"].to_list())


def test_warc_keeps_html_responses_with_target_uri_and_date(
    tmp_path: Path, records: list[Rec], corpus: list[CorpusPage], no_fetch: HttpFetcher
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, records)
    assert detect_kind(str(path), path.read_bytes()[:4096]) == "warc"
    result = collect([SourceConfig(name="crawl", location=str(path))], no_fetch)
    pages = {row["url"]: row for row in result.pages.iter_rows(named=True)}
    assert set(pages) == {p.url for p in corpus} | {EXTRA_HTML}
    first = pages[corpus[0].url]
    assert first["date_source"] == "warc" and first["source_kind"] == "warc"
    assert first["date_hint"] == datetime(2024, 3, 1, 0, 15, tzinfo=UTC)
    assert first["partition_date"] == date(2024, 3, 1)
    assert first["final_url"] == corpus[0].url
    assert first["body"] == corpus[0].body
    assert pages[EXTRA_HTML]["body"] == page(99)  # content-encoding undone
    russian = pages["https://wirestream.example/ru/news/c6e6fcf6.html"]
    assert russian["encoding"] == "cp1251" and "Гренландии" in russian["text"]
    # everything else is accounted for: warcinfo, one request per response, metadata, image, 404
    reasons = _reasons(result.errors)
    assert reasons.count("not_response_record") == 1 + len(records) + 1
    assert reasons.count("non_html_content") == 1 and reasons.count("http_404") == 1
    assert len(reasons) == 1 + len(records) + 1 + 2


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_warc_keeps_earlier_records(
    tmp_path: Path, records: list[Rec], no_fetch: HttpFetcher, compress: bool
) -> None:
    full = tmp_path / ("full.warc.gz" if compress else "full.warc")
    write_warc(full, records, compress=compress)
    data = full.read_bytes()
    whole = collect([SourceConfig(name="w", kind="warc", location=str(full))], no_fetch)
    for fraction in (0.35, 0.6, 0.9):
        cut = tmp_path / f"cut-{fraction}{''.join(full.suffixes)}"
        cut.write_bytes(data[: int(len(data) * fraction)])
        result = collect([SourceConfig(name="w", kind="warc", location=str(cut))], no_fetch)
        kept = result.pages["url"].to_list()
        assert 0 < len(kept) < whole.pages.height
        assert kept == whole.pages["url"].to_list()[: len(kept)]  # an intact prefix
        truncation = {"truncated_record", "warc_read_error"} & set(
            result.errors["reason"].to_list()
        )
        assert truncation, result.errors


def test_warc_glob_on_any_fsspec_filesystem(
    records: list[Rec], no_fetch: HttpFetcher, tmp_path: Path
) -> None:
    root = f"memory://warcs-{uuid.uuid4().hex}"
    fs = fsspec.filesystem("memory")
    for i, chunk in enumerate((records[:4], records[4:])):
        local = tmp_path / f"part{i}.warc.gz"
        write_warc(local, chunk)
        fs.pipe(f"{root}/part{i}.warc.gz".removeprefix("memory://"), local.read_bytes())
    result = collect(
        [SourceConfig(name="mem", kind="warc", location=f"{root}/*.warc.gz")], no_fetch
    )
    assert result.pages.height == len(records) - 2


def test_warc_days_filter_and_second_run_writes_nothing(
    tmp_path: Path, records: list[Rec], no_fetch: HttpFetcher
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, records)
    source = [SourceConfig(name="crawl", kind="warc", location=str(path))]
    only_first = collect(source, no_fetch, days=[date(2024, 3, 1)])
    assert set(only_first.pages["partition_date"].to_list()) == {date(2024, 3, 1)}
    archive = RawArchive(str(tmp_path / "lake"))
    # stream=True: written in batches while reading, nothing held in the result
    first = collect(source, no_fetch, archive=archive, stream=True, batch_rows=7)
    assert first.pages.is_empty() and len(archive.part_files(date(2024, 3, 1))) > 1
    html_records = len(records) - 2
    assert first.new_rows == html_records
    assert sorted(first.written) == [date(2024, 3, 1), date(2024, 3, 2)]
    files = sorted(p for d in archive.partitions() for p in archive.part_files(d))
    again = collect(source, no_fetch, archive=RawArchive(str(tmp_path / "lake")))
    assert again.pages.is_empty() and again.stats["unchanged"] == html_records
    assert archive.write(again.pages) == {}
    assert sorted(p for d in archive.partitions() for p in archive.part_files(d)) == files
