"""Article extraction: clean body text plus the wire metadata of one news page.

trafilatura does the heavy lifting (it is the best open extractor on the
scrapinghub benchmark), tuned the way news pages need it: precision-first, no
comments. Around it sits the news-specific work trafilatura does not do:

* a JSON-LD ``articleBody`` replaces the extraction only when it agrees with the
  page: it must contain what trafilatura found and be visible text on the page.
  Blind use hurts, because many sites put teasers or stale copies there;
* an article body split by ad breaks into several sibling containers is stitched
  back together (trafilatura keeps only the first block);
* leftover boilerplate lines (newsletter pitches, "Related:" link lists, share
  prompts, photo credits, the headline repeated) are removed, and credit lines
  ("The Associated Press contributed ...") are moved from the text into ``credits``;
* the dateline stays in the text, and is also parsed into place, country and agency.

``pipelines/`` never imports dagster; the asset layer calls :func:`extract_frame`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from html import unescape as html_unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

import courlan
import numpy as np
import polars as pl
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura import htmlprocessing as trafilatura_htmlprocessing
from trafilatura import json_metadata as trafilatura_json
from trafilatura import metadata as trafilatura_metadata
from trafilatura import utils as trafilatura_utils
from trafilatura import xpaths as trafilatura_xpaths

from pipelines.dateline import (
    DATA_DIR,
    clean_byline,
    credit_agency,
    find_agency,
    find_dateline,
    is_contribution,
    is_credit_line,
    normalize_agency,
)
from pipelines.pubdate import find_publication_date
from pipelines.settings import PIPELINE_VERSION, Settings, get_settings

STG_ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "url": pl.String(),
    "canonical_url": pl.String(),
    "source_domain": pl.String(),
    "site_name": pl.String(),
    "title": pl.String(),
    "byline": pl.List(pl.String()),
    "published_at": pl.Datetime("us", "UTC"),
    "published_date": pl.Date(),
    "modified_at": pl.Datetime("us", "UTC"),
    "language": pl.String(),
    "section": pl.String(),
    "tags": pl.List(pl.String()),
    "description": pl.String(),
    "text": pl.String(),
    "word_count": pl.Int32(),
    "dateline_raw": pl.String(),
    "dateline_place": pl.String(),
    "dateline_country": pl.String(),
    "wire_agency": pl.String(),
    "credits": pl.List(pl.String()),
    "fingerprint": pl.String(),
    "raw_sha256": pl.String(),
    "pipeline_version": pl.String(),
    "nlp_skip_reason": pl.String(),
}
FRAME_EXTRA_SCHEMA: dict[str, pl.DataType] = {"source": pl.String(), "partition_date": pl.Date()}
QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "url": pl.String(),
    "source": pl.String(),
    "stage": pl.String(),
    "reason": pl.String(),
    "detail": pl.String(),
}

# trafilatura settings measured best on the dev split (see benchmarks/eval_extraction.py).
TRAFILATURA_OPTIONS: dict[str, Any] = {"favor_precision": True, "include_comments": False}
# htmldate as :func:`_fallback_date` runs it. By default it does an extensive text scan,
# which costs more than the rest of the metadata together (and compiles dateparser's patterns
# for every locale on first use). Its date is only the last fallback behind pubdate, which
# runs the extensive scan itself where no better evidence exists, so the quick search
# suffices.
TRAFILATURA_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}
# Page regions that are never article text on news sites; pruned before trafilatura runs:
# these elements, elements whose class contains one of these parts, and elements other than
# <body> and <article> whose class contains one of the last parts.
PRUNE_TAGS = ("figcaption", "aside")
PRUNE_CLASS_PARTS = ("related-", "related_", "share-", "social-share")
PRUNE_CLASS_PARTS_BELOW_BODY = ("newsletter",)


def _prune_xpath() -> str:
    """The pruned elements as one XPath union, in document order.

    One expression per rule walked the page once per rule and tested ``contains()`` on
    every element; the class rules read the page's class attributes in one walk instead,
    which halved the cost (~3 to ~1.3 ms a page). trafilatura deletes the matches in
    document order, keeping each one's tail text, and the result is the same as rule by
    rule: an element inside a deleted one is already out of the page, and sibling tails
    join in the same order whichever sibling goes first.
    """

    def any_part(value: str, parts: tuple[str, ...]) -> str:
        return " or ".join(f"contains({value}, '{part}')" for part in parts)

    every_part = PRUNE_CLASS_PARTS + PRUNE_CLASS_PARTS_BELOW_BODY
    by_class = (
        f"(/descendant::*/@class[{any_part('.', every_part)}]/parent::*)"
        f"[not(self::body or self::article) or {any_part('@class', PRUNE_CLASS_PARTS)}]"
    )
    return " | ".join([*(f"/descendant::{tag}" for tag in PRUNE_TAGS), by_class])


PRUNE_XPATH = _prune_xpath()
# Below this many characters a page has no article at all (a headline-only stub).
MIN_ARTICLE_CHARS = 50
# Above this many characters an article is stored but not annotated: spaCy refuses texts
# over its max_length (1,000,000) outright, which would fail the whole partition, and its
# parser needs about 1 GB per 100,000 characters. The longest wire stories are ~60,000.
MAX_NLP_CHARS = 200_000
# Words a paywall stub uses instead of the story.
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|to continue reading,? (?:please )?"
    r"(?:log ?in|sign in|subscribe)|this (?:article|content|story) is (?:only )?(?:available|"
    r"reserved|exclusive) (?:to|for) (?:subscribers|members)|already a subscriber\?",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# The blanks of _WS other than the space.
_ODD_BLANK = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# C0 control characters other than tab, newline, form feed and carriage return: a regex
# counts them in C, a per-character Python loop cost more than 2 ms on every page.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_MARKUP = re.compile(r"<\s*(?:html|head|body|div|p|article|meta|title|!doctype)\b", re.I)


class ExtractionError(Exception):
    """A page that cannot become an article row; ``reason`` is short and machine-readable."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# ------------------------------------------------------------------ URLs and ids


