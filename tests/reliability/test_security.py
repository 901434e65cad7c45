"""Security: nobody in. SSRF after redirects and DNS, safe XML, SQL only with parameters,
a read-only query command, and no credentials in error rows, exceptions or logs.

These complement the unit tests in ``test_fetch.py``/``test_sources.py``/``test_warehouse.py``
by going through ``collect`` (the real discovery and fetch path) where it matters, and by
trying the encodings and statement kinds those tests do not.
"""

from __future__ import annotations

import ast
import logging
import re
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from pipelines.fetch import FetchError, HttpFetcher
from pipelines.load import Warehouse
from pipelines.netguard import NetGuard, redact_credentials
from pipelines.settings import FetchSettings
from pipelines.sources import SourceConfig, UnsafeXMLError, collect, parse_feed, parse_sitemap
from pipelines.warehouse_access import ReadOnlyViolation, run_read_query
from tests.reliability import badinput

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cretPa55"

# --------------------------------------------------------------------------- SSRF

FAKE_DNS = {
    "rebind.test": ["10.20.30.40"],
    "meta.test": ["169.254.169.254"],
    "mixed.test": ["93.184.216.34", "192.168.1.9"],
    "v6local.test": ["fe80::1"],
    "mapped.test": ["::ffff:127.0.0.1"],
}


def _resolver(host: str, port: int) -> list[str]:
    if host in FAKE_DNS:
        return FAKE_DNS[host]
    raise OSError(f"{host}: no such host in the test resolver")


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://rebind.test/news", "private_address"),
        ("http://meta.test/latest/meta-data/", "cloud_metadata_address"),
        ("http://mixed.test/", "private_address"),
        ("http://v6local.test/", "link_local_address"),
        ("http://mapped.test/", "loopback_address"),
        ("http://169.254.169.254/computeMetadata/v1/", "cloud_metadata_address"),
        ("http://[::1]/", "loopback_address"),
        ("http://metadata.google.internal/", "cloud_metadata_address"),
    ],
)
def test_redirect_chain_to_an_internal_address_is_refused(
    server: HTTPServer, fetch_settings: FetchSettings, target: str, reason: str
) -> None:
    """Feed → article → redirect → redirect → internal host: refused at the hop that
    leaves the allow-list, after DNS resolution, and recorded as an error row."""
    base = server.url_for("/").rstrip("/")
    server.expect_request("/feed.xml").respond_with_data(
        badinput.rss([(f"{base}/hop1", None)]), content_type="application/rss+xml"
    )
    server.expect_request("/hop1").respond_with_data("", status=302, headers={"Location": "/hop2"})
    server.expect_request("/hop2").respond_with_data("", status=301, headers={"Location": target})
    guard = NetGuard(["127.0.0.1"], resolver=_resolver)
    with HttpFetcher(fetch_settings, guard=guard) as fetcher:
        result = collect([SourceConfig(name="f", location=f"{base}/feed.xml")], fetcher)
    assert result.pages.is_empty()
    rows = result.errors.to_dicts()
    assert [(r["stage"], r["reason"]) for r in rows] == [("ssrf", reason)]


def test_internal_hosts_are_reachable_only_when_allow_listed(
    server: HTTPServer, fetch_settings: FetchSettings
) -> None:
    url = server.url_for("/page")
    server.expect_request("/page").respond_with_data(badinput.control(1), content_type="text/html")
    with HttpFetcher(fetch_settings.model_copy(update={"allow_hosts": []})) as fetcher:
        refused = fetcher.fetch(url)
    assert isinstance(refused, FetchError) and refused.reason == "loopback_address"
    with HttpFetcher(fetch_settings.model_copy(update={"allow_hosts": ["127.0.0.0/8"]})) as f:
        assert not isinstance(f.fetch(url), FetchError)


# --------------------------------------------------------------------------- XML

LINK = "http://127.0.0.1/item"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-32"])
@pytest.mark.parametrize(
    "make", [badinput.billion_laughs, badinput.xxe_feed], ids=["billion-laughs", "xxe"]
)
def test_entity_declarations_are_refused_in_any_encoding(encoding: str, make: object) -> None:
    assert callable(make)
    data = make(LINK, encoding)
    started = time.monotonic()
    with pytest.raises(UnsafeXMLError) as info:
        parse_feed(data)
    assert info.value.reason == "xml_entity_declaration"
    assert time.monotonic() - started < 2


def test_xxe_in_a_sitemap_and_parameter_entities_are_refused() -> None:
    with pytest.raises(UnsafeXMLError):
        parse_sitemap(badinput.xxe_sitemap(LINK))
    param = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
        b"<rss><channel><item><link>http://127.0.0.1/x</link></item></channel></rss>"
    )
    with pytest.raises(UnsafeXMLError):
        parse_feed(param)


def test_external_dtd_is_neither_loaded_nor_fatal() -> None:
    entries = parse_feed(badinput.external_dtd_feed(LINK))
    assert [e.link for e in entries] == [LINK]


def test_deep_or_unparseable_xml_is_an_error_not_an_empty_feed() -> None:
    for data in (badinput.deep_feed(LINK), badinput.not_xml()):
        with pytest.raises(UnsafeXMLError) as info:
            parse_feed(data)
        assert info.value.reason == "malformed_xml"
    # A feed cut short still yields the entries before the cut (the cut one has no link,
    # which discovery records as a missing_link error row).
    assert [e.link for e in parse_feed(badinput.truncated_atom(LINK))] == [LINK, None]


# --------------------------------------------------------------------------- SQL

SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|ATTACH|COPY|LOAD|INSTALL|"
    r"CALL|FROM|WHERE|VALUES)\b"
)
# Reviewed exceptions: (file, constant text of the expression) -> why it is safe.
VETTED = {
    ("pipelines/search.py", "LOAD '"): "the fts extension path of the installed package, "
    "with quotes doubled; never data",
    (
        "assets/cli.py",
        '  query:         .venv/bin/wirefacts query "SELECT * FROM dim_entity LIMIT 5" --db ',
    ): "help text printed to the user, never executed",
}


def _built_strings(tree: ast.AST) -> list[tuple[int, str, str]]:
    """(line, kind, constant text) of every string built from non-constant parts."""
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(v, ast.FormattedValue) for v in node.values
        ):
            text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            found.append((node.lineno, "f-string", text))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            found.append((node.lineno, "str.format", node.func.value.value))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            sides = (node.left, node.right)
            texts = [
                s.value for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)
            ]
            if texts and not all(isinstance(s, ast.Constant) for s in sides):
                found.append((node.lineno, "% or +", " ".join(texts)))
    return found


def test_no_sql_is_built_from_variables() -> None:
    """SQL takes values only as parameters; identifiers only through ``table_statement``.

    Any f-string, ``str.format``, ``%`` or ``+`` whose constant part reads like SQL is a
    finding unless it is in the reviewed list above.
    """
    findings = []
    for folder in ("pipelines", "assets"):
        for path in sorted((REPO / folder).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel.startswith("pipelines/sample/"):
                continue
            for line, kind, text in _built_strings(ast.parse(path.read_text(encoding="utf-8"))):
                if SQL_WORDS.search(text) and (rel, text) not in VETTED:
                    findings.append(f"{rel}:{line}: SQL built with {kind}: {text[:80]!r}")
    assert not findings, "\n".join(findings)


def test_the_scanner_would_catch_built_sql() -> None:
    sample = (
        "con.execute(f'SELECT * FROM t WHERE id = {x}')\n"
        "con.execute('DELETE FROM t WHERE id = %s' % x)\n"
        "con.execute('SELECT * FROM {}'.format(name))\n"
        "con.execute('SELECT * FROM ' + name)\n"
    )
    kinds = [k for _line, k, text in _built_strings(ast.parse(sample)) if SQL_WORDS.search(text)]
    assert sorted(kinds) == ["% or +", "% or +", "f-string", "str.format"]


# --------------------------------------------------------------------------- read-only query


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ro") / "w.duckdb"
    wh = Warehouse(db)
    with wh.writer():
        pass
    wh.publish_snapshot()
    return db


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE dim_article SET title = 'x'",
        "DROP TABLE dim_article",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "PRAGMA enable_profiling",
        "CALL pragma_version()",
        "CHECKPOINT",
        "EXPORT DATABASE '/tmp/x'",
        "DETACH DATABASE w",
        "SELECT 1; COPY (SELECT 1) TO '/tmp/wirefacts-owned.csv'",
        "BEGIN TRANSACTION",
    ],
)
def test_query_refuses_anything_but_reading(published: Path, sql: str) -> None:
    with pytest.raises(ReadOnlyViolation):
        run_read_query(published, sql)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM '/etc/hostname'",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_parquet('http://169.254.169.254/x.parquet')",
    ],
)
def test_query_cannot_reach_outside_the_warehouse(published: Path, sql: str) -> None:
    with pytest.raises(Exception) as info:
        run_read_query(published, sql)
    assert "root:" not in str(info.value)


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM dim_article",
        "SELECT 1; DROP TABLE dim_article",
        "SELECT * FROM read_csv('/etc/passwd')",
    ],
)
def test_the_query_command_refuses_and_exits_non_zero(
    published: Path, sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from assets.cli import main

    code = main(["query", sql, "--db", str(published)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "root:" not in err
    assert run_read_query(published, "SELECT count(*) FROM dim_article")[1] == [(0,)]


# --------------------------------------------------------------------------- credentials


def test_credentials_never_reach_error_rows_exceptions_or_logs(
    server: HTTPServer, fetch_settings: FetchSettings, caplog: pytest.LogCaptureFixture
) -> None:
    base = server.url_for("/").rstrip("/")
    creds = f"http://editor:{SECRET}@127.0.0.1:{server.port}"
    server.expect_request("/feed.xml").respond_with_data(
        badinput.rss(
            [
                (f"{creds}/in-feed", None),
                (f"{base}/jump", None),
                (f"javascript:fetch('{creds}/x')", None),
            ]
        ),
        content_type="application/rss+xml",
    )
    server.expect_request("/jump").respond_with_data(
        "", status=302, headers={"Location": f"{creds}/after-redirect"}
    )
    sources = [
        SourceConfig(name="feed", location=f"{base}/feed.xml"),
        SourceConfig(name="locked", kind="feed", location=f"{creds}/private-feed.xml"),
    ]
    # INFO and up: what a run logs. (httpcore's DEBUG traces echo raw response headers,
    # the Location included; they are off unless an operator turns them on.)
    caplog.set_level(logging.INFO)
    with HttpFetcher(fetch_settings) as fetcher:
        result = collect(sources, fetcher)
        direct = fetcher.fetch(f"{base}/jump")
    assert isinstance(direct, FetchError) and direct.reason == "credentialed_url"
    rows = result.errors.to_dicts()
    assert {r["reason"] for r in rows} == {"credentialed_url", "unsafe_scheme"}
    text = repr(rows) + repr(direct) + caplog.text
    assert SECRET not in text
    assert "***@127.0.0.1" in text


def test_redaction_keeps_everything_but_the_secret() -> None:
    assert redact_credentials("http://u:p@h.example/a?b=c") == "http://***@h.example/a?b=c"
    assert redact_credentials("no url here @ all") == "no url here @ all"
    assert (
        redact_credentials("a http://x.example/p?mail=a@b c") == "a http://x.example/p?mail=a@b c"
    )
