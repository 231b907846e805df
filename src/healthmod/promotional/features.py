"""Feature transformers of the promotional models (kept small: they are trusted types on load)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from ..document import PROMO_CATEGORIES
from .lexicon import cue_counts


class CueCounts(TransformerMixin, BaseEstimator):
    """Per-category cue counts of each sentence, log-scaled: the lexicon's view of the text."""

    def fit(self, texts: list[str], y: object = None) -> CueCounts:
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        counts = np.array([cue_counts(t) for t in texts], dtype=np.float64).reshape(-1, len(PROMO_CATEGORIES))
        return sparse.csr_matrix(np.log1p(counts))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"cue:{cat}" for cat in PROMO_CATEGORIES], dtype=object)


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