def normalize_url(url: str) -> str:
    """Scheme and host lower-cased, fragment and tracking parameters dropped (courlan)."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        return str(courlan.normalize_url(url, strict=True))
    except (ValueError, AttributeError, TypeError):
        return url


def article_id_for(url: str) -> str:
    """Stable id of an article page: sha256 of the normalized final URL, 32 hex digits.

    The canonical URL is deliberately not used: reprints often name the wire's own
    page as canonical, which would merge different outlets' pages into one id.
    """
    return hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()[:32]


def source_domain(url: str) -> str | None:
    """Registrable domain of a URL ("www.news.bbc.co.uk" -> "bbc.co.uk")."""
    try:
        domain = courlan.extract_domain(url, fast=True)
    except (ValueError, AttributeError, TypeError):
        domain = None
    return domain.lower() if domain else None


# ------------------------------------------------------------------ body text


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(line patterns, section-opener patterns) from ``data/extract_boilerplate.txt``."""
    lines: list[str] = []
    openers: list[str] = []
    text = (DATA_DIR / "extract_boilerplate.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, _, pattern = raw.partition(" ")
        (openers if kind == "section" else lines).append(pattern.strip())
    flags = re.IGNORECASE
    return re.compile("|".join(f"(?:{p})" for p in lines), flags), re.compile(
        "|".join(f"(?:{p})" for p in openers), flags
    )


def tokens(text: str | None) -> list[str]:
    """Word tokens (the unit word counts, fingerprints and the benchmark use)."""
    return _TOKEN.findall(text or "")


def _norm_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u200b", "").replace("\ufeff", "")
    # Every single space is a match of _WS, so substituting builds a new string on almost
    # every line (about 100 k lines a run) although it changes only those with a double
    # space or another blank; those are found by a substring test (ASCII has no other
    # blank than the tab) or one character-class search, and only they are substituted.
    if "  " in line or ("\t" in line if line.isascii() else _ODD_BLANK.search(line)):
        line = _WS.sub(" ", line)
    return line.strip()


def _fold(words: list[str]) -> list[str]:
    """``words`` case-folded (``[""]`` for none). Folding maps characters one by one and never
    yields a space, so folding the joined words in one call gives the same words as folding
    each, at a fraction of the calls."""
    return " ".join(words).casefold().split(" ")


def _folded_tokens(text: str) -> list[str]:
    found = _TOKEN.findall(text)
    return _fold(found) if found else []


def _is_title_line(line: str, title: str | None) -> bool:
    if not title:
        return False
    line_tokens = _folded_tokens(line)
    title_tokens = _folded_tokens(title)
    if not line_tokens or not title_tokens:
        return False
    if line_tokens == title_tokens:
        return True
    # Site suffixes ("Title | Site") and kickers make the two differ slightly.
    shorter, longer = sorted((line_tokens, title_tokens), key=len)
    joined = " ".join(longer)
    return len(shorter) >= 4 and " ".join(shorter) in joined and len(shorter) / len(longer) > 0.6


def _is_list_item(line: str) -> bool:
    # trafilatura marks list items with "- "; short headline-like items carry no sentence end.
    stripped = line.lstrip("-\u2022* ").strip()
    return len(stripped.split()) <= 16 and not re.search(r"[.!?:;\"\u201d]$", stripped)


@dataclass
class CleanBody:
    """Body lines after cleaning, and the credit lines found among them."""

    lines: list[str]
    credits: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def clean_lines(raw_text: str, title: str | None = None) -> CleanBody:
    """Drop boilerplate lines and the repeated headline; collect credit lines.

    Rules are line-level and generic: a line is removed when it is one of the
    stock prompts news templates put around articles, or when it belongs to a
    link list opened by a "Related"/"More from" heading.
    """
    line_re, section_re = _boilerplate()
    lines = [_norm_line(line) for line in raw_text.splitlines()]
    lines = [line for line in lines if line]
    # The headline repeated as the first lines (sometimes with a kicker line first).
    for _ in range(2):
        if lines and _is_title_line(lines[0], title):
            lines.pop(0)
        elif len(lines) > 1 and len(lines[0].split()) <= 3 and _is_title_line(lines[1], title):
            del lines[:2]
    kept: list[str] = []
    credits: list[str] = []
    in_section = False
    for line in lines:
        # Credit lines are part of the story as filed (the benchmark's human-made
        # bodies keep them too); they stay in the text and are also listed apart.
        if is_credit_line(line):
            credits.append(line)
            kept.append(line)
            in_section = False
            continue
        if section_re.search(line):
            in_section = True
            continue
        if in_section:
            if _is_list_item(line):
                continue
            in_section = False
        if line_re.search(line):
            continue
        kept.append(line)
    kept = [_strip_inline_prompts(line) for line in kept]
    return CleanBody([line for line in kept if line], credits)


_INLINE_PROMPTS = re.compile(r"\s*(?:Click (?:To|to) Tweet|\(opens in new (?:tab|window)\))\s*$")


def _strip_inline_prompts(line: str) -> str:
    return _INLINE_PROMPTS.sub("", line).strip()


def _walk_json(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in ``data``, each before the objects inside it, in document order.

    A stack instead of recursion: nested generators passed each object up through every
    level above it, and were made for every scalar value too.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed([v for v in item.values() if isinstance(v, dict | list)]))
        elif isinstance(item, list):
            stack.extend(reversed([v for v in item if isinstance(v, dict | list)]))


# "/descendant::" finds what "//" does without first listing every node of the page.
_JSONLD_SCRIPTS = lxml_html.etree.XPath('/descendant::script[@type="application/ld+json"]')


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in _JSONLD_SCRIPTS(tree):
        payload = (script.text or "").strip()
        if not payload:
            continue
        try:
            data = json.loads(payload)
        except ValueError:
            continue
        objects.extend(_walk_json(data))
    return objects


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    try:
        element = lxml_html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return fragment
    for block in element.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    return str(element.text_content())


def _visible_text(tree: Any) -> str:
    parts = []
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template"):
            continue
        if node.text:
            parts.append(node.text)
        if node.tail:
            parts.append(node.tail)
    return " ".join(parts)


def _containment(inner: list[str], outer: list[str], n: int = 4) -> float:
    """Share of ``inner``'s word shingles that also occur in ``outer``."""
    if len(inner) < n:
        return 1.0 if " ".join(inner) in " ".join(outer) else 0.0
    a = Counter(tuple(inner[i : i + n]) for i in range(len(inner) - n + 1))
    b = Counter(tuple(outer[i : i + n]) for i in range(len(outer) - n + 1))
    return sum((a & b).values()) / max(1, sum(a.values()))


def _trusted_articlebody(tree: Any, objects: list[dict[str, Any]], extracted: str) -> str | None:
    """The JSON-LD body when it is a fuller copy of what the page visibly shows.

    It must contain nearly all of trafilatura's text (so it is the same story, not
    a teaser or a different article), be clearly longer (otherwise there is
    nothing to gain), and itself be visible on the page (so no hidden or stale copy).
    """
    bodies = [
        _html_to_text(o["articleBody"]) for o in objects if isinstance(o.get("articleBody"), str)
    ]
    if not bodies:
        return None
    body = max(bodies, key=len)
    body_tokens = _folded_tokens(body)
    extracted_tokens = _folded_tokens(extracted)
    if len(body_tokens) < max(50, 1.15 * len(extracted_tokens)):
        return None
    if extracted_tokens and _containment(extracted_tokens, body_tokens) < 0.95:
        return None
    if _containment(body_tokens, _folded_tokens(_visible_text(tree))) < 0.9:
        return None
    return body


_BLOCK_TAGS = ("p", "h2", "h3", "h4", "blockquote")
# A continuation container must hold at least one paragraph of real prose.
_MIN_PROSE_WORDS = 15


def _signature(element: Any) -> tuple[tuple[str, str], ...]:
    """Tag and class of an element and all its ancestors: its place in the template."""
    return tuple((str(el.tag), el.get("class") or "") for el in element.iterancestors()) + (
        (str(element.tag), element.get("class") or ""),
    )


def _paragraph_texts(tree: Any) -> list[tuple[Any, str]]:
    """Every ``<p>`` with its normalized text; continuation stitching and gap repair both
    scan them, and normalizing each paragraph once instead of twice is measurable."""
    return [(para, _norm_line(para.text_content())) for para in tree.iter("p")]


def _split_continuations(
    tree: Any, extracted: str, paragraphs: list[tuple[Any, str]] | None = None
) -> list[str]:
    """Paragraphs of the article body that ad breaks moved into sibling containers.

    Some templates close the body container before each ad slot and reopen an
    identical one after it; trafilatura then keeps only the first block. We find
    the container holding trafilatura's paragraphs and collect the prose of later
    containers sitting at exactly the same place in the template (same tags and
    classes up to the root). Comment threads and teaser grids reuse class names
    but sit elsewhere in the tree, so the full ancestor signature keeps them out.
    """
    wanted = {_norm_line(line).lstrip("- ") for line in extracted.splitlines() if line.strip()}
    wanted = {w for w in wanted if len(w) > 40}
    if not wanted:
        return []
    anchor = None
    for para, text in paragraphs if paragraphs is not None else _paragraph_texts(tree):
        if text in wanted:
            anchor = para.getparent()
            break
    if anchor is None or not anchor.get("class"):
        return []
    signature = _signature(anchor)
    extra: list[str] = []
    seen = set(wanted)
    for element in _same_class_after(tree, anchor):
        if _signature(element) != signature:
            continue
        blocks = [_norm_line(b.text_content()) for b in element.iter(*_BLOCK_TAGS)]
        if not any(len(b.split()) >= _MIN_PROSE_WORDS for b in blocks):
            continue
        for text in blocks:
            if text and text not in seen and len(text.split()) >= 3:
                seen.add(text)
                extra.append(text)
    return extra


# Elements after a given one (in document order) with its tag and class. An element inside
# the anchor has a longer ancestor chain, so it could never share the anchor's signature,
# and only the following ones matter.
_SAME_CLASS_FOLLOWING = lxml_html.etree.XPath("following::*[name() = $tag and @class = $cls]")


def _same_class_after(tree: Any, anchor: Any) -> list[Any]:
    """Elements of ``tree`` after ``anchor`` with the same tag and class, in document order.

    The element's own class is the last entry of its signature, so comparing it first
    skips building the ancestor chain for the many same-tag elements elsewhere. When the
    tree is the whole document, XPath selects them without a Python object for each of
    the page's (often hundreds of) same-tag elements.
    """
    tag, anchor_class = anchor.tag, anchor.get("class")
    if tree.getparent() is None and isinstance(tag, str):
        # A broken page can leave more than one top-level element; "following::" runs on
        # into the later ones, which tree.iter() never reaches.
        return [
            element
            for element in _SAME_CLASS_FOLLOWING(anchor, tag=tag, cls=anchor_class)
            if _top_element(element) is tree
        ]
    found = []
    after_anchor = False
    for element in tree.iter(tag):
        if element is anchor:
            after_anchor = True
        elif after_anchor and element.get("class") == anchor_class:
            found.append(element)
    return found


def _top_element(element: Any) -> Any:
    ancestors = list(element.iterancestors())
    return ancestors[-1] if ancestors else element


def _restore_inline_gaps(
    tree: Any, lines: list[str], paragraphs: list[tuple[Any, str]] | None = None
) -> list[str]:
    """Put back inline link text trafilatura dropped from the middle of a paragraph.

    When a page paragraph starts and ends with the same words as an extracted
    line but is somewhat longer, the extraction lost an inline element (often a
    link wrapped in a styled span); the page paragraph is the better text.
    """
    index: dict[tuple[str, ...], list[tuple[list[str], str]]] = {}
    # Most extracted lines are a page paragraph verbatim, so their words are taken from
    # the paragraph's instead of being tokenized a second time.
    folded_texts: dict[str, list[str]] = {}
    for _, text in paragraphs if paragraphs is not None else _paragraph_texts(tree):
        folded = folded_texts.get(text)
        if folded is None:
            folded = folded_texts[text] = _folded_tokens(text)
        if len(folded) >= 10:
            index.setdefault(tuple(folded[:6]), []).append((folded, text))
    if not index:
        return lines
    restored = []
    for line in lines:
        folded = folded_texts.get(line)
        if folded is None:
            folded = _folded_tokens(line)
        replacement = line
        if len(folded) >= 10:
            for candidate, text in index.get(tuple(folded[:6]), []):
                if (
                    candidate[-4:] == folded[-4:]
                    and len(folded) < len(candidate) <= 1.5 * len(folded)
                    and _is_subsequence(folded, candidate)
                ):
                    replacement = text
                    break
        restored.append(replacement)
    return restored


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(token in it for token in short)


@dataclass
class Body:
    """Extraction result before the row is assembled."""

    text: str
    credits: list[str]
    method: str
    metadata: dict[str, Any]
    tree: Any
    jsonld: list[dict[str, Any]] = field(default_factory=list)


def _parse(html: str) -> Any:
    if any(char in html for char in _XML_INVALID_CHARS):
        tree = trafilatura.utils.load_html(html)
    else:
        tree = _load_valid_html(html)
    if tree is None:
        raise ExtractionError("parse_error", "lxml could not build a document tree")
    return tree


# What trafilatura's load_html removes from a page before parsing it (its INVALID_XML_CHARS).
_XML_INVALID_CHARS = tuple(
    chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)
)


