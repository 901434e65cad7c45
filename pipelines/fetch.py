"""Polite, defensive HTTP fetching of feeds and article pages.

Everything a crawler gets wrong in production is handled here rather than in the
assets: timeouts, retries with backoff (honouring ``Retry-After``), per-host rate
limits and concurrency caps, robots.txt, redirect hops re-checked by the SSRF
guard, body-size and decompression-bomb caps, a content-type allow-list,
conditional GET remembered across runs, and charset detection that keeps both
the original bytes and the decoded text.

Failures are returned as :class:`FetchError` values, never raised, so the caller
can record every one of them in ``raw_fetch_errors`` instead of losing them.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import random
import re
import threading
import time
import uuid
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import fsspec
import httpx
from protego import Protego
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from pipelines.netguard import BlockedURLError, GuardedBackend, NetGuard, redact_credentials
from pipelines.settings import FetchSettings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 lets crawlers stop parsing after 500 KiB.


@dataclass(frozen=True)
class FetchResult:
    """A successful fetch: original bytes, decoded text and enough metadata to replay it.

    ``not_modified`` is set when a conditional GET came back 304: there is no body
    and ``sha256`` is the digest remembered from the last full fetch (may be empty).
    """

    url: str
    final_url: str
    status: int
    fetched_at: datetime
    content_type: str
    encoding: str
    headers: dict[str, str]
    body: bytes
    text: str
    sha256: str
    not_modified: bool = False


@dataclass(frozen=True)
class FetchError:
    """A failed fetch. ``stage`` says where it failed, ``reason`` is a stable code."""

    url: str
    stage: str
    reason: str
    detail: str = ""
    status: int | None = None
    final_url: str | None = None
    time: datetime = field(default_factory=lambda: datetime.now(UTC))


@runtime_checkable
class Fetcher(Protocol):
    """Anything that turns a URL into bytes: the live :class:`HttpFetcher` or the
    offline :class:`pipelines.corpus.CorpusFetcher`.

    ``conditional=False`` forces a full download (feeds and sitemaps are always
    re-read, because a 304 on a feed says nothing about pages not yet fetched).
    """

    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult | FetchError: ...


# --------------------------------------------------------------------------- charset

_META_CHARSET = re.compile(
    rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]{1,40})", re.I
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels mean windows-1252 in browsers, which is a superset of
# latin-1's printable range; decoding with cp1252 matches what readers saw.
_LATIN_FAMILY = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "cp775",
        "cp850",
        "cp852",
        "hp-roman8",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-9",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
        "mac-roman",
        "mac-latin2",
    }
)
_CP1250_LANGUAGES = frozenset(
    {"Polish", "Czech", "Slovak", "Hungarian", "Croatian", "Slovene", "Romanian", "Bosnian"}
)
_WHATWG_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def content_type_charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def media_type(content_type: str | None) -> str:
    """``text/html; charset=x`` -> ``text/html``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or ``None`` if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page: BOM, then the HTTP charset, then ``<meta>``, then detection.

    Returns ``(text, encoding)``. Undecodable bytes become U+FFFD instead of
    failing the page; the original bytes are stored next to the text anyway.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    encoding = normalize_charset(content_type_charset(content_type))
    if encoding is None:
        match = _META_CHARSET.search(body[:4096])
        if match:
            encoding = normalize_charset(match.group(1).decode("ascii", "ignore"))
    if encoding is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            encoding = detect_charset(body)
    return body.decode(encoding, errors="replace"), encoding


