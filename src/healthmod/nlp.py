"""The one spaCy pipeline: tokens, the token attributes the stages read (as arrays, read once per doc)
and sentences, built once per process.

No stage uses lemmas (the disclosure matchers work on lower-case forms and word shapes), so there
is no lemmatizer: it cost a millisecond per article and a 40 MB data package.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, PREFIX, SENT_START, SHAPE
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from .text_signals import plain_quotes

SENTENCE_END = frozenset(Sentencizer.default_punct_chars)
_COLUMNS_KEY = "healthmod.token_columns"
_STARTS_KEY = "healthmod.sentence_starts"
# spaCy's vocabulary keeps every string it has seen, so a process parsing millions of web
# articles (names, numbers, typos) would grow without bound: about 20 MB per 1,000 articles with
# 40 new words each, measured. parse() starts a fresh pipeline after this many documents, which
# lets the old vocabulary go; the rebuild costs well under a second.
FRESH_PIPELINE_EVERY = 5_000
_parsed = [0]
# Whitespace-separated chunks whose tokens the tokenizer remembers. spaCy's default (10,000) fills within
# the first few dozen articles, after which every other chunk is split again each time it appears. At
# about 60 bytes an entry this is a few MB, dropped with the pipeline.
TOKENIZER_CACHE = 100_000
# A token counts as a word when it holds a letter or digit; these symbols count too, because prices,
# percentages and exclamations are signals of selling.
WORD_SYMBOLS = frozenset("$€£%!")
MAX_CHARS = 2**31 - 1  # spaCy's max_length: no limit of its own (see get_nlp)
_WORDISH = re.compile(r"\w")


class TokenClass(enum.IntFlag):
    """What healthmod needs to know of a token's text, as bits of one lexeme attribute."""

    PUNCT = 1  # spaCy's IS_PUNCT
    SPACE = 2  # spaCy's IS_SPACE
    SENTENCE_END = 4  # a sentence-ending character (SENTENCE_END)
    LINE_BREAK = 8
    ABBREVIATION_START = 16  # the first piece of a split abbreviation (see SPLIT_ABBREVIATIONS)
    WORD = 32  # a letter or digit, or one of WORD_SYMBOLS


# The lexeme attribute that holds the classes: spaCy's PREFIX (a word's first letter), which nothing in
# healthmod reads. Every attribute read from a doc costs about 50 microseconds an article (spaCy's
# to_array, per column), so one column of bits replaces six flag columns.
CLASSES = PREFIX
# The lexical attributes spaCy computes for each new word, with a Python call each: about 14
# microseconds a word for the default two dozen. The others read as 0.
LEXEME_ATTRS = (LOWER, SHAPE, IS_PUNCT, IS_SPACE)
# Each abbreviation that affix rules split ("(Dr." -> "(", "Dr", "."), as its pieces, by its first
# piece: spaCy's tokenizer joins these pieces back with a matcher over each whole document, which
# healthmod does only where the token columns show a first piece (filled by get_nlp).
SPLIT_ABBREVIATIONS: dict[str, list[tuple[str, ...]]] = {}


@dataclass(frozen=True)
class TokenColumns:
    """The token attributes the stages read, as arrays read from a doc once, when it is tokenised."""

    idx: np.ndarray  # character offset (int64)
    length: np.ndarray  # characters (int64)
    lower: np.ndarray  # hash of the lower-case form (uint64)
    shape: np.ndarray  # hash of the word shape (uint64)
    classes: np.ndarray  # TokenClass bits (int64)

    @classmethod
    def read(cls, doc: Doc) -> TokenColumns:
        idx, length, lower, shape, classes = doc.to_array([IDX, LENGTH, LOWER, SHAPE, CLASSES]).T
        return cls(idx.astype(np.int64), length.astype(np.int64), lower, shape, classes.astype(np.int64))

    def has(self, token_class: TokenClass) -> np.ndarray:
        """Whether each token is of ``token_class``."""
        return (self.classes & int(token_class)).astype(bool)


def columns(doc: Doc) -> TokenColumns:
    """The doc's token columns, as its tokenizer read them (or read now, for a doc made otherwise)."""
    found = doc.user_data.get(_COLUMNS_KEY)
    if found is None:
        found = doc.user_data[_COLUMNS_KEY] = TokenColumns.read(doc)
    return found


