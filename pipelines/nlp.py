"""spaCy model loading, shared by entities, dates and quotes.

Only the pipes NER needs run on every text (the parser roughly doubles the cost);
sentence boundaries come from the cheap ``senter`` pipe instead of the parser.
The parser-enabled model is loaded separately and used only on cue sentences.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

NER_PIPES = ("tok2vec", "ner", "senter")


def _load(model: str) -> Language:
    try:
        module = importlib.import_module(model)
    except ImportError:
        import spacy

        return spacy.load(model)
    return module.load()  # type: ignore[no-any-return]


@lru_cache(maxsize=4)
def ner_pipeline(model: str) -> Language:
    """The model with only tokenization, NER and sentence segmentation enabled."""
    nlp = _load(model)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    keep = set(NER_PIPES)
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    return nlp


@lru_cache(maxsize=4)
def parser_pipeline(model: str) -> Language:
    """The full model (tagger, parser, lemmatizer, NER) for attribution analysis."""
    return _load(model)


def model_version(model: str) -> str:
    """``name-version`` of the model, recorded on facts for lineage."""
    nlp = ner_pipeline(model)
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', 'unknown')}"
