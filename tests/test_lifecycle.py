"""Takedowns and exports: `wirefacts forget` reaches every layer, `export` every table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

import pipelines.corpus as corpus
from assets.cli import main
from assets.resources import StorageResource
from pipelines import runner
from pipelines.load import ALL_TABLES, open_reader
from pipelines.raw import RawArchive
from tests.sample_warehouse import Built, build

SEED_PATH = "/world/2025/03/28/ukraine-belgorod-incursion-russia-peace-talks/"


@pytest.fixture(scope="module")
def own_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A private copy: forgetting must not disturb the shared sample warehouse."""
    return build(tmp_path_factory.mktemp("lifecycle"))


def test_export_writes_every_table(
    own_warehouse: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "export"
    code = main(["export", "--format", "parquet", str(out_dir), "--db", str(own_warehouse.db)])
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert {r["table"] for r in records} == set(ALL_TABLES)
    articles = pl.read_parquet(out_dir / "dim_article.parquet")
    assert articles.height == next(r["rows"] for r in records if r["table"] == "dim_article") > 0


def test_forget_removes_an_article_from_every_layer(
    own_warehouse: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_reader(own_warehouse.db) as con:
        row = con.execute(
            "SELECT url, article_id FROM dim_article WHERE url LIKE ?", [f"%{SEED_PATH}"]
        ).fetchone()
    assert row, "the seed page is in the sample warehouse"
    url, article_id = row
    with open_reader(own_warehouse.db) as con:
        named = con.execute(
            "SELECT count(*) FROM fct_attribution_entity WHERE article_id = ?", [article_id]
        ).fetchone()
    assert named and named[0] > 0, "the seed's quotes name entities"
    code = main(["forget", url, "--db", str(own_warehouse.db), "--data", own_warehouse.data_root])
    (record,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0 and record["article_id"] == article_id
    assert record["warehouse_rows"] > 0 and record["raw_rows"] > 0
    with open_reader(own_warehouse.db) as con:
        for table in (
            "dim_article",
            "fct_entity_mention",
            "fct_date_mention",
            "fct_attribution",
            "fct_attribution_entity",
        ):
            left = con.execute(
                "SELECT count(*) FROM " + table + " WHERE article_id = ?",  # noqa: S608 - fixed names
                [article_id],
            ).fetchone()
            assert left == (0,), table
        logged = con.execute("SELECT url FROM forget_log").fetchall()
        # The per-day entity totals no longer count the article: one per (article, entity).
        totals = con.execute("SELECT sum(article_count) FROM fct_entity_day").fetchone()
        pairs = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT f.article_id, f.entity_id "
            "FROM fct_article_entity AS f INNER JOIN dim_article AS a USING (article_id))"
        ).fetchone()
        assert totals == pairs and pairs and pairs[0] > 0
        # The search index no longer holds the article (nor its words' counts).
        indexed = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE name = ?) FROM fts_main_dim_article.docs",
            [article_id],
        ).fetchone()
        articles = con.execute("SELECT count(*) FROM dim_article").fetchone()
        assert articles and indexed == (articles[0], 0)
    assert logged == [(url,)]
    raw = RawArchive(f"{own_warehouse.data_root}/raw")
    assert all(url not in raw.read(day)["url"].to_list() for day in raw.partitions())


