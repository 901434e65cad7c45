"""HttpFetcher and the SSRF guard against a real loopback server with fault endpoints."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpcore
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines.fetch import (
    FetchError,
    FetchResult,
    HttpFetcher,
    decode_body,
    parse_retry_after,
)
from pipelines.netguard import BlockedURLError, GuardedBackend, NetGuard, blocked_reason
from pipelines.settings import FetchSettings

RUSSIAN = "Москва. Правительство объявило о новых мерах поддержки экономики и сельского хозяйства."
FRENCH = "À Paris, le ministre a déclaré que la réforme des retraites était « nécessaire » et équilibrée."


@pytest.fixture
def fetcher(fetch_settings: FetchSettings) -> Iterator[HttpFetcher]:
    with HttpFetcher(fetch_settings) as f:
        yield f


def ok(result: FetchResult | FetchError) -> FetchResult:
    assert isinstance(result, FetchResult), result
    return result


def err(result: FetchResult | FetchError) -> FetchError:
    assert isinstance(result, FetchError), result
    return result


def hits(server: HTTPServer, path: str) -> int:
    return sum(1 for req, _ in server.log if req.path == path)


# ------------------------------------------------------------------ basics


def test_plain_page_keeps_bytes_text_and_headers(
    server: HTTPServer, fetcher: HttpFetcher, make_article: Callable[..., str]
) -> None:
    html = make_article("Hello", "Plain UTF-8 text — with a dash")
    server.expect_request("/a").respond_with_data(
        html.encode(), content_type="text/html; charset=utf-8"
    )
    res = ok(fetcher.fetch(server.url_for("/a")))
    assert res.status == 200 and res.body == html.encode() and res.text == html
    assert res.encoding == "utf-8" and len(res.sha256) == 64
    assert res.headers["content-type"].startswith("text/html")
    request = next(req for req, _ in server.log if req.path == "/a")
    assert request.headers["User-Agent"] == fetcher.settings.user_agent


def test_404_is_an_error_without_retries(server: HTTPServer, fetcher: HttpFetcher) -> None:
    server.expect_request("/missing").respond_with_data("nope", status=404)
    e = err(fetcher.fetch(server.url_for("/missing")))
    assert (e.stage, e.reason, e.status) == ("http", "http_404", 404)
    assert hits(server, "/missing") == 1


def test_500_then_200_is_retried(server: HTTPServer, fetcher: HttpFetcher) -> None:
    calls = {"n": 0}

    def flaky(_request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("boom", status=500)
        return Response("<html><body>ok</body></html>", content_type="text/html")

    server.expect_request("/flaky").respond_with_handler(flaky)
    res = ok(fetcher.fetch(server.url_for("/flaky")))
    assert res.status == 200 and calls["n"] == 2


def test_persistent_5xx_gives_up_after_max_retries(
    server: HTTPServer, fetcher: HttpFetcher
) -> None:
    server.expect_request("/down").respond_with_data("down", status=503)
    e = err(fetcher.fetch(server.url_for("/down")))
    assert e.reason == "http_503"
    assert hits(server, "/down") == fetcher.settings.max_retries + 1


def test_429_honours_retry_after_capped(server: HTTPServer, fetcher: HttpFetcher) -> None:
    calls = {"n": 0}

    def limited(_request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return Response("slow down", status=429, headers={"Retry-After": "30"})
        return Response("<html><body>ok</body></html>", content_type="text/html")

    server.expect_request("/limited").respond_with_handler(limited)
    started = time.monotonic()
    res = ok(fetcher.fetch(server.url_for("/limited")))
    elapsed = time.monotonic() - started
    # Retry-After says 30 s; the cap (0.3 s in tests) bounds the wait.
    assert res.status == 200
    assert fetcher.settings.retry_after_max_s <= elapsed < 2.0


def test_parse_retry_after_forms() -> None:
    now = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90)), now=now) == 90.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_slow_response_times_out(server: HTTPServer, fetch_settings: FetchSettings) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(0.8)
        return Response("late", content_type="text/html")

    server.expect_request("/slow").respond_with_handler(slow)
    settings = fetch_settings.model_copy(update={"max_retries": 0, "read_timeout_s": 0.2})
    with HttpFetcher(settings) as f:
        started = time.monotonic()
        e = err(f.fetch(server.url_for("/slow")))
    assert e.reason == "timeout" and time.monotonic() - started < 0.8


def test_wrong_content_type_refused_before_body(server: HTTPServer, fetcher: HttpFetcher) -> None:
    server.expect_request("/logo.png").respond_with_data(b"\x89PNG....", content_type="image/png")
    e = err(fetcher.fetch(server.url_for("/logo.png")))
    assert (e.stage, e.reason) == ("content_type", "disallowed_content_type")


# ------------------------------------------------------------------ size guards


def test_30mb_body_is_aborted_at_the_cap(server: HTTPServer, fetcher: HttpFetcher) -> None:
    chunk = b"<p>" + b"x" * (1024 * 1024 - 3)

    def huge(_request: Request) -> Response:
        # Streamed without Content-Length, so only the running count can stop it.
        return Response((chunk for _ in range(30)), content_type="text/html")

    server.expect_request("/huge").respond_with_handler(huge)
    started = time.monotonic()
    e = err(fetcher.fetch(server.url_for("/huge")))
    assert (e.stage, e.reason) == ("body", "body_too_large")
    assert time.monotonic() - started < 3


def test_declared_content_length_over_cap_is_refused(
    server: HTTPServer, fetcher: HttpFetcher
) -> None:
    server.expect_request("/big").respond_with_data(
        b"a" * (2 * 1024 * 1024), content_type="text/html"
    )
    assert err(fetcher.fetch(server.url_for("/big"))).reason == "body_too_large"


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (40 * 1024 * 1024), compresslevel=9)


def test_gzip_bomb_is_refused(server: HTTPServer, fetcher: HttpFetcher, gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 100_000
    server.expect_request("/bomb").respond_with_data(
        gzip_bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    e = err(fetcher.fetch(server.url_for("/bomb")))
    assert e.reason == "decompression_bomb"


def test_compression_ratio_guard_below_absolute_cap(
    server: HTTPServer, fetch_settings: FetchSettings, gzip_bomb: bytes
) -> None:
    settings = fetch_settings.model_copy(update={"max_body_bytes": 100 * 1024 * 1024})
    server.expect_request("/bomb2").respond_with_data(
        gzip_bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with HttpFetcher(settings) as f:
        e = err(f.fetch(server.url_for("/bomb2")))
    assert e.reason == "decompression_bomb" and "ratio" in e.detail


def test_gzip_page_is_decoded(server: HTTPServer, fetcher: HttpFetcher) -> None:
    html = b"<html><body>" + b"compressed news " * 200 + b"</body></html>"
    server.expect_request("/gz").respond_with_data(
        gzip.compress(html), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    assert ok(fetcher.fetch(server.url_for("/gz"))).body == html


# ------------------------------------------------------------------ charsets


@pytest.mark.parametrize(
    ("codec", "text", "meta"),
    [
        ("windows-1251", RUSSIAN, None),
        ("windows-1251", RUSSIAN, "windows-1251"),
        ("iso-8859-1", FRENCH, None),
        ("iso-8859-1", FRENCH, "iso-8859-1"),
    ],
)
def test_legacy_charsets_without_http_charset(
    server: HTTPServer,
    fetcher: HttpFetcher,
    make_article: Callable[..., str],
    codec: str,
    text: str,
    meta: str | None,
) -> None:
    html = make_article("T", text, meta_charset=meta)
    server.expect_request("/legacy").respond_with_data(html.encode(codec), content_type="text/html")
    res = ok(fetcher.fetch(server.url_for("/legacy")))
    assert text in res.text
    assert res.body == html.encode(codec)


def test_decode_body_prefers_http_header_over_meta() -> None:
    body = '<meta charset="utf-8"><p>Привет</p>'.encode("windows-1251")
    text, encoding = decode_body(body, "text/html; charset=windows-1251")
    assert "Привет" in text and encoding == "cp1251"
    text, encoding = decode_body(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "text/html; charset=latin-1")
    assert text == "<p>café</p>" and encoding == "utf-8"  # BOM wins


# ------------------------------------------------------------------ redirects and SSRF


def test_redirect_followed_and_final_url_kept(server: HTTPServer, fetcher: HttpFetcher) -> None:
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    server.expect_request("/new").respond_with_data("<html>new</html>", content_type="text/html")
    res = ok(fetcher.fetch(server.url_for("/old")))
    assert res.url == server.url_for("/old") and res.final_url == server.url_for("/new")


def test_redirect_loop_detected(server: HTTPServer, fetcher: HttpFetcher) -> None:
    server.expect_request("/loop-a").respond_with_data(
        "", status=302, headers={"Location": "/loop-b"}
    )
    server.expect_request("/loop-b").respond_with_data(
        "", status=302, headers={"Location": "/loop-a"}
    )
    assert err(fetcher.fetch(server.url_for("/loop-a"))).reason == "redirect_loop"


def test_redirect_limit(server: HTTPServer, fetcher: HttpFetcher) -> None:
    for i in range(10):
        server.expect_request(f"/hop/{i}").respond_with_data(
            "", status=302, headers={"Location": f"/hop/{i + 1}"}
        )
    assert err(fetcher.fetch(server.url_for("/hop/0"))).reason == "too_many_redirects"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud_metadata_address"),
        ("http://10.0.0.1/admin", "private_address"),
        ("http://[::ffff:10.0.0.1]/", "private_address"),
        ("file:///etc/passwd", "unsafe_scheme"),
    ],
)
def test_redirect_to_internal_address_refused(
    server: HTTPServer, fetcher: HttpFetcher, target: str, reason: str
) -> None:
    server.expect_request("/jump").respond_with_data("", status=302, headers={"Location": target})
    e = err(fetcher.fetch(server.url_for("/jump")))
    assert (e.stage, e.reason) == ("ssrf", reason)


def test_loopback_refused_unless_allow_listed(
    server: HTTPServer, fetch_settings: FetchSettings
) -> None:
    server.expect_request("/a").respond_with_data("<html>a</html>", content_type="text/html")
    strict = fetch_settings.model_copy(update={"allow_hosts": []})
    with HttpFetcher(strict) as f:
        e = err(f.fetch(server.url_for("/a")))
    assert (e.stage, e.reason) == ("ssrf", "loopback_address")
    assert hits(server, "/a") == 0


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback_address"),
        ("10.1.2.3", "private_address"),
        ("192.168.0.10", "private_address"),
        ("172.16.5.4", "private_address"),
        ("100.64.0.1", "cgnat_address"),
        ("169.254.1.1", "link_local_address"),
        ("169.254.169.254", "cloud_metadata_address"),
        ("224.0.0.1", "multicast_address"),
        ("0.0.0.0", "unspecified_address"),
        ("::1", "loopback_address"),
        ("fe80::1", "link_local_address"),
        ("fd00:ec2::254", "cloud_metadata_address"),
        ("::ffff:127.0.0.1", "loopback_address"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    import ipaddress

    assert blocked_reason(ipaddress.ip_address(address)) == reason


def test_guard_checks_resolved_addresses() -> None:
    guard = NetGuard([], resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(BlockedURLError) as info:
        guard.check_url("https://innocent.example/news")
    assert info.value.reason == "private_address"
    ok_guard = NetGuard([], resolver=lambda host, port: ["93.184.216.34"])
    ok_guard.check_url("https://innocent.example/news")


def test_guard_refuses_odd_urls() -> None:
    guard = NetGuard(["127.0.0.1"], resolver=lambda host, port: ["93.184.216.34"])
    for url, reason in [
        ("javascript:alert(1)", "unsafe_scheme"),
        ("ftp://example.com/x", "unsafe_scheme"),
        ("http://user:pw@example.com/", "credentialed_url"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud_metadata_address"),
        ("http:///nohost", "missing_host"),
    ]:
        with pytest.raises(BlockedURLError) as info:
            guard.check_url(url)
        assert info.value.reason == reason, url
    # Decimal-encoded loopback resolves (without DNS) to 127.0.0.1, which is allow-listed here
    # but refused by a guard without the allow-list.
    with pytest.raises(BlockedURLError):
        NetGuard([]).check_url("http://2130706433/")


def test_guarded_backend_blocks_rebinding() -> None:
    # The URL check passed earlier; at connect time the name now resolves privately.
    guard = NetGuard([], resolver=lambda host, port: ["10.9.8.7"])
    backend = GuardedBackend(guard)
    with pytest.raises(httpcore.ConnectError, match="private_address"):
        backend.connect_tcp("rebind.example", 80)


# ------------------------------------------------------------------ robots, politeness, state


def test_robots_disallowed_path(server: HTTPServer, fetcher: HttpFetcher) -> None:
    server.expect_request("/private/secret").respond_with_data("x", content_type="text/html")
    e = err(fetcher.fetch(server.url_for("/private/secret")))
    assert (e.stage, e.reason) == ("robots", "disallowed_by_robots")
    assert hits(server, "/private/secret") == 0
    # robots.txt is fetched once per host, not per page
    server.expect_request("/public").respond_with_data("<html></html>", content_type="text/html")
    ok(fetcher.fetch(server.url_for("/public")))
    assert hits(server, "/robots.txt") == 1


def test_robots_server_error_means_disallow_all(
    wire_server: HTTPServer, fetch_settings: FetchSettings
) -> None:
    wire_server.clear()
    wire_server.expect_request("/robots.txt").respond_with_data("oops", status=503)
    wire_server.expect_request("/page").respond_with_data("<html></html>", content_type="text/html")
    with HttpFetcher(fetch_settings) as f:
        assert err(f.fetch(wire_server.url_for("/page"))).reason == "disallowed_by_robots"
    wire_server.clear()


def test_per_host_delay_and_concurrency_cap(
    server: HTTPServer, fetch_settings: FetchSettings
) -> None:
    active = {"now": 0, "max": 0}
    lock = threading.Lock()

    def tracked(_request: Request) -> Response:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        time.sleep(0.05)
        with lock:
            active["now"] -= 1
        return Response("<html></html>", content_type="text/html")

    server.expect_request("/t").respond_with_handler(tracked)
    settings = fetch_settings.model_copy(
        update={"per_host_concurrency": 1, "per_host_delay_s": 0.1}
    )
    with HttpFetcher(settings) as f:
        f.fetch(server.url_for("/robots.txt"))  # warm the robots cache
        started = time.monotonic()
        threads = [threading.Thread(target=f.fetch, args=(server.url_for("/t"),)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert active["max"] == 1
    assert time.monotonic() - started >= 0.3  # 4 starts, >= 0.1 s apart


def _etag_handler(body: bytes) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(body, content_type="text/html", headers={"ETag": '"v1"'})

    return handler


def test_conditional_get_remembered_across_runs(
    server: HTTPServer, fetch_settings: FetchSettings, tmp_path: Path
) -> None:
    server.expect_request("/cond").respond_with_handler(_etag_handler(b"<html>v1</html>"))
    url = server.url_for("/cond")
    with HttpFetcher(fetch_settings, state_uri=str(tmp_path)) as first:
        full = ok(first.fetch(url))
        assert full.status == 200 and not full.not_modified
    assert (tmp_path / fetch_settings.state_file).is_file()
    with HttpFetcher(fetch_settings, state_uri=str(tmp_path)) as second:
        again = ok(second.fetch(url))
        assert again.not_modified and again.status == 304 and again.sha256 == full.sha256
        forced = ok(second.fetch(url, conditional=False))
        assert forced.status == 200 and forced.body == b"<html>v1</html>"
