"""Generators for the bad-input corpus: hostile, broken and merely odd inputs.

Everything is generated here (nothing downloaded, nothing copied): HTML bodies that
are empty, binary, enormous, deeply nested, wrongly encoded or in other scripts; XML
feeds and sitemaps that are malformed or hostile (billion laughs, XXE); WARC files
that are cut short or garbled. ``test_bad_input.py`` serves them from a loopback server
and runs them through the real partition path.
"""

from __future__ import annotations

import gzip
import io
import random
import zlib
from datetime import datetime
from xml.sax.saxutils import escape

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SENTENCES = [
    "Officials in Lisbon said on Tuesday that the new ferry schedule would start in May.",
    "The transport ministry said the change would cut waiting times for commuters.",
    "Maria Duarte, who leads the port authority, said the plan had broad support.",
    "Opposition lawmakers in Portugal questioned the cost of the project on Wednesday.",
    "The European Commission is expected to review the funding request next month.",
    "Local businesses welcomed the announcement, saying tourism would benefit.",
]


def paragraphs(n: int = 6, seed: int = 0) -> str:
    """A plausible English news body (enough text to pass the extraction floors)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        picked = rng.sample(SENTENCES, 3)
        out.append(f"<p>{' '.join(picked)} (Paragraph {i + 1} of story {seed}.)</p>")
    return "".join(out)


def article(title: str, body_html: str | None = None, *, head: str = "", seed: int = 0) -> str:
    """A minimal but realistic article page."""
    body_html = body_html if body_html is not None else paragraphs(seed=seed)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body><article><h1>{title}</h1>{body_html}</article></body></html>"
    )


# --------------------------------------------------------------------------- HTML bodies


def empty() -> bytes:
    return b""


def whitespace() -> bytes:
    return b" \r\n\t " * 200 + b"\n"


def binary_noise(size: int = 64 * 1024) -> bytes:
    return random.Random(7).randbytes(size)


def pdf() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (A news story in a PDF) Tj ET" * 50)
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\n"
        b"stream\n" + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def png() -> bytes:
    raw = b"".join(b"\x00" + bytes(random.Random(3).randbytes(48)) for _ in range(16))
    chunk = zlib.compress(raw)
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
        b"\x90\x91h6" + len(chunk).to_bytes(4, "big") + b"IDAT" + chunk + b"\x00\x00\x00\x00IEND"
    )


def deep_dom(depth: int = 10_000) -> bytes:
    return article(
        "Deeply nested", "<div>" * depth + paragraphs(seed=11) + "</div>" * depth
    ).encode()


def invalid_utf8_sprinkled() -> bytes:
    """Valid UTF-8 except for a few stray bytes: readable, with replacement characters."""
    page = article("Stray bytes in a story", seed=12).encode()
    return page.replace(b"ferry", b"fe\xffrry").replace(b"support", b"sup\xc3\x28port")


def invalid_utf8_garbage() -> bytes:
    """Declared UTF-8, but almost every byte sequence is invalid."""
    noise = bytes(b | 0x80 for b in random.Random(5).randbytes(20_000))
    return b"<html><head><meta charset='utf-8'><title>x</title></head><body><p>" + noise + b"</p>"


def cp1252_labelled_utf8() -> bytes:
    """windows-1252 bytes served as UTF-8 (the header lies): accents become U+FFFD."""
    return article("Caf\u00e9 owners in S\u00e3o Paulo protest", seed=13).encode("cp1252")


def utf8_labelled_latin1() -> bytes:
    """UTF-8 bytes served as ISO-8859-1: accents become mojibake, as in a browser."""
    return article("Caf\u00e9 owners in S\u00e3o Paulo protest again", seed=14).encode("utf-8")


def unknown_charset() -> bytes:
    page = article("A page with a bogus charset label", seed=15)
    return page.replace("charset='utf-8'", "charset='x-klingon-9'").encode()


def no_body_tag() -> bytes:
    return (
        "<html><head><title>No body element</title></head>"
        f"<h1>No body element</h1>{paragraphs(seed=16)}</html>"
    ).encode()


def head_only() -> bytes:
    return b"<!DOCTYPE html><html><head><title>Only a head</title></head></html>"


def script_only() -> bytes:
    scripts = "".join(
        f"<script>var x{i} = {i}; document.write('loading');</script>" for i in range(50)
    )
    return f"<!DOCTYPE html><html><head><title>App</title></head><body>{scripts}</body></html>".encode()


def paywall_stub() -> bytes:
    teaser = "<p>Officials in Lisbon said on Tuesday that the new ferry schedule would start.</p>"
    prompt = "<p>Subscribe now to continue reading. Already a subscriber? Log in.</p>"
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"isAccessibleForFree": false, "headline": "Ferry plan"}</script>'
    )
    return article("Ferry plan: what it means", teaser + prompt, head=jsonld).encode()


def long_title(chars: int = 200_000) -> bytes:
    return article("Breaking " + "very " * (chars // 5), seed=17).encode()


def nul_in_head() -> bytes:
    return article("NUL \x00 bytes up front", seed=18).encode()


def nul_deep() -> bytes:
    filler = "<!-- " + "x" * 10_000 + " -->"
    return article(
        "NUL bytes deep inside", filler + paragraphs(seed=19).replace("ferry", "fe\x00rry")
    ).encode()


def rtl_arabic() -> bytes:
    text = (
        "<p>قال مسؤولون في القاهرة يوم الثلاثاء إن الجدول الجديد للعبارات سيبدأ في مايو.</p>"
        "<p>وأضافت وزارة النقل أن التغيير سيقلل أوقات الانتظار للركاب في المدينة.</p>"
    ) * 4
    page = article("جدول جديد للعبارات في القاهرة", text)
    return page.replace("lang='en'", "lang='ar' dir='rtl'").encode()


def rtl_override_title() -> bytes:
    """Bidi control characters (U+202E) in the title: a spoofing trick, stored as is."""
    return article("Ferry news \u202etxet desrever\u202c today", seed=20).encode()


def cjk() -> bytes:
    text = (
        "<p>東京の当局者は火曜日、新しいフェリーの運航スケジュールが五月に始まると述べた。</p>"
        "<p>運輸省は、この変更により通勤客の待ち時間が短縮されると説明した。</p>"
    ) * 4
    return article("東京で新しいフェリー運航", text).replace("lang='en'", "lang='ja'").encode()


def emoji() -> bytes:
    body = (
        paragraphs(seed=21)
        .replace("ferry", "ferry \u26f4\ufe0f")
        .replace("said", "said \U0001f4e2")
    )
    return article("Ferry news \U0001f6a2\U0001f389 for Lisbon", body).encode()


def huge_text(chars: int = 1_200_000) -> bytes:
    """More text than spaCy's default max_length (1,000,000 characters) in one article."""
    para = " ".join(SENTENCES)
    count = chars // (len(para) + 30) + 1
    # Numbered, so that no paragraph repeats (extractors drop repeated blocks).
    body = "".join(f"<p>Update {i}: {para}</p>" for i in range(count))
    return article("A very long report", body).encode()


