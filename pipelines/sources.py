"""Source configuration, discovery and collection of raw pages.

A *source* is a feed, a (news) sitemap or sitemap index, a URL list, a folder of
saved HTML, a single HTML page or a set of WARC files. Discovery turns a source
into article links (with the best date the source knows) or, for archives, into
pages directly; :func:`collect` then fetches the links through a
:class:`~pipelines.fetch.Fetcher` and assigns every page to a daily partition.

The same code runs live (``HttpFetcher``) and offline (``CorpusFetcher``), so the
bundled sample exercises exactly the discovery path production uses.

Every rejected link, failed fetch and skipped WARC record becomes an error row:
nothing is dropped silently. Intentional filtering (the ``days`` argument) is
counted in :attr:`CollectResult.stats` instead.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import fsspec
import polars as pl
import yaml
from fastwarc.warc import ArchiveIterator, WarcRecordType
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipelines.fetch import (
    Fetcher,
    FetchError,
    FetchResult,
    decode_body,
    gunzip_capped,
    media_type,
    result_headers_json,
)
from pipelines.netguard import redact_credentials
from pipelines.raw import FETCH_ERROR_SCHEMA, RAW_PAGE_SCHEMA, RawArchive
from pipelines.settings import FetchSettings

SourceKind = Literal["feed", "sitemap", "warc", "urllist", "folder", "html", "auto"]
DETECTABLE_KINDS = ("feed", "sitemap", "warc", "urllist", "folder", "html")

# A feed date older than this, or in the future beyond the skew below, is junk
# (epoch zero, 2099 placeholders); the page then falls back to its fetch date.
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SKEW = timedelta(days=2)
# Sitemaps may be 50 MB uncompressed by protocol; URL lists and feeds are smaller.
MAX_SOURCE_BYTES = 50 * 1024 * 1024
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|_ga|igshid)$", re.I)
_HTML_SNIFF = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)
_CANONICAL = re.compile(
    rb"<link[^>]+rel\s*=\s*[\"']?canonical[\"']?[^>]*href\s*=\s*[\"']([^\"'>\s]+)", re.I
)
# Ranking of date sources when one URL is found by several sources: an explicit
# item date beats a list annotation, which beats a sitemap lastmod.
DATE_SOURCE_RANK = {"feed": 0, "sitemap_news": 0, "urllist": 1, "sitemap_lastmod": 2}


class SourceConfigError(ValueError):
    """The sources file is missing, unreadable or invalid; the message says where."""


class SourceConfig(BaseModel):
    """One declared source. Unknown keys are rejected so typos fail loudly."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    kind: SourceKind = "auto"
    location: str = Field(min_length=1)
    enabled: bool = True
    # Stop after this many article links / records from this source (None = all).
    max_items: int | None = Field(default=None, ge=1)
    # Only keep article URLs matching one of these regular expressions (empty = all).
    include: list[str] = Field(default_factory=list)
    # Free-form labels carried for the operator (outlet, language, notes).
    outlet: str | None = None
    language: str | None = None

    @field_validator("include")
    @classmethod
    def _valid_patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return value

    def url_wanted(self, url: str) -> bool:
        return not self.include or any(re.search(p, url) for p in self.include)


class _SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[SourceConfig]


def load_sources(path: str | Any) -> list[SourceConfig]:
    """Read and validate a YAML sources file (``sources:`` list, or a bare list).

    Errors name the file, the source (by index and name) and the offending field.
    Relative local locations are resolved against the file's directory.
    """
    uri = str(path)
    try:
        with fsspec.open(uri, "rb") as fh:
            raw = yaml.safe_load(fh.read())
    except FileNotFoundError as exc:
        raise SourceConfigError(f"{uri}: sources file not found") from exc
    except yaml.YAMLError as exc:
        raise SourceConfigError(f"{uri}: not valid YAML: {exc}") from exc
    if isinstance(raw, list):
        raw = {"sources": raw}
    if not isinstance(raw, dict):
        raise SourceConfigError(f"{uri}: expected a mapping with a 'sources' list")
    try:
        parsed = _SourcesFile.model_validate(raw)
    except ValidationError as exc:
        lines = []
        listed = raw.get("sources")
        entries: list[Any] = listed if isinstance(listed, list) else []
        for err in exc.errors():
            loc = list(err["loc"])
            where = ".".join(str(p) for p in loc)
            if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
                idx = loc[1]
                entry = entries[idx] if idx < len(entries) else None
                label = entry.get("name") if isinstance(entry, dict) else None
                field_path = ".".join(str(p) for p in loc[2:]) or "(entry)"
                where = (
                    f"source #{idx + 1}" + (f" ({label!r})" if label else "") + f", {field_path}"
                )
            lines.append(f"  {where}: {err['msg']}")
        raise SourceConfigError(f"{uri}: invalid sources file:\n" + "\n".join(lines)) from exc
    seen: set[str] = set()
    for src in parsed.sources:
        if src.name in seen:
            raise SourceConfigError(f"{uri}: duplicate source name {src.name!r}")
        seen.add(src.name)
    base_dir = uri.rsplit("/", 1)[0] if "/" in uri else "."
    return [_resolve_relative(src, base_dir) for src in parsed.sources if src.enabled]


def _resolve_relative(src: SourceConfig, base_dir: str) -> SourceConfig:
    loc = src.location
    if "://" in loc or loc.startswith("/"):
        return src
    return src.model_copy(update={"location": f"{base_dir}/{loc}"})


# --------------------------------------------------------------------------- kind detection