def detect_charset(body: bytes) -> str:
    """Statistical detection for undeclared non-UTF-8 bytes.

    charset-normalizer often ranks cp1250/cp775 level with windows-1252 on short
    Western European text (the accented letters it sees are valid in all of
    them). windows-1252 is by far the most common legacy Latin encoding on the
    web (and the HTTP default for ``text/html``), so it wins within the Latin
    family unless the detected language is Central European (a real cp1250 page).
    """
    sample = body[:65536]
    matches = charset_normalizer.from_bytes(sample)
    best = matches.best()
    if best is None:
        return "cp1252"
    chosen = normalize_charset(best.encoding) or "cp1252"
    if chosen in _LATIN_FAMILY and chosen != "cp1252":
        tie = [m for m in matches if normalize_charset(m.encoding) == "cp1252"]
        if tie and tie[0].chaos <= best.chaos + 0.01:
            return "cp1252"
        if best.language not in _CP1250_LANGUAGES:
            # The HTTP default for text/html (ISO-8859-1, read as windows-1252 by
            # browsers) unless the text looks Central European.
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return chosen
            return "cp1252"
    return chosen


# --------------------------------------------------------------------------- internals


class _Failure(Exception):
    """Internal: a non-retryable failure, converted to :class:`FetchError`."""

    def __init__(self, stage: str, reason: str, detail: str = "", status: int | None = None):
        super().__init__(f"{stage}/{reason}: {detail}")
        self.stage, self.reason, self.detail, self.status = stage, reason, detail, status


class _RetryableStatus(Exception):
    """Internal: a 429/5xx answer that is worth retrying after a wait."""

    def __init__(self, status: int, retry_after: float | None):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


@dataclass
class _Answer:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes = b""
    location: str | None = None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Decoder:
    """Streams Content-Encoding decompression with absolute and ratio caps.

    ``zlib``'s ``max_length`` keeps each step bounded, so a 40 KB gzip bomb never
    inflates past the cap in memory before we notice.
    """

    def __init__(self, coding: str, cap: int, ratio: int, ratio_min: int) -> None:
        coding = coding.strip().lower()
        if coding in ("", "identity"):
            self._zlib = None
        elif coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(31)
        elif coding == "deflate":
            self._zlib = zlib.decompressobj(15)
        else:
            raise _Failure("body", "unsupported_content_encoding", coding)
        self._coding = coding
        self._cap, self._ratio, self._ratio_min = cap, ratio, ratio_min
        self._raw = 0
        self._out = 0
        self._parts: list[bytes] = []
        self._started = False

    def feed(self, data: bytes) -> None:
        self._raw += len(data)
        if self._zlib is None:
            self._append(data)
            return
        while data:
            try:
                out = self._zlib.decompress(data, self._cap - self._out + 1)
            except zlib.error as exc:
                if self._coding == "deflate" and not self._started:
                    # Some servers send raw deflate without the zlib wrapper.
                    self._zlib = zlib.decompressobj(-15)
                    self._started = True
                    continue
                raise _Failure("body", "bad_content_encoding", str(exc)) from exc
            self._started = True
            self._append(out)
            data = self._zlib.unconsumed_tail
            if not data and self._zlib.eof and self._zlib.unused_data:
                data = self._zlib.unused_data  # concatenated gzip members
                self._zlib = zlib.decompressobj(31)

    def _append(self, out: bytes) -> None:
        self._out += len(out)
        if self._out > self._cap:
            reason = "decompression_bomb" if self._zlib is not None else "body_too_large"
            raise _Failure("body", reason, f"more than {self._cap} bytes after decoding")
        if (
            self._zlib is not None
            and self._out > self._ratio_min
            and self._out > self._ratio * max(self._raw, 1)
        ):
            raise _Failure(
                "body",
                "decompression_bomb",
                f"ratio above {self._ratio}:1 ({self._out}/{self._raw})",
            )
        self._parts.append(out)

    def finish(self) -> bytes:
        if self._zlib is not None:
            self._append(self._zlib.flush())
            if not self._zlib.eof:
                raise _Failure(
                    "body", "truncated_content_encoding", "compressed stream ended early"
                )
        return b"".join(self._parts)


class _HostGate:
    """Per-host politeness: at most ``concurrency`` requests in flight and at
    least ``delay`` seconds between request starts."""

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = delay
        self._sem = threading.Semaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next = 0.0

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        with self._sem:
            with self._lock:
                now = time.monotonic()
                wait = self._next - now
                self._next = max(now, self._next) + self.delay
            if wait > 0:
                time.sleep(wait)
            yield