def test_forget_removes_entities_only_that_article_named(
    own_warehouse: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    """A takedown must not leave a name behind: an entity no other article mentions goes
    from the dimensions, the staged entities (warehouse and lake) and the co-occurrences;
    entities other articles still mention stay."""
    lonely_sql = (
        "SELECT m.entity_id, e.name, any_value(a.url) AS url, any_value(m.article_id) "
        "FROM fct_entity_mention AS m JOIN dim_entity AS e USING (entity_id) "
        "JOIN dim_article AS a USING (article_id) "
        "GROUP BY m.entity_id, e.name HAVING count(DISTINCT m.article_id) = 1 "
        "ORDER BY count(*) DESC, e.name LIMIT 1"
    )
    with open_reader(own_warehouse.db) as con:
        found = con.execute(lonely_sql).fetchone()
        assert found, "the sample names some entity in one article only"
        entity_id, name, url, article_id = found
        shared = con.execute(
            "SELECT DISTINCT m.entity_id FROM fct_entity_mention AS m "
            "WHERE m.article_id = ? AND m.entity_id IN (SELECT entity_id FROM "
            "fct_entity_mention WHERE article_id <> ?)",
            [article_id, article_id],
        ).fetchall()
        doc_ids = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT doc_entity_id FROM fct_entity_mention "
                "WHERE article_id = ? AND entity_id = ?",
                [article_id, entity_id],
            ).fetchall()
        ]
    assert shared, "the article also names entities other articles name"
    code = main(["forget", url, "--db", str(own_warehouse.db), "--data", own_warehouse.data_root])
    capsys.readouterr()
    assert code == 0
    with open_reader(own_warehouse.db) as con:

        def count(sql: str, params: list[object]) -> int:
            row = con.execute(sql, params).fetchone()
            return int(row[0]) if row else -1

        assert count("SELECT count(*) FROM dim_entity WHERE entity_id = ?", [entity_id]) == 0
        assert count("SELECT count(*) FROM dim_entity WHERE name = ?", [name]) == 0
        assert count("SELECT count(*) FROM dim_entity_alias WHERE entity_id = ?", [entity_id]) == 0
        assert count("SELECT count(*) FROM stg_entity WHERE entity_id IN ?", [doc_ids]) == 0
        assert count("SELECT count(*) FROM stg_entity_alias WHERE entity_id IN ?", [doc_ids]) == 0
        assert (
            count(
                "SELECT count(*) FROM fct_entity_cooccurrence WHERE ? IN (entity_id_a, entity_id_b)",
                [entity_id],
            )
            == 0
        )
        kept = [r[0] for r in shared]
        assert count("SELECT count(*) FROM dim_entity WHERE entity_id IN ?", [kept]) == len(kept)
    lake_root = Path(own_warehouse.data_root)
    for table in ("stg_entities", "stg_entity_aliases"):
        files = list(lake_root.glob(f"silver/{table}/*/*.parquet"))
        assert files, table
        ids = pl.concat([pl.read_parquet(f).select("entity_id") for f in files])
        assert not ids.filter(pl.col("entity_id").is_in(doc_ids)).height, table


# An article that names entities other articles of its day name too, some of them under a
# spelling no other article uses, on the last-but-one day of the sample.
SHARED_PATH = "/world/2025/03/30/trump-angry-putin-secondary-tariffs-russian-oil/"
SHARED_DAYS = [date(2025, 3, 29), date(2025, 3, 30)]
# Every table built from staged entities, aliases or the facts' entity ids.
ENTITY_TABLES = (
    "stg_entity",
    "stg_entity_alias",
    "map_entity_resolution",
    "dim_entity",
    "dim_entity_alias",
    "dim_source",
    "fct_entity_mention",
    "fct_article_entity",
    "fct_attribution_entity",
    "fct_entity_cooccurrence",
    "fct_entity_day",
)
LAKE_ENTITY_TABLES = ("stg_entities", "stg_entity_aliases")


def _ingest(root: Path, days: list[date], without: str | None = None) -> Built:
    """An offline ingest of ``days`` of the sample; ``without`` names a page the corpus
    no longer serves (its feed links then 404), as if it had never been published."""
    with pytest.MonkeyPatch.context() as patch:
        if without is not None:
            served = corpus.load_manifest()
            kept = [e for e in served if not str(e["url"]).endswith(without)]
            assert len(kept) == len(served) - 1
            patch.setattr(corpus, "load_manifest", lambda: kept)
        return build(root, days)


def _entity_state(built: Built, *, lake: bool = True) -> dict[str, pl.DataFrame]:
    """The entity-level tables of the warehouse and (unless ``lake`` is false) the lake,
    in a comparable order."""
    state: dict[str, pl.DataFrame] = {}
    with open_reader(built.db) as con:
        for table in ENTITY_TABLES:
            frame = con.execute("SELECT * FROM " + table).pl()  # noqa: S608 - fixed names
            frame = frame.drop([c for c in ("pipeline_version", "model_version") if c in frame])
            state[table] = frame.sort(frame.columns)
    if not lake:
        return state
    silver = StorageResource(db_path=str(built.db), data_root=built.data_root).lake()
    for table in LAKE_ENTITY_TABLES:
        for day in built.days:
            frame = silver.read(table, day)
            assert frame is not None, (table, day)
            state[f"{table}/{day}"] = frame.sort(frame.columns)
    return state


def _assert_same(got: dict[str, pl.DataFrame], want: dict[str, pl.DataFrame]) -> None:
    assert got.keys() == want.keys()
    for name, frame in want.items():
        assert got[name].equals(frame), (
            f"{name}: {got[name].height} rows after forget, {frame.height} without the article"
        )


