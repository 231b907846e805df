"""Promotional-language scoring: corpus, features, model, training and the pipeline stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..config import PromotionalConfig
from ..document import PROMO_CATEGORIES, Article, Sentence
from ..nlp import sentence_spans
from ..resources import shipped_path
from .linear import Parsed
from .persist import ModelError, load_scorer, model_file

DEFAULT_MODEL = "models/promo.skops"

__all__ = ["DEFAULT_MODEL", "ModelError", "PromotionalScorer", "resolve_model_path"]


def resolve_model_path(cfg: PromotionalConfig, override: str | Path | None = None) -> Path:
    """The model to load (its estimators' file, see persist.model_file): an explicit path, else the config's,
    else the shipped one."""
    return model_file(override or cfg.model or shipped_path(DEFAULT_MODEL))


class PromotionalScorer:
    """The pipeline stage: scores the body's sentences and the article with one loaded model."""

    def __init__(self, cfg: PromotionalConfig, model_path: str | Path | None = None, max_sentence_chars: int = 2000):
        self.path = resolve_model_path(cfg, model_path)
        self.model, self.metadata = load_scorer(self.path)
        tuned = self.model.thresholds
        self.sentence_threshold = tuned["sentence"] if cfg.sentence_threshold is None else cfg.sentence_threshold
        self.article_threshold = tuned["article"] if cfg.article_threshold is None else cfg.article_threshold
        self.category_threshold = cfg.category_threshold
        self.max_sentence_chars = max_sentence_chars

    @property
    def sha256(self) -> str:
        return str(self.metadata["model_sha256"])

    def __call__(self, article: Article, doc: Doc) -> None:
        self.score_many([(article, doc)])

    def score_many(self, batch: list[tuple[Article, Doc]]) -> None:
        """Score each article (with its parsed text) of ``batch``: the model's array operations run
        once for the whole batch, and give each article what scoring it alone gives."""
        parsed, spans = [], []
        for article, doc in batch:
            article_spans = sentence_spans(doc, strip=True)
            # The model never saw a sentence longer than limits.max_sentence_chars: score the start of one.
            starts = article_spans[:, 0]
            scored = np.column_stack([starts, np.minimum(article_spans[:, 1], starts + self.max_sentence_chars)])
            parsed.append(Parsed(article.text, doc, scored))
            spans.append(article_spans)
        flagged = []
        for (article, _), article_spans, (probs, cats, score) in zip(
            batch, spans, self.model.score_parsed_many(parsed), strict=True
        ):
            flagged.append(self._fill(article, article_spans, probs, cats, score))
        for (article, _), chosen, explanations in zip(
            batch, flagged, self.model.explain_many(parsed, flagged), strict=True
        ):
            for i, cues in zip(chosen, explanations, strict=True):
                article.sentences[i].cues = cues

    def _fill(
        self, article: Article, spans: np.ndarray, probs: np.ndarray, cats: np.ndarray, score: float
    ) -> list[int]:
        """Put the scores on ``article``; the indexes of its flagged sentences."""
        article.promo_score = score
        article.sentence_threshold = self.sentence_threshold
        article.promo_threshold = self.article_threshold
        text = article.text
        article.sentences = sentences = [
            Sentence(start, end, text[start:end], prob)
            for (start, end), prob in zip(spans.tolist(), probs.tolist(), strict=True)
        ]
        flagged = np.flatnonzero(probs >= self.sentence_threshold).tolist()
        for i, categories in zip(flagged, self._categories(cats[flagged], probs[flagged]), strict=True):
            sentences[i].categories = categories  # never empty
        return flagged

    def _categories(self, rows: np.ndarray, probs: np.ndarray) -> list[dict[str, float]]:
        """For each sentence, the categories whose conditional score P(category | promotional)
        clears the threshold (else the best one)."""
        conditional = rows / np.maximum(probs, 1e-9)[:, None]
        out = []
        for values in conditional.tolist():
            chosen = {c: v for c, v in zip(PROMO_CATEGORIES, values, strict=True) if v >= self.category_threshold}
            if not chosen:
                best = int(np.argmax(values))
                chosen = {PROMO_CATEGORIES[best]: values[best]}
            out.append(chosen)
        return out