def _load_valid_html(html: str) -> Any:
    """trafilatura's ``load_html`` for a page without XML-invalid characters.

    load_html removes them with a regex pass over the whole page, a millisecond on a
    typical page although almost no page has any; looking for each character with ``in``
    costs a third of that, and a page that has one still goes through load_html. The
    rest is load_html's own sequence on a decoded page: its two repairs of the first
    lines, its parser, the retry with bytes, and its refusal of a page that is no HTML.
    A test compares the trees on every corpus page and on pages made for each branch.
    """
    utils = trafilatura.utils
    beginning = html[:50].lower()
    if "doctype" in beginning:
        first_line, _, rest = html.partition("\n")
        html = utils.DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    if any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4]):
        html = utils.FAULTY_HTML.sub(r"\1>", html, count=1)
    try:
        tree = utils.fromstring(html, parser=utils.HTML_PARSER)
        retry = tree is None or len(tree) < 1
    except ValueError:  # a str declaring its encoding: lxml wants bytes
        tree, retry = utils.fromstring_bytes(html), False
    except Exception:  # load_html's retry with bytes covers whatever else lxml raises
        tree, retry = None, True
    if retry:
        tree = utils.fromstring_bytes(html)
    if tree is not None and utils.is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def check_input(html: object) -> str:
    """Reject inputs that are not HTML before any parsing work."""
    # isspace() stops at the first non-blank; strip() copied the whole page when it ended
    # in a newline (a fresh allocation of up to megabytes, paid in page faults).
    if not isinstance(html, str) or not html or html.isspace():
        raise ExtractionError("empty_input", "no content")
    # The first 8,192 characters are read in place: copying them out measured 0.2 ms a page
    # in the pipeline (a fresh buffer after trafilatura has freed its own).
    head = min(len(html), 8192)
    if html.find("\x00", 0, head) != -1:
        raise ExtractionError("not_html", "binary content (NUL bytes)")
    controls = len(_CONTROL_CHARS.findall(html, 0, head)) + html.count("\ufffd", 0, head)
    if controls > 0.05 * head:
        raise ExtractionError("not_html", "binary-looking content (control characters)")
    # endpos bounds the search like a slice would, without copying 200,000 characters.
    if not _MARKUP.search(html, 0, 200_000):
        raise ExtractionError("not_html", "no HTML markup found")
    return html


