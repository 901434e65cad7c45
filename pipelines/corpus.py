"""The offline twin of :class:`~pipelines.fetch.HttpFetcher`: the bundled sample corpus.

``pipelines/sample/manifest.json`` lists article pages (URL, file, Content-Type,
...); ``pipelines/sample/feeds/`` holds an RSS feed, an Atom feed and a news
sitemap whose links are those URLs. :class:`CorpusFetcher` answers ``fetch(url)``
from the package files, and :func:`sample_sources` declares the bundled feeds as
ordinary sources, so an offline run goes through exactly the same discovery,
partitioning and archive code as a live one (the snapshot-client pattern: same
interface, canned responses).

Feed URLs are the feeds' own ``rel="self"`` addresses under
``https://feeds.wirefacts.example/sample/``; like the article URLs they use the
reserved ``.example`` TLD, so a sample source handed to the live fetcher fails
(DNS) instead of reaching someone's server.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pipelines.fetch import (
    Fetcher,
    FetchError,
    FetchResult,
    HttpFetcher,
    decode_body,
    media_type,
)
from pipelines.settings import FetchSettings, Settings
from pipelines.sources import SourceConfig, SourceKind, normalize_url

SAMPLE_ORIGIN = "https://feeds.wirefacts.example/sample"
FEEDS: dict[str, tuple[str, str]] = {
    # source name: (file under pipelines/sample/feeds/, Content-Type it is served with)
    "sample-rss": ("rss.xml", "application/rss+xml; charset=utf-8"),
    "sample-atom": ("atom.xml", "application/atom+xml; charset=utf-8"),
    "sample-news-sitemap": ("news-sitemap.xml", "application/xml; charset=utf-8"),
}
_FEED_KINDS: dict[str, SourceKind] = {
    "sample-rss": "feed",
    "sample-atom": "feed",
    "sample-news-sitemap": "sitemap",
}


def sample_root() -> Traversable:
    """``pipelines/sample`` as a package resource (works from a wheel or a zip too)."""
    return resources.files("pipelines").joinpath("sample")


def load_manifest() -> list[dict[str, Any]]:
    """The manifest entries; raises ``FileNotFoundError`` if the sample is not installed."""
    manifest = sample_root().joinpath("manifest.json")
    if not manifest.is_file():
        raise FileNotFoundError("pipelines/sample/manifest.json is missing")
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    if isinstance(entries, dict):  # tolerate {"pages": [...]} as well as a bare list
        entries = entries.get("pages") or entries.get("entries") or []
    if not isinstance(entries, list):
        raise ValueError("manifest.json must hold a list of page entries")
    return [e for e in entries if isinstance(e, dict) and e.get("url") and e.get("path")]


def sample_sources() -> list[SourceConfig]:
    """Source configs for the bundled RSS feed, Atom feed and news sitemap."""
    return [
        SourceConfig(name=name, kind=_FEED_KINDS[name], location=f"{SAMPLE_ORIGIN}/{file}")
        for name, (file, _ctype) in FEEDS.items()
        if sample_root().joinpath("feeds", file).is_file()
    ]


@dataclass(frozen=True)
class CorpusPage:
    """One bundled page with its bytes and the manifest entry describing it."""

    url: str
    body: bytes
    content_type: str
    entry: dict[str, Any]


def _read(relative: str) -> bytes:
    node = sample_root()
    for part in relative.replace("\\", "/").split("/"):
        if part in ("", ".", ".."):
            raise ValueError(f"unsafe sample path {relative!r}")
        node = node.joinpath(part)
    data = node.read_bytes()
    if relative.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def iter_corpus() -> Iterator[CorpusPage]:
    """Every manifest page with its bytes (used to build test and benchmark WARCs)."""
    for entry in load_manifest():
        yield CorpusPage(
            url=str(entry["url"]),
            body=_read(str(entry["path"])),
            content_type=str(entry.get("content_type") or "text/html"),
            entry=entry,
        )


class CorpusFetcher:
    """Serves the sample corpus through the :class:`~pipelines.fetch.Fetcher` interface.

    Pages are answered with the manifest's Content-Type verbatim (the two
    legacy-charset pages deliberately carry no ``charset=``, so charset detection
    is exercised offline too). ``fetched_at`` can be pinned for reproducible runs.
    """

    def __init__(
        self, settings: FetchSettings | None = None, *, fetched_at: datetime | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        self.concurrency = 4
        self.fetched_at = fetched_at

    @cached_property
    def _pages(self) -> dict[str, dict[str, Any]]:
        return {normalize_url(str(e["url"])): e for e in load_manifest()}

    def urls(self) -> list[str]:
        """Every article URL the corpus can serve."""
        return [str(e["url"]) for e in self._pages.values()]

    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult | FetchError:
        """Answer from package files; unknown URLs are 404s, as on a real site."""
        try:
            key = normalize_url(url)
        except ValueError:
            return FetchError(url, "http", "invalid_url", url)
        if key.startswith(f"{SAMPLE_ORIGIN}/"):
            name = key.removeprefix(f"{SAMPLE_ORIGIN}/")
            ctype = next((c for f, c in FEEDS.values() if f == name), None)
            if ctype is None:
                return FetchError(url, "http", "http_404", "not a bundled feed", status=404)
            return self._result(url, f"feeds/{name}", ctype)
        entry = self._pages.get(key)
        if entry is None:
            return FetchError(url, "http", "http_404", "not in the sample corpus", status=404)
        ctype = str(entry.get("content_type") or "text/html")
        allowed = self.settings.allowed_content_types
        if media_type(ctype) and media_type(ctype) not in allowed:
            return FetchError(url, "content_type", "disallowed_content_type", ctype, status=200)
        return self._result(url, str(entry["path"]), ctype)

    def _result(self, url: str, relative: str, ctype: str) -> FetchResult | FetchError:
        try:
            body = _read(relative)
        except (OSError, ValueError) as exc:
            return FetchError(url, "http", "corpus_file_missing", f"{relative}: {exc}", status=500)
        text, encoding = decode_body(body, ctype)
        return FetchResult(
            url=url,
            final_url=url,
            status=200,
            fetched_at=self.fetched_at or datetime.now(UTC),
            content_type=ctype,
            encoding=encoding,
            headers={"content-type": ctype, "content-length": str(len(body))},
            body=body,
            text=text,
            sha256=hashlib.sha256(body).hexdigest(),
        )


def fetcher_for(mode: str, settings: Settings) -> Fetcher:
    """The fetcher a source mode reads through: the bundled corpus offline, else HTTP.

    One answer for the Dagster resource and for the CLI, which collects before it has
    imported Dagster (its workers start up meanwhile).
    """
    if mode == "bundled":
        return CorpusFetcher()
    if mode != "live":
        raise ValueError(f"source mode must be 'bundled' or 'live', not {mode!r}")
    return HttpFetcher(settings.fetch, state_uri=f"{settings.data.rstrip('/')}/fetch_state")