def _strip_xml_prolog(head: bytes) -> bytes:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    while True:
        if text.startswith(b"<?"):
            end = text.find(b"?>")
            text = text[end + 2 :].lstrip() if end >= 0 else b""
        elif text.startswith(b"<!--"):
            end = text.find(b"-->")
            text = text[end + 3 :].lstrip() if end >= 0 else b""
        elif text[:9].upper() == b"<!DOCTYPE" and not text[:14].lower().startswith(
            b"<!doctype html"
        ):
            end = text.find(b">")
            text = text[end + 1 :].lstrip() if end >= 0 else b""
        else:
            return text


def _kind_from_head(head: bytes) -> str | None:
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = gzip.GzipFile(fileobj=io.BytesIO(head)).read(4096)
        except (OSError, EOFError):
            inner = b""
        return _kind_from_head(inner) if inner else None
    if head.startswith(b"WARC/"):
        return "warc"
    body = _strip_xml_prolog(head)
    match = re.match(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)", body)
    if match:
        tag = match.group(2).lower()
        if tag in (b"rss", b"feed", b"rdf"):
            return "feed"
        if tag in (b"urlset", b"sitemapindex"):
            return "sitemap"
        if tag in (b"html", b"head", b"body"):
            return "html"
    if _HTML_SNIFF.match(head) or body[:9].lower() == b"<!doctype":
        return "html"
    lines = [ln.strip() for ln in head.splitlines() if ln.strip() and not ln.startswith(b"#")]
    if lines and all(re.match(rb"^[a-z][a-z0-9+.\-]*://\S+", ln, re.I) for ln in lines[:50]):
        return "urllist"
    return None


def _kind_from_name(location: str) -> str | None:
    name = location.lower().split("?", 1)[0].rstrip("/")
    if name.endswith((".warc", ".warc.gz", ".arc.gz", ".warc.zst")):
        return "warc"
    if name.endswith((".html", ".htm", ".html.gz", ".xhtml")):
        return "html"
    if (
        name.endswith((".rss", ".atom"))
        or "/feed" in name
        or name.endswith(("rss.xml", "atom.xml"))
    ):
        return "feed"
    if "sitemap" in name.rsplit("/", 1)[-1]:
        return "sitemap"
    if name.endswith((".txt", ".urls", ".lst")):
        return "urllist"
    return None


def detect_kind(location: str, head: bytes | None = None) -> str:
    """Guess a source's kind, trusting the content over the name.

    ``head`` is the first few KB of the resource (gzip is looked through). Without
    content, or when it is inconclusive, the name decides; a local directory is a
    ``folder``. Raises ``ValueError`` when neither gives an answer.
    """
    if head:
        kind = _kind_from_head(head[:65536])
        if kind:
            return kind
    if "://" not in location or location.startswith("file://"):
        try:
            fs, path = fsspec.core.url_to_fs(location)
            if fs.isdir(path):
                return "folder"
        except (OSError, ValueError):
            pass
    kind = _kind_from_name(location)
    if kind:
        return kind
    if any(ch in location for ch in "*?["):
        return "warc"  # globs are only meaningful for archive sets
    raise ValueError(f"cannot tell what kind of source {location!r} is; set kind explicitly")


# --------------------------------------------------------------------------- URLs and dates


def normalize_url(url: str) -> str:
    """Identity of an article URL: lower-case scheme/host, no default port, no
    fragment, no tracking parameters. Other query parameters are kept in order."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else f"{host}:{port}"
    )
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" + (f":{port}" if port and netloc.endswith(f":{port}") else "")
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def vet_link(raw: str | None, base: str | None) -> tuple[str | None, str]:
    """Resolve a link found in a feed/sitemap/list and decide whether to keep it.

    Returns ``(url, "")`` or ``(None, reason)``. ``javascript:``, ``file:``,
    ``data:`` (any non-http scheme) and ``user:pass@`` links are refused.
    """
    if raw is None:
        return None, "missing_link"
    # Browsers drop ASCII tab/newline anywhere in URLs: "java\tscript:" is javascript:.
    cleaned = re.sub(r"[\t\r\n]", "", raw).strip().strip("\x00\x20")
    if not cleaned:
        return None, "missing_link"
    scheme_match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    if scheme_match and scheme_match.group(1).lower() not in ("http", "https"):
        return None, "unsafe_scheme"
    if not scheme_match:
        if not base or urlsplit(base).scheme.lower() not in ("http", "https"):
            return None, "relative_link_without_base"
        cleaned = urljoin(base, cleaned)
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https"):
        return None, "unsafe_scheme"
    if parts.username is not None or parts.password is not None:
        return None, "credentialed_url"
    if not parts.hostname:
        return None, "missing_host"
    try:
        return normalize_url(cleaned), ""
    except ValueError:
        return None, "invalid_url"


def parse_date(text: str | None) -> datetime | None:
    """RFC 822 (RSS), ISO 8601 / W3C datetime (Atom, sitemaps) or a bare date -> UTC."""
    if not text:
        return None
    text = text.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def choose_date(
    hint: datetime | None, source: str | None, fetched_at: datetime
) -> tuple[datetime, str]:
    """The page's partition date: the source's date when plausible, else the fetch time."""
    if hint is not None and source and EARLIEST_DATE <= hint <= fetched_at + FUTURE_SKEW:
        return hint, source
    return fetched_at, "fetched"


# --------------------------------------------------------------------------- safe XML


class UnsafeXMLError(ValueError):
    """The document declares entities or is not well-formed XML."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def parse_xml(data: bytes) -> Any:
    """Parse untrusted XML with entities, DTD loading and network access disabled.

    Documents declaring entities are refused outright (billion laughs, XXE) rather
    than parsed with the entities left unexpanded: no legitimate feed needs them.
    """
    return _parse_xml(data)[0]