def extract_body(html: str, url: str | None = None) -> Body:
    """Clean article body of a page plus trafilatura's metadata; raises ExtractionError."""
    check_input(html)
    tree = _parse(html)
    try:
        # The metadata pass only reads the tree, and trafilatura extracts from a copy of it
        # (copying costs a fraction of a parse), so ``tree`` stays intact for the rest of
        # the pipeline.
        metadata = _page_metadata(tree, url)
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            prune_xpath=PRUNE_XPATH,
            **TRAFILATURA_OPTIONS,
        )
    except (TypeError, ValueError):
        # What trafilatura does when its own metadata pass fails this way: no document.
        document = None
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on bad markup
        raise ExtractionError("parse_error", f"{type(exc).__name__}: {exc}") from exc
    if document is None:
        # trafilatura returns no metadata either for a page it finds no text in.
        metadata = {}
    else:
        metadata["text"] = document.get("text") if isinstance(document, dict) else document.text
    raw_text = str(metadata.get("text") or "")
    method = "trafilatura"
    # Parsed once: the row assembly reads the same objects (publisher, paywall flag).
    objects = _jsonld_objects(tree)
    trusted = _trusted_articlebody(tree, objects, raw_text)
    if trusted is not None:
        raw_text, method = trusted, "jsonld"
    paragraphs = _paragraph_texts(tree) if method != "jsonld" else []
    if method != "jsonld" and raw_text:
        extra = _split_continuations(tree, raw_text, paragraphs)
        if extra:
            raw_text, method = raw_text + "\n" + "\n".join(extra), "trafilatura+continuation"
    cleaned = clean_lines(raw_text, metadata.get("title"))
    if method != "jsonld":
        cleaned.lines = _restore_inline_gaps(tree, cleaned.lines, paragraphs)
    return Body(cleaned.text, cleaned.credits, method, metadata, tree, objects)


def _page_metadata(tree: Any, url: str | None) -> dict[str, Any]:
    """trafilatura's page metadata, limited to the fields a row uses.

    ``bare_extraction(with_metadata=True)`` also looks for a licence (never used here) and
    runs htmldate on every page, although its date is only the last fallback behind
    pubdate (see :func:`_fallback_date`); together that was about a tenth of staging.
    The steps below are trafilatura's own metadata functions with its precedence between
    them (meta tags, then JSON-LD, then page heuristics for what is still missing), so
    the fields come out the same; a test compares them with ``extract_metadata``.
    """
    found = trafilatura_metadata.examine_meta(tree)
    # A one-word author from the meta tags is a handle or a site name, not a person.
    if found.author and " " not in found.author:
        found.author = None
    # Malformed JSON-LD: the meta-tag values stand, as in trafilatura.
    with contextlib.suppress(Exception):
        found = _extract_meta_json(tree, found)
    found.title = found.title or trafilatura_metadata.extract_title(tree)
    selectors = _PageSelectors(tree)
    found.author = found.author or _extract_author(tree, selectors)
    found.url = found.url or trafilatura_metadata.extract_url(tree, url)
    site = found.sitename or trafilatura_metadata.extract_sitename(tree)
    if site:
        site = site.lstrip("@")
        if site and "." not in site and not site[0].isupper():
            site = site.title()
    elif found.url and (match := trafilatura_metadata.META_URL.match(found.url)):
        site = match[1]
    found.sitename = site
    found.categories = found.categories or _extract_catstags("category", tree, selectors)
    found.tags = found.tags or _extract_catstags("tag", tree, selectors)
    # htmldate is given the URL before trimming, as in trafilatura's pass.
    date_url = found.url
    found.clean_and_trim()
    return {**found.as_dict(), "date_url": date_url}


