"""Article extraction on small synthetic news pages: fields, cleaning and failure reasons."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from pipelines.extract import (
    QUARANTINE_SCHEMA,
    STG_ARTICLE_SCHEMA,
    ExtractionError,
    article_id_for,
    clean_lines,
    extract_article,
    extract_frame,
    normalize_url,
    simhash,
)
from pipelines.settings import PIPELINE_VERSION

PARAGRAPHS = [
    "Officials in the capital said on Tuesday that the new bridge over the river would open "
    "next spring, two years later than first planned, after engineers found cracks in the piers.",
    "The delay will cost the city an extra 40 million dollars, according to a budget report seen "
    "by reporters, and commuters will keep using the ferry service for at least another winter.",
    "Residents of the eastern districts, who cross the river every day to reach their jobs, "
    "said they were frustrated but not surprised by the latest announcement from the mayor.",
    "The construction company declined to comment on the findings, saying only that it was "
    "working closely with inspectors and would publish a revised timetable within a month.",
]


def page(
    body_html: str,
    *,
    title: str = "Bridge opening delayed by two years",
    lang: str = "en",
    head_extra: str = "",
    author: str = "By JANE DOE, Associated Press",
) -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Daily Gazette">
<meta name="author" content="{author}">
<meta property="article:published_time" content="2024-03-05T14:30:00-05:00">
<meta property="article:section" content="World">{head_extra}</head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>{title}</h1>{body_html}</article>
<footer><p>Copyright Daily Gazette. Terms of use. Privacy policy.</p></footer></body></html>"""


def wire_body(dateline: str = "KYIV, Ukraine (AP) — ") -> str:
    paras = [f"<p>{dateline}{PARAGRAPHS[0]}</p>"] + [f"<p>{p}</p>" for p in PARAGRAPHS[1:]]
    return (
        "".join(paras[:2])
        + "<p>Sign up for our free daily newsletter</p>"
        + "".join(paras[2:])
        + "<p>The Associated Press contributed to this report.</p>"
    )


def test_wire_article_fields() -> None:
    html = page(wire_body())
    row = extract_article(
        html,
        "https://Gazette.example.com/world/bridge?utm_source=feed#top",
        fetched_at=datetime(2024, 3, 6, tzinfo=UTC),
        raw_sha256="abc123",
    )
    assert set(row) == set(STG_ARTICLE_SCHEMA)
    assert row["title"] == "Bridge opening delayed by two years"
    assert row["site_name"] == "Daily Gazette"
    assert row["byline"] == ["Jane Doe"]
    assert row["wire_agency"] == "AP"
    assert row["dateline_raw"] == "KYIV, Ukraine (AP) —"
    assert (row["dateline_place"], row["dateline_country"]) == ("Kyiv", "UA")
    assert row["language"] == "en"
    assert row["nlp_skip_reason"] is None
    assert row["published_at"] == datetime(2024, 3, 5, 19, 30, tzinfo=UTC)
    assert row["credits"] == ["The Associated Press contributed to this report."]
    assert row["raw_sha256"] == "abc123"
    assert row["pipeline_version"] == PIPELINE_VERSION
    assert row["source_domain"] == "example.com"
    text = row["text"]
    # The dateline stays in the text; the newsletter prompt and the headline do not.
    assert text.startswith("KYIV, Ukraine (AP) — Officials in the capital")
    assert "newsletter" not in text
    assert "Bridge opening delayed" not in text
    assert all(p[:40] in text for p in PARAGRAPHS)
    assert row["word_count"] == len(re.findall(r"\w+", text))


def test_reuters_credit_gives_agency_without_dateline_agency() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body += "<p>Reporting by Ann Lee; Editing by Tom Brown</p>"
    row = extract_article(page(body, author="Ann Lee"), "https://example.org/a")
    assert row["wire_agency"] == "Reuters"
    assert row["byline"] == ["Ann Lee"]
    assert row["dateline_raw"] is None


def test_related_link_list_is_dropped() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body += "<h3>Related coverage</h3><ul><li>City council approves budget</li>"
    body += "<li>Ferry fares to rise in June</li></ul>"
    row = extract_article(page(body), "https://example.org/b")
    assert "Ferry fares" not in row["text"]
    assert "Related coverage" not in row["text"]