def _parse_xml(data: bytes) -> tuple[Any, str | None]:
    """``(root, strict_error)``: the error is set when the tree had to be recovered."""
    if b"<!ENTITY" in data:
        raise UnsafeXMLError("xml_entity_declaration", "documents declaring entities are refused")
    options: dict[str, Any] = {
        "resolve_entities": False,
        "no_network": True,
        "huge_tree": False,
        "load_dtd": False,
        "dtd_validation": False,
        "remove_pis": True,
    }
    broken: str | None = None
    try:
        root = etree.fromstring(data, etree.XMLParser(**options))
    except etree.XMLSyntaxError as strict_error:
        # Real feeds are often slightly broken (stray "&", bad bytes): recover, still safely.
        try:
            root = etree.fromstring(data, etree.XMLParser(recover=True, **options))
        except etree.XMLSyntaxError as exc:
            raise UnsafeXMLError("malformed_xml", str(exc)) from exc
        if root is None:
            raise UnsafeXMLError("malformed_xml", str(strict_error)) from strict_error
        broken = str(strict_error)
    # The byte check above cannot see a declaration in UTF-16 or UTF-32; the parsed
    # internal subset can (the entities were not expanded, so this is still safe).
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXMLError(
            "xml_entity_declaration", "documents declaring entities are refused (any encoding)"
        )
    return root, broken


def _nothing_recovered(broken: str | None, entries: list[Entry]) -> None:
    """A document that only parsed in recovery mode and yielded nothing is an error, not an
    empty feed (libxml2 drops whatever it cannot place, e.g. past its nesting limit)."""
    if broken is not None and not entries:
        raise UnsafeXMLError("malformed_xml", f"nothing recovered: {broken}")


def _local(el: Any) -> str:
    tag = el.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: Any, *names: str) -> str | None:
    for name in names:
        for child in el:
            if _local(child) == name and child.text and child.text.strip():
                return str(child.text).strip()
    return None


@dataclass(frozen=True)
class Entry:
    """A raw link found in a feed or sitemap, before vetting."""

    link: str | None
    date: datetime | None
    date_source: str | None
    is_sitemap: bool = False


