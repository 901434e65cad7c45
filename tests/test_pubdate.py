"""Publication-date evidence order, sanity bounds, time zones and hostile input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from pipelines.pubdate import PubDate, find_publication_date, parse_datetime
from pipelines.settings import QualitySettings, Settings

FETCHED = datetime(2025, 4, 1, 12, tzinfo=UTC)


def page(head: str = "", body: str = "<p>Some article text.</p>") -> str:
    return f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_jsonld_graph_article_wins_and_keeps_offset():
    head = ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "x"},
                {"@type": "WebPage", "datePublished": "2020-01-01T00:00:00Z"},
                {
                    "@type": ["NewsArticle"],
                    "datePublished": "2025-03-28T09:30:00+01:00",
                    "dateModified": "2025-03-29T10:00:00+01:00",
                },
            ],
        }
    )
    head += '<meta property="article:published_time" content="2025-03-20T00:00:00+01:00">'
    result = find_publication_date(page(head), fetched_at=FETCHED)
    assert result.method == "jsonld"
    assert result.published_at == datetime(2025, 3, 28, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert result.published_at.utcoffset() == timedelta(hours=1)
    assert result.modified_at == datetime(2025, 3, 29, 9, tzinfo=UTC)


def test_reportage_type_and_list_values():
    head = ld([{"@type": "ReportageNewsArticle", "datePublished": ["2024-11-05T08:00:00Z"]}])
    result = find_publication_date(page(head), fetched_at=FETCHED)
    assert result.method == "jsonld"
    assert result.published_at is not None
    assert result.published_at.date() == date(2024, 11, 5)


def test_jsonld_that_is_not_valid_json_is_still_read():
    raw = """<script type="application/ld+json">{
        "@type": "NewsArticle",
        // "interactionCount": "", trailing comment
        "datePublished": "2020-10-04T15:05:21+08:00",
    }</script>"""
    result = find_publication_date(page(raw), fetched_at=FETCHED)
    assert result.method == "jsonld"
    assert result.published_at == datetime(2020, 10, 4, 7, 5, 21, tzinfo=UTC)


@pytest.mark.parametrize(
    "markup",
    [
        '<meta property="article:published_time" content="2025-03-28T10:00:00-04:00">',
        '<meta name="parsely-pub-date" content="2025-03-28T10:00:00-04:00">',
        '<meta name="sailthru.date" content="2025-03-28 10:00:00 -0400">',
        '<meta name="DC.date.issued" content="2025-03-28">',
        '<meta itemprop="datePublished" content="2025-03-28">',
        '<meta name="pubdate" content="20250328">',
    ],
)
def test_meta_variants(markup):
    result = find_publication_date(page(markup), fetched_at=FETCHED)
    assert result.method == "meta"
    assert result.published_at is not None
    assert result.published_at.date() == date(2025, 3, 28)


def test_time_pubdate_in_body():
    body = '<article><time pubdate datetime="2025-03-28T07:00:00+02:00">28 March</time></article>'
    result = find_publication_date(page(body=body), fetched_at=FETCHED)
    assert result.method == "meta"
    assert result.published_at is not None
    assert result.published_at.date() == date(2025, 3, 28)


def test_body_markers_with_conflicting_days_are_ignored():
    """Several <time pubdate> with different days describe a teaser list, not the article."""
    teasers = "".join(
        f'<li><time pubdate datetime="2025-03-{d:02d}T08:00:00Z">x</time></li>' for d in (1, 5, 9)
    )
    result = find_publication_date(
        page(body=f"<ul>{teasers}</ul>"),
        url="https://example.com/2025/03/20/story",
        fetched_at=FETCHED,
    )
    assert result.method == "url"
    assert result.published_at == datetime(2025, 3, 20)


def test_meta_modified_only_is_not_a_publication_date():
    head = '<meta property="article:modified_time" content="2025-03-30T10:00:00Z">'
    result = find_publication_date(
        page(head), url="https://example.com/2025/03/28/story", fetched_at=FETCHED
    )
    assert result.method == "url"
    assert result.published_at == datetime(2025, 3, 28)
    assert result.modified_at == datetime(2025, 3, 30, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2025/03/28/some-story/", date(2025, 3, 28)),
        ("https://example.com/news/2025-03-28-some-story", date(2025, 3, 28)),
        ("https://example.com/news/20250328/some-story", date(2025, 3, 28)),
        ("https://example.com/2025/3/8/some-story", date(2025, 3, 8)),
        ("https://example.com/article/2025031234", None),
        ("https://20250328.example.com/story", None),
    ],
)
def test_url_dates(url, expected):
    result = find_publication_date(page(body="<p>No dates here at all.</p>"), url, FETCHED)
    if expected is None:
        assert result.method != "url"
    else:
        assert result.method == "url"
        assert result.published_at is not None
        assert result.published_at.date() == expected


def test_url_day_overrides_structured_date_from_another_day():
    head = ld({"@type": "NewsArticle", "datePublished": "2019-06-17T18:28:00+02:00"})
    result = find_publication_date(
        page(head), "https://example.com/home/2017/7/12/story", fetched_at=FETCHED
    )
    assert result.method == "url"
    assert result.published_at == datetime(2017, 7, 12)


def test_htmldate_fallback_reads_visible_date():
    # "Stand:" is no publication label, so only htmldate's scan of the text finds the day
    # ("Veröffentlicht am 28.03.2025" is now read as a label, see the test below).
    body = "<article><p>Stand: 28.03.2025</p><p>Text text text.</p></article>"
    result = find_publication_date(page(body=body), fetched_at=FETCHED)
    assert result.method == "htmldate"
    assert result.published_at == datetime(2025, 3, 28)


def test_htmldate_fallback_reads_dates_in_the_page_language():
    # Only htmldate's text scan (through dateparser) can read this Spanish date. Staging
    # passes the page's language so the scan tries that language and English, not all of
    # dateparser's ~200; with no language it still tries them all.
    body = '<div class="fecha">martes 17 de marzo de 2020</div><p>Texto del artículo.</p>'
    spanish = datetime(2020, 3, 17)
    found = {
        lang: find_publication_date(page(body=body), fetched_at=FETCHED, language=lang)
        for lang in ("es", "en", None)
    }
    assert found["es"].published_at == spanish
    assert found[None].published_at == spanish
    assert found["en"].published_at != spanish  # read as English, the weekday and month are words
    # htmldate memoises strings without their language; asking again in Spanish after
    # English must not get the English reading back.
    again = find_publication_date(page(body=body), fetched_at=FETCHED, language="es")
    assert again.published_at == spanish


def test_sanity_bounds_skip_future_and_ancient_dates():
    head = ld({"@type": "NewsArticle", "datePublished": "2030-01-01T00:00:00Z"})
    head += '<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
    head += '<meta name="dc.date" content="2025-03-27">'
    result = find_publication_date(page(head), fetched_at=FETCHED)
    assert result.method == "meta"
    assert result.published_at == datetime(2025, 3, 27)

    # The tolerance lets a page stamped in a zone ahead of UTC through.
    ahead = ld({"@type": "NewsArticle", "datePublished": "2025-04-02T01:00:00+13:00"})
    assert find_publication_date(page(ahead), fetched_at=FETCHED).method == "jsonld"


def test_earliest_pubdate_comes_from_settings():
    head = ld({"@type": "NewsArticle", "datePublished": "1995-05-05T00:00:00Z"})
    strict = Settings(quality=QualitySettings(earliest_pubdate=date(2000, 1, 1)))
    assert find_publication_date(page(head), fetched_at=FETCHED).method == "jsonld"
    assert find_publication_date(page(head), fetched_at=FETCHED, settings=strict).method != "jsonld"


def test_utc_stamp_is_shown_in_the_offset_of_a_local_rendering():
    head = ld({"@type": "NewsArticle", "datePublished": "2023-11-09T01:09:55Z"})
    body = '<time datetime="2023-11-08 18:09:55">November 8, 2023 at 6:09 p.m.</time>'
    result = find_publication_date(page(head, body), fetched_at=FETCHED)
    assert result.published_at is not None
    assert result.published_at.date() == date(2023, 11, 8)
    assert result.published_at.utcoffset() == timedelta(hours=-7)
    assert result.published_at == datetime(2023, 11, 9, 1, 9, 55, tzinfo=UTC)


def test_utc_stamp_takes_the_day_from_the_url():
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
    result = find_publication_date(
        page(head), "https://example.com/2020/02/24/story/", fetched_at=FETCHED
    )
    assert result.method == "meta"
    assert result.published_at is not None
    assert result.published_at.date() == date(2020, 2, 24)
    assert result.published_at == datetime(2020, 2, 25, 2, 25, 54, tzinfo=UTC)


def test_midnight_east_of_utc():
    head = '<meta property="article:published_time" content="2021-11-04T23:00Z">'
    result = find_publication_date(page(head), fetched_at=FETCHED)
    assert result.published_at is not None
    assert result.published_at.date() == date(2021, 11, 5)


def test_naive_times_stay_naive():
    head = '<meta name="date" content="2022-02-04 15:33">'
    result = find_publication_date(page(head), fetched_at=FETCHED)
    assert result.published_at == datetime(2022, 2, 4, 15, 33)


def test_disagreeing_fields_resolved_by_the_printed_date():
    head = '<meta name="pubdate" content="2021-12-14T15:41:07+01:00">'
    head += '<meta name="DC.date.issued" content="2022-02-04T15:33:00+01:00">'
    body = "<p>Stand: 04.02.2022, 15:33 Uhr</p><p>Text.</p>"
    result = find_publication_date(page(head, body), fetched_at=FETCHED)
    assert result.published_at is not None
    assert result.published_at.date() == date(2022, 2, 4)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "https://example.com/2025/03/28/looks-like-a-url",
        "\x00\x01\x02<<<>>>",
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body>x</body></html>',
        "<html>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</html>",
        page(ld({"@type": "NewsArticle", "datePublished": "x" * 10_000})),
        page('<script type="application/ld+json">' + "[" * 100_000 + "</script>"),
        page('<meta name="date" content="31.02.2025">'),
    ],
)
def test_garbage_never_raises(garbage):
    # A bare URL is parsed as (odd) HTML text: htmldate gets a tree, never a URL to fetch.
    result = find_publication_date(garbage, fetched_at=FETCHED)
    assert isinstance(result, PubDate)


def test_non_string_input_returns_empty():
    assert find_publication_date(None) == PubDate(None, None, None)  # type: ignore[arg-type]
    assert find_publication_date(b"<html></html>") == PubDate(None, None, None)  # type: ignore[arg-type]


def test_huge_page_is_bounded():
    filler = "<p>" + "word " * 200 + "</p>"
    html = page(
        '<meta property="article:published_time" content="2025-03-28T10:00:00Z">',
        filler * 20_000,
    )
    assert len(html) > 10_000_000
    result = find_publication_date(html, fetched_at=FETCHED)
    assert result.method == "meta"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-28T10:00:00Z", datetime(2025, 3, 28, 10, tzinfo=UTC)),
        ("2025-03-28T10:00:00.123+0100", datetime(2025, 3, 28, 9, 0, 0, 123000, tzinfo=UTC)),
        ("Fri, 28 Mar 2025 10:00:00 GMT", datetime(2025, 3, 28, 10, tzinfo=UTC)),
        ("2020/10/04 15:05:21", datetime(2020, 10, 4, 15, 5, 21)),
        ("04.10.2020", datetime(2020, 10, 4)),
        ("28.03.2025 10:00 CET", datetime(2025, 3, 28, 9, tzinfo=UTC)),
        ("1743156000", datetime(2025, 3, 28, 10, tzinfo=UTC)),
        ("March 2025", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


def test_labelled_printed_date_beats_teaser_links():
    body = (
        '<div class="date">Published: Mar. 24, 2025 at 6:15 PM CDT</div>'
        "<p>Story text.</p>"
        '<ul><li><a href="/news/2025/03/20/older/">Older story, 20.03.2025</a></li></ul>'
    )
    result = find_publication_date(page(body=body), fetched_at=FETCHED)
    assert result.method == "text"
    assert result.published_at == datetime(2025, 3, 24, 23, 15, tzinfo=UTC)
    assert result.published_at.utcoffset() == timedelta(hours=-5)


def test_labelled_date_ignores_updated_and_trailing_words():
    body = (
        "<p>Updated Sat 29 Mar 2025</p>"
        "<p>Veröffentlicht am 28. März 2025 von Erika Muster</p>"
        "<p>Text.</p>"
    )
    result = find_publication_date(page(body=body), fetched_at=FETCHED)
    assert result.method == "text"
    assert result.published_at is not None
    assert result.published_at.date() == date(2025, 3, 28)


@pytest.mark.parametrize(
    ("body", "day"),
    [
        ("<p>Published: 24.03.2025</p><p>Text.</p>", date(2025, 3, 24)),
        ("<article><p>Veröffentlicht am 28.03.2025</p><p>Text.</p></article>", date(2025, 3, 28)),
    ],
)
def test_labelled_date_that_is_the_whole_label(body, day):
    # A label holding nothing but the date: the date is its first and only token.
    result = find_publication_date(page(body=body), fetched_at=FETCHED)
    assert result.method == "text"
    assert result.published_at is not None
    assert result.published_at.date() == day


def test_labelled_relative_words_are_not_a_printed_date():
    # dateparser reads "yesterday at noon" against the clock of the machine running the
    # pipeline; a printed date states its day and year in digits.
    body = "<p>Published: yesterday at noon by Jane Doe</p><p>Text.</p>"
    result = find_publication_date(page(body=body), fetched_at=datetime.now(UTC))
    assert result.method != "text"


@pytest.mark.parametrize(
    ("label", "back"),
    [
        ("Published 2 days ago", timedelta(days=2)),
        ("Posted 3 hours ago by Jane Doe", timedelta(hours=3)),
        ("Veröffentlicht vor 2 Tagen", timedelta(days=2)),
        ("Publicado hace 3 días", timedelta(days=3)),
        ("Pubblicato 5 ore fa", timedelta(hours=5)),
        # French "il y a" ("ago") is not Italian "il" ("on the") before a date.
        ("Publié il y a 2 jours", timedelta(days=2)),
    ],
)
def test_labelled_relative_date_counts_back_from_the_fetch_time(label, back):
    # An archived page says the same thing whenever it is processed: the label counts
    # back from the moment the page was fetched (the naive value is UTC, like the fetch
    # time), never from the clock of the machine re-processing it.
    body = f"<p>{label}</p><p>Text.</p>"
    for fetched in (datetime(2019, 6, 3, 9, 45, tzinfo=UTC), FETCHED):
        result = find_publication_date(page(body=body), fetched_at=fetched)
        assert result.method == "text", (label, fetched)
        assert result.published_at == (fetched - back).replace(tzinfo=None)


def test_labelled_relative_date_is_not_read_without_a_fetch_time():
    body = "<p>Published 2 days ago</p><p>Text.</p>"
    assert find_publication_date(page(body=body)).method is None


def test_labelled_relative_date_coarser_than_a_day_is_not_a_date():
    body = "<p>Published 1 month ago</p><p>Text.</p>"
    assert find_publication_date(page(body=body), fetched_at=FETCHED).method is None


def test_shared_tree_gives_the_same_answer_and_is_left_intact() -> None:
    from lxml import etree
    from trafilatura.utils import load_html

    head = '<meta property="article:published_time" content="2024-05-02T22:00:00Z">'
    body = "<p>Posted: May 2, 2024</p><p>Text of the story.</p>"
    for html in (page(head, body), page(body="<p>Published: 3 May 2024, 10:00</p>")):
        tree = load_html(html)
        before = etree.tostring(tree)
        shared = find_publication_date(html, fetched_at=FETCHED, tree=tree)
        assert shared == find_publication_date(html, fetched_at=FETCHED)
        assert shared.published_at is not None
        assert etree.tostring(tree) == before