_METADATA_SCRIPTS = etree.XPath(
    './/script[@type="application/ld+json" or @type="application/settings+json"]'
)
# A JSON string literal the way trafilatura's minifier reads one.
_JSON_STRING = re.compile(r'("(?:\\.|[^"\\])*")')
_SURROGATES = re.compile("[\ud800-\udfff]")


def _extract_meta_json(tree: Any, metadata: Any) -> Any:
    """trafilatura's ``extract_meta_json`` without its two steps of Python work per character.

    Its minifier drops every blank outside string literals through a Python callback per
    blank, and its normaliser filters surrogates one character at a time; that was about a
    third of its cost. Splitting at the literals and dropping the blanks
    with ``str.split`` (the same whitespace as the pattern's ``\\s``), and a regex for the
    surrogates, give the same text (a test compares both on every script of the corpus).
    """
    for script in _METADATA_SCRIPTS(tree):
        if not script.text:
            continue
        text = _normalize_json(_minify_json(script.text))
        try:
            schema = json.loads(text, strict=False)
            metadata = trafilatura_json.extract_json(schema, metadata)
        except json.JSONDecodeError:
            metadata = trafilatura_json.extract_json_parse_error(text, metadata)
    return metadata


def _minify_json(text: str) -> str:
    parts = _JSON_STRING.split(text)
    parts[::2] = ["".join(between.split()) for between in parts[::2]]
    return "".join(parts)


def _normalize_json(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        text = trafilatura_json.JSON_UNICODE_REPLACE.sub(lambda m: chr(int(m[1], 16)), text)
        # Escapes of characters outside the BMP decode to lone surrogates, which are dropped.
        text = html_unescape(_SURROGATES.sub("", text))
    return str(trafilatura_utils.trim(trafilatura_utils.HTML_STRIP_TAGS.sub("", text)))


# An EXSLT regular-expression test on an attribute inside one of trafilatura's selector
# XPaths, e.g. ``re:test(@class, 'author|byline')``.
_ATTRIBUTE_REGEX_TEST = re.compile(r"re:test\(\s*@([\w-]+)\s*,\s*'([^']*)'\s*\)")
# Past this many matching values a comparison chain costs libxml2 more than the callback.
MAX_INLINED_VALUES = 8


@lru_cache(maxsize=64)
def _attribute_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=8)
def _attribute_values(attribute: str, tag: str = "*") -> Any:
    # Plain strings: lxml's default "smart" strings, which know their element, cost more
    # than the search itself.
    return etree.XPath(f"//{tag}/@{attribute}", smart_strings=False)


@lru_cache(maxsize=512)
def _compiled_selector(path: str) -> Any:
    return etree.XPath(path, namespaces={"re": trafilatura_xpaths.REGEXP_NS})


class _PageSelectors:
    """trafilatura's selector XPaths with their regex tests decided once per page.

    libxml2 calls back into Python for every ``re:test`` on every element it visits, which
    made trafilatura's author search (~800 elements x up to 9 tests) the dearest part of
    the metadata. lxml's test is ``re.search`` on the attribute's value ("" when absent),
    so it holds for exactly those elements whose value is one of the page's distinct
    values that pass: a test none of them passes is ``false()``, a few that pass become
    plain comparisons, and the rest (many values, quotes of both kinds, a pattern that
    accepts "") keep their callback. The rewritten XPath selects the same nodes in the
    same order. Values are read from the whole page, so the selectors also hold for a
    pruned copy of it (its values are a subset).
    """

    def __init__(self, tree: Any) -> None:
        self._tree = tree
        self._values: dict[str, list[str]] = {}
        self._hrefs: str | None = None

    def _decided(self, match: re.Match[str]) -> str:
        attribute, pattern = match[1], match[2]
        regex = _attribute_regex(pattern)
        if regex.search(""):
            return match[0]
        if attribute not in self._values:
            values = _attribute_values(attribute)(self._tree)
            self._values[attribute] = sorted(set(values))
        passing = [value for value in self._values[attribute] if regex.search(value)]
        if not passing:
            return "false()"
        literals = [
            f"'{v}'" if "'" not in v else f'"{v}"' for v in passing if "'" not in v or '"' not in v
        ]
        if len(passing) > MAX_INLINED_VALUES or len(literals) < len(passing):
            return match[0]
        return "(" + " or ".join(f"@{attribute}={literal}" for literal in literals) + ")"

    def hrefs(self) -> str:
        """Every link target on the page, one a line."""
        if self._hrefs is None:
            self._hrefs = "\n".join(_attribute_values("href", "a")(self._tree))
        return self._hrefs

    def __call__(self, xpath: Any) -> Any:
        """A callable selecting what ``xpath`` selects, on this page or a copy of it."""
        path = _ATTRIBUTE_REGEX_TEST.sub(self._decided, xpath.path)
        return xpath if path == xpath.path else _compiled_selector(path)


def _extract_author(tree: Any, selectors: _PageSelectors) -> str | None:
    """trafilatura's ``extract_author`` with its selectors decided per page."""
    pruned = trafilatura_htmlprocessing.prune_unwanted_nodes(
        deepcopy(tree), [selectors(x) for x in trafilatura_xpaths.AUTHOR_DISCARD_XPATHS]
    )
    author = trafilatura_metadata.extract_metainfo(
        pruned, [selectors(x) for x in trafilatura_xpaths.AUTHOR_XPATHS], len_limit=120
    )
    return trafilatura_metadata.normalize_authors(None, author) if author else None


