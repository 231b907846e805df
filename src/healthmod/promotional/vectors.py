"""The promotional models' features as plain arrays, from an article spaCy has already parsed.

Hashed word unigrams and bigrams of spaCy's tokens, the lexicon's cue counts per sentence, and the
statistics of an article's sentence probabilities. Scoring reads only this module (no
scikit-learn: loading it would double a run's start-up); ``features`` wraps the same functions as
scikit-learn transformers for training.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from spacy.tokens import Doc

from ..document import PROMO_CATEGORIES
from ..nlp import TokenClass, columns
from .lexicon import cue_table

# Odd 64-bit multiplier that mixes the first word of a bigram before adding the second.
BIGRAM_MIX = np.uint64(0x9E3779B97F4A7C15)
WORDS_KEY = "healthmod.word_tokens"


def row_of(starts: np.ndarray, ends: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The span each character position falls in, or -1 when it falls in none."""
    row = np.searchsorted(starts, positions, side="right") - 1
    inside = (row >= 0) & (positions < ends[np.maximum(row, 0)])
    return np.where(inside, row, -1)


class NgramOccurrences:
    """Every word unigram and bigram of a doc, in the order TokenNgrams counts them.

    ``rows``: the span each one falls in, -1 for none (a bigram whose words are in different
    spans, or words outside every span); ``keys``: its hashed feature. Occurrences
    ``0 .. len(lower) - 1`` are the unigrams of the doc's words, whose lower-case hashes are
    ``lower``, and occurrence ``len(lower) + i`` is the bigram of words ``i`` and ``i + 1``.

    Counted by span, the occurrences with a row give the counts of ``TokenNgrams.transform_spans``;
    all of them counted together give the counts of the whole text as one span. So one pass over
    the tokens serves the sentence model and the document model.
    """

    __slots__ = ("keys", "lower", "rows")

    def __init__(self, rows: np.ndarray, keys: np.ndarray, lower: np.ndarray):
        self.rows, self.keys, self.lower = rows, keys, lower


def ngram_occurrences(doc: Doc, spans: np.ndarray, n_features: int) -> NgramOccurrences:
    """Every unigram and bigram of the doc's words at once (see :class:`NgramOccurrences`), hashed
    into ``n_features`` features."""
    lower, idx = word_tokens(doc)
    rows = row_of(spans[:, 0], spans[:, 1], idx) if len(spans) else np.full(len(lower), -1, dtype=np.int64)
    # A bigram belongs to a span when both its words do: they are then neighbours in the doc,
    # since a span holds every word between its first and last.
    pair_rows = np.where(rows[1:] == rows[:-1], rows[1:], -1)
    n = np.uint64(n_features)
    keys = np.concatenate([lower % n, (lower[:-1] * BIGRAM_MIX + lower[1:]) % n]).astype(np.int64)
    return NgramOccurrences(np.concatenate([rows, pair_rows]), keys, lower)


def word_tokens(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """Lower-case hash and character offset of the doc's word tokens; read once per doc."""
    cached = doc.user_data.get(WORDS_KEY)
    if cached is None:
        if len(doc) == 0:
            cached = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
        else:
            token = columns(doc)
            keep = token.has(TokenClass.WORD)
            cached = (token.lower[keep], token.idx[keep])
        doc.user_data[WORDS_KEY] = cached
    return cached


def tfidf_cells(rows: np.ndarray, counts: np.ndarray, idf: np.ndarray, n_rows: int) -> np.ndarray:
    """The values :func:`tfidf` gives the cells of a count matrix, without building it: ``rows``
    and ``counts`` of its cells sorted by row then column, ``idf`` of each cell's column."""
    values = (np.log(counts.astype(np.float64)) + 1.0) * idf
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=n_rows))
    values /= norms[rows]
    return values


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """What a fitted ``TfidfTransformer(sublinear_tf=True)`` with inverse document frequencies
    ``idf`` computes, without its per-call input validation (which cost more than the product)."""
    x = counts.astype(np.float64, copy=True)
    x.data = (np.log(x.data) + 1.0) * idf[x.indices]
    row = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    norms = np.sqrt(np.bincount(row, weights=x.data**2, minlength=x.shape[0]))
    x.data /= norms[row]  # every stored entry is positive, so its row's norm is too
    return x


def cue_rows(text: str, spans: np.ndarray, table: np.ndarray | None = None) -> np.ndarray:
    """Per-category cue counts of each (start_char, end_char) span of ``text``, log-scaled (dense):
    one pass of the cue pattern.

    ``table``: the text's cues as :func:`cue_array`, if already found."""
    width = len(PROMO_CATEGORIES)
    if table is None:
        table = cue_array(cue_table(text))
    if not (len(table) and len(spans)):
        return np.zeros((len(spans), width))
    start, end, category = table.T
    row = row_of(spans[:, 0], spans[:, 1], start)
    fits = (row >= 0) & (end <= spans[np.maximum(row, 0), 1])
    counts = np.bincount(row[fits] * width + category[fits], minlength=len(spans) * width)
    return np.log1p(counts.reshape(len(spans), width).astype(np.float64))


def cue_array(table: list[tuple[int, int, int]]) -> np.ndarray:
    """Cues as :func:`~.lexicon.cue_table` lists them, as an (n, 3) array of start, end and category index."""
    return np.array(table, dtype=np.int64).reshape(-1, 3)


# Summary statistics of an article's sentence probabilities, in the order ARTICLE_STATS names them.
ARTICLE_STATS = ("max", "mean", "top3_mean", "share_over_half", "share_over_0.8", "log_flagged")


def sentence_stats(probs: np.ndarray) -> np.ndarray:
    """How an article's sentence probabilities are spread, as fixed-size features."""
    if probs.size == 0:
        return np.zeros(len(ARTICLE_STATS))
    top = np.sort(probs)[::-1][:3]
    flagged = float((probs >= 0.5).sum())
    return np.array(
        [probs.max(), probs.mean(), top.mean(), flagged / probs.size, float((probs >= 0.8).mean()), np.log1p(flagged)]
    )
