"""Benchmark corpora: real news pages packed into WARCs (built in a temp dir, never committed).

Base pages come from the shared evaluation sets (``../shared/eval/extraction`` and
``../shared/eval/pubdate``, gzip HTML read in place; ``WIREFACTS_EVAL_DIR`` overrides)
plus the bundled sample corpus. Only pages the pipeline fully annotates (English text
long enough for NLP) are kept, so that "extraction + NER" is the honest floor for every
page: a German page costs no NER in the pipeline and would flatter the end-to-end rate.

Two shapes are built:

- :func:`repeated` — the base pages repeated with varied URLs (hosts and paths) and
  WARC dates until the target size is reached; copies are byte-identical bodies, which
  is the worst case for a pipeline that must do full work on each (syndication reuse off).
- :func:`syndicated` — every base story printed by five outlets with small edits made
  in the HTML itself (a changed word, an added contributor line, a dropped paragraph),
  all on the same day, the shape wire copy has in a real crawl.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
OUTLETS = (
    "dailywire-a.example",
    "citytimes-b.example",
    "coastpost-c.example",
    "valleynews-d.example",
    "metroherald-e.example",
)


@dataclass
class Page:
    """One HTML page: where it claims to live and its bytes."""

    url: str
    html: bytes
    text: str = ""  # the pipeline's extracted body (filled by :func:`usable_pages`)
    meta: dict[str, str] = field(default_factory=dict)


def eval_dir() -> Path:
    """The shared evaluation folder (``WIREFACTS_EVAL_DIR`` or ``../shared/eval``)."""
    env = os.environ.get("WIREFACTS_EVAL_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "eval"


def base_pages(limit: int | None = None, *, real: bool = True) -> list[Page]:
    """Real pages (shared eval sets, when present and ``real``) then the bundled sample pages."""
    import json

    pages: list[Page] = []
    folder = eval_dir() if real else Path("/nonexistent")
    truth_file = folder / "extraction" / "ground-truth.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8")) if truth_file.is_file() else {}
    for sub in ("extraction", "pubdate"):
        html_dir = folder / sub / "html"
        if not html_dir.is_dir():
            continue
        for path in sorted(html_dir.glob("*.html.gz")):
            key = path.name.removesuffix(".html.gz")
            url = (truth.get(key) or {}).get("url") or f"https://{sub}.bench.example/{key}.html"
            pages.append(Page(url, gzip.decompress(path.read_bytes())))
    from pipelines.corpus import iter_corpus

    for p in iter_corpus():
        if "html" in (p.content_type or "html") and b"<rss" not in p.body[:200]:
            pages.append(Page(p.url, p.body))
    return pages[:limit] if limit else pages


def usable_pages(pages: Sequence[Page], limit: int | None = None) -> list[Page]:
    """Pages the pipeline extracts and annotates (English, long enough), with their text."""
    from pipelines.extract import ExtractionError, extract_article
    from pipelines.fetch import decode_body

    kept: list[Page] = []
    for page in pages:
        html, _ = decode_body(page.html, None)
        try:
            row = extract_article(html, page.url)
        except ExtractionError:
            continue
        except Exception:
            continue
        if row["nlp_skip_reason"] is None:
            page.text = row["text"]
            kept.append(page)
            if limit and len(kept) >= limit:
                break
    return kept


def _new_url(page: Page, host: str, copy: int) -> str:
    path = re.sub(r"^https?://[^/]+", "", page.url).split("?")[0].split("#")[0] or "/"
    path = path.rstrip("/") or "/story"
    return f"https://{host}{path}-c{copy}"


def repeated(pages: Sequence[Page], total: int, days: int = 4) -> Iterator[tuple[Page, datetime]]:
    """``total`` pages: the base pages cycled, each copy on a new host/path and date."""
    for i in range(total):
        page = pages[i % len(pages)]
        host = f"outlet{i % 23}.{OUTLETS[i % len(OUTLETS)]}"
        when = START + timedelta(days=i % days, seconds=i)
        yield Page(_new_url(page, host, i // len(pages)), page.html, page.text), when


_WORD = re.compile(r"\b[a-z]{5,}\b")


def _paragraph_pos(html: str, paragraph: str) -> int:
    """Where a body paragraph's opening words appear verbatim in the HTML, or -1."""
    probe = paragraph.strip()[:40]
    if len(probe) < 20 or "&" in probe or "<" in probe:
        return -1
    return html.find(probe)


def edit_copy(page: Page, copy: int) -> bytes:
    """The HTML of outlet ``copy``'s print of the story: small, realistic edits.

    0: the original; 1: identical body; 2: one word changed; 3: a contributor line
    added after the last paragraph; 4: a word changed in two paragraphs and the last
    paragraph dropped. Edits are made in the HTML so extraction does its real work.
    """
    from pipelines.fetch import decode_body

    html, encoding = decode_body(page.html, None)
    paragraphs = [p for p in page.text.split("\n") if len(p) > 80]
    if copy <= 1 or not paragraphs or encoding.replace("-", "").lower() != "utf8":
        return page.html

    def change_word(doc: str, paragraph: str) -> str:
        pos = _paragraph_pos(doc, paragraph)
        if pos < 0:
            return doc
        m = _WORD.search(doc, pos + 20, pos + 20 + min(len(paragraph), 300))
        if m is None:
            return doc
        return doc[: m.start()] + m.group(0).upper()[:1] + m.group(0)[1:] + "ly" + doc[m.end() :]

    if copy in (2, 4):
        html = change_word(html, paragraphs[len(paragraphs) // 2])
    if copy == 4 and len(paragraphs) > 2:
        html = change_word(html, paragraphs[1])
    last = paragraphs[-1]
    pos = _paragraph_pos(html, last)
    close = html.find("</p>", pos) if pos >= 0 else -1
    if copy == 3 and close > 0:
        line = "<p>Staff writer Dana Whitcombe in Harbor City contributed to this report.</p>"
        html = html[: close + 4] + line + html[close + 4 :]
    if copy == 4 and close > 0:
        open_tag = html.rfind("<p", 0, pos)
        if open_tag > 0:
            html = html[:open_tag] + html[close + 4 :]
    return html.encode("utf-8")


def syndicated(
    pages: Sequence[Page], outlets: int = 5, days: int = 2
) -> Iterator[tuple[Page, datetime]]:
    """Every story in ``outlets`` outlets with small edits, copies interleaved in crawl order."""
    for copy in range(outlets):
        for i, page in enumerate(pages):
            host = OUTLETS[copy % len(OUTLETS)]
            when = START + timedelta(days=i % days, minutes=copy * 7, seconds=i)
            yield Page(_new_url(page, host, copy), edit_copy(page, copy)), when


def write_warc(path: Path, items: Iterator[tuple[Page, datetime]]) -> int:
    """Gzipped WARC of ``response`` records; returns how many were written."""
    n = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for page, when in items:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    page.url,
                    "response",
                    payload=io.BytesIO(page.html),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": when.strftime("%Y-%m-%dT%H:%M:%SZ")},
                )
            )
            n += 1
    return n