def test_forget_leaves_the_entities_a_fresh_ingest_without_the_article_gives(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a takedown every staged and dimension entity row, alias string and count (in
    the warehouse and the lake) is what an ingest that never saw the article produces,
    and reloading the day from the lake and finalizing again keeps it so."""
    ingested = _ingest(tmp_path_factory.mktemp("forget-shared"), SHARED_DAYS)
    without = _entity_state(
        _ingest(tmp_path_factory.mktemp("never-seen"), SHARED_DAYS, without=SHARED_PATH)
    )
    with open_reader(ingested.db) as con:
        row = con.execute(
            "SELECT url, article_id, partition_date FROM dim_article WHERE url LIKE ?",
            [f"%{SHARED_PATH}"],
        ).fetchone()
        assert row, "the article is in the sample"
        url, article_id, day = row
        # The defect needs an alias only this article used, of an entity others name.
        own_alias = con.execute(
            "SELECT count(*) FROM (SELECT surface, doc_entity_id FROM fct_entity_mention "
            "WHERE partition_date = ? GROUP BY ALL "
            "HAVING bool_and(article_id = ?) AND doc_entity_id IN (SELECT doc_entity_id "
            "FROM fct_entity_mention WHERE partition_date = ? AND article_id <> ?))",
            [day, article_id, day, article_id],
        ).fetchone()
    assert own_alias and own_alias[0] > 0
    before = _entity_state(ingested)
    assert not before["dim_entity_alias"].equals(without["dim_entity_alias"])

    code = main(["forget", url, "--db", str(ingested.db), "--data", ingested.data_root])
    capsys.readouterr()
    assert code == 0
    _assert_same(_entity_state(ingested), without)

    storage = StorageResource(db_path=str(ingested.db), data_root=ingested.data_root)
    lake, warehouse = storage.lake(), storage.warehouse()
    _, reuse = runner.load_step(day, lake, storage.raw(), warehouse)
    assert not reuse.skipped, "the takedown changed the day's staged files"
    runner.finalize(lake, warehouse)
    _assert_same(_entity_state(ingested), without)


# Three reports of one day. Two spell the union leader "Conor O'Brien", one (the article
# forgotten below) "Conor O’Brien" with a typographic apostrophe: both spellings key to
# the same entity, and the forgotten article names him more often than the other two
# together, so its spelling wins the day's name vote, and the entity's dimension row
# shows it, only while that article is there.
VOTE_DAY = date(2025, 4, 2)
KEPT_NAME = "Conor O'Brien"
FORGOTTEN_NAME = "Conor O’Brien"
VOTE_PAGES = {
    "https://harbor.example/news/2025/04/02/dock-strike-talks/": (
        "Dock strike talks resume in Dublin",
        [
            f"DUBLIN (Reuters) - {KEPT_NAME}, who leads the dockers' union, met port "
            "managers on Wednesday as talks to end a week-long strike resumed.",
            f"{KEPT_NAME} told reporters that an offer on night shifts was close, while "
            "the port authority said ferries to Holyhead would keep running.",
        ],
    ),
    "https://harbor.example/news/2025/04/02/ferry-timetable/": (
        "Ferry operators publish strike timetable",
        [
            "DUBLIN (Reuters) - Irish Ferries and Stena Line published a reduced "
            "timetable on Wednesday for sailings between Dublin and Holyhead.",
            "The operators said freight bookings had fallen by a third since the start "
            "of the strike and asked hauliers to check departures before travelling.",
        ],
    ),
    "https://thames.example/2025/04/02/dockers-leader-interview/": (
        "Dockers' leader says strike could end this week",
        [
            f"DUBLIN (AP) - {FORGOTTEN_NAME} said on Wednesday that the strike at the "
            "port could end this week if managers kept their word on night shifts.",
            f"Speaking at the union's offices, {FORGOTTEN_NAME} said members would vote "
            "on any offer, and that ferries to Holyhead had not been picketed.",
            f"Asked about pay, {FORGOTTEN_NAME} said the gap had narrowed to a few "
            "euros a week, though neither side has published its figures.",
        ],
    ),
}
VOTE_FORGOTTEN = "https://thames.example/2025/04/02/dockers-leader-interview/"


def _page_html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{VOTE_DAY}T09:00:00Z'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _vote_ingest(root: Path, urls: list[str]) -> Built:
    """``wirefacts ingest`` of a WARC holding the ``urls`` of :data:`VOTE_PAGES`."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    root.mkdir(parents=True, exist_ok=True)
    warc = root / "pages.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url in urls:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(_page_html(*VOTE_PAGES[url])),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": f"{VOTE_DAY}T12:00:00Z"},
                )
            )
    db, data = root / "w.duckdb", str(root / "lake")
    assert main(["ingest", str(warc), "--db", str(db), "--data", data, "--workers", "0"]) == 0
    return Built(db=db, data_root=data, days=[VOTE_DAY])


