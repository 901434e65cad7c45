"""Syndication clustering: reprint variants link, unrelated stories do not, and the
result is independent of partition order and survives a new index object."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipelines.dedup import (
    StoryIndex,
    estimate_containment,
    estimate_jaccard,
    is_wire_page,
    shingles,
    sign_articles,
    signature,
    story_id_for,
)
from pipelines.evaluation import syndication

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "to",
    "vi",
    "de",
    "fa",
    "go",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "nu",
    "pe",
    "ri",
    "su",
    "ta",
    "ve",
    "wo",
    "xa",
    "yo",
    "ze",
]
_VOCAB = sorted(
    {
        "".join(random.Random(i).choices(_SYLLABLES, k=random.Random(-i).randint(1, 4)))
        for i in range(3000)
    }
)
BOILERPLATE_TOP = "Copyright the daily example all rights reserved this material may not be published broadcast rewritten or redistributed"
BOILERPLATE_END = "Sign up for our morning newsletter to get the top local headlines delivered to your inbox every day"


def _paragraphs(seed: int, count: int = 6, length: int = 45) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(_VOCAB, k=length)) + "." for _ in range(count)]


def _variants(seed: int) -> dict[str, str]:
    """The wire original and the kinds of edits outlets make to it."""
    paras = _paragraphs(seed)
    local = " ".join(random.Random(seed + 10_000).choices(_VOCAB, k=25)) + "."
    return {
        "wire": "\n\n".join(paras),
        "boiler": "\n\n".join([BOILERPLATE_TOP, *paras, BOILERPLATE_END]),
        "trimmed": "\n\n".join(paras[:-1]),
        "local": "\n\n".join([*paras[:3], local, *paras[3:]]),
        "mixed": "\n\n".join([BOILERPLATE_TOP, *paras[:-1], local, BOILERPLATE_END]),
    }


def _corpus(stories: int = 6, singles: int = 12) -> pl.DataFrame:
    """Syndicated stories (one wire page + four reprints each) plus unrelated articles."""
    base = datetime(2025, 3, 28, 8, tzinfo=UTC)
    rows = []
    for story in range(stories):
        for offset, (kind, text) in enumerate(_variants(1000 + story).items()):
            is_wire = kind == "wire"
            rows.append(
                {
                    "article_id": f"s{story}-{kind}",
                    "text": text,
                    # The wire page is not the earliest copy on purpose.
                    "published_at": base
                    + timedelta(days=story, hours=offset if not is_wire else 2),
                    "url": f"https://apnews.com/article/{story}"
                    if is_wire
                    else f"https://paper{offset}.example/{story}",
                    "wire_agency": "AP",
                    "site_name": "AP News" if is_wire else f"Paper {offset}",
                }
            )
    for single in range(singles):
        paras = _paragraphs(5000 + single)
        rows.append(
            {
                "article_id": f"u{single}",
                # Unrelated stories share the same outlet boilerplate.
                "text": "\n\n".join([BOILERPLATE_TOP, *paras, BOILERPLATE_END]),
                "published_at": base + timedelta(days=single % 4),
                "url": f"https://paper1.example/u{single}",
                "wire_agency": None,
                "site_name": "Paper 1",
            }
        )
    return pl.DataFrame(rows, schema_overrides={"wire_agency": pl.Utf8})


def _pairs(mapping: pl.DataFrame) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for article_id, story_id in mapping.select("article_id", "story_id").iter_rows():
        groups.setdefault(story_id, []).append(article_id)
    return {(a, b) for members in groups.values() for a in members for b in members if a < b}


def _gold_pairs(frame: pl.DataFrame) -> set[tuple[str, str]]:
    ids = frame["article_id"].to_list()
    key = {i: i.split("-")[0] if i.startswith("s") else i for i in ids}
    return {(a, b) for a in ids for b in ids if a < b and key[a] == key[b]}


def test_reprint_variants_cluster_and_unrelated_articles_stay_apart(tmp_path):
    corpus = _corpus()
    index = StoryIndex(str(tmp_path / "idx"))
    assert index.add(corpus) == corpus.height
    dim_story, mapping = index.stories()
    assert _pairs(mapping) == _gold_pairs(corpus)
    assert dim_story.height == 6 + 12
    assert mapping.height == corpus.height
    assert dim_story["copies"].sum() == corpus.height


def test_canonical_is_wire_page_else_earliest_copy(tmp_path):
    corpus = _corpus(stories=2, singles=0)
    index = StoryIndex(str(tmp_path / "idx"))
    index.add(corpus)
    dim_story, mapping = index.stories()
    assert sorted(dim_story["canonical_article_id"]) == ["s0-wire", "s1-wire"]
    assert dim_story.filter(pl.col("canonical_article_id") == "s0-wire")["story_id"][0] == (
        story_id_for("s0-wire")
    )
    # first_seen is the earliest copy, not the canonical's own time.
    first = dim_story.filter(pl.col("canonical_article_id") == "s0-wire")["first_seen"][0]
    assert first == corpus.filter(pl.col("article_id").str.starts_with("s0-"))["published_at"].min()
    canonical_rows = mapping.filter(pl.col("article_id").str.ends_with("-wire"))
    assert canonical_rows["similarity_to_canonical"].to_list() == [1.0, 1.0]

    # Without the wire page the earliest copy wins; equal times fall back to the id.
    index.remove(["s0-wire", "s1-wire"])
    dim_story, _ = index.stories()
    assert sorted(dim_story["canonical_article_id"]) == ["s0-boiler", "s1-boiler"]


def test_equal_times_break_ties_by_article_id(tmp_path):
    text = "\n\n".join(_paragraphs(77))
    when = datetime(2025, 1, 1, tzinfo=UTC)
    frame = pl.DataFrame(
        {
            "article_id": ["b", "a", "c"],
            "text": [text, text, text + " extra words here"],
            "published_at": [when, when, when],
            "url": ["https://x.example/b", "https://y.example/a", "https://z.example/c"],
            "wire_agency": ["Reuters"] * 3,
            "site_name": ["X", "Y", "Z"],
        }
    )
    index = StoryIndex(str(tmp_path / "idx"))
    index.add(frame)
    dim_story, _ = index.stories()
    assert dim_story["canonical_article_id"].to_list() == ["a"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_result_does_not_depend_on_partition_order(tmp_path, seed):
    corpus = _corpus()
    reference = StoryIndex(str(tmp_path / "reference"))
    reference.add(corpus)
    expected = reference.stories()

    rng = random.Random(seed)
    rows = list(range(corpus.height))
    rng.shuffle(rows)
    partitions = [rows[i : i + 7] for i in range(0, len(rows), 7)]
    rng.shuffle(partitions)
    index = StoryIndex(str(tmp_path / f"shuffled-{seed}"))
    for part in partitions:
        index.add(corpus[part])
    got = index.stories()
    assert got[0].equals(expected[0])
    assert got[1].equals(expected[1])


def test_persisted_index_is_seen_by_a_new_object(tmp_path):
    corpus = _corpus(stories=3, singles=3)
    root = str(tmp_path / "idx")
    first_half = corpus.filter(~pl.col("article_id").str.ends_with("-mixed"))
    second_half = corpus.filter(pl.col("article_id").str.ends_with("-mixed"))
    StoryIndex(root).add(first_half)

    reopened = StoryIndex(root)
    assert len(reopened) == first_half.height
    assert reopened.add(first_half) == 0  # re-adding is a no-op
    assert reopened.add(second_half) == second_half.height
    _, mapping = StoryIndex(root).stories()
    assert _pairs(mapping) == _gold_pairs(corpus)


def test_signing_elsewhere_gives_the_index_add_gives(tmp_path):
    # Signatures made where a partition is staged (stored, read back) must leave the
    # index exactly as adding the articles' texts does, through repeats, a changed body
    # and changed metadata alike.
    corpus = _corpus(stories=3, singles=4)
    repeated = pl.concat([corpus.head(3).with_columns(pl.lit("short text").alias("text")), corpus])
    changed = corpus.filter(pl.col("article_id") == "s0-local").with_columns(
        pl.lit(_variants(1001)["local"]).alias("text")
    )
    moved = corpus.filter(pl.col("article_id") == "s1-wire").with_columns(
        pl.lit("https://apnews.com/article/moved").alias("url")
    )
    plain, signed = StoryIndex(str(tmp_path / "plain")), StoryIndex(str(tmp_path / "signed"))
    for batch in (repeated, corpus, changed, moved, corpus.head(0)):
        stored = tmp_path / "signed.parquet"
        sign_articles(batch, signed.settings).write_parquet(stored)
        assert signed.add_signed(pl.read_parquet(stored)) == plain.add(batch)
    for got, expected in zip(signed.stories(), plain.stories(), strict=True):
        assert got.equals(expected)
    assert pl.read_parquet(tmp_path / "signed" / "signatures.parquet").equals(
        pl.read_parquet(tmp_path / "plain" / "signatures.parquet")
    )


def test_changed_body_replaces_signature_and_remove_persists(tmp_path):
    corpus = _corpus(stories=2, singles=0)
    root = str(tmp_path / "idx")
    index = StoryIndex(root)
    index.add(corpus)

    moved = corpus.filter(pl.col("article_id") == "s0-local").with_columns(
        pl.lit(_variants(1001)["local"]).alias("text")
    )
    assert index.add(moved) == 1
    _, mapping = StoryIndex(root).stories()
    story_of = dict(mapping.select("article_id", "story_id").iter_rows())
    assert story_of["s0-local"] == story_of["s1-wire"]

    index.remove(["s1-wire", "does-not-exist"])
    reopened = StoryIndex(root)
    assert "s1-wire" not in reopened
    dim_story, _ = reopened.stories()
    assert "s1-wire" not in dim_story["canonical_article_id"].to_list()


def test_short_and_empty_bodies_are_their_own_stories(tmp_path):
    frame = pl.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "text": ["Photo: Reuters", "Photo: Reuters", ""],
            "published_at": [None, None, None],
            "url": [None, None, None],
            "wire_agency": [None, None, None],
            "site_name": [None, None, None],
        },
        schema_overrides={
            "published_at": pl.Datetime("us", "UTC"),
            "url": pl.Utf8,
            "wire_agency": pl.Utf8,
            "site_name": pl.Utf8,
        },
    )
    index = StoryIndex(str(tmp_path / "idx"))
    index.add(frame)
    dim_story, mapping = index.stories()
    assert dim_story.height == 3
    assert dim_story["first_seen"].null_count() == 3


def test_fsspec_uri_root():
    corpus = _corpus(stories=1, singles=1)
    root = "memory://wirefacts-test/story-index"
    StoryIndex(root).add(corpus)
    dim_story, _ = StoryIndex(root).stories()
    assert dim_story.height == 2


def test_similarity_estimates():
    a = shingles(" ".join(_paragraphs(3)), 5)
    b = set(list(a)[: len(a) // 2])
    jaccard = estimate_jaccard(signature(a, 256), signature(b, 256))
    assert abs(jaccard - 0.5) < 0.1
    assert estimate_containment(0.5, len(a), len(b)) == pytest.approx(1.0, abs=0.01)
    assert estimate_containment(0.0, 10, 0) == 0.0


def test_signature_equals_a_fresh_minhash_with_the_pinned_seed():
    """Shared permutation draws must not change a signature, or persisted indexes break."""
    import numpy as np
    from datasketch import MinHash

    from pipelines.dedup import MINHASH_SCHEME, MINHASH_SEED

    a = shingles(" ".join(_paragraphs(2)), 5)
    for num_perm in (64, 128):
        fresh = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        fresh.update_batch(list(a))
        assert np.array_equal(signature(a, num_perm), np.asarray(fresh.hashvalues, np.uint32))
        assert np.array_equal(signature(a, num_perm), signature(list(a), num_perm))


def test_wire_page_detection():
    assert is_wire_page("https://apnews.com/article/x", "AP News", "AP")
    assert is_wire_page("https://www.reuters.com/world/x", None, "Reuters")
    assert is_wire_page(None, "Reuters", "Reuters")
    assert not is_wire_page("https://www.example.com/x", "Example Times", "Reuters")
    assert not is_wire_page("https://apnews.com/article/x", "AP News", None)


def _write_sample(root: Path) -> None:
    """A miniature corpus in the sample layout: manifest, pages and stated syndicated sets."""
    (root / "pages").mkdir(parents=True)
    manifest: list[dict[str, str]] = []
    stories: list[dict[str, object]] = []
    for story in range(3):
        urls: list[str] = []
        for kind, text in _variants(2000 + story).items():
            url = f"https://{kind}.example/{story}"
            body = "".join(f"<p>{para}</p>" for para in text.split("\n\n"))
            html = f"<html><head><title>Story {story}</title></head><body><article><h1>Headline {kind}</h1>{body}</article></body></html>"
            (root / "pages" / f"{kind}-{story}.html").write_text(html, encoding="utf-8")
            manifest.append(
                {
                    "url": url,
                    "path": f"pages/{kind}-{story}.html",
                    "encoding": "utf-8",
                    "published": f"2025-03-2{story}T0{len(urls)}:00:00Z",
                }
            )
            urls.append(url)
        stories.append({"story": f"s{story}", "original_url": urls[0], "copies": urls[1:]})
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (root / "syndication.json").write_text(json.dumps({"stories": stories}), encoding="utf-8")


def test_syndication_harness_on_a_miniature_corpus(tmp_path):
    _write_sample(tmp_path)
    score = syndication.evaluate(tmp_path)
    assert score is not None
    assert score.pages == 15
    assert score.gold_pairs == 3 * 10
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert score.canonical_accuracy == 1.0


# The bundled corpus measured P 1.00 / R 1.00 (18 gold pairs, 5 stories; gold
# pairs have Jaccard >= .71, other pairs <= .05). The floors are the targets of
# the issue: with 18 pairs one wrong link costs about five points.
CORPUS_PRECISION_FLOOR = 0.95
CORPUS_RECALL_FLOOR = 0.90


@pytest.fixture(scope="module")
def sample_articles() -> pl.DataFrame:
    if not (syndication.SAMPLE_DIR / "syndication.json").is_file():
        pytest.skip("sample corpus not present (pipelines/sample/syndication.json)")
    return syndication.articles_frame()


def test_syndication_pair_precision_and_recall_on_sample_corpus(sample_articles):
    score = syndication.evaluate(articles=sample_articles)
    assert score is not None
    assert score.precision >= CORPUS_PRECISION_FLOOR, score.false_links[:10]
    assert score.recall >= CORPUS_RECALL_FLOOR, score.missed_links[:10]
    assert score.canonical_accuracy == 1.0


def test_sample_corpus_daily_partitions_in_any_order(tmp_path, sample_articles):
    days = sample_articles.with_columns(pl.col("published_at").dt.date().alias("day"))
    partitions = [part.drop("day") for part in days.partition_by("day", maintain_order=True)]
    results = []
    for attempt, seed in enumerate([None, 7, 11]):
        order = list(partitions)
        if seed is None:
            order.reverse()
        else:
            random.Random(seed).shuffle(order)
        index = StoryIndex(str(tmp_path / f"run-{attempt}"))
        for part in order:
            index.add(part)
        results.append(index.stories())
    for dim_story, mapping in results[1:]:
        assert dim_story.equals(results[0][0])
        assert mapping.equals(results[0][1])