def token_classes(getters: dict[int, Callable[[str], object]]) -> Callable[[str], int]:
    """The lexeme attribute function of the classes, with spaCy's ``getters`` for PUNCT and SPACE."""
    is_punct, is_space = getters[IS_PUNCT], getters[IS_SPACE]

    def classes(text: str) -> int:
        return (
            TokenClass.PUNCT * bool(is_punct(text))
            | TokenClass.SPACE * bool(is_space(text))
            | TokenClass.SENTENCE_END * (text in SENTENCE_END)
            | TokenClass.LINE_BREAK * ("\n" in text)
            | TokenClass.ABBREVIATION_START * (text in SPLIT_ABBREVIATIONS)
            | TokenClass.WORD * (text in WORD_SYMBOLS or bool(_WORDISH.search(text)))
        )

    return classes


class Tokenizer:
    """spaCy's tokenizer (``spacy``), then each split abbreviation joined into one token; leaves the
    doc's token columns on it, so that no stage reads them again."""

    def __init__(self, tokenizer: spacy.tokenizer.Tokenizer):
        self.spacy = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.spacy(text)
        found = TokenColumns.read(doc)
        if len(doc) and _join_split_abbreviations(doc, found):
            found = TokenColumns.read(doc)
        doc.user_data[_COLUMNS_KEY] = found
        return doc


@Language.component("sentence_boundaries")
def sentence_boundaries(doc: Doc) -> Doc:
    """spaCy's punctuation sentencizer rule, plus: a line break ends a sentence (headings and list
    items are sentences of their own).

    The rule, as spaCy's ``sentencizer`` applies it: a sentence starts at the first token that is
    neither punctuation nor a sentence-ending character after a run holding a sentence-ending
    character. Computed over token arrays instead of a Python loop over tokens, which cost more
    than tokenising.
    """
    if len(doc) == 0:
        return doc
    token = columns(doc)
    punct, space, ender, newline = (
        token.has(c) for c in (TokenClass.PUNCT, TokenClass.SPACE, TokenClass.SENTENCE_END, TokenClass.LINE_BREAK)
    )
    starts = _first_after(~punct & ~ender, ender) | _first_after(~space, newline)
    starts[0] = True
    doc.from_array([SENT_START], np.where(starts, 1, -1).astype("uint64"))
    doc.user_data[_STARTS_KEY] = starts
    return doc


def _first_after(candidate: np.ndarray, trigger: np.ndarray) -> np.ndarray:
    """Marks each candidate token with a trigger token between it and the previous candidate."""
    (positions,) = np.nonzero(candidate)
    triggers_before = np.concatenate([[0], np.cumsum(trigger)])  # [i]: triggers among tokens < i
    previous = np.concatenate([[0], positions[:-1] + 1])  # just after the previous candidate
    marked = np.zeros(len(candidate), dtype=bool)
    marked[positions[triggers_before[positions] > triggers_before[previous]]] = True
    return marked


def _join_split_abbreviations(doc: Doc, token: TokenColumns) -> bool:
    """Join each run of touching tokens that spells a split abbreviation into one token, as spaCy's
    special cases would have; whether any was joined."""
    touching = token.idx[1:] == token.idx[:-1] + token.length[:-1]  # [i]: token i+1 follows token i directly
    spans: list[tuple[int, int]] = []
    for i in np.flatnonzero(token.has(TokenClass.ABBREVIATION_START)[:-1] & touching).tolist():
        if spans and i < spans[-1][1]:
            continue
        for pieces in SPLIT_ABBREVIATIONS[doc[i].text]:
            end = i + len(pieces)
            if end <= len(doc) and touching[i : end - 1].all() and tuple(t.text for t in doc[i:end]) == pieces:
                spans.append((i, end))
                break
    if spans:
        with doc.retokenize() as retokenizer:
            for start, end in spans:
                retokenizer.merge(doc[start:end])
    return bool(spans)


