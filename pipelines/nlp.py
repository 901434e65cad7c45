"""spaCy model loading, shared by entities, dates and quotes.

Only the pipes NER needs run on every text. In the small English model ``ner`` embeds
its tokens itself; the shared ``tok2vec`` pipe feeds only the tagger and the parser, so
it is left out of the NER pass (about a third of the NER pipeline's cost) and the quote
finder runs it on just the stretches it parses. Sentence boundaries come from the cheap
``senter`` pipe instead of the parser. The tagger and parser stay loaded, disabled, in
the same pipeline, so attribution needs no second copy of the model.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import weakref
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NER_PIPES = ("ner", "senter")


def _load(model: str) -> Language:
    try:
        module = importlib.import_module(model)
    except ImportError:
        import spacy

        return spacy.load(model)
    return module.load()  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def ner_pipeline(model: str) -> Language:
    """The model with only tokenization, NER and sentence segmentation enabled.

    A model whose ``ner`` listens to the shared ``tok2vec`` (instead of embedding tokens
    itself) keeps ``tok2vec`` enabled, since NER cannot run without it.
    """
    nlp = _load(model)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    keep = set(NER_PIPES)
    if "tok2vec" in nlp.component_names and _listens_to_tok2vec(nlp, "ner"):
        keep.add("tok2vec")
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    return nlp


def _listens_to_tok2vec(nlp: Language, name: str) -> bool:
    if name not in nlp.component_names:
        return False
    tok2vec = nlp.get_pipe("tok2vec")
    return name in getattr(tok2vec, "listening_components", ())


@lru_cache(maxsize=4)
def parser_pipeline(model: str) -> Language:
    """A separately loaded full model (tagger, parser, lemmatizer, NER).

    The pipeline itself no longer needs it (:mod:`pipelines.quotes` uses the disabled
    tagger and parser of :func:`ner_pipeline`); kept for callers that want the whole model.
    """
    return _load(model)


@lru_cache(maxsize=4)
def model_version(model: str) -> str:
    """``name-version`` of the model, recorded on facts for lineage.

    Staging stamps it on every article, and a staging step that runs in its own process
    (Dagster's multiprocess executor, a re-staged day whose NLP is unchanged) would load
    the whole model for it: seconds and hundreds of MB. The model's ``meta.json``, which
    ``nlp.meta`` is read from, gives the same three fields without loading it.
    """
    meta = _model_meta(model)
    if meta is None:
        meta = ner_pipeline(model).meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', 'unknown')}"


def _model_meta(model: str) -> dict[str, Any] | None:
    """The ``meta.json`` of a model folder or an installed model package, if there is one."""
    folder = Path(model)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    path = folder / "meta.json"
    if not path.is_file():
        return None
    meta = json.loads(path.read_text(encoding="utf-8"))
    return meta if isinstance(meta, dict) else None


# Entities, dates and quotes each read a document's text, sentences and entities.
# ``Doc.text`` is rebuilt from the tokens on every access, ``Doc.sents`` and ``Doc.ents``
# make a Span per item in Python, so each is computed once per doc and kept while the
# doc lives.
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()
_SENTENCES: weakref.WeakKeyDictionary[Doc, list[tuple[int, int]]] = weakref.WeakKeyDictionary()
_ENTS: weakref.WeakKeyDictionary[Doc, list[tuple[int, int, str]]] = weakref.WeakKeyDictionary()


def pipe(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts``, keeping each input as its doc's :func:`doc_text`.

    spaCy's tokenizer is lossless (a doc's text is its input, character for character),
    so the input saves rebuilding ``doc.text`` from Token objects, which costs about as
    much as all of mention extraction. The length check guards that assumption cheaply.
    """
    texts = list(texts)
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True):
        remember_text(doc, text)
        yield doc


def remember_text(doc: Doc, text: str) -> None:
    """Keep ``text``, the string ``doc`` was tokenized from, as its :func:`doc_text`."""
    if _text_length(doc) == len(text):
        _TEXTS[doc] = text


def _text_length(doc: Doc) -> int:
    if not len(doc):
        return 0
    last = doc[-1]
    return int(last.idx) + len(last.text_with_ws)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc."""
    text = _TEXTS.get(doc)
    if text is None:
        text = doc.text
        _TEXTS[doc] = text
    return text


def entity_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """``(start_char, end_char, label)`` of every ``doc.ents`` span, built once per doc."""
    ents = _ENTS.get(doc)
    if ents is None:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        _ENTS[doc] = ents
    return ents


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of every sentence, as ``doc.sents`` spans give them.

    Read from token arrays, which is several times cheaper than iterating ``doc.sents``.
    A doc without sentence boundaries counts as one sentence (``doc.sents`` raises).
    """
    spans = _SENTENCES.get(doc)
    if spans is None:
        spans = _sentence_spans(doc)
        _SENTENCES[doc] = spans
    return spans


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    import numpy as np
    from spacy.attrs import IDX, LENGTH, SENT_START

    n = len(doc)
    if n == 0:
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc_text(doc)))]
    table = doc.to_array([SENT_START, IDX, LENGTH])
    # SENT_START comes back as uint64, so -1 ("not a start") is a huge number; the first
    # token starts a sentence whatever it holds.
    first = np.flatnonzero(table[1:, 0] == 1) + 1
    starts = np.concatenate(([0], first))
    lasts = np.concatenate((first - 1, [n - 1]))
    ends = table[lasts, 1] + table[lasts, 2]
    return list(zip(table[starts, 1].tolist(), ends.tolist(), strict=True))