def _extract_catstags(metatype: str, tree: Any, selectors: _PageSelectors) -> list[str]:
    """trafilatura's category or tag search, starting from the few links it could keep.

    trafilatura keeps only links whose href matches ``/categor(y|ies|s)?/`` (resp.
    ``/tag...``) out of what its six or four XPaths select, each a search of the whole page
    for link containers. Most pages have no such link, and a page without "/categor"
    (resp. "/tag") in any href gets the result it would get with no links at all: empty
    tags, and for categories trafilatura's fallback on the page's meta tags
    (:func:`_catstags_from_head`). On the other pages
    the few matching links are taken in document order and each selector is asked whether
    a link sits in one of its containers (see :func:`_link_container`), which selects the
    same links as the selector over the whole page.
    """
    hrefs = selectors.hrefs()
    if ("/categor" if metatype == "category" else "/tag") not in hrefs:
        return [] if metatype != "category" else _catstags_from_head(tree)
    pattern = re.compile("/" + metatype.rstrip("y") + "(?:y|ies|s)?/")
    links = _CATEGORY_LINKS if metatype == "category" else _TAG_LINKS
    candidates = [link for link in links(tree) if pattern.search(link.attrib["href"])]
    if not candidates:
        return [] if metatype != "category" else _catstags_from_head(tree)
    expressions = (
        trafilatura_metadata.CATEGORIES_XPATHS
        if metatype == "category"
        else trafilatura_metadata.TAGS_XPATHS
    )
    results: list[str] = []
    for expression in expressions:
        container = _link_container(expression.path)
        if container is None:
            chosen = [e for e in expression(tree) if pattern.search(e.attrib["href"])]
        else:
            chosen = [link for link in candidates if container(link)]
        results.extend(trafilatura_metadata.block_text(element) for element in chosen)
        if results:
            break
    if not results:
        return [] if metatype != "category" else _catstags_from_head(tree)
    return _processed_catstags(results)


def _catstags_from_head(tree: Any) -> list[str]:
    """trafilatura's category fallback: the section and subject meta tags of the ``<head>``,
    read in place (a copy of the head for trafilatura's function cost more than the rest)."""
    found = (meta.attrib["content"] for meta in _SECTION_METAS(tree))
    return _processed_catstags(found)


def _processed_catstags(found: Iterable[str]) -> list[str]:
    """trafilatura's clean-up of the category or tag texts it found."""
    processed = (trafilatura_metadata.line_processing(text) for text in found if text)
    return [text for text in dict.fromkeys(processed) if text]


_SECTION_METAS = etree.XPath(
    "descendant::head/descendant::meta[@content]"
    "[@property = 'article:section' or contains(@name, 'subject')]"
)
# Links that can carry a category (tag) href; the exact test is trafilatura's pattern.
_CATEGORY_LINKS = etree.XPath("/descendant::a[contains(@href, '/categor')]")
_TAG_LINKS = etree.XPath("/descendant::a[contains(@href, '/tag')]")
# "//CONTAINER[conditions]//a[@href]": the links inside a matching container.
_LINKS_IN_CONTAINER = re.compile(r"\s*//(?P<container>.+)//a\[@href\]\s*", re.DOTALL)


@lru_cache(maxsize=32)
def _link_container(path: str) -> Any | None:
    """For a selector of links inside containers, a test whether a link is in one.

    A link is selected by ``//C//a[@href]`` exactly when one of its ancestors is a ``C``,
    so asking each candidate link costs a walk up its ancestors instead of a search of
    the page. None for any other shape of selector (a union, a nested "//", a positional
    predicate), which then runs as it is.
    """
    match = _LINKS_IN_CONTAINER.fullmatch(path)
    if match is None:
        return None
    container = match["container"]
    # Judged without the string literals, whose regexes contain "|" and digits.
    bare = re.sub(r"'[^']*'|\"[^\"]*\"", "''", container)
    if "|" in bare or "//" in bare or re.search(r"\[\s*\d|position\(|last\(", bare):
        return None
    test = etree.XPath(
        f"boolean(ancestor::{container})", namespaces={"re": trafilatura_xpaths.REGEXP_NS}
    )
    return lambda link: bool(test(link))


def _fallback_date(tree: Any, page_url: Any) -> datetime | None:
    """htmldate's quick original-date search, as trafilatura's metadata pass runs it.

    Only needed when pubdate found no date, so it runs for those pages alone.
    """
    from htmldate import find_date

    url = page_url if isinstance(page_url, str) else None
    return _trafilatura_date(find_date(tree, url=url, **TRAFILATURA_DATE_PARAMS))


def extract_text(html: str, url: str | None = None) -> str | None:
    """Just the clean body text (for the benchmark), None when there is none."""
    try:
        return extract_body(html, url).text or None
    except ExtractionError:
        return None


# ------------------------------------------------------------------ metadata


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # Normalized probabilities make the confidence threshold below meaningful.
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


# The page's declared language: <html lang>, then http-equiv content-language metas, then
# og:locale metas. Both kinds of meta come from one walk over the page and are put back
# in that order (one element may be both).
_ROOT_LANGUAGE = etree.XPath("/html/@lang | /html/@xml:lang", smart_strings=False)
_LANGUAGE_METAS = etree.XPath(
    "//meta[@content][translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language'"
    " or @property='og:locale']"
)
_LOWER_CONTENT_LANGUAGE = str.maketrans("CONTENTLAGU", "contentlagu")