def far_future_meta() -> bytes:
    head = '<meta property="article:published_time" content="2999-01-01T00:00:00Z">'
    return article("Story claiming to be from 2999", head=head, seed=22).encode()


def far_past_meta() -> bytes:
    head = '<meta property="article:published_time" content="1803-05-01T00:00:00Z">'
    return article("Story claiming to be from 1803", head=head, seed=23).encode()


def control(n: int) -> bytes:
    """A good article: the rest of the partition must still load next to the bad input."""
    return article(f"Control story number {n} about the Lisbon ferry plan", seed=100 + n).encode()


# --------------------------------------------------------------------------- transport


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6)


def truncated_gzip() -> bytes:
    packed = gzip_bytes(control(90))
    return packed[: len(packed) // 2]


def gzip_bomb(megabytes: int = 200) -> bytes:
    """A small gzip stream that inflates to ``megabytes`` of zeros."""
    out = io.BytesIO()
    zero = bytes(1024 * 1024)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as fh:
        for _ in range(megabytes):
            fh.write(zero)
    return out.getvalue()


# --------------------------------------------------------------------------- feeds


def rss(items: list[tuple[str, str | None]]) -> bytes:
    """An RSS 2.0 feed of ``(link, pubDate)`` items."""
    body = "".join(
        f"<item><title>Item {i}</title><link>{escape(link)}</link>"
        + (f"<pubDate>{when}</pubDate>" if when else "")
        + "</item>"
        for i, (link, when) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bad input</title>{body}</channel></rss>"
    ).encode()


def news_sitemap(urls: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication_date>{when}"
        "</news:publication_date></news:news></url>"
        for loc, when in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{entries}</urlset>"
    ).encode()


def not_xml() -> bytes:
    return b"this is not a feed at all, just text \x00\x01 and noise <<<>>>"


def truncated_atom(link: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Cut</title><entry><title>One</title><link href="{link}"/>'
        "</entry><entry><title>Tw"
    ).encode()


def garbage_sitemap() -> bytes:
    return b"\x1f\x8b\x08\x00garbage that claims to be gzip" + bytes(range(256))


def billion_laughs(link: str, encoding: str = "utf-8") -> bytes:
    levels = "".join(
        f'<!ENTITY lol{i} "{("&lol" + ("" if i == 1 else str(i - 1)) + ";") * 10}">'
        for i in range(1, 10)
    )
    doc = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        f'<!DOCTYPE rss [<!ENTITY lol "lol">{levels}]>'
        f'<rss><channel><item><title a="&lol9;">&lol9;</title><link>{link}</link></item>'
        "</channel></rss>"
    )
    return doc.encode(encoding)


