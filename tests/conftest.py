"""Shared fixtures: a real loopback HTTP server and fast, loopback-allow-listed fetch
settings for the ingestion tests (nothing here reaches beyond 127.0.0.1), and the
session-wide sample warehouse."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines.corpus import FEEDS, iter_corpus, sample_root
from pipelines.settings import FetchSettings
from pipelines.sources import SourceConfig
from tests.sample_warehouse import sample_warehouse

# Registered here so the session-wide sample warehouse is built once per test run.
__all__ = ["sample_warehouse"]

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"


@pytest.fixture(scope="session")
def wire_server() -> Iterator[HTTPServer]:
    """One threaded server for the session (threaded so a slow endpoint does not
    stall the requests of a concurrency test)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def server(wire_server: HTTPServer) -> Iterator[HTTPServer]:
    """The session server, reset, with a robots.txt that disallows ``/private/``."""
    wire_server.clear()
    wire_server.expect_request("/robots.txt").respond_with_data(
        ROBOTS_TXT, content_type="text/plain"
    )
    yield wire_server
    wire_server.clear()


@pytest.fixture
def fetch_settings() -> FetchSettings:
    """Small timeouts and backoffs so fault tests stay well under a second each."""
    return FetchSettings(
        connect_timeout_s=1.0,
        read_timeout_s=0.4,
        max_retries=2,
        backoff_base_s=0.01,
        backoff_max_s=0.05,
        retry_after_max_s=0.3,
        max_fetch_s=5.0,
        max_body_bytes=1024 * 1024,
        per_host_delay_s=0.0,
        per_host_concurrency=4,
        total_concurrency=4,
        allow_hosts=["127.0.0.1", "localhost"],
    )


def article_html(title: str, body: str, *, meta_charset: str | None = None) -> str:
    """A small but realistic article page (also available as the ``make_article`` fixture)."""
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    paragraphs = "".join(f"<p>{body} ({i})</p>" for i in range(5))
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


@pytest.fixture
def make_article() -> Callable[..., str]:
    return article_html


@dataclass(frozen=True)
class CorpusSite:
    """The bundled corpus served over loopback: ``urls`` maps each manifest URL to
    the URL it is served at; ``sources`` are the bundled feeds, rewritten to match."""

    server: HTTPServer
    urls: dict[str, str]
    sources: list[SourceConfig]


def _conditional(body: bytes, content_type: str) -> Callable[[Request], Response]:
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        # Set the header verbatim: werkzeug would otherwise append "; charset=utf-8".
        response = Response(body, headers={"ETag": etag})
        response.headers["Content-Type"] = content_type
        return response

    return handler


@pytest.fixture
def corpus_site(server: HTTPServer) -> CorpusSite:
    """Every manifest page at ``/<host><path>`` with its manifest Content-Type and an
    ETag, plus the RSS/Atom/news-sitemap feeds with links pointing at this server."""
    base = server.url_for("/").rstrip("/")
    urls: dict[str, str] = {}
    for page in iter_corpus():
        parts = urlsplit(page.url)
        path = f"/{parts.hostname}{parts.path or '/'}"
        urls[page.url] = base + path
        server.expect_request(path).respond_with_handler(_conditional(page.body, page.content_type))
    sources = []
    for name, (file, ctype) in FEEDS.items():
        text = sample_root().joinpath("feeds", file).read_text(encoding="utf-8")
        for original in sorted(urls, key=len, reverse=True):
            text = text.replace(original, urls[original])
        server.expect_request(f"/feeds/{file}").respond_with_handler(
            _conditional(text.encode("utf-8"), ctype)
        )
        sources.append(SourceConfig(name=name, location=f"{base}/feeds/{file}"))
    return CorpusSite(server, urls, sources)
