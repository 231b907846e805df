"""Promotional-language scoring: corpus, features, model, training and the pipeline stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..config import PromotionalConfig
from ..document import PROMO_CATEGORIES, Article, Sentence
from ..nlp import sentence_spans
from ..resources import shipped_path
from .model import Parsed
from .persist import ModelError, load_model

DEFAULT_MODEL = "models/promo.skops"

__all__ = ["DEFAULT_MODEL", "ModelError", "PromotionalScorer", "resolve_model_path"]


def resolve_model_path(cfg: PromotionalConfig, override: str | Path | None = None) -> Path:
    """The model to load: an explicit path, else the config's, else the shipped one."""
    return Path(override or cfg.model or shipped_path(DEFAULT_MODEL))


class PromotionalScorer:
    """The pipeline stage: scores the body's sentences and the article with one loaded model."""

    def __init__(self, cfg: PromotionalConfig, model_path: str | Path | None = None, max_sentence_chars: int = 2000):
        self.path = resolve_model_path(cfg, model_path)
        self.model, self.metadata = load_model(self.path)
        tuned = self.model.thresholds
        self.sentence_threshold = tuned["sentence"] if cfg.sentence_threshold is None else cfg.sentence_threshold
        self.article_threshold = tuned["article"] if cfg.article_threshold is None else cfg.article_threshold
        self.category_threshold = cfg.category_threshold
        self.max_sentence_chars = max_sentence_chars

    @property
    def sha256(self) -> str:
        return str(self.metadata["model_sha256"])

    def __call__(self, article: Article, doc: Doc) -> None:
        spans = self._sentence_spans(article.text, doc)
        # The model never saw a sentence longer than limits.max_sentence_chars: score the start of one.
        scored = np.column_stack([spans[:, 0], np.minimum(spans[:, 1], spans[:, 0] + self.max_sentence_chars)])
        parsed = Parsed(article.text, doc, scored)
        probs, cats, article.promo_score = self.model.score_parsed(parsed)
        article.sentence_threshold = self.sentence_threshold
        article.promo_threshold = self.article_threshold
        article.sentences = []
        for (start, end), prob, cat_row in zip(spans.tolist(), probs, cats, strict=True):
            sentence = Sentence(start, end, article.text[start:end], float(prob))
            if prob >= self.sentence_threshold:
                sentence.categories = self._categories(cat_row, prob)
            article.sentences.append(sentence)
        flagged = [i for i, s in enumerate(article.sentences) if s.categories]
        for i, cues in zip(flagged, self.model.explain(parsed, flagged), strict=True):
            article.sentences[i].cues = cues

    def _sentence_spans(self, text: str, doc: Doc) -> np.ndarray:
        """The doc's sentences without surrounding whitespace, blank ones dropped."""
        spans = []
        for start, end in sentence_spans(doc).tolist():
            chunk = text[start:end]
            stripped = chunk.strip()
            if stripped:
                start += len(chunk) - len(chunk.lstrip())
                spans.append((start, start + len(stripped)))
        return np.array(spans, dtype=np.int64).reshape(-1, 2)

    def _categories(self, row: np.ndarray, prob: float) -> dict[str, float]:
        """Categories whose conditional score P(category | promotional) clears the threshold."""
        conditional = row / max(prob, 1e-9)
        chosen = {
            c: float(v) for c, v in zip(PROMO_CATEGORIES, conditional, strict=True) if v >= self.category_threshold
        }
        if not chosen:
            best = int(np.argmax(conditional))
            chosen = {PROMO_CATEGORIES[best]: float(conditional[best])}
        return chosen