def _html_language(tree: Any) -> str | None:
    metas = _LANGUAGE_METAS(tree)
    values = _ROOT_LANGUAGE(tree)
    values += [
        m.get("content")
        for m in metas
        if m.get("http-equiv", "").translate(_LOWER_CONTENT_LANGUAGE) == "content-language"
    ]
    values += [m.get("content") for m in metas if m.get("property") == "og:locale"]
    for value in values:
        code = re.split(r"[-_,;\s]", str(value).strip().lower())[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    return None


# py3langid walks its automaton over every byte in Python, so the sample's length is its
# cost. On all 429 benchmark pages (19 languages) 2,000 characters gave the same label as
# the former 5,000 on every page, and the same decision below (as did 1,000).
LANGUAGE_SAMPLE_CHARS = 2000


def _has_words(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` word tokens (stops counting there)."""
    return any(n >= count for n, _ in enumerate(_TOKEN.finditer(text), 1))


def detect_language(text: str, html_hint: str | None = None) -> str | None:
    """ISO 639-1 language of the body; the page's declared language breaks close calls.

    py3langid on the text is trusted when confident; short or mixed texts fall
    back to the ``<html lang>`` declaration, which templates often get wrong for
    syndicated copy but is right more often than a guess from a few words.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if _has_words(sample, 5):
        lang, prob = _language_identifier().classify(sample)
        if prob >= 0.9 or html_hint is None:
            return str(lang)
        if html_hint == lang:
            return html_hint
        return html_hint if len(sample) < 400 else str(lang)
    return html_hint


def simhash(text: str) -> str:
    """64-bit simhash over 3-word shingles, hex: near-identical bodies differ in few bits."""
    return _simhash_tokens(tokens(text))


def _simhash_tokens(text_tokens: list[str]) -> str:
    """:func:`simhash` of a text given its :func:`tokens` (a row needs them for its count)."""
    words = _fold(text_tokens)
    if len(words) >= 3:
        grams = [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]
    else:
        grams = [" ".join(words)]
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(gram.encode(), digest_size=8).digest() for gram in grams])
    # Each digest is a big-endian 64-bit value; unpacking the bytes gives its bits most
    # significant first, so column j counts how many grams set bit 63 - j. Bit b wins when
    # more grams set it than clear it, and packing the winners back is the fingerprint.
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1)
    return bytes(np.packbits(2 * bits.sum(axis=0) > len(grams))).hex()


def _first(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return _norm_line(value)
    return None


def _split_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        for part in str(item).split(","):
            part = _norm_line(part)
            if part and part not in out:
                out.append(part)
    return out


def _publisher_names(objects: list[dict[str, Any]]) -> list[str]:
    names = []
    for obj in objects:
        for key in ("publisher", "sourceOrganization", "provider"):
            value = obj.get(key)
            for entry in value if isinstance(value, list) else [value]:
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    names.append(entry["name"])
                elif isinstance(entry, str):
                    names.append(entry)
    return names


def _paywalled(objects: list[dict[str, Any]]) -> bool:
    for obj in objects:
        free = obj.get("isAccessibleForFree")
        if free is False or (isinstance(free, str) and free.strip().lower() == "false"):
            return True
    return False


def _to_utc(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    # A naive timestamp is taken as UTC: the stg schema stores instants in UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _trafilatura_date(value: Any) -> datetime | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _to_utc(date.fromisoformat(value))
    return None


# Elements with "byline" in their class, rel="author" or itemprop="author", outermost only,
# in document order. Testing each attribute where it occurs costs a third less than testing
# every element of the page for all three.
_BYLINE_ELEMENTS = etree.XPath(
    "(/descendant::*/@class[contains(., 'byline')]/parent::*"
    " | /descendant::*/@rel[. = 'author']/parent::*"
    " | /descendant::*/@itemprop[. = 'author']/parent::*)"
    "[not(ancestor::*[contains(@class, 'byline') or @itemprop = 'author'])]"
)


def _visible_byline(tree: Any) -> str | None:
    """The byline as printed on the page; metadata often drops the agency part of it."""
    for element in _BYLINE_ELEMENTS(tree):
        text = _norm_line(element.text_content())
        if text and len(text) <= 200:
            return text
    return None


def _wire_agency(
    dateline_agency: str | None,
    byline_agency: str | None,
    byline: list[str],
    credits: list[str],
    publishers: list[Any],
    author: Any,
) -> str | None:
    """The agency that filed the story, strongest evidence first.

    A dateline "(AP)" or a byline ", Associated Press" names the author outright.
    A "Reporting by ...; Editing by ..." credit is the whole story's attribution.
    "X contributed to this report" only means the agency helped: it makes the
    story a wire story when no staff byline claims it. Publisher metadata comes
    last (it is the site's own name on most pages, an agency only on the wire's).
    """
    if dateline_agency or byline_agency:
        return dateline_agency or byline_agency
    for credit in credits:
        if not is_contribution(credit) and (agency := credit_agency(credit)):
            return agency
    if not byline:
        for credit in credits:
            if agency := credit_agency(credit):
                return agency
    for name in publishers:
        if isinstance(name, str) and (agency := normalize_agency(name)):
            return agency
    return find_agency(author) if isinstance(author, str) else None


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){3,}", re.IGNORECASE)
MIN_INDEX_TEASERS = 5
MIN_HEADLINE_CHARS = 30


# Links whose text can still reach MIN_HEADLINE_CHARS once normalised. _norm_line only
# drops and merges characters, apart from NFC, which lengthens a string at most threefold
# (UAX #15), so shorter anchor texts are skipped in libxml2 without reading them.
_LONG_ANCHORS = etree.XPath(f"//a[@href][string-length(.) >= {-(-MIN_HEADLINE_CHARS // 3)}]")


def _index_page_teasers(tree: Any, page_url: str) -> int:
    """How many headline links mark this page as a section/front page (0 if an article).

    A front page sits at a shallow path without an article slug and links to many other
    pages on the same site with headline-length anchor text; an article may link out too,
    but its URL carries a slug or a deeper path.
    """
    parts = urlsplit(page_url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > 1 or (segments and _SLUG.search(segments[-1])):
        return 0
    host = (parts.hostname or "").lower()
    own_path = parts.path.rstrip("/")
    targets: set[str] = set()
    resolved: dict[str, str | None] = {}
    for anchor in _LONG_ANCHORS(tree):
        if len(_norm_line(anchor.text_content())) < MIN_HEADLINE_CHARS:
            continue
        href = anchor.get("href", "")
        if href not in resolved:
            target = urlsplit(urljoin(page_url, href))
            same_site = (target.hostname or "").lower() == host
            resolved[href] = (
                target.path if same_site and target.path.rstrip("/") != own_path else None
            )
        if (path := resolved[href]) is not None:
            targets.add(path)
    return len(targets) if len(targets) >= MIN_INDEX_TEASERS else 0


MAX_SITE_NAME_WORDS = 6


def _site_name(candidate: Any, title: Any, page_url: str) -> str | None:
    """The outlet's name; a page without site metadata falls back to its domain.

    trafilatura guesses a site name from headings when a page declares none, and on a
    busy page that guess can be a headline; a name longer than a masthead is refused.
    """
    name = _first(candidate)
    if name and len(name.split()) <= MAX_SITE_NAME_WORDS and name != _first(title):
        return name
    return source_domain(page_url)


def _nlp_skip_reason(language: str | None, text: str, settings: Settings) -> str | None:
    if language not in settings.nlp_languages:
        return f"language={language or 'unknown'} not in nlp_languages"
    if len(text) < settings.quality.min_text_chars:
        return f"text_chars={len(text)} below min_text_chars={settings.quality.min_text_chars}"
    if len(text) > MAX_NLP_CHARS:
        return f"text_chars={len(text)} above max_nlp_chars={MAX_NLP_CHARS}"
    return None


# ------------------------------------------------------------------ rows


def extract_article(
    html: str,
    url: str,
    *,
    final_url: str | None = None,
    fetched_at: datetime | None = None,
    raw_sha256: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """One ``stg_articles`` row for a fetched page; raises :class:`ExtractionError`.

    The row id comes from the normalized final URL (after redirects) so the same
    page fetched via a tracking link or a redirect maps to the same article.
    """
    settings = settings or get_settings()
    page_url = final_url or url
    body = extract_body(html, page_url)
    meta = body.metadata
    text = body.text
    objects = body.jsonld
    if _paywalled(objects) and len(text) < settings.quality.min_text_chars * 3:
        raise ExtractionError("paywall", "isAccessibleForFree=false and only a teaser on the page")
    if not text.strip():
        raise ExtractionError("empty_body", "no article text found")
    teasers = _index_page_teasers(body.tree, page_url)
    if teasers:
        raise ExtractionError(
            "not_article", f"section or front page: {teasers} headline links at {page_url}"
        )
    # A story of 150 words is no stub; counting stops there, which costs less than searching
    # the whole text for the prompts first.
    if not _has_words(text, 150) and _PAYWALL.search(text):
        raise ExtractionError("paywall", "subscription prompt instead of the story")
    if len(text) < MIN_ARTICLE_CHARS:
        raise ExtractionError("too_short", f"{len(text)} characters of text")

    paragraphs = text.split("\n")
    dateline = find_dateline(paragraphs)
    byline, byline_agency = clean_byline(meta.get("author"))
    visible_names, visible_agency = clean_byline(_visible_byline(body.tree))
    byline = byline or visible_names
    wire_agency = _wire_agency(
        dateline.agency if dateline else None,
        byline_agency or visible_agency,
        byline,
        body.credits,
        [*_publisher_names(objects), meta.get("sitename")],
        meta.get("author"),
    )
    language = detect_language(text, _html_language(body.tree) or meta.get("language"))
    dates = find_publication_date(
        html, page_url, fetched_at, settings, tree=body.tree, language=language
    )
    published_at = _to_utc(dates.published_at) or _fallback_date(body.tree, meta.get("date_url"))
    # The calendar day the page itself states, before any conversion to UTC (an evening
    # story in the Americas is already "tomorrow" in UTC).
    published_date = (
        dates.published_at.date()
        if dates.published_at
        else published_at.date()
        if published_at
        else None
    )
    canonical = meta.get("url") if isinstance(meta.get("url"), str) else None
    text_tokens = tokens(text)

    return {
        "article_id": article_id_for(page_url),
        "url": page_url,
        "canonical_url": canonical,
        "source_domain": source_domain(page_url),
        "site_name": _site_name(meta.get("sitename"), meta.get("title"), page_url),
        "title": _first(meta.get("title")),
        "byline": byline,
        "published_at": published_at,
        "published_date": published_date,
        "modified_at": _to_utc(dates.modified_at),
        "language": language,
        "section": next(iter(_split_list(meta.get("categories"))), None),
        "tags": _split_list(meta.get("tags")),
        "description": _first(meta.get("description")),
        "text": text,
        "word_count": len(text_tokens),
        "dateline_raw": dateline.raw if dateline else None,
        "dateline_place": dateline.place if dateline else None,
        "dateline_country": dateline.country if dateline else None,
        "wire_agency": wire_agency,
        "credits": body.credits,
        "fingerprint": _simhash_tokens(text_tokens),
        "raw_sha256": raw_sha256 or hashlib.sha256(html.encode("utf-8", "replace")).hexdigest(),
        "pipeline_version": PIPELINE_VERSION,
        "nlp_skip_reason": _nlp_skip_reason(language, text, settings),
    }


def extract_frame(
    raw_pages: pl.DataFrame, settings: Settings | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(stg_articles, quarantine) for a partition of raw pages; no page is dropped silently.

    Every input row ends up in exactly one of the two frames. Unexpected errors
    are quarantined with reason ``internal_error`` rather than failing the whole
    partition, so one hostile page cannot block a day's load.
    """
    settings = settings or get_settings()
    rows: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for page in raw_pages.iter_rows(named=True):
        url = page.get("url") or ""
        final_url = page.get("final_url") or None
        source = page.get("source")
        try:
            row = extract_article(
                page.get("text") or "",
                url,
                final_url=final_url,
                fetched_at=page.get("fetched_at"),
                raw_sha256=page.get("sha256"),
                settings=settings,
            )
        except ExtractionError as exc:
            rejected.append(_quarantine(final_url or url, source, exc.reason, exc.detail))
            continue
        except Exception as exc:  # a bug must not lose the page: quarantine it visibly
            detail = f"{type(exc).__name__}: {exc}"[:500]
            rejected.append(_quarantine(final_url or url, source, "internal_error", detail))
            continue
        row["source"] = source
        row["partition_date"] = page.get("partition_date")
        rows.append(row)
    schema = {**STG_ARTICLE_SCHEMA, **FRAME_EXTRA_SCHEMA}
    articles = (
        pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    )
    quarantine = (
        pl.DataFrame(rejected, schema=QUARANTINE_SCHEMA, orient="row")
        if rejected
        else pl.DataFrame(schema=QUARANTINE_SCHEMA)
    )
    return articles, quarantine


def _quarantine(url: str, source: Any, reason: str, detail: str) -> dict[str, Any]:
    return {"url": url, "source": source, "stage": "extract", "reason": reason, "detail": detail}
