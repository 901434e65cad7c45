"""Syndication-aware NLP: annotate a reprinted wire story once, not once per outlet.

Wire copy is reprinted by many outlets with small edits (a changed word, a contributor
line, a trimmed ending). Running NER on every copy repeats the most expensive step of
the pipeline on text it has already seen. Two levels of reuse:

- An *exact* copy, whose text and annotation context (anchor date, dateline place and
  country) equal an earlier article's, takes that article's raw mentions, dates and
  quotes relabelled, with no doc at all (``pipeline._exact_copies``). Entity
  normalization still runs over the whole chunk, so the dimension tables and alias
  counts are computed exactly as from scratch; the quotes are taken only when the
  copy's normalized mentions equal the first print's.
- A *near* copy: :func:`match_copies` finds the earlier print it shares most text with
  (paragraph hashes in polars), :func:`plan_copy` aligns the two bodies by lines, then by
  words inside changed lines (difflib), and decides which stretches of the copy take the
  source's annotations by offset and which must be annotated again.

Why the near-copy result equals annotating the copy from scratch: spaCy's small pipeline
is local. The token vectors see four tokens either side, NER and the sentence recognizer
decide from those vectors, and outside an entity the NER state carries nothing along. A
stretch of the copy that is identical to the source *including a margin of context on
both sides* therefore gets the same tokens, vectors, sentence starts and entities; only
the edits and their neighbours within the margin are re-run, inside a window that gives
them their real context. :func:`assemble_doc` then builds the copy's ``Doc`` (tokens
from the tokenizer, entities, sentence starts and token vectors from the two sources),
and the downstream steps (mentions, dates, quotes) run on it exactly as on a fresh one.
An assembled doc equals the fresh one, so it may serve as the source of a later copy.
Any inconsistency (tokens that do not line up, an entity across a seam) makes
:func:`assemble_doc` return ``None`` and the caller annotates the copy from scratch, so
reuse can only save work, never silently change a fact. ``tests/test_reuse.py`` checks
the equality on edited copies of real articles.

The quote finder's most expensive steps, embedding its cue sentences for the tagger and
parser and parsing them, are shared the same way: a sentence's vectors, hence its parse,
depend only on the tokens within the encoder's margin, so :class:`ParseCache` keeps the
parsed sentences by those tokens and a reprint embeds and parses only the sentences next
to its edits.

Not done yet: near copies still run mentions, dates and the quote finder's extraction
rules on the whole assembled doc. Taking those over per unchanged sentence needs care:
quote attribution carries state across sentences (pronoun antecedents, descriptors named
earlier, roles named up to two paragraphs later) and entity names are chosen per document.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from pipelines.nlp import remember_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Characters of identical context required on each side of a reused stretch. The model's
# receptive field is four tokens; 100 characters covers that for any ordinary prose.
MARGIN_CHARS = 100
# A paragraph counts towards the match only when it is this long (short lines such as
# "Advertisement" or a lone byline are shared by unrelated pages).
MIN_PARAGRAPH_CHARS = 40
# An article is a copy when at least this share of its characters sits in paragraphs
# that also appear, verbatim, in the source.
MIN_SHARED = 0.6
# Words and the whitespace between them, the units of the alignment inside a line.
_PIECES = re.compile(r"\s+|\S+")


class ParseCache(MutableMapping[Any, Any]):
    """Least recently used parsed cue sentences by the text they depend on, bounded in rows
    (tokens).

    :func:`pipelines.quotes.find_attributions` embeds and parses its cue sentences on
    their own; a reprint repeats most of them verbatim, so it reads their parses from here
    instead of running the encoder, tagger and parser again. The quote finder owns the
    keys; this only bounds the memory they hold.
    """

    def __init__(self, max_rows: int = 100_000) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self.max_rows = max_rows
        self.rows = 0
        self.hits = 0

    def __getitem__(self, key: Any) -> Any:
        value = self._items[key]
        self._items.move_to_end(key)
        self.hits += 1
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        if key in self._items:
            del self[key]
        self._items[key] = value
        self.rows += len(value)
        while self.rows > self.max_rows and len(self._items) > 1:
            _, old = self._items.popitem(last=False)
            self.rows -= len(old)

    def __delitem__(self, key: Any) -> None:
        self.rows -= len(self._items.pop(key))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def match_copies(
    ids: Sequence[str],
    texts: Sequence[str],
    *,
    min_shared: float = MIN_SHARED,
    min_paragraph_chars: int = MIN_PARAGRAPH_CHARS,
) -> dict[str, str]:
    """``{copy_id: source_id}``: each copy's closest earlier print.

    The first print of a story is annotated from scratch; a later print derives from the
    earlier one it shares most text with, which may itself be a copy: an assembled doc
    equals the from-scratch doc, so it serves as a source just as well, and the closest
    print leaves the fewest characters to re-annotate (a print that only adds a line
    derives from its twin, not from a sibling with edits of its own).
    """
    if len(ids) < 2:
        return {}
    frame = pl.DataFrame(
        {"pos": list(range(len(ids))), "text": list(texts)},
        schema={"pos": pl.Int64, "text": pl.Utf8},
    )
    lengths = frame.select("pos", pl.col("text").str.len_chars().alias("chars"))
    paragraphs = (
        frame.select("pos", pl.col("text").str.split("\n").alias("para"))
        .explode("para")
        .filter(pl.col("para").str.len_chars() >= min_paragraph_chars)
        .unique(subset=["pos", "para"])
        .select("pos", pl.col("para").hash().alias("h"), pl.col("para").str.len_chars().alias("n"))
    )
    shared = (
        paragraphs.join(paragraphs, on="h", suffix="_src")
        .filter(pl.col("pos_src") < pl.col("pos"))
        .group_by("pos", "pos_src")
        .agg(pl.col("n").sum().alias("shared"))
        .join(lengths, on="pos")
        .filter(pl.col("shared") >= min_shared * pl.col("chars"))
        .sort(["pos", "shared", "pos_src"], descending=[False, True, False])
    )
    best = shared.unique(subset=["pos"], keep="first", maintain_order=True)
    return {ids[pos]: ids[src] for pos, src in best.select("pos", "pos_src").iter_rows()}


@dataclass(frozen=True)
class Window:
    """A stretch of the copy to annotate again: ``[keep_start, keep_end)`` inside
    ``[start, end)``, the extra text around it being context for the model."""

    start: int
    end: int
    keep_start: int
    keep_end: int


@dataclass
class CopyPlan:
    """How to annotate a copy: stretches taken from the source, windows re-run."""

    # (start, end, shift): copy characters [start, end) equal source [start+shift, end+shift).
    copied: list[tuple[int, int, int]] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)

    @property
    def reannotated_chars(self) -> int:
        return sum(w.end - w.start for w in self.windows)


def _lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return lines, starts


def _word_blocks(
    a_line: str, a_start: int, b_line: str, b_start: int
) -> list[tuple[int, int, int]]:
    """Identical runs of words and spaces inside a changed line: ``(copy, source, length)``."""
    a_pieces = _PIECES.findall(a_line)
    b_pieces = _PIECES.findall(b_line)
    a_offsets = list(itertools.accumulate((len(p) for p in a_pieces), initial=a_start))
    b_offsets = list(itertools.accumulate((len(p) for p in b_pieces), initial=b_start))
    matcher = difflib.SequenceMatcher(None, a_pieces, b_pieces, autojunk=False)
    return [
        (b_offsets[j], a_offsets[i], b_offsets[j + n] - b_offsets[j])
        for i, j, n in matcher.get_matching_blocks()
        if n
    ]


def _matching_blocks(source: str, copy: str) -> list[tuple[int, int, int]]:
    """Identical stretches of the two texts as ``(copy start, source start, length)``.

    Lines are aligned first; a line replaced by exactly one line is then aligned word by
    word, so a one-word edit costs a window around that word, not around its paragraph.
    Stretches that continue each other at the same shift are merged, so a margin is only
    paid where the texts really differ.
    """
    a_lines, a_starts = _lines(source)
    b_lines, b_starts = _lines(copy)
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    blocks: list[tuple[int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            end = b_starts[j2 - 1] + len(b_lines[j2 - 1])
            blocks.append((b_starts[j1], a_starts[i1], end - b_starts[j1]))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                blocks += _word_blocks(
                    a_lines[i1 + k], a_starts[i1 + k], b_lines[j1 + k], b_starts[j1 + k]
                )
    merged: list[tuple[int, int, int]] = []
    for start, src, length in blocks:
        if merged:
            p_start, p_src, p_len = merged[-1]
            gap = start - (p_start + p_len)
            if (
                start - src == p_start - p_src
                and 0 <= gap <= 1
                and copy[p_start + p_len : start] == source[p_src + p_len : src]
            ):
                merged[-1] = (p_start, p_src, start + length - p_start)
                continue
        merged.append((start, src, length))
    return merged


def plan_copy(source: str, copy: str, margin: int = MARGIN_CHARS) -> CopyPlan:
    """Which stretches of ``copy`` take ``source``'s annotations, and which are re-run.

    The texts are aligned by lines, then by words inside changed lines
    (:func:`_matching_blocks`); inside each identical stretch, everything farther than
    ``margin`` characters from a difference (or at a shared start or end of both texts)
    is copied. Everything else is re-annotated inside a window extended by at least
    ``margin`` characters of the copy's own text on each side, cut at whitespace (whole
    neighbouring paragraphs would double the work for nothing).
    """
    trusted: list[tuple[int, int, int]] = []
    for start, src, length in _matching_blocks(source, copy):
        lo = start if (start == 0 and src == 0) else start + margin
        at_end = start + length == len(copy) and src + length == len(source)
        hi = start + length if at_end else start + length - margin
        if hi > lo:
            trusted.append((lo, hi, src - start))
    plan = CopyPlan()
    # Copied stretches are cut at whitespace: a token never straddles their edges.
    for lo, hi, shift in sorted(trusted):
        start = lo if lo == 0 else _space_before(copy, lo, inward=True)
        end = hi if hi == len(copy) else _space_after(copy, hi, inward=True)
        if end > start:
            plan.copied.append((start, end, shift))
    # Everything between copied stretches is re-annotated, with context around it.
    edges = [0]
    for start, end, _shift in plan.copied:
        edges += [start, end]
    edges.append(len(copy))
    for keep_start, keep_end in zip(edges[::2], edges[1::2], strict=True):
        if keep_end > keep_start:
            plan.windows.append(
                Window(
                    _space_before(copy, keep_start - margin),
                    _space_after(copy, keep_end + margin),
                    keep_start,
                    keep_end,
                )
            )
    return plan


def _space_before(text: str, pos: int, *, inward: bool = False) -> int:
    """A token boundary just after whitespace, at or before ``pos`` (after, if ``inward``).

    The tokenizer splits on whitespace before anything else, so text that starts just
    after a space tokenizes exactly as it does inside the whole text.
    """
    if pos <= 0:
        return 0
    if inward:
        if text[pos - 1] in " \n":
            return pos
        found = [i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0]
        return min(found) + 1 if found else len(text)
    cut = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos))
    return cut + 1 if cut >= 0 else 0


def _space_after(text: str, pos: int, *, inward: bool = False) -> int:
    """A whitespace position at or after ``pos`` (at or before, if ``inward``), or an end."""
    if pos >= len(text):
        return len(text)
    if inward:
        cut = max(text.rfind(" ", 0, pos + 1), text.rfind("\n", 0, pos + 1))
        return max(cut, 0)
    found = [i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0]
    return min(found) if found else len(text)


def _token_arrays(doc: Doc) -> tuple[Any, Any, Any]:
    """Token offsets, orth ids and sentence starts of a doc as numpy columns."""
    from spacy.attrs import IDX, ORTH, SENT_START

    table = doc.to_array([IDX, ORTH, SENT_START])
    # SENT_START is stored unsigned: 1 starts a sentence, -1 does not, 0 is unset.
    return table[:, 0].astype(np.int64), table[:, 1], table[:, 2].astype(np.int64)


def assemble_doc(
    nlp: Language, copy: str, plan: CopyPlan, source: Doc, windows: Sequence[Doc]
) -> Doc | None:
    """The copy's ``Doc`` from the source's and the windows' annotations, or ``None``.

    ``windows[i]`` is the NER pipeline's doc of ``copy[plan.windows[i].start:...end]``.
    Each token of the copy takes its sentence start and vector from the doc it was
    annotated in; entities are taken by their start. ``None`` when anything fails to line
    up, so the caller falls back to annotating the copy from scratch.
    """
    from spacy.attrs import SENT_START

    doc = nlp.make_doc(copy)
    # Mentions, dates and quotes read the text; rebuilding it from tokens costs ~0.5 ms.
    remember_text(doc, copy)
    # (origin doc, offset of the copy's char 0 in that doc, copy range it rules)
    origins: list[tuple[Doc, int, int, int]] = [
        (source, shift, start, end) for start, end, shift in plan.copied
    ]
    origins += [
        (wdoc, -w.start, w.keep_start, w.keep_end)
        for w, wdoc in zip(plan.windows, windows, strict=True)
    ]
    origins.sort(key=lambda o: o[2])
    n = len(doc)
    c_idx, c_orth, _ = _token_arrays(doc)
    # spaCy's SENT_START: 1 starts a sentence, -1 does not (stored as uint64).
    sent = np.full(n, -1, dtype=np.int64)
    covered = np.zeros(n, dtype=bool)
    width = source.tensor.shape[1] if source.tensor is not None and source.tensor.size else 0
    tensor = np.zeros((n, width), dtype="float32") if width else None
    arrays: dict[int, tuple[Any, Any, Any]] = {}
    for odoc, offset, lo, hi in origins:
        a, b = np.searchsorted(c_idx, [lo, hi])
        if b <= a:
            continue
        if id(odoc) not in arrays:
            arrays[id(odoc)] = _token_arrays(odoc)
        o_idx, o_orth, o_sent = arrays[id(odoc)]
        want = c_idx[a:b] + offset
        j = np.searchsorted(o_idx, want)
        if j[-1] >= len(o_idx) or not np.array_equal(o_idx[j], want):
            return None
        if not np.array_equal(o_orth[j], c_orth[a:b]):
            return None
        sent[a:b] = np.where(o_sent[j] == 1, 1, -1)
        covered[a:b] = True
        if tensor is not None:
            if odoc.tensor is None or odoc.tensor.shape[1] != width:
                return None
            tensor[a:b] = odoc.tensor[j]
    if n and not covered.all():
        return None
    if n:
        sent[0] = 1
    ents: list[Any] = []
    for odoc, offset, lo, hi in origins:
        for ent in odoc.ents:
            start = ent.start_char - offset
            if not lo <= start < hi:
                continue
            span = doc.char_span(start, ent.end_char - offset, label=ent.label_)
            if span is None:
                return None
            ents.append(span)
    ents.sort(key=lambda s: s.start)
    for a, b in zip(ents, ents[1:], strict=False):
        if b.start < a.end:
            return None
    doc.from_array([SENT_START], sent.reshape(-1, 1).astype(np.uint64))  # type: ignore[arg-type]
    doc.ents = ents
    if tensor is not None:
        doc.tensor = tensor
    return doc