def xxe_feed(link: str, encoding: str = "utf-8") -> bytes:
    doc = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<rss><channel><item><title>&xxe;</title><link>{link}</link></item></channel></rss>"
    )
    return doc.encode(encoding)


def xxe_sitemap(link: str) -> bytes:
    return (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{link}&xxe;</loc></url></urlset>"
    ).encode()


def external_dtd_feed(link: str) -> bytes:
    """No entity declared, but an external DTD: it must not be fetched or read."""
    return (
        '<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd">'
        f"<rss><channel><item><title>DTD</title><link>{link}</link></item></channel></rss>"
    ).encode()


def deep_feed(link: str, depth: int = 10_000) -> bytes:
    return (
        "<rss><channel>" + "<x>" * depth + "</x>" * depth + f"<item><link>{link}</link></item>"
        "</channel></rss>"
    ).encode()


# --------------------------------------------------------------------------- WARC


def warc(records: list[tuple[str, bytes, str]], when: datetime, *, compress: bool = True) -> bytes:
    """A WARC of ``(url, body, content_type)`` responses (plus a request and a metadata record)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for url, body, ctype in records:
        writer.write_record(
            writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(f"GET {url} HTTP/1.1\r\n\r\n".encode()),
                warc_headers_dict={"WARC-Date": stamp},
            )
        )
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": stamp},
            )
        )
    return out.getvalue()


def truncated_warc(
    good: tuple[str, bytes, str], cut: tuple[str, bytes, str], when: datetime
) -> bytes:
    """A good record, then a record cut off in the middle of its payload."""
    whole = warc([good], when, compress=False)
    second = warc([cut], when, compress=False)
    return whole + second[: len(second) - len(cut[1]) // 2]


def garbled_warc(good: tuple[str, bytes, str], when: datetime) -> bytes:
    """A good record followed by bytes that are not a WARC record at all."""
    return (
        warc([good], when, compress=False)
        + b"WARC/1.0\r\nWARC-Type: resp\x00\xffonse\r\n"
        + bytes(random.Random(9).randbytes(4096))
    )