class ValidatorStore:
    """ETag / Last-Modified per URL, persisted as a small JSON file (any fsspec URI).

    Saved atomically (temp file + rename) so a crash never leaves half a file;
    a missing or corrupt file just means full GETs on the next run.
    """

    def __init__(self, uri: str | None) -> None:
        self.uri = uri
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, str]] = {}
        self._dirty = False
        if uri:
            fs, path = fsspec.core.url_to_fs(uri)
            if fs.exists(path):
                try:
                    with fs.open(path, "rb") as fh:
                        loaded = json.loads(fh.read().decode("utf-8"))
                    if isinstance(loaded, dict):
                        self._data = {k: v for k, v in loaded.items() if isinstance(v, dict)}
                except (ValueError, OSError):
                    self._data = {}

    def get(self, url: str) -> dict[str, str] | None:
        with self._lock:
            return self._data.get(url)

    def put(self, url: str, etag: str | None, last_modified: str | None, sha256: str) -> None:
        entry = {"sha256": sha256}
        if etag:
            entry["etag"] = etag
        if last_modified:
            entry["last_modified"] = last_modified
        with self._lock:
            if self._data.get(url) != entry:
                self._data[url] = entry
                self._dirty = True

    def discard(self, url: str) -> None:
        with self._lock:
            if self._data.pop(url, None) is not None:
                self._dirty = True

    def __len__(self) -> int:
        return len(self._data)

    def save(self) -> None:
        if not self.uri or not self._dirty:
            return
        with self._lock:
            payload = json.dumps(self._data, sort_keys=True).encode("utf-8")
            self._dirty = False
        fs, path = fsspec.core.url_to_fs(self.uri)
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        if parent:
            fs.makedirs(parent, exist_ok=True)
        tmp = f"{parent}/.{uuid.uuid4().hex}.tmp" if parent else f".{uuid.uuid4().hex}.tmp"
        with fs.open(tmp, "wb") as fh:
            fh.write(payload)
        fs.mv(tmp, path)


def state_file_uri(root_or_file: str, settings: FetchSettings) -> str:
    """A ``.json`` URI is used as-is; anything else is a data root holding ``settings.state_file``."""
    if root_or_file.endswith(".json"):
        return root_or_file
    return f"{root_or_file.rstrip('/')}/{settings.state_file}"


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _worth_retrying(exc: BaseException) -> bool:
    """429/5xx and network trouble are retried; a connection the SSRF guard refused
    (DNS now pointing somewhere private) will be refused again, so it is not."""
    if isinstance(exc, _RetryableStatus):
        return True
    if isinstance(exc, httpx.TransportError):
        return not any(isinstance(c, BlockedURLError) for c in _exception_chain(exc))
    return False


# --------------------------------------------------------------------------- fetcher


