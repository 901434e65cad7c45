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
them their real context. :func:`assemble_doc` then builds the copy's ``Doc`` (tokens,
entities, sentence starts and token vectors from the two sources; stretches are cut
where a word follows whitespace, where the tokenizer cuts too, so the copy is never
tokenized), and the downstream steps (mentions, dates, quotes) run on it exactly as on
a fresh one.
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

The quote finder's rules are taken over for a near copy's opening (the copied stretch
at its start, when there is one): they run over cue sentences in order and carry state
from one to the next (antecedents, descriptors), so the cue sentences before the first
edit's margin, with equal mentions up to there, found what they found in the source
(:func:`pipelines.quotes.extract_reusing`). After an edit the state may differ, so the
rules run again from there; roles and anonymity, which look a paragraph or two ahead,
always run over the whole result.

Not done: mentions and dates still run on the whole assembled doc. Mentions are not
sentence-local (a name tagged once is propagated to its verbatim repeats anywhere in the
article, the dateline place too), and together they cost ~4 ms per copy.
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

from pipelines.nlp import doc_text, remember_text

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
    """Identical runs of words and spaces inside a changed line: ``(copy, source, length)``.

    The shared opening and ending of the two lines are matched directly and only the
    middle goes through difflib (whose cost grows with the product of the lengths): an
    edit usually touches a word or two of a long paragraph.
    """
    a_pieces = _PIECES.findall(a_line)
    b_pieces = _PIECES.findall(b_line)
    a_offsets = list(itertools.accumulate((len(p) for p in a_pieces), initial=a_start))
    b_offsets = list(itertools.accumulate((len(p) for p in b_pieces), initial=b_start))
    shortest = min(len(a_pieces), len(b_pieces))
    head = 0
    while head < shortest and a_pieces[head] == b_pieces[head]:
        head += 1
    tail = 0
    while tail < shortest - head and a_pieces[-1 - tail] == b_pieces[-1 - tail]:
        tail += 1
    a_end, b_end = len(a_pieces) - tail, len(b_pieces) - tail
    matched = [(0, 0, head)]
    matcher = difflib.SequenceMatcher(
        None, a_pieces[head:a_end], b_pieces[head:b_end], autojunk=False
    )
    matched += [(head + i, head + j, n) for i, j, n in matcher.get_matching_blocks()]
    matched.append((a_end, b_end, tail))
    return [
        (b_offsets[j], a_offsets[i], b_offsets[j + n] - b_offsets[j]) for i, j, n in matched if n
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
    is copied, cut where a word follows whitespace. Everything else is re-annotated inside a window extended by at least
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
    # Copied stretches start and end where a word follows whitespace: the tokenizer cuts
    # there whatever surrounds it, so :func:`assemble_doc` can take the copy's tokens
    # from the source and the windows instead of tokenizing the copy.
    for lo, hi, shift in sorted(trusted):
        start = lo if lo == 0 else _word_start_after(copy, lo)
        end = hi if hi == len(copy) else _word_start_before(copy, hi)
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


# A word right after whitespace; ``str.isspace`` and ``\s`` agree, and the tokenizer
# splits on ``str.isspace``.
_WORD_AFTER_SPACE = re.compile(r"(?<=\s)\S")


def _word_start_after(text: str, pos: int) -> int:
    """The first position at or after ``pos`` where a word follows whitespace, else the end."""
    m = _WORD_AFTER_SPACE.search(text, max(pos, 1))
    return m.start() if m else len(text)


def _word_start_before(text: str, pos: int) -> int:
    """The last position at or before ``pos`` where a word follows whitespace, else 0."""
    found = 0
    # Whitespace runs are short; look back a little, then further if need be.
    lo = pos
    while lo > 0 and not found:
        lo = max(lo - 200, 0)
        for m in _WORD_AFTER_SPACE.finditer(text, max(lo, 1), pos + 1):
            found = m.start()
    return found


def _space_before(text: str, pos: int) -> int:
    """A position just after a space or line break, at or before ``pos``, or 0."""
    if pos <= 0:
        return 0
    cut = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos))
    return cut + 1 if cut >= 0 else 0


def _space_after(text: str, pos: int) -> int:
    """A space or line break at or after ``pos``, or the end."""
    if pos >= len(text):
        return len(text)
    found = [i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0]
    return min(found) if found else len(text)


