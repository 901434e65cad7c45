"""Bad input: hostile, broken and odd inputs through the real partition path.

A loopback server (allow-listed through ``settings.fetch.allow_hosts``) serves the
generated corpus of ``badinput.py``: pages listed by an RSS feed and a news sitemap,
hostile feeds and sitemaps as sources of their own, and WARC files. One partition (the
UTC day of the run) then goes through ``runner.ingest_day`` → ``stage_day`` →
``annotate_day`` → ``load_day`` into a temporary warehouse, next to good control pages.

Per kind the test asserts the expected outcome: a ``quarantine`` row (extraction) or a
fetch/discovery error row (which ``load_day`` also puts in ``quarantine``) with the
expected reason, or, for input that is odd but valid (other scripts, emoji, wrong
charset labels, far-off dates), an ordinary article. Globally: no exception escapes a
step, nothing takes unbounded time, no ``internal_error`` row, every control page loads
and is annotated, no password and no local file content reaches any table. The figures
go to ``build/reliability.json`` (section ``bad_input``).
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines import extract as extract_mod
from pipelines import runner
from pipelines.fetch import FetchError, FetchResult, HttpFetcher
from pipelines.lake import Lake
from pipelines.load import Warehouse
from pipelines.raw import RawArchive
from pipelines.settings import FetchSettings, get_settings
from pipelines.sources import SourceConfig
from tests.reliability import badinput as bad
from tests.reliability import report

pytestmark = pytest.mark.slow

SECRET = "pa55w0rdXYZ"
RUN_LIMIT_S = 420  # the whole partition; SIGALRM ends a hang as a failure
ITEM_LIMIT_S = 60.0  # one fetch or one extraction
BIG = 50 * 1024 * 1024


@dataclass
class Kind:
    """One kind of bad input and what must become of it."""

    name: str
    expect: str  # "quarantine:<reason>", "error:<reason>" or "loaded"
    token: str  # a substring of the url column of its rows
    check: Callable[[dict[str, Any]], str | None] | None = None  # for loaded articles
    absent: tuple[str, ...] = ()  # tokens that must not load (links of refused feeds)
    observed: list[str] = field(default_factory=list)
    problem: str | None = None

    @property
    def category(self) -> str:
        return self.expect.split(":", 1)[0]


def _respond(body: bytes, ctype: str, headers: dict[str, str] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    def handler(_request: Request) -> Response:
        response = Response(body, status=status, headers=headers or {})
        response.headers["Content-Type"] = ctype  # verbatim, no charset added
        return response

    return handler


def _stream(total: int, declare: bool):  # type: ignore[no-untyped-def]
    chunk = (b"<p>" + b"filler text " * 5000 + b"</p>")[:65536]

    def body() -> Iterator[bytes]:
        yield b"<!DOCTYPE html><html><body>"
        for _ in range(total // len(chunk)):
            yield chunk

    def handler(_request: Request) -> Response:
        response = Response(body(), direct_passthrough=True)
        response.headers["Content-Type"] = "text/html"
        if declare:
            response.headers["Content-Length"] = str(total // len(chunk) * len(chunk) + 27)
        return response

    return handler


def _slow(_request: Request) -> Response:
    time.sleep(1.5)
    return Response(bad.control(99), content_type="text/html")


def _not_html_has(text: str) -> Callable[[dict[str, Any]], str | None]:
    def check(row: dict[str, Any]) -> str | None:
        return None if text in (row["title"] or "") + (row["text"] or "") else f"no {text!r}"

    return check


def _skip_reason(prefix: str) -> Callable[[dict[str, Any]], str | None]:
    def check(row: dict[str, Any]) -> str | None:
        reason = row["nlp_skip_reason"] or ""
        return None if reason.startswith(prefix) else f"nlp_skip_reason {reason!r}"

    return check


def _no_date(row: dict[str, Any]) -> str | None:
    return None if row["published_at"] is None else f"published_at {row['published_at']}"


def _annotated(row: dict[str, Any]) -> str | None:
    if row["nlp_skip_reason"] is not None:
        return f"not annotated: {row['nlp_skip_reason']}"
    return None if row["mentions"] else "no entity mentions"


def _no_nul(row: dict[str, Any]) -> str | None:
    return "NUL in text" if "\x00" in (row["text"] or "") else None


def _once(row: dict[str, Any]) -> str | None:
    return None if row["copies"] == 1 else f"{row['copies']} rows"


def build(server: HTTPServer, now: datetime) -> tuple[list[Kind], list[SourceConfig]]:
    """Register every kind on the server; return the kinds and the sources listing them."""
    base = server.url_for("/").rstrip("/")
    host = f"127.0.0.1:{server.port}"
    kinds: list[Kind] = []
    items: list[tuple[str, str | None]] = []
    today = format_datetime(now)

    def page(name: str, body: bytes, expect: str, ctype: str = "text/html", **kw: Any) -> str:
        path = f"/k/{name}"
        server.expect_request(path).respond_with_handler(_respond(body, ctype))
        kinds.append(Kind(name, expect, path, **kw))
        items.append((base + path, today))
        return base + path

    def handled(name: str, handler: Any, expect: str, path: str | None = None) -> None:
        path = path or f"/k/{name}"
        server.expect_request(path).respond_with_handler(handler)
        kinds.append(Kind(name, expect, path))
        items.append((base + path, today))

    # -- pages: extraction must quarantine them or load them as they are
    page("empty-page", bad.empty(), "quarantine:empty_input")
    page("whitespace-page", bad.whitespace(), "quarantine:empty_input")
    page("binary-as-html", bad.binary_noise(), "quarantine:not_html")
    page("pdf-as-html", bad.pdf(), "quarantine:not_html")
    page("png-as-html", bad.png(), "quarantine:not_html")
    page("dom-10000-deep", bad.deep_dom(), "quarantine:empty_body")
    page("invalid-utf8-mostly", bad.invalid_utf8_garbage(), "quarantine:not_html",
         ctype="text/html; charset=utf-8")  # fmt: skip
    page("head-only-no-body", bad.head_only(), "quarantine:empty_body")
    page("script-only", bad.script_only(), "quarantine:empty_body")
    page("paywall-stub", bad.paywall_stub(), "quarantine:paywall")
    page("nul-bytes-up-front", bad.nul_in_head(), "quarantine:not_html")
    page("invalid-utf8-sprinkled", bad.invalid_utf8_sprinkled(), "loaded",
         ctype="text/html; charset=utf-8", check=_not_html_has("\ufffd"))  # fmt: skip
    page("cp1252-labelled-utf8", bad.cp1252_labelled_utf8(), "loaded",
         ctype="text/html; charset=utf-8", check=_not_html_has("Caf\ufffd"))  # fmt: skip
    page("utf8-labelled-latin1", bad.utf8_labelled_latin1(), "loaded",
         ctype="text/html; charset=iso-8859-1", check=_not_html_has("CafÃ©"))  # fmt: skip
    page("unknown-charset-label", bad.unknown_charset(), "loaded")
    page("no-body-element", bad.no_body_tag(), "loaded", check=_annotated)
    page("title-200k-chars", bad.long_title(), "loaded", check=_skip_reason("text_chars="))
    page("nul-bytes-deep", bad.nul_deep(), "loaded", check=_no_nul)
    page("rtl-arabic", bad.rtl_arabic(), "loaded", check=_skip_reason("language=ar"))
    page("bidi-override-title", bad.rtl_override_title(), "loaded",
         check=_not_html_has("txet desrever"))  # fmt: skip
    page("cjk-japanese", bad.cjk(), "loaded", check=_skip_reason("language=ja"))
    page("emoji", bad.emoji(), "loaded", check=_not_html_has("\U0001f6a2"))
    page("text-1.2m-chars", bad.huge_text(), "loaded", check=_skip_reason("text_chars="))
    page("meta-date-2999", bad.far_future_meta(), "loaded", check=_no_date)
    page("meta-date-1803", bad.far_past_meta(), "loaded", check=_no_date)
    for name, when in (("feed-date-2999", "Fri, 01 Jan 2999 00:00:00 GMT"),
                       ("feed-date-1900", "Mon, 01 Jan 1900 00:00:00 GMT")):  # fmt: skip
        path = f"/k/{name}"
        server.expect_request(path).respond_with_handler(
            _respond(bad.article(name, seed=len(kinds)).encode(), "text/html")
        )
        kinds.append(Kind(name, "loaded", path))  # partitioned by its fetch day instead
        items.append((base + path, when))

    # -- transport: the fetcher must refuse them
    handled("50mb-declared", _stream(BIG, True), "error:body_too_large")
    handled("50mb-streamed", _stream(BIG, False), "error:body_too_large")
    handled("gzip-truncated", _respond(bad.truncated_gzip(), "text/html", {"Content-Encoding": "gzip"}),
            "error:truncated_content_encoding")  # fmt: skip
    handled("gzip-bomb", _respond(bad.gzip_bomb(), "text/html", {"Content-Encoding": "gzip"}),
            "error:decompression_bomb")  # fmt: skip
    handled("brotli-unsupported", _respond(b"\x1b\x00\x00", "text/html", {"Content-Encoding": "br"}),
            "error:unsupported_content_encoding")  # fmt: skip
    handled("http-404", _respond(b"gone", "text/html", status=404), "error:http_404")
    handled("http-500", _respond(b"oops", "text/html", status=500), "error:http_500")
    handled("slow-server", _slow, "error:timeout")
    handled("robots-disallowed", _respond(bad.control(98), "text/html"),
            "error:disallowed_by_robots", path="/private/k/robots-disallowed")  # fmt: skip
    handled("json-body", _respond(b'{"a": 1}', "application/json"), "error:disallowed_content_type")
    handled("plain-text-body", _respond(b"just words", "text/plain"), "error:not_html")
    for name, target, reason in (
        ("redirect-to-metadata", "http://169.254.169.254/latest/meta-data/", "cloud_metadata_address"),
        ("redirect-to-private", "http://10.255.255.1/admin", "private_address"),
        ("redirect-with-credentials", f"http://editor:{SECRET}@{host}/k/control-1", "credentialed_url"),
        ("redirect-loop", "/k/redirect-loop", "redirect_loop"),
    ):  # fmt: skip
        handled(name, _respond(b"", "text/html", {"Location": target}, 302), f"error:{reason}")

    # -- links in the feed: refused at discovery
    for name, link, reason in (
        ("javascript-link", "javascript:alert('k/javascript-link')", "unsafe_scheme"),
        ("file-link", "file:///etc/passwd#k/file-link", "unsafe_scheme"),
        ("data-link", "data:text/html,<p>k/data-link</p>", "unsafe_scheme"),
        ("credentials-in-link", f"http://editor:{SECRET}@{host}/k/credentials-in-link", "credentialed_url"),
    ):  # fmt: skip
        kinds.append(Kind(name, f"error:{reason}", f"k/{name}"))
        items.append((link, today))

    # -- control pages and duplicates
    controls = {n: bad.control(n) for n in range(1, 6)}
    for n in (1, 2):
        server.expect_request(f"/k/control-{n}").respond_with_handler(
            _respond(controls[n], "text/html")
        )
    items += [(f"{base}/k/control-1", today), (f"{base}/k/control-1", today)]
    kinds.append(Kind("duplicate-urls", "loaded", "/k/control-1", check=_once))

    # -- feeds and sitemaps as sources of their own
    sources = [SourceConfig(name="feed", kind="feed", location=f"{base}/feeds/main.xml")]
    server.expect_request("/feeds/main.xml").respond_with_handler(
        _respond(bad.rss(items), "application/rss+xml")
    )
    server.expect_request("/feeds/sitemap.xml").respond_with_handler(
        _respond(
            bad.news_sitemap(
                [
                    (f"{base}/k/control-2", now.isoformat()),
                    (f"{base}/k/control-1?utm_source=sitemap", now.isoformat()),
                ]
            ),
            "application/xml",
        )
    )
    sources.append(
        SourceConfig(name="sitemap", kind="sitemap", location=f"{base}/feeds/sitemap.xml")
    )

    def feed(name: str, kind: str, body: bytes, expect: str, **kw: Any) -> None:
        path = f"/feeds/{name}.xml"
        server.expect_request(path).respond_with_handler(_respond(body, "application/xml"))
        sources.append(SourceConfig(name=name, kind=kind, location=base + path))  # type: ignore[arg-type]
        kinds.append(Kind(name, expect, path, **kw))

    def inner(name: str) -> str:
        server.expect_request(f"/k/{name}").respond_with_handler(
            _respond(bad.article(name, seed=7).encode(), "text/html")
        )
        return f"{base}/k/{name}"

    feed("rss-not-xml", "feed", bad.not_xml(), "error:malformed_xml")
    feed("rss-10000-deep", "feed", bad.deep_feed(inner("deep-feed-link")), "error:malformed_xml",
         absent=("/k/deep-feed-link",))  # fmt: skip
    feed("sitemap-garbage-gzip", "sitemap", bad.garbage_sitemap(), "error:bad_gzip")
    feed("billion-laughs-utf8", "feed", bad.billion_laughs(inner("laughs-link")),
         "error:xml_entity_declaration", absent=("/k/laughs-link",))  # fmt: skip
    feed("billion-laughs-utf16", "feed", bad.billion_laughs(inner("laughs16-link"), "utf-16"),
         "error:xml_entity_declaration", absent=("/k/laughs16-link",))  # fmt: skip
    feed("xxe-rss", "feed", bad.xxe_feed(inner("xxe-link")), "error:xml_entity_declaration",
         absent=("/k/xxe-link",))  # fmt: skip
    feed("xxe-sitemap", "sitemap", bad.xxe_sitemap(inner("xxe-sitemap-link")),
         "error:xml_entity_declaration", absent=("/k/xxe-sitemap-link",))  # fmt: skip
    feed("external-dtd-rss", "feed", bad.external_dtd_feed(inner("dtd-link")), "loaded")
    kinds[-1].token = "/k/dtd-link"
    feed("atom-cut-short", "feed", bad.truncated_atom(inner("atom-entry")), "loaded")
    kinds[-1].token = "/k/atom-entry"
    sources.append(
        SourceConfig(name="locked", kind="feed", location=f"http://editor:{SECRET}@{host}/feeds/locked.xml")
    )  # fmt: skip
    kinds.append(Kind("source-with-credentials", "error:credentialed_url", "/feeds/locked.xml"))

    # -- WARC files (served over HTTP, so read through the fetcher's caps)
    archive_url = "https://archive.example"
    html = "text/html; charset=utf-8"
    warcs = {
        "mixed.warc.gz": bad.warc(
            [
                (f"{archive_url}/k/control-3", controls[3], html),
                (f"{archive_url}/k/warc-image.png", bad.png(), "image/png"),
                (f"https://editor:{SECRET}@archive.example/k/warc-credentials", controls[5], html),
            ],
            now,
        ),
        "cut.warc": bad.truncated_warc(
            (f"{archive_url}/k/control-4", controls[4], html),
            (f"{archive_url}/k/warc-cut-record", bad.control(97), html),
            now,
        ),
        "garbled.warc": bad.garbled_warc((f"{archive_url}/k/control-5", controls[5], html), now),
    }
    for name, data in warcs.items():
        server.expect_request(f"/warc/{name}").respond_with_handler(
            _respond(data, "application/warc")
        )
        sources.append(SourceConfig(name=name.split(".")[0], kind="warc", location=f"{base}/warc/{name}"))  # fmt: skip
    kinds += [
        Kind("warc-non-html-record", "error:non_html_content", "/k/warc-image.png"),
        Kind("warc-credentials-in-target", "error:credentialed_url", "/k/warc-credentials"),
        Kind("warc-truncated-record", "error:truncated_record", "/k/warc-cut-record"),
        Kind("warc-garbled-record", "error:truncated_record", "/warc/garbled.warc"),
    ]
    return kinds, sources


class TimingFetcher:
    """Delegates to the real fetcher and records how long each URL took."""

    def __init__(self, inner: HttpFetcher) -> None:
        self.inner = inner
        self.settings = inner.settings
        self.concurrency = inner.concurrency
        self.seconds: dict[str, float] = {}

    def fetch(self, url: str, *, conditional: bool = True) -> FetchResult | FetchError:
        started = time.monotonic()
        try:
            return self.inner.fetch(url, conditional=conditional)
        finally:
            self.seconds[url] = max(self.seconds.get(url, 0.0), time.monotonic() - started)

    def save_state(self) -> None:
        self.inner.save_state()


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expired(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"the bad-input partition ran longer than {seconds}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _wait_past_midnight(margin_s: float = 240.0) -> None:
    """Every item lands in the partition of the day it is fetched; do not straddle midnight."""
    now = datetime.now(UTC)
    left = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC) - now
    if left.total_seconds() < margin_s:
        time.sleep(left.total_seconds() + 1)


def _warehouse_rows(db: Path, day: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        articles = con.execute(
            "SELECT a.url, a.title, a.text, a.nlp_skip_reason, a.published_at, a.partition_date, "
            "(SELECT count(*) FROM fct_entity_mention AS m WHERE m.article_id = a.article_id) "
            "AS mentions FROM dim_article AS a WHERE a.partition_date = ?",
            [day],
        ).pl()
        quarantine = con.execute(
            "SELECT url, source, stage, reason, detail FROM quarantine WHERE partition_date = ?",
            [day],
        ).pl()
    finally:
        con.close()
    return articles.to_dicts(), quarantine.to_dicts()


def _judge(kind: Kind, articles: list[dict[str, Any]], quarantine: list[dict[str, Any]]) -> None:
    loaded = [a for a in articles if kind.token in a["url"]]
    rows = [q for q in quarantine if kind.token in (q["url"] or "")]
    kind.observed = [
        f"{'quarantine' if q['stage'] == 'extract' else 'error'}:{q['reason']}" for q in rows
    ] + ["loaded"] * len(loaded)
    if kind.category == "loaded":
        if not loaded:
            kind.problem = f"not loaded; rows: {kind.observed}"
        elif kind.check is not None:
            row = {**loaded[0], "copies": len(loaded)}
            kind.problem = kind.check(row)
    elif kind.expect not in kind.observed:
        kind.problem = f"expected {kind.expect}, got {kind.observed or 'nothing'}"
    leaked = [t for t in kind.absent if any(t in a["url"] for a in articles)]
    if leaked and not kind.problem:
        kind.problem = f"links of a refused document were fetched: {leaked}"


def test_bad_input_corpus(
    server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _wait_past_midnight()
    now = datetime.now(UTC)
    day = now.date()
    kinds, sources = build(server, now)
    settings = FetchSettings(
        connect_timeout_s=1.0,
        read_timeout_s=0.5,
        max_retries=1,
        backoff_base_s=0.01,
        backoff_max_s=0.05,
        retry_after_max_s=0.1,
        max_fetch_s=20.0,
        per_host_delay_s=0.0,
        per_host_concurrency=8,
        total_concurrency=8,
        allow_hosts=["127.0.0.1"],
        # WARC files are served as application/warc, which the default list does not
        # allow (see the README's Reliability section): configured, as an operator would.
        allowed_content_types=[*FetchSettings().allowed_content_types, "application/warc"],
    )
    extract_seconds: dict[str, float] = {}
    real_extract = extract_mod.extract_article

    def timed_extract(html: str, url: str, **kw: Any) -> dict[str, Any]:
        started = time.monotonic()
        try:
            return real_extract(html, url, **kw)
        finally:
            key = kw.get("final_url") or url
            extract_seconds[key] = time.monotonic() - started

    monkeypatch.setattr(extract_mod, "extract_article", timed_extract)
    archive = RawArchive(str(tmp_path / "raw"))
    silver = Lake(str(tmp_path / "silver"))
    warehouse = Warehouse(tmp_path / "wirefacts.duckdb")
    crashed: list[str] = []
    step_seconds: dict[str, float] = {}
    with HttpFetcher(settings) as http:
        fetcher = TimingFetcher(http)
        with time_limit(RUN_LIMIT_S):
            for step, call in (
                ("ingest", lambda: runner.ingest_day(day, sources, fetcher, archive)),
                ("stage", lambda: runner.stage_day(day, archive, silver, get_settings())),
                ("annotate", lambda: runner.annotate_day(day, silver, get_settings())),
                ("load", lambda: runner.load_day(day, silver, archive, warehouse)),
            ):
                started = time.monotonic()
                try:
                    call()
                except Exception as exc:  # recorded, then the test fails below
                    crashed.append(f"{step}: {type(exc).__name__}: {exc}")
                    break
                finally:
                    step_seconds[step] = round(time.monotonic() - started, 2)

    articles, quarantine = ([], []) if crashed else _warehouse_rows(warehouse.db_path, day)
    for kind in kinds:
        _judge(kind, articles, quarantine)
        slowest = max(
            [s for u, s in fetcher.seconds.items() if kind.token in u]
            + [s for u, s in extract_seconds.items() if kind.token in u]
            + [0.0]
        )
        if slowest > ITEM_LIMIT_S and not kind.problem:
            kind.problem = f"took {slowest:.1f}s"
    controls = [f"/k/control-{n}" for n in range(1, 6)]
    lost = [c for c in controls if not any(c in a["url"] and a["mentions"] for a in articles)]
    internal = [q for q in quarantine if q["reason"] == "internal_error"]
    raw_errors = archive.errors(day)
    everything = repr(quarantine) + repr(articles) + repr(raw_errors.to_dicts())
    leaks = [s for s in (SECRET, "root:x:0:0") if s in everything]
    names = [k.name for k in kinds]
    unexpected = [k for k in kinds if k.problem]
    report.record(
        "bad_input",
        {
            "kinds": len(kinds),
            "quarantined_kinds": sum(
                1 for k in kinds if k.category == "quarantine" and not k.problem
            ),
            "fetch_error_kinds": sum(1 for k in kinds if k.category == "error" and not k.problem),
            "loaded_kinds": sum(1 for k in kinds if k.category == "loaded" and not k.problem),
            "unexpected": len(unexpected),
            "crashes": len(crashed) + len(internal),
            "hangs": sum(1 for k in kinds if (k.problem or "").startswith("took")),
            "control_lost": len(lost),
            "secrets_or_files_leaked": leaks,
            "quarantine_rows": len(quarantine),
            "articles_loaded": len(articles),
            "step_seconds": step_seconds,
            "slowest_fetch_s": round(max(fetcher.seconds.values(), default=0.0), 2),
            "slowest_extract_s": round(max(extract_seconds.values(), default=0.0), 2),
            "per_kind": {
                k.name: {
                    "expect": k.expect,
                    "observed": sorted(set(k.observed)),
                    "problem": k.problem,
                }
                for k in kinds
            },
        },
    )
    assert len(set(names)) == len(names) >= 30
    assert not crashed, crashed
    assert not internal, internal
    assert not unexpected, "\n".join(f"{k.name}: {k.problem}" for k in unexpected)
    assert not lost, f"control pages not loaded and annotated: {lost}"
    assert not leaks, leaks
    assert pl.DataFrame(quarantine).filter(pl.col("reason").is_null()).is_empty()
