"""The one spaCy pipeline: tokens and sentences, built once per process.

No stage uses lemmas (the disclosure matchers work on lower-case forms and word shapes), so there
is no lemmatizer: it cost a millisecond per article and a 40 MB data package.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, SENT_START, SHAPE
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

SENTENCE_END = frozenset(Sentencizer.default_punct_chars)
_BOUNDARIES_KEY = "healthmod.sentence_boundaries"
# spaCy's vocabulary keeps every string it has seen, so a process parsing millions of web
# articles (names, numbers, typos) would grow without bound: about 20 MB per 1,000 articles with
# 40 new words each, measured. parse() starts a fresh pipeline after this many documents, which
# lets the old vocabulary go; the rebuild costs well under a second.
FRESH_PIPELINE_EVERY = 5_000
_parsed = [0]
# The lexical attributes healthmod reads (the sentence rule, the promotional features, the disclosure
# matchers). spaCy computes every attribute it has a getter for, with a Python call, for each new word:
# about 14 microseconds a word for the default two dozen. The others read as 0.
LEXEME_ATTRS = (LOWER, SHAPE, IS_PUNCT, IS_SPACE)
# Whitespace-separated chunks whose tokens the tokenizer remembers. spaCy's default (10,000) fills within
# the first few dozen articles, after which every other chunk is split again each time it appears. At
# about 60 bytes an entry this is a few MB, dropped with the pipeline.
TOKENIZER_CACHE = 100_000


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
    ender_flag, newline_flag = _flags(doc.vocab)
    idx, length, *flags = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE, ender_flag, newline_flag]).T.astype(np.int64)
    punct, space, ender, newline = (f.astype(bool) for f in flags)
    starts = _first_after(~punct & ~ender, ender) | _first_after(~space, newline)
    starts[0] = True
    doc.from_array([SENT_START], np.where(starts, 1, -1).astype("uint64"))
    doc.user_data[_BOUNDARIES_KEY] = (starts, idx, length, space)
    return doc


def _first_after(candidate: np.ndarray, trigger: np.ndarray) -> np.ndarray:
    """Marks each candidate token with a trigger token between it and the previous candidate."""
    (positions,) = np.nonzero(candidate)
    triggers_before = np.concatenate([[0], np.cumsum(trigger)])  # [i]: triggers among tokens < i
    previous = np.concatenate([[0], positions[:-1] + 1])  # just after the previous candidate
    marked = np.zeros(len(candidate), dtype=bool)
    marked[positions[triggers_before[positions] > triggers_before[previous]]] = True
    return marked


@lru_cache(maxsize=1)  # one live vocabulary: keep no old one alive
def _flags(vocab: Vocab) -> tuple[int, int]:
    """Lexeme flags, so token arrays carry them: a sentence-ending character; a line break."""
    return vocab.add_flag(lambda text: text in SENTENCE_END), vocab.add_flag(lambda text: "\n" in text)


def sentence_spans(doc: Doc, strip: bool = False) -> np.ndarray:
    """(start_char, end_char) of each sentence, as an (n, 2) array.

    strip: leave out the whitespace tokens at either end of a sentence, and sentences of nothing
        else (spaCy splits whitespace other than one space into tokens of its own, so this is
        ``str.strip`` of each sentence's text, blank ones dropped).
    """
    if len(doc) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    starts, idx, length, space = _boundaries(doc)
    if not strip:
        first = np.flatnonzero(starts)
        last = np.concatenate([first[1:], [len(starts)]]) - 1
    else:
        kept = np.flatnonzero(~space)
        sentence = np.cumsum(starts).take(kept)
        new = np.ones(len(kept) + 1, dtype=bool)
        np.not_equal(sentence[1:], sentence[:-1], out=new[1:-1])
        first, last = kept[new[:-1]], kept[new[1:]]
    return np.column_stack([idx.take(first), idx.take(last) + length.take(last)])


def token_offsets(doc: Doc) -> np.ndarray:
    """The character offset of each token (spaCy's IDX), as the sentence component read it."""
    boundaries = doc.user_data.get(_BOUNDARIES_KEY)
    return boundaries[1] if boundaries is not None else doc.to_array([IDX]).astype(np.int64).reshape(-1)


def _boundaries(doc: Doc) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sentence starts, offsets, lengths and whitespace of a doc's tokens: the sentence component's
    token arrays, or the same read afresh (a doc it did not split)."""
    boundaries = doc.user_data.get(_BOUNDARIES_KEY)
    if boundaries is None:
        starts, idx, length, space = doc.to_array([SENT_START, IDX, LENGTH, IS_SPACE]).T.astype(np.int64)
        boundaries = doc.user_data[_BOUNDARIES_KEY] = (starts == 1, idx, length, space.astype(bool))
    return boundaries


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Blank English: its tokenizer, and the sentence boundaries above."""
    nlp = spacy.blank("en")
    # Keep only abbreviation special cases ("Dr.", "U.S."), which stop false sentence breaks. The
    # contraction cases ("don't", "'s") send every real article down spaCy's whole-document
    # special-case matcher, which made tokenising 15-20x slower (measured: 20 ms -> 1 ms).
    nlp.tokenizer.rules = {
        key: value for key, value in nlp.tokenizer.rules.items() if key.endswith(".") and key.replace(".", "").isalpha()
    }
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in LEXEME_ATTRS}
    nlp.add_pipe("sentence_boundaries")
    nlp.initialize()
    return nlp


def parse(text: str) -> Doc:
    """``text`` tokenised and split into sentences by this process's pipeline."""
    _parsed[0] += 1
    if _parsed[0] > FRESH_PIPELINE_EVERY:
        _parsed[0] = 1
        get_nlp.cache_clear()
    return get_nlp()(text)


def in_sorted(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which of ``values`` (token hashes, say) are among ``sorted_keys`` (sorted, not empty): np.isin
    for a short sorted array, without its overhead."""
    at = np.searchsorted(sorted_keys, values).clip(max=len(sorted_keys) - 1)
    return sorted_keys[at] == values
