"""The promotional models' feature transformers, for scikit-learn (kept small: they are trusted
types on load).

Each takes plain texts (``transform``), as scikit-learn expects, and also the sentences of an
already parsed article at once (``transform_spans``). The work is done by the functions of
:mod:`.vectors`, which scoring calls without these classes (and without scikit-learn).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from spacy.tokens import Doc

from ..document import PROMO_CATEGORIES
from ..nlp import get_nlp
from .vectors import BIGRAM_MIX, NgramOccurrences, cue_rows, ngram_occurrences, row_of, word_tokens


def _doc_of(text: str) -> Doc:
    return get_nlp().make_doc(text)


class TokenNgrams(TransformerMixin, BaseEstimator):
    """Counts of hashed word unigrams and bigrams of spaCy tokens, lower-cased.

    n_features : size of the hashed feature space; the n-grams themselves are never stored, so
        the model file stays small. Hashing reuses spaCy's own 64-bit hash of each lower-cased
        token, so no string is hashed twice.
    """

    def __init__(self, n_features: int = 2**18):
        self.n_features = n_features

    def fit(self, texts: list[str], y: object = None) -> TokenNgrams:
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        rows = [self.transform_spans(_doc_of(t), np.array([[0, len(t)]])) for t in texts]
        return sparse.vstack(rows, format="csr") if rows else sparse.csr_matrix((0, self.n_features))

    def transform_spans(self, doc: Doc, spans: np.ndarray) -> sparse.csr_matrix:
        """One row per (start_char, end_char) span of ``doc``, counting the n-grams inside it."""
        rows, hashes = self._tokens(doc, spans)
        same = rows[1:] == rows[:-1]
        bigrams = hashes[:-1][same] * BIGRAM_MIX + hashes[1:][same]
        features = np.concatenate([hashes, bigrams]) % np.uint64(self.n_features)
        cells, counts = np.unique(
            np.concatenate([rows, rows[1:][same]]) * self.n_features + features.astype(np.int64), return_counts=True
        )
        indptr = np.searchsorted(cells // self.n_features, np.arange(len(spans) + 1) * 1, side="left")
        return sparse.csr_matrix(
            (counts.astype(np.float64), cells % self.n_features, indptr), shape=(len(spans), self.n_features)
        )

    def ngram_table(self, doc: Doc, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every n-gram occurrence inside ``spans``, for explanations: its span index, its feature, and
        the hashes of its first and second word (0 for a unigram)."""
        rows, hashes = self._tokens(doc, spans)
        same = rows[1:] == rows[:-1]
        firsts, seconds = hashes[:-1][same], hashes[1:][same]
        keys = np.concatenate([hashes, firsts * BIGRAM_MIX + seconds]) % np.uint64(self.n_features)
        return (
            np.concatenate([rows, rows[1:][same]]),
            keys.astype(np.int64),
            np.concatenate([hashes, firsts]),
            np.concatenate([np.zeros_like(hashes), seconds]),
        )

    def occurrences(self, doc: Doc, spans: np.ndarray) -> NgramOccurrences:
        """Every unigram and bigram of the doc's words at once (see :class:`~.vectors.NgramOccurrences`)."""
        return ngram_occurrences(doc, spans, self.n_features)

    def _tokens(self, doc: Doc, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Span index and lower-case hash of each word token inside a span, in order."""
        lower, idx = word_tokens(doc)
        if len(lower) == 0 or len(spans) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        rows = row_of(spans[:, 0], spans[:, 1], idx)
        inside = rows >= 0
        return rows[inside], lower[inside]


class CueCounts(TransformerMixin, BaseEstimator):
    """Per-category cue counts of each sentence, log-scaled: the lexicon's view of the text."""

    def fit(self, texts: list[str], y: object = None) -> CueCounts:
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        rows = [self.transform_spans(t, np.array([[0, len(t)]])) for t in texts]
        return sparse.csr_matrix(np.vstack(rows) if rows else np.zeros((0, len(PROMO_CATEGORIES))))

    def transform_spans(self, text: str, spans: np.ndarray, table: np.ndarray | None = None) -> np.ndarray:
        """One row per (start_char, end_char) span of ``text`` (dense): :func:`~.vectors.cue_rows`."""
        return cue_rows(text, spans, table)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"cue:{cat}" for cat in PROMO_CATEGORIES], dtype=object)