def _token_table(doc: Doc) -> Any:
    """Per token: offset, length, trailing space, ``NORM`` and sentence start."""
    from spacy.attrs import IDX, LENGTH, NORM, SENT_START, SPACY

    return doc.to_array([IDX, LENGTH, SPACY, NORM, SENT_START])


def _word_follows_space(text: str, pos: int) -> bool:
    return 0 < pos < len(text) and text[pos - 1].isspace() and not text[pos].isspace()


def assemble_doc(
    nlp: Language, copy: str, plan: CopyPlan, source: Doc, windows: Sequence[Doc]
) -> Doc | None:
    """The copy's ``Doc`` from the source's and the windows' annotations, or ``None``.

    ``windows[i]`` is the NER pipeline's doc of ``copy[plan.windows[i].start:...end]``.
    Each stretch of the copy takes its tokens, sentence starts, vectors and entities from
    the doc it was annotated in. The tokens are taken, not re-tokenized: every stretch
    starts and ends where a word follows whitespace (or at an end of the text), both in
    the copy and in its origin, and spaCy's tokenizer splits text into such runs first and
    tokenizes each run on its own (the English special cases that span whitespace are
    whitespace only), so the origin's tokens there are the ones the copy's own
    tokenization would give. ``None`` when anything fails to line up, so the caller falls
    back to annotating the copy from scratch.
    """
    from spacy.attrs import NORM, SENT_START
    from spacy.tokens import Doc

    if not copy:
        return None
    # (origin doc, offset of the copy's char 0 in that doc, copy range it rules)
    origins: list[tuple[Doc, int, int, int]] = [
        (source, shift, start, end) for start, end, shift in plan.copied
    ]
    origins += [
        (wdoc, -w.start, w.keep_start, w.keep_end)
        for w, wdoc in zip(plan.windows, windows, strict=True)
    ]
    origins = sorted((o for o in origins if o[3] > o[2]), key=lambda o: o[2])
    width = source.tensor.shape[1] if source.tensor is not None and source.tensor.size else 0
    tables: dict[int, Any] = {}
    rows: list[Any] = []
    vectors: list[Any] = []
    shifts: list[Any] = []
    pos = 0
    for odoc, offset, lo, hi in origins:
        text = doc_text(odoc)
        o_lo, o_hi = lo + offset, hi + offset
        if (
            lo != pos
            or copy[lo:hi] != text[o_lo:o_hi]
            or (lo and not _word_follows_space(copy, lo))
            or (o_lo and not _word_follows_space(text, o_lo))
            or (o_hi < len(text) and not _word_follows_space(text, o_hi))
        ):
            return None
        table = tables.get(id(odoc))
        if table is None:
            table = tables[id(odoc)] = _token_table(odoc)
        idx = table[:, 0]
        a, b = (int(k) for k in np.searchsorted(idx, [o_lo, o_hi]))
        if b <= a or int(idx[a]) != o_lo:
            return None
        last = table[b - 1]
        if int(last[0] + last[1] + last[2]) != o_hi:
            return None
        rows.append(table[a:b])
        shifts.append(np.full(b - a, offset, dtype=np.int64))
        if width:
            if odoc.tensor is None or odoc.tensor.ndim != 2 or odoc.tensor.shape[1] != width:
                return None
            vectors.append(odoc.tensor[a:b])
        pos = hi
    if pos != len(copy):
        return None
    table = np.concatenate(rows)
    starts = table[:, 0].astype(np.int64) - np.concatenate(shifts)
    words = [copy[i : i + n] for i, n in zip(starts.tolist(), table[:, 1].tolist(), strict=True)]
    doc = Doc(nlp.vocab, words=words, spaces=[bool(s) for s in table[:, 2].tolist()])
    # Mentions, dates and quotes read the text; rebuilding it from tokens costs ~0.5 ms.
    remember_text(doc, copy)
    # spaCy's SENT_START: 1 starts a sentence, -1 does not (stored as uint64).
    sent = np.where(table[:, 4].astype(np.int64) == 1, 1, -1)
    sent[0] = 1
    annotations = np.stack([table[:, 3].astype(np.int64), sent], axis=1)
    doc.from_array([NORM, SENT_START], annotations.astype(np.uint64))  # type: ignore[arg-type]
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
    for x, y in itertools.pairwise(ents):
        if y.start < x.end:
            return None
    doc.ents = ents
    if width:
        doc.tensor = np.concatenate(vectors).astype("float32", copy=False)
    return doc