@pytest.fixture(scope="module")
def never_voted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """The entity tables of an ingest of the vote pages without the forgotten one."""
    kept = [url for url in VOTE_PAGES if url != VOTE_FORGOTTEN]
    return _entity_state(_vote_ingest(tmp_path_factory.mktemp("never-voted"), kept))


@pytest.mark.parametrize("lake_staged", [True, False], ids=["lake", "warehouse-only"])
def test_forget_takes_back_the_name_the_article_voted_for(
    lake_staged: bool,
    never_voted: dict[str, pl.DataFrame],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An article whose mentions decided an entity's name in its partition: after the
    takedown no staged or dimension row (warehouse or lake) keeps its spelling, and every
    entity table is what an ingest that never saw it gives. Without the day's staged
    entities in the lake (moved, pruned) the warehouse still takes the article's share
    out of its staged rows."""
    ingested = _vote_ingest(tmp_path, list(VOTE_PAGES))
    capsys.readouterr()
    before = _entity_state(ingested)
    # The precondition: the forgotten article's spelling is the one the day voted for.
    assert FORGOTTEN_NAME in before["stg_entity"]["name"].to_list()
    assert FORGOTTEN_NAME in before["dim_entity"]["name"].to_list()
    assert KEPT_NAME in never_voted["stg_entity"]["name"].to_list()
    want = dict(never_voted)
    if not lake_staged:
        lake = StorageResource(db_path=str(ingested.db), data_root=ingested.data_root).lake()
        for table in LAKE_ENTITY_TABLES:
            lake.delete(table, VOTE_DAY)
            del want[f"{table}/{VOTE_DAY}"]

    args = ["forget", VOTE_FORGOTTEN, "--db", str(ingested.db), "--data", ingested.data_root]
    assert main(args) == 0
    (record,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert record["warehouse_rows"] > 0
    after = _entity_state(ingested, lake=lake_staged)
    if not lake_staged:
        # The warehouse keeps no article's own name for an entity, so it cannot vote
        # again: it takes the article's mentions out of the alias counts and drops the
        # entities only the article named, and keeps the day's names as they were.
        assert after["stg_entity_alias"].equals(want["stg_entity_alias"])
        assert after["stg_entity"]["entity_id"].equals(want["stg_entity"]["entity_id"])
        return
    for table in ("stg_entity", "dim_entity", f"stg_entities/{VOTE_DAY}"):
        assert FORGOTTEN_NAME not in after[table]["name"].to_list(), table
    _assert_same(after, want)


def test_restaged_entities_follow_the_batches_an_ingest_without_the_article_makes() -> None:
    """A day's staged entities are one vote per annotation batch, merged (the first name
    in sort order wins between batches): voted again from the stored mentions without
    one article, they equal a fresh annotation of the rest, whose batches start one
    article later.

    In batches of two, [k1, gone] [k2, k3] become [k1, k2] [k3]: k1's lone "O'Brien"
    now loses its batch to k2's two "O’Brien", so the day's name turns "O’Brien"; voted
    in the old batches it would have stayed "O'Brien".
    """
    from pipelines import pipeline

    def text(name: str, times: int) -> str:
        said = " ".join(f"Later, {name} said the talks had been useful." for _ in range(times))
        return f"LONDON (Reuters) - Union officials met port managers on Tuesday. {said}"

    articles = pl.DataFrame(
        {
            "article_id": ["k1", "gone", "k2", "k3"],
            "text": [
                text(KEPT_NAME, 1),
                text(KEPT_NAME, 3),
                text(FORGOTTEN_NAME, 2),
                text(FORGOTTEN_NAME, 1),
            ],
        }
    )
    full = pipeline.annotate_articles(articles, chunk_size=2)
    rest = articles.filter(pl.col("article_id") != "gone")
    fresh = pipeline.annotate_articles(rest, chunk_size=2)
    assert FORGOTTEN_NAME in fresh.entities["name"].to_list()
    entities, aliases = pipeline.restage_entities(
        rest,
        full.entity_mentions.filter(pl.col("article_id") != "gone"),
        full.entities,
        full.aliases,
        chunk_size=2,
    )
    assert entities.sort(entities.columns).equals(fresh.entities.sort(entities.columns))
    assert aliases.sort(aliases.columns).equals(fresh.aliases.sort(aliases.columns))