def sentence_spans(doc: Doc, strip: bool = False) -> np.ndarray:
    """(start_char, end_char) of each sentence, as an (n, 2) array.

    strip: leave out the whitespace tokens at either end of a sentence, and sentences of nothing
        else (spaCy splits whitespace other than one space into tokens of its own, so this is
        ``str.strip`` of each sentence's text, blank ones dropped).
    """
    if len(doc) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    starts, token = _sentence_starts(doc), columns(doc)
    idx, length = token.idx, token.length
    if not strip:
        first = np.flatnonzero(starts)
        last = np.concatenate([first[1:], [len(starts)]]) - 1
    else:
        kept = np.flatnonzero(~token.has(TokenClass.SPACE))
        sentence = np.cumsum(starts).take(kept)
        new = np.ones(len(kept) + 1, dtype=bool)
        np.not_equal(sentence[1:], sentence[:-1], out=new[1:-1])
        first, last = kept[new[:-1]], kept[new[1:]]
    return np.column_stack([idx.take(first), idx.take(last) + length.take(last)])


def _sentence_starts(doc: Doc) -> np.ndarray:
    """Whether each token starts a sentence: the sentence component's array, or the same read afresh (a
    doc it did not split)."""
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[_STARTS_KEY] = doc.to_array([SENT_START]).astype(np.int64).reshape(-1) == 1
    return starts


def abbreviations(rules: dict[str, object]) -> frozenset[str]:
    """The abbreviations among a tokenizer's special cases ("Dr.", "U.S."): kept as one token, they stop
    false sentence breaks. The contraction cases ("don't", "'s") send every real article down spaCy's
    whole-document special-case matcher, which made tokenising 15-20x slower (measured: 20 ms -> 1 ms)."""
    return frozenset(key for key in rules if key.endswith(".") and key.replace(".", "").isalpha())


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Blank English: its tokenizer, and the sentence boundaries above."""
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    # Abbreviations are kept whole by token_match, and joined where affix rules split them (see
    # Tokenizer), rather than as special cases: after a special case spaCy caches no further
    # chunk of the document (its issue #1250 guard), so an article with one "Dr." had the rest of its
    # words split afresh, 40% of tokenising time. The tokens are the same (checked in tests).
    keep = abbreviations(tokenizer.rules)
    tokenizer.rules = {}
    if not SPLIT_ABBREVIATIONS:  # the same for every pipeline
        for abbreviation in sorted(keep):
            pieces = tuple(text for _kind, text in tokenizer.explain(abbreviation))
            if len(pieces) > 1:
                SPLIT_ABBREVIATIONS.setdefault(pieces[0], []).append(pieces)
    tokenizer.token_match = re.compile(f"(?:{'|'.join(map(re.escape, sorted(keep)))})\\Z").match
    tokenizer.max_cache_size = TOKENIZER_CACHE
    getters = nlp.vocab.lex_attr_getters
    classes = token_classes(getters)
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in LEXEME_ATTRS} | {CLASSES: classes}
    for lexeme in nlp.vocab:  # the few made before (its special cases' pieces)
        lexeme.prefix = classes(lexeme.text)
    nlp.tokenizer = Tokenizer(tokenizer)
    # spaCy refuses texts over 1,000,000 characters (a guard for its parser's memory, which this pipeline does
    # not have); healthmod's own limit, limits.max_article_bytes, is what bounds an article.
    nlp.max_length = MAX_CHARS
    nlp.add_pipe("sentence_boundaries")
    nlp.initialize()
    return nlp


def parse(text: str) -> Doc:
    """``text`` tokenised and split into sentences by this process's pipeline. The doc's text is ``text`` with
    typographic quotes as ASCII ones (``plain_quotes``): the same offsets, the tokens our model and rules know."""
    _parsed[0] += 1
    if _parsed[0] > FRESH_PIPELINE_EVERY:
        _parsed[0] = 1
        get_nlp.cache_clear()
    return get_nlp()(plain_quotes(text))


def in_sorted(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which of ``values`` (token hashes, say) are among ``sorted_keys`` (sorted, not empty): np.isin
    for a short sorted array, without its overhead."""
    at = np.searchsorted(sorted_keys, values).clip(max=len(sorted_keys) - 1)
    return sorted_keys[at] == values