def test_clean_lines_rules() -> None:
    raw = "\n".join(
        [
            "Bridge opening delayed by two years",
            "  The first   paragraph\u00a0of the story. ",
            "Related: Another story about bridges",
            "Follow us on Twitter for more updates.",
            "The second paragraph of the story. Click To Tweet",
            "Read more:",
            "- A linked headline",
            "- Another linked headline",
            "The last paragraph, after the link list.",
        ]
    )
    cleaned = clean_lines(raw, title="Bridge opening delayed by two years")
    assert cleaned.lines == [
        "The first paragraph of the story.",
        "The second paragraph of the story.",
        "The last paragraph, after the link list.",
    ]


def test_article_split_by_ad_breaks_is_stitched() -> None:
    first = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    second = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    body = (
        f'<div class="grid"><div class="body article-body">{first}</div></div>'
        '<div class="ad"><span>Advertisement</span></div>'
        f'<div class="grid"><div class="body article-body">{second}</div></div>'
    )
    row = extract_article(page(body), "https://example.org/c")
    assert all(p[:40] in row["text"] for p in PARAGRAPHS)


def test_untrustworthy_jsonld_body_is_ignored() -> None:
    hidden = "A completely different story about football that the page never shows. " * 20
    ld = json.dumps({"@type": "NewsArticle", "articleBody": hidden})
    head = f'<script type="application/ld+json">{ld}</script>'
    row = extract_article(page(wire_body(), head_extra=head), "https://example.org/d")
    assert "football" not in row["text"]
    assert PARAGRAPHS[1][:40] in row["text"]


def test_non_english_article_loads_with_skip_reason() -> None:
    paras = [
        "Die Regierung in Berlin hat am Dienstag beschlossen, den Bau der neuen Brücke über den "
        "Fluss um zwei Jahre zu verschieben, nachdem Ingenieure Risse in den Pfeilern fanden.",
        "Die Verzögerung kostet die Stadt nach einem Haushaltsbericht zusätzlich vierzig "
        "Millionen Euro, und Pendler müssen mindestens einen weiteren Winter die Fähre nutzen.",
        "Anwohner der östlichen Bezirke zeigten sich verärgert, aber nicht überrascht von der "
        "jüngsten Ankündigung des Bürgermeisters, die am Nachmittag veröffentlicht wurde.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    row = extract_article(
        page(body, lang="de", title="Brücke später fertig"), "https://example.de/x"
    )
    assert row["language"] == "de"
    assert row["nlp_skip_reason"] == "language=de not in nlp_languages"
    assert row["text"]


