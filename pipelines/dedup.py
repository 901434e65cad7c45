"""Syndication clusters: the same wire story reprinted by many outlets on many days.

Reprints are near-duplicates, not duplicates: outlets add boilerplate, trim the
last paragraph, insert a local sentence or rewrite the headline. Each article
body is therefore reduced to a MinHash signature over word shingles
(``settings.quality.shingle_words`` words, ``minhash_perm`` permutations) and
an LSH index at ``settings.quality.lsh_threshold`` proposes candidate pairs.
Banding is probabilistic, so every candidate is verified before it is linked:
the pair must reach the threshold either as an estimated Jaccard similarity or
as an estimated containment (shared shingles over the smaller article's
shingles), the latter so that a copy cut to its first half still joins its
original. Verified pairs are joined into stories as connected components.

Clustering spans partitions, so the signatures live in one persisted index
(``<root_uri>/signatures.parquet``, any fsspec URI) that every partition run
adds to. Nothing depends on the order in which articles arrive: the verified
pairs are a function of the set of signatures alone (fixed hash seed, LSH
buckets are symmetric), components of a graph do not depend on edge order, and
the canonical article and ``story_id`` are chosen from the component's members
by a total order. ``story_id`` is derived from the canonical article's id, so a
story keeps its id when later copies join and changes only if a better canonical
(the wire's own page, or an earlier copy) turns up.

The index assumes a single writer, which is how the non-partitioned clustering
step runs.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import numpy as np
import polars as pl
from upath import UPath

from pipelines.dateline import normalize_agency
from pipelines.settings import Settings, get_settings

if TYPE_CHECKING:
    # datasketch imports scipy (~0.7 CPU-s per process), so it is imported where signatures
    # are made and stories clustered, not by every process that imports this module.
    from datasketch import MinHash, MinHashLSH

SIGNATURES_FILE = "signatures.parquet"
# Pinned so signatures written today stay comparable after a datasketch upgrade.
MINHASH_SCHEME = "affine32"
MINHASH_SEED = 1
# Containment (rather than Jaccard) is only trusted between articles that both
# have this many shingles; a three-line brief is "contained" in too much.
MIN_SHINGLES_FOR_CONTAINMENT = 20
# A pair also links when the smaller body is this much contained in the larger.
CONTAINMENT_THRESHOLD = 0.8
# LSH banding threshold relative to ``lsh_threshold`` (see ``StoryIndex._new_lsh``).
CANDIDATE_THRESHOLD_FACTOR = 2 / 3
# Articles with fewer shingles than this are kept as singleton stories: their
# few shingles are mostly datelines and bylines shared by unrelated stories.
MIN_SHINGLES_TO_LINK = 8

# Hosts of the agencies' own sites, so the wire's page can be preferred as the
# canonical copy. Keys are the normalised (``_norm_name``) forms of the agency
# names ``pipelines.dateline.normalize_agency`` produces.
AGENCY_HOSTS: dict[str, tuple[str, ...]] = {
    "ap": ("apnews.com", "ap.org"),
    "reuters": ("reuters.com",),
    "afp": ("afp.com",),
    "bloomberg": ("bloomberg.com",),
    "dpa": ("dpa.com", "dpa-international.com"),
    "ansa": ("ansa.it",),
    "efe": ("efe.com",),
    "pa": ("pa.media",),
    "upi": ("upi.com",),
    "xinhua": ("xinhuanet.com", "news.cn"),
    "kyodo": ("kyodonews.net",),
    "jiji": ("jiji.com",),
    "yonhap": ("yna.co.kr",),
    "tass": ("tass.com", "tass.ru"),
    "interfax": ("interfax.com", "interfax.ru"),
    "rianovosti": ("ria.ru",),
    "anadolu": ("aa.com.tr",),
    "pti": ("ptinews.com",),
    "ani": ("aninews.in",),
    "cp": ("thecanadianpress.com",),
    "aap": ("aap.com.au",),
    "europapress": ("europapress.es",),
    "lusa": ("lusa.pt",),
    "bernama": ("bernama.com",),
    "antara": ("antaranews.com",),
    "pap": ("pap.pl",),
    "apa": ("apa.at",),
    "anp": ("anp.nl",),
    "ntb": ("ntb.no",),
    "ritzau": ("ritzau.dk",),
    "wam": ("wam.ae",),
    "cnn": ("cnn.com",),
    "nyt": ("nytimes.com",),
    "swns": ("swns.com",),
}

SIGNATURE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "article_id": pl.Utf8,
    "fingerprint": pl.Utf8,
    "num_shingles": pl.Int64,
    "hashvalues": pl.List(pl.UInt32),
    "published_at": pl.Datetime("us", "UTC"),
    "url": pl.Utf8,
    "wire_agency": pl.Utf8,
    "site_name": pl.Utf8,
}
STORY_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "story_id": pl.Utf8,
    "canonical_article_id": pl.Utf8,
    "first_seen": pl.Datetime("us", "UTC"),
    "copies": pl.Int64,
}
MAP_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "article_id": pl.Utf8,
    "story_id": pl.Utf8,
    "similarity_to_canonical": pl.Float64,
}

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _Entry:
    """One indexed article: its signature and the metadata canonical choice needs."""

    article_id: str
    fingerprint: str
    num_shingles: int
    hashvalues: np.ndarray
    published_at: datetime | None
    url: str | None
    wire_agency: str | None
    site_name: str | None

    @property
    def linkable(self) -> bool:
        return self.num_shingles >= MIN_SHINGLES_TO_LINK


def words(text: str) -> list[str]:
    """Lower-cased word tokens after Unicode normalisation (curly quotes, ligatures, widths)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def shingles(text: str, size: int) -> set[bytes]:
    """Distinct ``size``-word shingles; a text shorter than ``size`` words is one shingle."""
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")}
    return {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


def fingerprint(text: str, settings: Settings) -> str:
    """Identity of a body as the index sees it: normalised words plus the signature parameters.

    Including the parameters means a change of ``shingle_words`` or
    ``minhash_perm`` makes every re-added article count as changed.
    """
    quality = settings.quality
    digest = hashlib.sha256(f"{quality.shingle_words}:{quality.minhash_perm}:".encode())
    digest.update(" ".join(words(text)).encode("utf-8"))
    return digest.hexdigest()


@functools.cache
def _permutations(num_perm: int) -> np.ndarray:
    """The pinned seed's permutation parameters, drawn once per process.

    datasketch draws them from the seed for every MinHash it builds; the index builds
    two per article on each finalize, and the draws were most of its CPU time.
    """
    from datasketch import MinHash

    drawn = np.asarray(
        MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations
    )
    drawn.setflags(write=False)  # shared by every MinHash built from it
    return drawn


def signature(shingle_set: Iterable[bytes], num_perm: int) -> np.ndarray:
    """MinHash values of a shingle set with the pinned seed and scheme."""
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=num_perm,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        permutations=_permutations(num_perm),
    )
    items = list(shingle_set)
    if items:
        minhash.update_batch(items)
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of MinHash slots on which two signatures agree."""
    return float(np.count_nonzero(a == b)) / len(a) if len(a) and len(a) == len(b) else 0.0


def estimate_containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Shared shingles over the smaller set, from Jaccard and the two set sizes.

    |A∩B| = J (|A| + |B|) / (1 + J), which lets a trimmed or padded copy be
    recognised even when its Jaccard similarity with the original is modest.
    """
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, shared / smaller)