class HttpFetcher:
    """The live fetcher. Thread-safe: :func:`pipelines.sources.collect` calls it from
    ``settings.total_concurrency`` worker threads; per-host limits apply across them.

    ``state_uri`` is where conditional-GET validators persist between runs (a
    ``.json`` URI, or a data root under which ``settings.state_file`` is used).
    Validators are saved by :meth:`save_state` (called at the end of ``collect``)
    and by :meth:`close`.
    """

    def __init__(
        self,
        settings: FetchSettings,
        state_uri: str | None = None,
        *,
        guard: NetGuard | None = None,
    ) -> None:
        self.settings = settings
        self.concurrency = max(1, settings.total_concurrency)
        self.guard = guard or NetGuard(settings.allow_hosts)
        self.state = ValidatorStore(state_file_uri(state_uri, settings) if state_uri else None)
        transport = httpx.HTTPTransport(retries=0)
        # httpx has no public hook for the network backend; install the guarded one
        # so the address checked is the address connected to (no DNS rebinding).
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = GuardedBackend(self.guard)
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.read_timeout_s,
                pool=settings.read_timeout_s,
            ),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            },
            limits=httpx.Limits(max_connections=max(1, settings.total_concurrency) * 2),
        )
        self._global = threading.Semaphore(self.concurrency)
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    # -- lifecycle
    def save_state(self) -> None:
        """Persist the conditional-GET validators (``collect`` calls this at the end)."""
        self.state.save()

    def close(self) -> None:
        """Persist validators and close connections."""
        self.state.save()
        self._client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public
    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult | FetchError:
        """GET ``url`` following redirects by hand; never raises for network trouble."""
        known = self.state.get(url) if conditional else None
        validators: dict[str, str] = {}
        if known:
            if known.get("etag"):
                validators["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                validators["If-Modified-Since"] = known["last_modified"]
        try:
            answer = self._follow(url, validators, robots=self.settings.respect_robots)
        except _Failure as exc:
            # A redirect may point at a user:password@ URL; the refusal must not repeat it.
            detail = redact_credentials(exc.detail)
            return FetchError(redact_credentials(url), exc.stage, exc.reason, detail, exc.status)
        fetched_at = datetime.now(UTC)
        ctype = answer.headers.get("content-type", "")
        if answer.status == 304:
            return FetchResult(
                url=url,
                final_url=answer.url,
                status=304,
                fetched_at=fetched_at,
                content_type=ctype,
                encoding="",
                headers=answer.headers,
                body=b"",
                text="",
                sha256=(known or {}).get("sha256", ""),
                not_modified=True,
            )
        text, encoding = decode_body(answer.body, ctype)
        digest = hashlib.sha256(answer.body).hexdigest()
        etag, last_modified = answer.headers.get("etag"), answer.headers.get("last-modified")
        if etag or last_modified:
            self.state.put(url, etag, last_modified, digest)
        return FetchResult(
            url=url,
            final_url=answer.url,
            status=answer.status,
            fetched_at=fetched_at,
            content_type=ctype,
            encoding=encoding,
            headers=answer.headers,
            body=answer.body,
            text=text,
            sha256=digest,
        )

    # -- redirects, robots, SSRF
    def _follow(
        self, url: str, validators: Mapping[str, str], *, robots: bool, check_type: bool = True
    ) -> _Answer:
        current = url
        seen = {url}
        for _hop in range(self.settings.max_redirects + 1):
            try:
                self.guard.check_url(current)
            except BlockedURLError as exc:
                raise _Failure("ssrf", exc.reason, f"{current}: {exc.detail}") from exc
            if robots and not self._robots_allow(current):
                raise _Failure("robots", "disallowed_by_robots", current)
            answer = self._with_retries(current, validators, check_type)
            if answer.location is None:
                return answer
            nxt = urljoin(current, answer.location).split("#", 1)[0]
            if nxt in seen:
                raise _Failure("redirect", "redirect_loop", f"{current} -> {nxt}", answer.status)
            seen.add(nxt)
            current = nxt
        raise _Failure(
            "redirect", "too_many_redirects", f"more than {self.settings.max_redirects} hops"
        )

    def _gate(self, url: str) -> _HostGate:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = _HostGate(self.settings.per_host_delay_s, self.settings.per_host_concurrency)
                self._gates[host] = gate
            return gate

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
        rules = self._robots[origin]
        if rules is None:
            return False
        return bool(rules.can_fetch(url, self.settings.user_agent))

    def _load_robots(self, origin: str) -> Protego | None:
        """Fetch and parse robots.txt. RFC 9309: 4xx means no rules, 5xx or an
        unreachable server means assume everything is disallowed (``None``)."""
        try:
            answer = self._follow(f"{origin}/robots.txt", {}, robots=False, check_type=False)
        except _Failure as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return Protego.parse("")
            return None
        text = answer.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        rules = Protego.parse(text)
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay:
            gate = self._gate(origin)
            gate.delay = max(gate.delay, min(float(delay), self.settings.max_crawl_delay_s))
        return rules

    # -- one hop, with retries
    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, self.settings.retry_after_max_s)
        base = self.settings.backoff_base_s
        expo = base * (2 ** (state.attempt_number - 1))
        return min(self.settings.backoff_max_s, expo + random.uniform(0, base))

    def _with_retries(self, url: str, validators: Mapping[str, str], check_type: bool) -> _Answer:
        retrying = Retrying(
            stop=stop_after_attempt(max(0, self.settings.max_retries) + 1),
            wait=self._wait,
            retry=retry_if_exception(_worth_retrying),
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, validators, check_type)
        except _RetryableStatus as exc:
            raise _Failure("http", f"http_{exc.status}", url, exc.status) from exc
        except httpx.TimeoutException as exc:
            raise _Failure("http", "timeout", f"{type(exc).__name__}: {url}") from exc
        except httpx.TransportError as exc:
            for cause in _exception_chain(exc):
                if isinstance(cause, BlockedURLError):
                    raise _Failure("ssrf", cause.reason, cause.detail) from exc
            reason = "connect_error" if isinstance(exc, httpx.ConnectError) else "transport_error"
            raise _Failure("http", reason, f"{type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise _Failure("http", "invalid_request", str(exc)) from exc

    def _attempt(self, url: str, validators: Mapping[str, str], check_type: bool) -> _Answer:
        settings = self.settings
        with self._gate(url).slot(), self._global:
            started = time.monotonic()
            with self._client.stream("GET", url, headers=dict(validators)) as resp:
                headers = {k.lower(): v for k, v in resp.headers.items()}
                status = resp.status_code
                if status in REDIRECT_STATUSES:
                    location = resp.headers.get("location")
                    if not location:
                        raise _Failure("redirect", "redirect_without_location", url, status)
                    return _Answer(status, url, headers, location=location)
                if status == 304:
                    return _Answer(status, url, headers)
                if status == 429 or status >= 500:
                    retry_after = parse_retry_after(resp.headers.get("retry-after"))
                    raise _RetryableStatus(status, retry_after)
                if status >= 400 or status < 200:
                    raise _Failure("http", f"http_{status}", url, status)
                ctype = media_type(resp.headers.get("content-type"))
                if check_type and ctype and ctype not in settings.allowed_content_types:
                    raise _Failure("content_type", "disallowed_content_type", ctype, status)
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > settings.max_body_bytes:
                    raise _Failure("body", "body_too_large", f"Content-Length {declared}", status)
                decoder = _Decoder(
                    resp.headers.get("content-encoding", ""),
                    settings.max_body_bytes,
                    settings.max_decompressed_ratio,
                    settings.ratio_check_min_bytes,
                )
                raw = 0
                for chunk in resp.iter_raw(65536):
                    raw += len(chunk)
                    if raw > settings.max_body_bytes:
                        raise _Failure("body", "body_too_large", f"more than {raw} bytes", status)
                    if time.monotonic() - started > settings.max_fetch_s:
                        raise _Failure("http", "timeout", f"slower than {settings.max_fetch_s}s")
                    decoder.feed(chunk)
                body = decoder.finish()
                return _Answer(status, url, headers, body=body)


def gunzip_capped(data: bytes, cap: int, coding: str = "gzip") -> bytes:
    """Decompress gzip/deflate data that did not come over HTTP (``.xml.gz``
    sitemaps, ``.html.gz`` files, WARC payloads) under the same size cap.

    Raises ``ValueError`` for corrupt data or output beyond ``cap``.
    """
    # Only the absolute cap applies here: the ratio check is for untrusted
    # network responses, and archived payloads are already size-bounded.
    decoder = _Decoder(coding, cap, ratio=cap, ratio_min=cap)
    try:
        decoder.feed(data)
        return decoder.finish()
    except _Failure as exc:
        raise ValueError(f"{exc.reason}: {exc.detail}") from exc


def result_headers_json(headers: Mapping[str, Any]) -> str:
    """Headers as the JSON string stored in ``raw_pages.headers``."""
    return json.dumps(dict(headers), sort_keys=True, ensure_ascii=False)