def test_short_brief_loads_but_skips_nlp() -> None:
    row = extract_article(page(f"<p>{PARAGRAPHS[0][:150]}.</p>"), "https://example.org/brief")
    assert row["nlp_skip_reason"] is not None and "min_text_chars" in row["nlp_skip_reason"]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty_input"),
        ("   \n  ", "empty_input"),
        ("\x00\x01\x02PK\x03\x04binary" * 50, "not_html"),
        ("just some plain text without any markup at all " * 10, "not_html"),
        (
            "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>",
            "empty_body",
        ),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "too_short"),
        (
            "<html><body><article><h1>Big news</h1><p>Subscribe to continue reading. "
            "Already a subscriber? Log in.</p></article></body></html>",
            "paywall",
        ),
    ],
)
def test_extraction_error_reasons(html: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_article(html, "https://example.org/bad")
    assert info.value.reason == reason


def test_jsonld_paywall_flag_with_teaser_is_quarantined() -> None:
    ld = json.dumps({"@type": "NewsArticle", "isAccessibleForFree": False})
    head = f'<script type="application/ld+json">{ld}</script>'
    with pytest.raises(ExtractionError) as info:
        extract_article(page(f"<p>{PARAGRAPHS[0]}</p>", head_extra=head), "https://example.org/p")
    assert info.value.reason == "paywall"


def test_article_id_ignores_tracking_fragment_and_host_case() -> None:
    base = "https://news.example.com/world/bridge-delay?id=42"
    variants = [
        "https://NEWS.Example.com/world/bridge-delay?id=42",
        "https://news.example.com/world/bridge-delay?id=42&utm_source=twitter&utm_medium=social",
        "https://news.example.com/world/bridge-delay?utm_campaign=x&id=42#comments",
        "https://news.example.com/world/bridge-delay?id=42&fbclid=abc",
    ]
    assert {article_id_for(v) for v in variants} == {article_id_for(base)}
    assert article_id_for(base) != article_id_for(
        "https://news.example.com/world/bridge-delay?id=43"
    )
    assert normalize_url(variants[1]) == base


def test_final_url_decides_the_id_not_canonical() -> None:
    ld_canonical = '<link rel="canonical" href="https://apnews.com/article/original">'
    html = page(wire_body(), head_extra=ld_canonical)
    row = extract_article(
        html, "https://t.example/redirect", final_url="https://reprint.example.com/s"
    )
    assert row["url"] == "https://reprint.example.com/s"
    assert row["article_id"] == article_id_for("https://reprint.example.com/s")
    assert row["canonical_url"] == "https://apnews.com/article/original"


def test_simhash_is_close_for_near_duplicates() -> None:
    a = " ".join(PARAGRAPHS)
    b = a.replace("Tuesday", "Wednesday")
    distance = bin(int(simhash(a), 16) ^ int(simhash(b), 16)).count("1")
    assert distance < 12
    assert simhash(a) == simhash(a)


def test_extract_frame_splits_good_and_bad_pages() -> None:
    fetched = datetime(2024, 3, 6, tzinfo=UTC)
    raw = pl.DataFrame(
        {
            "url": [
                "https://example.org/good",
                "https://example.org/bad",
                "https://example.org/bin",
            ],
            "final_url": ["https://example.org/good", None, None],
            "text": [page(wire_body()), "<html><body></body></html>", "\x00\x00\x00"],
            "fetched_at": [fetched] * 3,
            "sha256": ["s1", "s2", "s3"],
            "source": ["gazette"] * 3,
            "partition_date": [date(2024, 3, 6)] * 3,
        }
    )
    articles, quarantine = extract_frame(raw)
    assert articles.height == 1 and quarantine.height == 2
    assert dict(articles.schema) == {
        **STG_ARTICLE_SCHEMA,
        "source": pl.String(),
        "partition_date": pl.Date(),
    }
    assert dict(quarantine.schema) == QUARANTINE_SCHEMA
    assert set(quarantine["stage"]) == {"extract"}
    assert sorted(quarantine["reason"]) == ["empty_body", "not_html"]
    assert articles["wire_agency"][0] == "AP"
    assert articles["source"][0] == "gazette"


def test_extract_frame_on_empty_input_keeps_schema() -> None:
    raw = pl.DataFrame(
        schema={
            "url": pl.String(),
            "final_url": pl.String(),
            "text": pl.String(),
            "fetched_at": pl.Datetime("us", "UTC"),
            "sha256": pl.String(),
            "source": pl.String(),
            "partition_date": pl.Date(),
        }
    )
    articles, quarantine = extract_frame(raw)
    assert articles.height == 0 and quarantine.height == 0
    assert list(articles.columns)[: len(STG_ARTICLE_SCHEMA)] == list(STG_ARTICLE_SCHEMA)


# ---------------------------------------------------------------- bundled sample corpus

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "pipelines" / "sample"


def _sample_articles() -> list[Any]:
    manifest = SAMPLE_DIR / "manifest.json"
    if not manifest.is_file():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    params = []
    for entry in entries:
        if entry["kind"] != "article":
            continue
        params.append(pytest.param(entry, id=entry["path"]))
    return params


@pytest.mark.parametrize("entry", _sample_articles())
def test_sample_article(entry: dict[str, Any]) -> None:
    html = (SAMPLE_DIR / entry["path"]).read_bytes().decode(entry["encoding"])
    row = extract_article(html, entry["url"])
    assert row["dateline_place"] == entry["dateline_place"]
    assert row["wire_agency"] == entry["wire_agency"]
    assert row["language"] == entry["language"]
    assert row["word_count"] >= 100


def _undated_page(body_html: str, head_extra: str = "") -> str:
    html = page(body_html, head_extra=head_extra)
    stamp = '<meta property="article:published_time" content="2024-03-05T14:30:00-05:00">'
    assert stamp in html
    return html.replace(stamp, "")


def test_date_only_in_canonical_url_is_still_found() -> None:
    # trafilatura's date search now skips its extensive text scan; its quick search still
    # reads the canonical URL, the one piece of evidence pubdate does not look at.
    canonical = '<link rel="canonical" href="https://gazette.example/2024/03/05/bridge-delay">'
    html = _undated_page(wire_body(), canonical)
    row = extract_article(html, "https://gazette.example/amp/bridge-delay")
    assert row["published_date"] == date(2024, 3, 5)
    assert row["published_at"] == datetime(2024, 3, 5, tzinfo=UTC)


def test_date_printed_only_in_the_text_comes_from_pubdate_scan() -> None:
    # No structured date, no date in the URL, no "Published" label: the extensive scan
    # that used to run inside trafilatura is pubdate's last resort now.
    body = '<p class="date">March 5, 2024</p>' + wire_body()
    row = extract_article(
        _undated_page(body),
        "https://gazette.example/world/bridge-delay",
        fetched_at=datetime(2024, 3, 6, tzinfo=UTC),
    )
    assert row["published_date"] == date(2024, 3, 5)


def _metadata_pages() -> list[tuple[str, str]]:
    from pipelines.corpus import iter_corpus
    from pipelines.fetch import decode_body

    pages = [
        (p.url, decode_body(p.body, None)[0])
        for p in iter_corpus()
        if "html" in (p.content_type or "html") and b"<rss" not in p.body[:200]
    ]
    # Hand-made pages for the branches the corpus may not reach: a one-word author and a
    # "@handle" site name in the meta tags, no site name at all, malformed JSON-LD.
    head = "<title>Bridge opening delayed | City Paper</title>"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    pages += [
        (
            "https://example.com/a/b",
            f'<html><head>{head}<meta name="author" content="desk">'
            f'<meta name="twitter:site" content="@citypaper"></head><body>{body}</body></html>',
        ),
        (
            "https://news.example.org/2025/03/04/bridge",
            '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle",</script>'
            f"</head><body><h1>Bridge opening delayed</h1>{body}</body></html>",
        ),
    ]
    # Author, category and tag selectors: category and tag links, a section meta tag with
    # no category link, authors in regex-matched classes (one inside a pruned sidebar, one
    # class with a quote in it), and more matching class values than get inlined.
    many = "".join(f'<span class="meta-date x{i}">{i}</span>' for i in range(12))
    pages += [
        (
            "https://example.com/news",
            '<html><head><meta property="article:section" content="Politics"></head><body>'
            '<div class="post-meta"><a href="/category/world/">World</a>'
            '<a href="/about/">About</a></div><div class="tags"><a href="/tags/bridges/">'
            'Bridges</a><a href="/tag/city/">City</a></div><div class="sidebar">'
            '<span class="author-name">Side Bar</span></div>'
            f'<p class="authorName">Jane Doe</p>{many}{body}</body></html>',
        ),
        (
            "https://example.com/2025/03/04/bridge-opening-delayed-again",
            '<html><head><meta name="subject" content="Transport"><title>Bridge</title></head>'
            '<body><a href="/section/city">City</a>'
            "<div class=\"writer's-box\"><span class='o\"brien author'>Sam O'Brien</span>"
            f'</div><time>4 March</time><figure class="byline">Pic</figure>{body}</body></html>',
        ),
        # Category and tag links outside every container trafilatura looks in (its meta
        # fallback decides), and inside a later container of its list.
        (
            "https://example.com/world",
            '<html><head><meta name="subject" content="World; News"></head><body><nav>'
            '<a href="/category/world/">World</a><a href="/tags/europe/">Europe</a></nav>'
            f'<a href="/categoryless/">Other</a>{body}</body></html>',
        ),
        (
            "https://example.com/europe",
            '<html><head><meta property="article:section" content="Europe"></head><body>'
            '<ul><li class="x cat-links"><a href="/categories/europe/"> Europe </a>'
            '<a href="/about/">About</a></li></ul><div class="post-topics">'
            f'<a href="/tag/eu/">EU</a><a href="/tag/eu/">EU</a></div>{body}</body></html>',
        ),
    ]
    return pages


def test_page_metadata_matches_trafilatura_metadata_pass() -> None:
    """Our reduced metadata pass gives trafilatura's values for every field a row reads, and
    the lazy htmldate fallback the date trafilatura's pass would have found."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from pipelines.extract import (
        TRAFILATURA_DATE_PARAMS,
        _fallback_date,
        _page_metadata,
        _trafilatura_date,
    )

    fields = ("title", "author", "url", "sitename", "categories", "tags", "description")
    pages = _metadata_pages()
    assert len(pages) > 20
    for url, html in pages:
        ours = _page_metadata(load_html(html), url)
        theirs = extract_metadata(load_html(html), url, dict(TRAFILATURA_DATE_PARAMS)).as_dict()
        assert {f: ours[f] for f in fields} == {f: theirs[f] for f in fields}, url
        fallback = _fallback_date(load_html(html), ours["date_url"])
        assert fallback == _trafilatura_date(theirs["date"]), url


def test_page_selectors_select_what_trafilatura_selects() -> None:
    """Deciding the regex tests per page changes no selector's result, and the category/tag
    search gives trafilatura's lists with or without matching links."""
    from trafilatura import metadata, xpaths
    from trafilatura.utils import load_html

    from pipelines.extract import _extract_author, _extract_catstags, _PageSelectors

    selectors = (
        xpaths.AUTHOR_XPATHS
        + xpaths.AUTHOR_DISCARD_XPATHS
        + xpaths.CATEGORIES_XPATHS
        + xpaths.TAGS_XPATHS
        + xpaths.TITLE_XPATHS
    )
    rewritten = kept = 0
    for url, html in _metadata_pages():
        tree = load_html(html)
        page = _PageSelectors(tree)
        for xpath in selectors:
            ours = page(xpath)
            rewritten += ours is not xpath
            kept += "re:test" in getattr(ours, "path", "") and ours is not xpath
            assert ours(tree) == xpath(tree), (url, xpath.path)
        assert _extract_author(tree, page) == metadata.extract_author(tree), url
        for kind in ("category", "tag"):
            assert _extract_catstags(kind, tree, page) == metadata.extract_catstags(kind, tree)
    assert rewritten > 0
    assert kept > 0  # a test with too many passing values keeps its callback


def _prune_pages() -> list[tuple[str, str]]:
    """The corpus pages plus one with every prune rule nested in the others, tails between
    pruned siblings, and <body>/<article> carrying a pruned class."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    nested = (
        '<html><body class="newsletter-page"><article class="newsletter">'
        '<div class="share-bar">a<aside>b<figcaption>c</figcaption>d</aside>e</div>f'
        '<section class="newsletter">g<span class="related_y">h</span>i</section>j'
        '<span class="social-share">k</span>l<figcaption class="share-z">m</figcaption>n'
        f'{body}</article>o<aside>p</aside>q<div class="related-x">r</div>s</body></html>'
    )
    return [*_metadata_pages(), ("https://example.com/2025/03/04/nested", nested)]


def test_prune_xpath_prunes_what_the_rules_prune_one_by_one() -> None:
    """The single union leaves the same page as deleting each rule's matches in turn."""
    from copy import copy

    from lxml import etree
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.utils import load_html

    from pipelines.extract import PRUNE_XPATH

    rules = [
        "//figcaption",
        "//*[contains(@class, 'newsletter') and not(self::body) and not(self::article)]",
        "//*[contains(@class, 'related-') or contains(@class, 'related_')]",
        "//*[contains(@class, 'share-') or contains(@class, 'social-share')]",
        "//aside",
    ]
    pruned_somewhere = False
    for url, html in _prune_pages():
        tree = load_html(html)
        one_by_one = prune_unwanted_nodes(copy(tree), [etree.XPath(r) for r in rules])
        at_once = prune_unwanted_nodes(copy(tree), [etree.XPath(PRUNE_XPATH)])
        assert etree.tostring(at_once) == etree.tostring(one_by_one), url
        pruned_somewhere |= etree.tostring(one_by_one) != etree.tostring(tree)
    assert pruned_somewhere


def test_byline_elements_are_the_outermost_byline_markers() -> None:
    from lxml import etree
    from trafilatura.utils import load_html

    from pipelines.extract import _BYLINE_ELEMENTS

    every_element = etree.XPath(
        "//*[contains(@class,'byline') or @rel='author' or @itemprop='author']"
        "[not(ancestor::*[contains(@class,'byline') or @itemprop='author'])]"
    )
    pages = [
        *_metadata_pages(),
        (
            "https://example.com/b",
            '<html><body><div class="byline-box"><a rel="author">A</a></div>'
            '<span itemprop="author"><b class="byline">B</b></span><a rel="author">C</a>'
            '<p class="x-byline">D</p></body></html>',
        ),
    ]
    found = 0
    for url, html in pages:
        tree = load_html(html)
        assert _BYLINE_ELEMENTS(tree) == every_element(tree), url
        found += len(every_element(tree))
    assert found >= 4


def test_meta_json_reads_what_trafilatura_reads() -> None:
    """Minifying and normalising JSON-LD our way gives trafilatura's text and metadata."""
    from trafilatura import json_metadata
    from trafilatura import metadata as trafilatura_metadata
    from trafilatura.settings import Document
    from trafilatura.utils import load_html

    from pipelines.extract import (
        _METADATA_SCRIPTS,
        _extract_meta_json,
        _minify_json,
        _normalize_json,
    )

    texts = [
        '{"a" : "x \\"y\\" z",\n\t"b":\u00a0[1, 2]}',
        '{"name": "Caf\\u00e9 \\ud83d\\ude00 \\n\\t&amp; <b>bold</b> \\/path"}',
        '{"broken": "unterminated \u2003 ',
        '  {"headline" : "A\\\\nB"}  ',
    ]
    pages = _metadata_pages()
    for _, html in pages:
        texts += [s.text for s in _METADATA_SCRIPTS(load_html(html)) if s.text]
    assert len(texts) > 10
    for text in texts:
        minified = trafilatura_metadata.JSON_MINIFY.sub(r"\1", text)
        assert _minify_json(text) == minified, text
        assert _normalize_json(minified) == json_metadata.normalize_json(minified), text
    fields = ("title", "author", "url", "sitename", "categories", "tags", "description")
    for url, html in pages:
        ours = _extract_meta_json(load_html(html), Document()).as_dict()
        theirs = trafilatura_metadata.extract_meta_json(load_html(html), Document()).as_dict()
        assert {f: ours[f] for f in fields} == {f: theirs[f] for f in fields}, url


def test_parse_builds_the_tree_trafilatura_builds() -> None:
    """Parsing without load_html's removal pass gives load_html's tree, or its refusal."""
    from lxml import etree
    from trafilatura.utils import load_html

    from pipelines.extract import ExtractionError, _parse

    pages = [html for _, html in _metadata_pages()] + [
        "<!DOCTYPE html/>\n<html><body><p>x</p></body></html>",
        "<!DOCTYPE html>",
        "<!doctype html PUBLIC '-//W3C//DTD XHTML 1.0//EN'><html><body><p>y</p></body></html>",
        "<html lang='en'/>\n<body><p>z</p></body>",
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>declared</p></body></html>',
        "<div><p>a</p></div><div><p>b</p></div>",
        "<p>one block, no html tag</p>",
        "<html><body>\x0bcontrol\x00 and \ufffe characters</body></html>",
    ]
    refused = 0
    for html in pages:
        expected = load_html(html)
        if expected is None:
            refused += 1
            with pytest.raises(ExtractionError):
                _parse(html)
            continue
        ours = etree.tostring(_parse(html).getroottree())
        assert ours == etree.tostring(expected.getroottree()), html[:80]
    assert refused >= 1


def test_walk_json_yields_objects_in_document_order() -> None:
    from pipelines.extract import _walk_json

    data = {
        "@graph": [{"@type": "A", "x": [{"@type": "B"}, 3, [{"@type": "C"}]]}, {"@type": "D"}],
        "e": {"@type": "E", "f": {"@type": "F"}},
        "g": "text",
    }
    assert [obj.get("@type") for obj in _walk_json(data)] == [None, "A", "B", "C", "D", "E", "F"]
    assert list(_walk_json([1, "a", None])) == []