def is_wire_page(url: str | None, site_name: str | None, wire_agency: str | None) -> bool:
    """Whether the article is the credited agency's own page (its site, not a client's)."""
    agency = _norm_name(wire_agency)
    if not agency:
        return False
    if site_name:
        site = _norm_name(normalize_agency(site_name) or site_name)
        if site in {agency, f"{agency}news", f"the{agency}"}:
            return True
    host = (urlsplit(url).hostname or "").lower() if url else ""
    if not host:
        return False
    known = AGENCY_HOSTS.get(agency, ())
    return any(host == h or host.endswith("." + h) for h in known)


def _norm_name(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", name or "").lower())


def story_id_for(canonical_article_id: str) -> str:
    """Stable story key derived from the canonical article (see the module docstring)."""
    return "st_" + hashlib.blake2b(canonical_article_id.encode("utf-8"), digest_size=8).hexdigest()


class StoryIndex:
    """Persisted MinHash index of article bodies with order-independent story clustering.

    ``root_uri`` is a folder URI (local path, ``file://``, ``s3://``, ...); the
    signatures live in ``<root_uri>/signatures.parquet``. A new object on the
    same root sees everything earlier objects added.
    """

    def __init__(self, root_uri: str, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        quality = self.settings.quality
        self.num_perm = quality.minhash_perm
        self.threshold = quality.lsh_threshold
        self.shingle_words = quality.shingle_words
        self.root = UPath(root_uri)
        self._entries: dict[str, _Entry] = {}
        self._in_lsh: set[str] = set()
        self._lsh = self._new_lsh()
        self._load()

    # -- public API -------------------------------------------------------

    def add(self, articles: pl.DataFrame) -> int:
        """Index new or changed article bodies; returns how many signatures were written.

        Expects ``article_id``, ``text``, ``published_at``, ``url``,
        ``wire_agency`` and ``site_name``. An article already indexed with the
        same body is a no-op for its signature (its metadata is refreshed); a
        changed body replaces the old signature. Within one call the last row
        of a repeated ``article_id`` wins.
        """
        if articles.is_empty():
            return 0
        latest: dict[str, dict[str, object]] = {
            str(row["article_id"]): row for row in _normalise_input(articles)
        }

        def signed(row: dict[str, object]) -> tuple[int, np.ndarray]:
            shingle_set = shingles(str(row.get("text") or ""), self.shingle_words)
            return len(shingle_set), signature(shingle_set, self.num_perm)

        return self._upsert(
            (
                (article_id, fingerprint(str(row.get("text") or ""), self.settings), row, signed)
                for article_id, row in latest.items()
            )
        )

    def add_signed(self, signed: pl.DataFrame) -> int:
        """:meth:`add` for rows :func:`sign_articles` made with this index's settings, so
        the signatures come from wherever the articles were staged; same result, same
        return value."""

        def stored(row: dict[str, object]) -> tuple[int, np.ndarray]:
            return int(row["num_shingles"]), np.asarray(row["hashvalues"], dtype=np.uint32)  # type: ignore[call-overload]

        return self._upsert(
            (str(row["article_id"]), str(row["fingerprint"]), row, stored)
            for row in signed.iter_rows(named=True)
        )

    def _upsert(
        self,
        items: Iterable[
            tuple[
                str, str, dict[str, object], Callable[[dict[str, object]], tuple[int, np.ndarray]]
            ]
        ],
    ) -> int:
        """Index each (article id, body fingerprint, row, signer): an unchanged body only
        refreshes the metadata, a new or changed one is signed (only then) and indexed."""
        changed = 0
        metadata_changed = False
        for article_id, digest, row, sign in items:
            old = self._entries.get(article_id)
            if old is not None and old.fingerprint == digest:
                refreshed = _Entry(
                    article_id,
                    old.fingerprint,
                    old.num_shingles,
                    old.hashvalues,
                    _as_utc(row.get("published_at")),
                    _opt_str(row.get("url")),
                    _opt_str(row.get("wire_agency")),
                    _opt_str(row.get("site_name")),
                )
                if refreshed != old:
                    self._entries[article_id] = refreshed
                    metadata_changed = True
                continue
            num_shingles, hashvalues = sign(row)
            entry = _Entry(
                article_id,
                digest,
                num_shingles,
                hashvalues,
                _as_utc(row.get("published_at")),
                _opt_str(row.get("url")),
                _opt_str(row.get("wire_agency")),
                _opt_str(row.get("site_name")),
            )
            self._unindex(article_id)
            self._entries[article_id] = entry
            self._index(entry)
            changed += 1
        if changed or metadata_changed:
            self._save()
        return changed

    def remove(self, article_ids: Sequence[str]) -> None:
        """Drop articles (takedowns); their stories are recomputed without them."""
        removed = False
        for article_id in article_ids:
            if article_id in self._entries:
                self._unindex(article_id)
                del self._entries[article_id]
                removed = True
        if removed:
            self._save()

    def stories(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(``dim_story``, article → story map) over everything in the index.

        Every article belongs to exactly one story; an article with no verified
        copy is a story of one. ``copies`` counts all member articles, the
        canonical included. ``similarity_to_canonical`` is the estimated
        Jaccard similarity of the article's body to the canonical one (1.0 for
        the canonical itself).
        """
        parent = {article_id: article_id for article_id in self._entries}

        def find(item: str) -> str:
            while parent[item] != item:
                parent[item] = parent[parent[item]]
                item = parent[item]
            return item

        for a, b in self._verified_pairs():
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                # Union by the smaller id keeps the structure deterministic too.
                low, high = sorted((root_a, root_b))
                parent[high] = low

        members: dict[str, list[_Entry]] = {}
        for article_id, entry in self._entries.items():
            members.setdefault(find(article_id), []).append(entry)

        story_rows: list[dict[str, object]] = []
        map_rows: list[dict[str, object]] = []
        for group in members.values():
            canonical = min(group, key=_canonical_key)
            story_id = story_id_for(canonical.article_id)
            seen = [e.published_at for e in group if e.published_at is not None]
            story_rows.append(
                {
                    "story_id": story_id,
                    "canonical_article_id": canonical.article_id,
                    "first_seen": min(seen) if seen else None,
                    "copies": len(group),
                }
            )
            for entry in group:
                similarity = (
                    1.0
                    if entry is canonical
                    else estimate_jaccard(entry.hashvalues, canonical.hashvalues)
                )
                map_rows.append(
                    {
                        "article_id": entry.article_id,
                        "story_id": story_id,
                        "similarity_to_canonical": similarity,
                    }
                )
        dim_story = pl.DataFrame(story_rows, schema=STORY_SCHEMA).sort("story_id")
        article_story = pl.DataFrame(map_rows, schema=MAP_SCHEMA).sort("article_id")
        return dim_story, article_story

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._entries

    # -- clustering -------------------------------------------------------

    def linked(self, a: _Entry, b: _Entry) -> bool:
        """Verify an LSH candidate pair by estimated Jaccard or containment."""
        if not (a.linkable and b.linkable) or len(a.hashvalues) != len(b.hashvalues):
            return False
        jaccard = estimate_jaccard(a.hashvalues, b.hashvalues)
        if jaccard >= self.threshold:
            return True
        if min(a.num_shingles, b.num_shingles) < MIN_SHINGLES_FOR_CONTAINMENT:
            return False
        containment = estimate_containment(jaccard, a.num_shingles, b.num_shingles)
        return containment >= self._containment_threshold

    @property
    def _containment_threshold(self) -> float:
        # Containment of a genuine reprint is near 1 even when Jaccard is not;
        # demanding more than the Jaccard threshold keeps unrelated articles
        # that share a long boilerplate block apart.
        return max(self.threshold, CONTAINMENT_THRESHOLD)

    def _verified_pairs(self) -> list[tuple[str, str]]:
        pairs: set[tuple[str, str]] = set()
        for article_id, entry in self._entries.items():
            if article_id not in self._in_lsh:
                continue
            for other_id in self._lsh.query(self._minhash(entry)):
                if other_id == article_id:
                    continue
                pair = (article_id, other_id) if article_id < other_id else (other_id, article_id)
                if pair in pairs:
                    continue
                if self.linked(entry, self._entries[other_id]):
                    pairs.add(pair)
        return sorted(pairs)

    def _new_lsh(self) -> MinHashLSH:
        """Banding for candidate generation, deliberately looser than the verify threshold.

        Banded at ``lsh_threshold`` itself, a pair sitting right at the
        threshold is proposed only about half the time; at two thirds of it,
        such pairs are proposed ~99% of the time and trimmed copies (lower
        Jaccard, high containment) mostly too. Verification then removes the
        extra candidates, so the looser banding costs time, not precision.
        """
        candidate_threshold = self.threshold * CANDIDATE_THRESHOLD_FACTOR
        from datasketch import MinHashLSH

        return MinHashLSH(threshold=candidate_threshold, num_perm=self.num_perm)

    def _minhash(self, entry: _Entry) -> MinHash:
        from datasketch import MinHash

        return MinHash(
            num_perm=self.num_perm,
            seed=MINHASH_SEED,
            scheme=MINHASH_SCHEME,
            hashvalues=entry.hashvalues,
            permutations=_permutations(self.num_perm),
        )

    def _index(self, entry: _Entry) -> None:
        if entry.linkable and len(entry.hashvalues) == self.num_perm:
            self._lsh.insert(entry.article_id, self._minhash(entry))
            self._in_lsh.add(entry.article_id)

    def _unindex(self, article_id: str) -> None:
        if article_id in self._in_lsh:
            self._lsh.remove(article_id)
            self._in_lsh.discard(article_id)

    # -- persistence ------------------------------------------------------

    @property
    def _file(self) -> UPath:
        return self.root / SIGNATURES_FILE

    def _load(self) -> None:
        """Read the persisted signatures; ones made with another ``minhash_perm`` stay unlinked."""
        path = self._file
        if not path.exists():
            return
        with path.open("rb") as fh:
            frame = pl.read_parquet(io.BytesIO(fh.read()))
        for row in frame.iter_rows(named=True):
            entry = _Entry(
                row["article_id"],
                row["fingerprint"],
                int(row["num_shingles"]),
                np.asarray(row["hashvalues"], dtype=np.uint32),
                row["published_at"],
                row["url"],
                row["wire_agency"],
                row["site_name"],
            )
            self._entries[entry.article_id] = entry
            self._index(entry)

    def _save(self) -> None:
        """Rewrite the signature file atomically (temp file, then move)."""
        rows = [
            {
                "article_id": e.article_id,
                "fingerprint": e.fingerprint,
                "num_shingles": e.num_shingles,
                "hashvalues": e.hashvalues.tolist(),
                "published_at": e.published_at,
                "url": e.url,
                "wire_agency": e.wire_agency,
                "site_name": e.site_name,
            }
            for e in sorted(self._entries.values(), key=lambda e: e.article_id)
        ]
        frame = pl.DataFrame(rows, schema=SIGNATURE_SCHEMA)
        buffer = io.BytesIO()
        frame.write_parquet(buffer, compression="zstd")
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._file
        temp = self.root / f"{SIGNATURES_FILE}.{uuid.uuid4().hex}.tmp"
        with temp.open("wb") as fh:
            fh.write(buffer.getvalue())
        temp.fs.mv(temp.path, target.path)


def sign_articles(articles: pl.DataFrame, settings: Settings | None = None) -> pl.DataFrame:
    """Every article's signature and the metadata the index keeps (``SIGNATURE_SCHEMA``),
    for :meth:`StoryIndex.add_signed` on an index with the same settings.

    Signing is most of what adding to the index costs; done per partition where the
    articles are staged, it runs in the partition workers instead of the one process
    that clusters every partition's articles afterwards. A repeated ``article_id`` keeps
    its first position and its last row, as :meth:`StoryIndex.add` reads it.
    """
    settings = settings or get_settings()
    quality = settings.quality
    latest: dict[str, dict[str, object]] = (
        {str(row["article_id"]): row for row in _normalise_input(articles)}
        if not articles.is_empty()
        else {}
    )
    rows = []
    for article_id, row in latest.items():
        text = str(row.get("text") or "")
        shingle_set = shingles(text, quality.shingle_words)
        rows.append(
            {
                "article_id": article_id,
                "fingerprint": fingerprint(text, settings),
                "num_shingles": len(shingle_set),
                "hashvalues": signature(shingle_set, quality.minhash_perm).tolist(),
                "published_at": _as_utc(row.get("published_at")),
                "url": _opt_str(row.get("url")),
                "wire_agency": _opt_str(row.get("wire_agency")),
                "site_name": _opt_str(row.get("site_name")),
            }
        )
    return pl.DataFrame(rows, schema=SIGNATURE_SCHEMA)


def _canonical_key(entry: _Entry) -> tuple[int, int, datetime, str]:
    """Total order for the canonical copy: the wire's own page, then the earliest, then the id."""
    own = 0 if is_wire_page(entry.url, entry.site_name, entry.wire_agency) else 1
    missing = 1 if entry.published_at is None else 0
    when = entry.published_at or datetime.max.replace(tzinfo=UTC)
    return own, missing, when, entry.article_id


def _normalise_input(articles: pl.DataFrame) -> list[dict[str, object]]:
    """Rows with every expected column present (absent optional ones as null)."""
    if "article_id" not in articles.columns or "text" not in articles.columns:
        raise ValueError("StoryIndex.add needs at least the article_id and text columns")
    frame = articles
    for column in ("published_at", "url", "wire_agency", "site_name"):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(column))
    frame = frame.filter(pl.col("article_id").is_not_null())
    return frame.select(
        "article_id", "text", "published_at", "url", "wire_agency", "site_name"
    ).to_dicts()


def _as_utc(value: object) -> datetime | None:
    """Timestamps as aware UTC; naive ones are taken to be UTC already."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)