def parse_feed(data: bytes) -> list[Entry]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: link and item date."""
    root, broken = _parse_xml(data)
    entries: list[Entry] = []
    for el in root.iter():
        name = _local(el)
        if name == "item":
            link = _child_text(el, "link")
            if link is None:
                for child in el:
                    if (
                        _local(child) == "guid"
                        and (child.get("isPermaLink") or "true").lower() != "false"
                    ):
                        link = (child.text or "").strip() or None
            when = parse_date(_child_text(el, "pubdate", "date", "published", "updated"))
            entries.append(Entry(link, when, "feed"))
        elif name == "entry":
            link = None
            for child in el:
                if (
                    _local(child) == "link"
                    and (child.get("rel") or "alternate") == "alternate"
                    and (link is None or (child.get("type") or "").startswith("text/html"))
                ):
                    link = child.get("href")
            when = parse_date(_child_text(el, "published", "updated", "issued", "modified"))
            entries.append(Entry(link, when, "feed"))
    _nothing_recovered(broken, entries)
    return entries


def parse_sitemap(data: bytes) -> list[Entry]:
    """``<url>`` entries of a (news) sitemap and ``<sitemap>`` entries of an index.

    ``news:publication_date`` is preferred over ``lastmod`` because it is the
    article's date rather than the last time the entry was touched.
    """
    root, broken = _parse_xml(data)
    entries: list[Entry] = []
    for el in root.iter():
        name = _local(el)
        if name not in ("url", "sitemap"):
            continue
        loc = _child_text(el, "loc")
        news_date = None
        for sub in el.iter():
            if _local(sub) == "publication_date" and sub.text:
                news_date = parse_date(sub.text)
                break
        if news_date is not None:
            entries.append(Entry(loc, news_date, "sitemap_news", name == "sitemap"))
        else:
            lastmod = parse_date(_child_text(el, "lastmod"))
            entries.append(
                Entry(loc, lastmod, "sitemap_lastmod" if lastmod else None, name == "sitemap")
            )
    _nothing_recovered(broken, entries)
    return entries


# --------------------------------------------------------------------------- discovery items


@dataclass(frozen=True)
class Link:
    """An article URL to fetch, with the best date the source gave for it."""

    url: str
    source: str
    source_kind: str
    date_hint: datetime | None = None
    date_source: str | None = None


@dataclass(frozen=True)
class PageRow:
    """A page that needs no fetching (WARC record, local HTML) as a ``raw_pages`` row."""

    row: dict[str, Any]


@dataclass(frozen=True)
class ErrorRow:
    """A ``raw_fetch_errors`` row."""

    row: dict[str, Any]


Item = Link | PageRow | ErrorRow


def error_row(
    url: str,
    source: str,
    source_kind: str,
    stage: str,
    reason: str,
    detail: str = "",
    *,
    status: int | None = None,
    when: datetime | None = None,
    day: date | None = None,
) -> ErrorRow:
    """A ``raw_fetch_errors`` row; credentials in the URL or detail are redacted."""
    now = when or datetime.now(UTC)
    return ErrorRow(
        {
            "url": redact_credentials(url),
            "source": source,
            "source_kind": source_kind,
            "stage": stage,
            "reason": reason,
            "detail": redact_credentials(detail[:2000]),
            "status": status,
            "time": now,
            "partition_date": day or now.date(),
        }
    )


def page_row(
    *,
    url: str,
    final_url: str,
    status: int,
    fetched_at: datetime,
    source: str,
    source_kind: str,
    content_type: str,
    headers: dict[str, str],
    body: bytes,
    text: str | None = None,
    encoding: str | None = None,
    sha256: str | None = None,
    date_hint: datetime | None = None,
    date_source: str | None = None,
) -> PageRow:
    """Build a ``raw_pages`` row, decoding the body and choosing the partition date."""
    if text is None or encoding is None:
        text, encoding = decode_body(body, content_type)
    when, where = choose_date(date_hint, date_source, fetched_at)
    return PageRow(
        {
            "url": url,
            "final_url": final_url,
            "status": status,
            "fetched_at": fetched_at,
            "source": source,
            "source_kind": source_kind,
            "content_type": content_type,
            "encoding": encoding,
            "headers": result_headers_json(headers),
            "body": body,
            "text": text,
            "sha256": sha256 or hashlib.sha256(body).hexdigest(),
            "date_hint": when,
            "date_source": where,
            "partition_date": when.date(),
        }
    )


def looks_like_html(content_type: str, body: bytes) -> bool:
    """HTML by declared type, or (when the type is missing/generic) by sniffing."""
    mtype = media_type(content_type)
    if mtype in HTML_TYPES:
        return True
    if mtype in ("", "application/octet-stream", "text/plain"):
        return bool(_HTML_SNIFF.match(body[:2048]))
    return False


# --------------------------------------------------------------------------- readers


class _SourceFailure(Exception):
    def __init__(self, stage: str, reason: str, detail: str = "", status: int | None = None):
        super().__init__(f"{reason}: {detail}")
        self.stage, self.reason, self.detail, self.status = stage, reason, detail, status


def _is_remote_http(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def _read_location(location: str, fetcher: Fetcher, cap: int) -> tuple[bytes, FetchResult | None]:
    """Bytes of a feed/sitemap/list: through the fetcher for http(s), else fsspec."""
    if _is_remote_http(location):
        result = fetcher.fetch(location, conditional=False)
        if isinstance(result, FetchError):
            raise _SourceFailure(result.stage, result.reason, result.detail, result.status)
        body = result.body
    else:
        result = None
        try:
            with fsspec.open(location, "rb") as fh:
                body = fh.read(cap + 1)
        except (OSError, ValueError) as exc:
            raise _SourceFailure("source", "unreadable_source", f"{location}: {exc}") from exc
        if len(body) > cap:
            raise _SourceFailure("source", "source_too_large", f"{location} exceeds {cap} bytes")
    if body.startswith(b"\x1f\x8b"):
        try:
            body = gunzip_capped(body, cap)
        except ValueError as exc:
            raise _SourceFailure("source", "bad_gzip", str(exc)) from exc
    return body, result


def _canonical(body: bytes) -> str | None:
    match = _CANONICAL.search(body[:65536])
    if not match:
        return None
    url, reason = vet_link(match.group(1).decode("utf-8", "replace"), None)
    return url if not reason else None


# --------------------------------------------------------------------------- discovery


@dataclass
class _Discovery:
    source: SourceConfig
    fetcher: Fetcher
    settings: FetchSettings
    days: frozenset[date] | None
    stats: dict[str, int]

    @property
    def name(self) -> str:
        return self.source.name

    def err(
        self, url: str, kind: str, stage: str, reason: str, detail: str = "", **kw: Any
    ) -> ErrorRow:
        return error_row(url, self.name, kind, stage, reason, detail, **kw)

    def day_wanted(self, when: datetime | None) -> bool:
        """Undated items land in today's (fetch date) partition, and so do items whose
        date is junk (see :func:`choose_date`): otherwise a partitioned run would skip
        them as "another day" and no run would ever collect them."""
        if self.days is None:
            return True
        now = datetime.now(UTC)
        if when is None or not EARLIEST_DATE <= when <= now + FUTURE_SKEW:
            when = now
        return when.date() in self.days

    def run(self) -> Iterator[Item]:
        src = self.source
        kind: str = src.kind
        loc = src.location
        if kind == "auto":
            if _is_remote_http(loc):
                try:
                    data, result = _read_location(loc, self.fetcher, MAX_SOURCE_BYTES)
                except _SourceFailure as exc:
                    yield self.err(
                        loc, "auto", exc.stage, exc.reason, exc.detail, status=exc.status
                    )
                    return
                try:
                    kind = detect_kind(loc, data[:65536])
                except ValueError as exc:
                    yield self.err(loc, "auto", "detect", "unknown_kind", str(exc))
                    return
                yield from self._from_bytes(kind, data, result)
                return
            try:
                kind = detect_kind(loc, self._local_head(loc))
            except ValueError as exc:
                yield self.err(loc, "auto", "detect", "unknown_kind", str(exc))
                return
        if kind == "warc":
            yield from self._warc()
        elif kind == "folder":
            yield from self._folder()
        elif kind == "html" and _is_remote_http(loc):
            if self.day_wanted(None):
                yield Link(normalize_url(loc), self.name, "html")
            else:
                self.stats["skipped_by_day"] += 1
        else:
            try:
                data, result = _read_location(loc, self.fetcher, MAX_SOURCE_BYTES)
            except _SourceFailure as exc:
                yield self.err(loc, kind, exc.stage, exc.reason, exc.detail, status=exc.status)
                return
            yield from self._from_bytes(kind, data, result)

    @staticmethod
    def _local_head(loc: str) -> bytes | None:
        if any(ch in loc for ch in "*?["):
            return None
        try:
            fs, path = fsspec.core.url_to_fs(loc)
            if fs.isdir(path):
                return None
            with fs.open(path, "rb") as fh:
                return bytes(fh.read(65536))
        except (OSError, ValueError):
            return None

    def _from_bytes(self, kind: str, data: bytes, result: FetchResult | None) -> Iterator[Item]:
        loc = self.source.location
        if kind == "feed":
            yield from self._entries(self._parse(parse_feed, data, kind), loc, kind)
        elif kind == "sitemap":
            yield from self._sitemap(data, loc, depth=0, visited={loc})
        elif kind == "urllist":
            yield from self._urllist(data)
        elif kind == "html":
            uri = loc
            if result is None:
                fs, path = fsspec.core.url_to_fs(loc)
                uri = fs.unstrip_protocol(path)  # same URL form as folder pages
            yield from self._local_html(uri, data, result)
        elif kind == "warc":
            yield from self._warc_stream(io.BytesIO(data), loc)
        else:
            yield self.err(loc, kind, "detect", "unknown_kind", kind)

    def _parse(
        self, parser: Callable[[bytes], list[Entry]], data: bytes, kind: str
    ) -> list[Entry] | ErrorRow:
        try:
            return parser(data)
        except UnsafeXMLError as exc:
            return self.err(self.source.location, kind, "parse", exc.reason, exc.detail)

    def _entries(self, entries: list[Entry] | ErrorRow, base: str, kind: str) -> Iterator[Item]:
        if isinstance(entries, ErrorRow):
            yield entries
            return
        emitted = 0
        for entry in entries:
            url, reason = vet_link(entry.link, base if _is_remote_http(base) else None)
            if url is None:
                yield self.err(entry.link or base, kind, "discover", reason, f"in {base}")
                continue
            if not self.source.url_wanted(url):
                self.stats["filtered_by_include"] += 1
                continue
            if not self.day_wanted(entry.date):
                self.stats["skipped_by_day"] += 1
                continue
            yield Link(url, self.name, kind, entry.date, entry.date_source)
            emitted += 1
            if self.source.max_items and emitted >= self.source.max_items:
                return

    def _sitemap(self, data: bytes, loc: str, depth: int, visited: set[str]) -> Iterator[Item]:
        entries = self._parse(parse_sitemap, data, "sitemap")
        if isinstance(entries, ErrorRow):
            yield entries
            return
        pages = [e for e in entries if not e.is_sitemap]
        yield from self._entries(pages, loc, "sitemap")
        earliest = min(self.days) if self.days else None
        for child in (e for e in entries if e.is_sitemap):
            url, reason = vet_link(child.link, loc if _is_remote_http(loc) else None)
            if url is None:
                yield self.err(child.link or loc, "sitemap", "discover", reason, f"in {loc}")
                continue
            if url in visited:
                continue
            if (
                depth + 1 > self.settings.max_sitemap_depth
                or len(visited) >= self.settings.max_sitemaps
            ):
                yield self.err(url, "sitemap", "discover", "sitemap_limit", f"depth {depth + 1}")
                continue
            if earliest and child.date and child.date.date() < earliest:
                # A child sitemap untouched since before the first wanted day cannot
                # list an article for it: skipping it saves a download.
                self.stats["skipped_by_day"] += 1
                continue
            visited.add(url)
            try:
                body, _ = _read_location(url, self.fetcher, MAX_SOURCE_BYTES)
            except _SourceFailure as exc:
                yield self.err(url, "sitemap", exc.stage, exc.reason, exc.detail, status=exc.status)
                continue
            yield from self._sitemap(body, url, depth + 1, visited)

    def _urllist(self, data: bytes) -> Iterator[Item]:
        entries: list[Entry] = []
        for line in data.decode("utf-8", errors="replace").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            link, _, rest = line.partition(" ") if " " in line else line.partition("\t")
            when = parse_date(rest.strip()) if rest.strip() else None
            entries.append(Entry(link, when, "urllist" if when else None))
        yield from self._entries(entries, self.source.location, "urllist")

    def _local_html(self, path_uri: str, data: bytes, result: FetchResult | None) -> Iterator[Item]:
        if result is not None:
            yield page_row(
                url=normalize_url(result.url),
                final_url=result.final_url,
                status=result.status,
                fetched_at=result.fetched_at,
                source=self.name,
                source_kind="html",
                content_type=result.content_type,
                headers=result.headers,
                body=result.body,
                text=result.text,
                encoding=result.encoding,
                sha256=result.sha256,
            )
            return
        now = datetime.now(UTC)
        if not self.day_wanted(None):
            self.stats["skipped_by_day"] += 1
            return
        url = _canonical(data) or path_uri
        yield page_row(
            url=url,
            final_url=path_uri,
            status=200,
            fetched_at=now,
            source=self.name,
            source_kind="html",
            content_type="text/html",
            headers={},
            body=data,
        )

    def _folder(self) -> Iterator[Item]:
        loc = self.source.location
        try:
            fs, root = fsspec.core.url_to_fs(loc)
            files = sorted(
                {
                    p
                    for pattern in ("**/*.html", "**/*.htm", "**/*.html.gz")
                    for p in fs.glob(f"{root.rstrip('/')}/{pattern}")
                }
            )
        except (OSError, ValueError) as exc:
            yield self.err(loc, "folder", "source", "unreadable_source", str(exc))
            return
        for count, path in enumerate(files):
            if self.source.max_items and count >= self.source.max_items:
                return
            uri = fs.unstrip_protocol(path)
            try:
                with fs.open(path, "rb") as fh:
                    data = fh.read(self.settings.max_body_bytes + 1)
                if len(data) > self.settings.max_body_bytes:
                    raise ValueError(f"larger than {self.settings.max_body_bytes} bytes")
                if path.endswith(".gz"):
                    data = gunzip_capped(data, self.settings.max_body_bytes)
            except (OSError, ValueError) as exc:
                yield self.err(uri, "folder", "source", "unreadable_file", str(exc))
                continue
            for item in self._local_html(uri, data, None):
                if isinstance(item, PageRow):
                    item.row["source_kind"] = "folder"
                yield item

    def _warc(self) -> Iterator[Item]:
        loc = self.source.location
        if _is_remote_http(loc):
            try:
                data, _ = _read_location(loc, self.fetcher, self.settings.max_body_bytes)
            except _SourceFailure as exc:
                yield self.err(loc, "warc", exc.stage, exc.reason, exc.detail, status=exc.status)
                return
            yield from self._warc_stream(io.BytesIO(data), loc)
            return
        try:
            fs, path = fsspec.core.url_to_fs(loc)
            paths = sorted(fs.glob(path)) if any(ch in path for ch in "*?[") else [path]
        except (OSError, ValueError) as exc:
            yield self.err(loc, "warc", "source", "unreadable_source", str(exc))
            return
        if not paths:
            yield self.err(loc, "warc", "source", "no_files_matched", loc)
        for path in paths:
            uri = fs.unstrip_protocol(path)
            try:
                with fs.open(path, "rb") as fh:
                    yield from self._warc_stream(fh, uri)
            except OSError as exc:
                yield self.err(uri, "warc", "source", "unreadable_source", str(exc))

    def _warc_stream(self, stream: Any, uri: str) -> Iterator[Item]:
        """Stream records one at a time; only HTML ``response`` records become pages.

        A record whose block is shorter than its Content-Length (a truncated file)
        becomes an error row; records before it are kept.
        """
        cap = self.settings.max_body_bytes
        emitted = 0
        last_pos: int | None = None
        last_flagged = False
        records = ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=False)
        while True:
            try:
                record = next(records)
            except StopIteration:
                if not last_flagged:
                    problem = _warc_tail_problem(stream, last_pos or 0, cap)
                    if problem:
                        yield self.err(uri, "warc", "warc", "truncated_record", problem)
                return
            except (OSError, ValueError) as exc:
                yield self.err(uri, "warc", "warc", "warc_read_error", str(exc))
                return
            last_pos, last_flagged = record.stream_pos, False
            offset = f"{uri}#offset={record.stream_pos}"
            target = record.headers.get("WARC-Target-URI") or ""
            rtype = record.record_type
            if rtype == WarcRecordType.unknown or "Content-Length" not in record.headers:
                # fastwarc hands back a header-only stub when a file ends mid-header.
                last_flagged = True
                yield self.err(target or offset, "warc", "warc", "truncated_record", offset)
                continue
            if rtype != WarcRecordType.response:
                name = str(record.headers.get("WARC-Type") or rtype)
                yield self.err(
                    target or offset, "warc", "warc", "not_response_record", f"{name} at {offset}"
                )
                continue
            warc_date = record.record_date
            if warc_date is not None and warc_date.tzinfo is None:
                warc_date = warc_date.replace(tzinfo=UTC)
            if not self.day_wanted(warc_date):
                self.stats["skipped_by_day"] += 1
                continue
            url, reason = vet_link(target, None)
            if url is None:
                yield self.err(target or offset, "warc", "warc", reason, offset)
                continue
            if record.content_length > cap + 65536:
                yield self.err(
                    url, "warc", "warc", "body_too_large", f"{record.content_length} bytes"
                )
                continue
            block = record.reader.read() if record.reader is not None else b""
            if len(block) < record.content_length:
                last_flagged = True
                yield self.err(
                    url,
                    "warc",
                    "warc",
                    "truncated_record",
                    f"{len(block)} of {record.content_length} bytes at {offset}",
                )
                continue
            try:
                status, headers, body = parse_http_response(block, cap)
            except ValueError as exc:
                yield self.err(url, "warc", "warc", "bad_http_payload", f"{exc} at {offset}")
                continue
            ctype = headers.get("content-type", "")
            if not 200 <= status < 300:
                yield self.err(url, "warc", "warc", f"http_{status}", offset, status=status)
                continue
            if not looks_like_html(ctype, body):
                yield self.err(
                    url,
                    "warc",
                    "warc",
                    "non_html_content",
                    f"{media_type(ctype) or '?'} at {offset}",
                    status=status,
                )
                continue
            fetched = warc_date or datetime.now(UTC)
            # Provenance next to the HTTP headers: which record of which file this was.
            headers["warc-target-uri"] = target
            headers["warc-record-id"] = str(record.record_id or "")
            headers["warc-date"] = str(record.headers.get("WARC-Date") or "")
            headers["warc-source"] = offset
            yield page_row(
                url=url,
                final_url=target,
                status=status,
                fetched_at=fetched,
                source=self.name,
                source_kind="warc",
                content_type=ctype,
                headers=headers,
                body=body,
                date_hint=warc_date,
                date_source="warc" if warc_date else None,
            )
            emitted += 1
            if self.source.max_items and emitted >= self.source.max_items:
                return


def _warc_tail_problem(stream: Any, start: int, cap: int) -> str | None:
    """Why the bytes after the last record fastwarc returned are not a clean end of
    file, or ``None``.

    fastwarc stops silently when a file ends in the middle of a record (in a gzip
    member or in the WARC headers), so the tail is checked by hand: after the last
    parsed record there must be nothing but padding. Non-seekable streams are not
    checked.
    """
    try:
        stream.seek(start)
        tail = stream.read(2 * cap + 65536)
    except (AttributeError, OSError, ValueError):
        return None
    if not tail:
        return None
    if tail[:2] == b"\x1f\x8b":
        member = zlib.decompressobj(31)
        try:
            member.decompress(tail)
        except zlib.error as exc:
            return f"corrupt gzip member at offset {start}: {exc}"
        if not member.eof:
            return f"gzip member at offset {start} is cut short"
        leftover = member.unused_data
    else:
        head_end = tail.find(b"\r\n\r\n")
        match = re.search(rb"(?im)^content-length:\s*(\d+)", tail[: max(head_end, 0)])
        if head_end < 0 or not match:
            return f"record at offset {start} has no complete header"
        end = head_end + 4 + int(match.group(1)) + 4
        if end > len(tail):
            return f"record at offset {start} is cut short"
        leftover = tail[end:]
    if leftover.strip(b"\x00\r\n\t "):
        return f"{len(leftover)} trailing bytes after offset {start} are not a complete record"
    return None


def parse_http_response(block: bytes, cap: int) -> tuple[int, dict[str, str], bytes]:
    """Split a WARC response block into status, headers and (decoded) payload.

    Handles chunked transfer encoding and gzip/deflate content encoding; if a
    payload labelled gzip is not actually compressed (some crawlers store it
    decoded but keep the header), it is used as-is.
    """
    sep = block.find(b"\r\n\r\n")
    skip = 4
    if sep < 0:
        sep, skip = block.find(b"\n\n"), 2
    if sep < 0:
        raise ValueError("no end of HTTP headers")
    head, body = block[:sep], block[sep + skip :]
    lines = head.decode("iso-8859-1").splitlines()
    if not lines or not lines[0].upper().startswith("HTTP/"):
        raise ValueError("no HTTP status line")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ValueError(f"bad status line {lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, sep_, value = line.partition(":")
        if not sep_:
            continue
        key = key.strip().lower()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    coding = headers.get("content-encoding", "").strip().lower()
    if coding in ("gzip", "x-gzip", "deflate") and body:
        with contextlib.suppress(ValueError):  # stored already decoded
            body = gunzip_capped(body, cap, coding=coding)
    return int(parts[1]), headers, body


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        if end < 0:
            break
        size_text = data[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return data  # not really chunked
        if size == 0:
            break
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)


# --------------------------------------------------------------------------- collect


@dataclass
class CollectResult:
    """What one :func:`collect` call produced.

    ``pages`` / ``errors`` follow :data:`RAW_PAGE_SCHEMA` / :data:`FETCH_ERROR_SCHEMA`.
    With an ``archive``, ``pages`` holds only rows the archive does not have yet
    (new URLs and new versions), ready for ``archive.write``. With
    ``stream=True`` the rows were already written in batches (bounded memory):
    ``pages`` is then empty and ``written`` holds the new rows per partition.
    """

    pages: pl.DataFrame
    errors: pl.DataFrame
    written: dict[date, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def new_rows(self) -> int:
        """Rows this call wrote itself (``stream=True``); 0 otherwise."""
        return sum(self.written.values())


class _Sink:
    """Collects rows, dedups them and (with an archive) flushes them in batches."""

    def __init__(
        self, archive: RawArchive | None, batch_rows: int, stream: bool, stats: dict[str, int]
    ) -> None:
        self.archive = archive
        self.batch_rows = batch_rows
        self.stream = stream and archive is not None
        self.stats = stats
        self.known: dict[str, set[str]] = archive.known_keys() if archive is not None else {}
        self.forgotten: set[str] = archive.forgotten() if archive is not None else set()
        self.seen: set[tuple[str, str]] = set()
        self.pending: list[dict[str, Any]] = []
        self.kept: list[pl.DataFrame] = []
        self.errors: list[dict[str, Any]] = []
        self.written: dict[date, int] = {}

    def page(self, row: dict[str, Any]) -> None:
        if row["url"] in self.forgotten:
            self.stats["forgotten"] += 1
            return
        key = (row["url"], row["sha256"])
        shas = self.known.get(row["url"])
        if key in self.seen or (shas is not None and row["sha256"] in shas):
            self.stats["unchanged"] += 1
            return
        if shas:
            self.stats["new_versions"] += 1
        self.seen.add(key)
        self.pending.append(row)
        if self.stream and len(self.pending) >= self.batch_rows:
            self.flush()

    def error(self, row: dict[str, Any]) -> None:
        self.errors.append(row)

    def flush(self) -> None:
        if not self.pending:
            return
        frame = pl.DataFrame(self.pending, schema=RAW_PAGE_SCHEMA)
        self.pending = []
        if self.stream and self.archive is not None:
            for day, n in self.archive.write(frame).items():
                self.written[day] = self.written.get(day, 0) + n
            return
        self.kept.append(frame)

    def result(self) -> CollectResult:
        self.flush()
        errors = pl.DataFrame(self.errors, schema=FETCH_ERROR_SCHEMA)
        if self.stream and self.archive is not None and errors.height:
            self.archive.write_errors(errors)
        pages = pl.concat(self.kept) if self.kept else pl.DataFrame(schema=RAW_PAGE_SCHEMA)
        self.stats["pages"] = sum(self.written.values()) if self.stream else pages.height
        self.stats["errors"] = errors.height
        return CollectResult(
            pages=pages, errors=errors, written=dict(self.written), stats=dict(self.stats)
        )


def _merge_link(links: dict[str, Link], link: Link) -> None:
    """One URL found by several sources is fetched once, keeping the best date."""
    current = links.get(link.url)
    if current is None:
        links[link.url] = link
        return
    rank_new = DATE_SOURCE_RANK.get(link.date_source or "", 9) if link.date_hint else 9
    rank_old = DATE_SOURCE_RANK.get(current.date_source or "", 9) if current.date_hint else 9
    if rank_new < rank_old:
        links[link.url] = link


def _fetch_link(
    fetcher: Fetcher, link: Link, known: dict[str, set[str]]
) -> FetchResult | FetchError:
    result = fetcher.fetch(link.url)
    if isinstance(result, FetchResult) and result.not_modified and link.url not in known:
        # The validators say "unchanged" but the archive has no copy (a failed
        # earlier write, or another archive): download it unconditionally.
        result = fetcher.fetch(link.url, conditional=False)
    return result


def collect(
    sources: Sequence[SourceConfig],
    fetcher: Fetcher,
    days: Collection[date] | None = None,
    *,
    archive: RawArchive | None = None,
    progress: Callable[[int], None] | None = None,
    stream: bool = False,
    batch_rows: int = 500,
    settings: FetchSettings | None = None,
) -> CollectResult:
    """Discover and fetch every source, assigning pages to daily partitions.

    ``days`` limits the partitions collected (``None`` = all); items without any
    date belong to the fetch date, so they are only collected when today is
    wanted. With ``archive``: pages it already holds (same URL and body) are left
    out of the result, a 304 is trusted only for URLs it holds, and URLs it has
    forgotten are skipped. Nothing is written unless ``stream=True``, which writes
    pages every ``batch_rows`` rows and the errors at the end (bounded memory for
    large WARC sets; see :class:`CollectResult`). ``progress`` is called with the
    number of items just processed. Conditional-GET validators are saved at the
    end (``save_state()`` on fetchers that have one).
    """
    settings = settings or getattr(fetcher, "settings", None) or FetchSettings()
    day_set = frozenset(days) if days is not None else None
    stats: dict[str, int] = {
        k: 0
        for k in (
            "links",
            "fetched",
            "not_modified",
            "unchanged",
            "new_versions",
            "skipped_by_day",
            "filtered_by_include",
            "forgotten",
        )
    }
    sink = _Sink(archive, batch_rows, stream, stats)
    tick = progress or (lambda _n: None)
    links: dict[str, Link] = {}
    for source in sources:
        if not source.enabled:
            continue
        for item in _Discovery(source, fetcher, settings, day_set, stats).run():
            if isinstance(item, Link):
                _merge_link(links, item)
            elif isinstance(item, PageRow):
                sink.page(item.row)
                tick(1)
            else:
                sink.error(item.row)
                tick(1)
    if sink.forgotten:
        for url in sink.forgotten & links.keys():
            del links[url]  # taken down: never fetched again
            stats["forgotten"] += 1
    stats["links"] = len(links)
    workers = max(1, int(getattr(fetcher, "concurrency", 1)))
    _fetch_all(list(links.values()), fetcher, sink, workers, tick)
    result = sink.result()
    save_state = getattr(fetcher, "save_state", None)
    if callable(save_state):
        # Safe before the caller's archive.write: a 304 for a URL the archive does
        # not hold is re-fetched in full (see _fetch_link).
        save_state()
    return result


def _fetch_all(
    links: Iterable[Link], fetcher: Fetcher, sink: _Sink, workers: int, tick: Callable[[int], None]
) -> None:
    """Fetch with a bounded number of futures in flight, so bodies do not pile up."""
    stats = sink.stats
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        in_flight: dict[Future[FetchResult | FetchError], Link] = {}
        queue = iter(links)
        exhausted = False
        while in_flight or not exhausted:
            while not exhausted and len(in_flight) < workers * 2:
                link = next(queue, None)
                if link is None:
                    exhausted = True
                    break
                in_flight[pool.submit(_fetch_link, fetcher, link, sink.known)] = link
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                link = in_flight.pop(future)
                _record(link, future.result(), sink, stats)
                tick(1)


def _record(
    link: Link, result: FetchResult | FetchError, sink: _Sink, stats: dict[str, int]
) -> None:
    # The partition a page of this link would land in (junk dates fall back to today).
    day = choose_date(link.date_hint, link.date_source, datetime.now(UTC))[0].date()
    if isinstance(result, FetchError):
        sink.error(
            error_row(
                link.url,
                link.source,
                link.source_kind,
                result.stage,
                result.reason,
                result.detail,
                status=result.status,
                when=result.time,
                day=day,
            ).row
        )
        return
    if result.not_modified:
        stats["not_modified"] += 1
        return
    stats["fetched"] += 1
    if not looks_like_html(result.content_type, result.body):
        sink.error(
            error_row(
                link.url,
                link.source,
                link.source_kind,
                "content_type",
                "not_html",
                media_type(result.content_type),
                status=result.status,
                day=day,
            ).row
        )
        return
    sink.page(
        page_row(
            url=link.url,
            final_url=result.final_url,
            status=result.status,
            fetched_at=result.fetched_at,
            source=link.source,
            source_kind=link.source_kind,
            content_type=result.content_type,
            headers=result.headers,
            body=result.body,
            text=result.text,
            encoding=result.encoding,
            sha256=result.sha256,
            date_hint=link.date_hint,
            date_source=link.date_source,
        ).row
    )
