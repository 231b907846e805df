"""Promotional-language scoring: corpus, features, model, training and the pipeline stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..config import PromotionalConfig
from ..document import PROMO_CATEGORIES, Article, Sentence
from ..resources import shipped_path
from .model import ArticleInput, PromoModel
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
        self.sentence_threshold = cfg.sentence_threshold or self.model.thresholds["sentence"]
        self.article_threshold = cfg.article_threshold or self.model.thresholds["article"]
        self.category_threshold = cfg.category_threshold
        self.max_sentence_chars = max_sentence_chars

    @property
    def sha256(self) -> str:
        return str(self.metadata["model_sha256"])

    def __call__(self, article: Article, doc: Doc) -> None:
        sents = [s for s in doc.sents if s.text.strip()]
        texts = [s.text.strip()[: self.max_sentence_chars] for s in sents]
        probs, cats = self.model.score_sentences(texts)
        article.sentence_threshold = self.sentence_threshold
        article.promo_threshold = self.article_threshold
        article.sentences = []
        for span, text, prob, cat_row in zip(sents, texts, probs, cats, strict=True):
            start = span.start_char + (len(span.text) - len(span.text.lstrip()))
            sentence = Sentence(start, start + len(span.text.strip()), span.text.strip(), float(prob))
            if prob >= self.sentence_threshold:
                sentence.categories = self._categories(cat_row, prob)
                sentence.cues = self.model.explain(text)
            article.sentences.append(sentence)
        article.promo_score = float(self.model.score_articles([ArticleInput(article.text, probs, cats)])[0])

    def _categories(self, row: np.ndarray, prob: float) -> dict[str, float]:
        """Categories whose conditional score P(category | promotional) clears the threshold."""
        conditional = row / max(prob, 1e-9)
        chosen = {c: float(v) for c, v in zip(PROMO_CATEGORIES, conditional, strict=True)
                  if v >= self.category_threshold}
        if not chosen:
            best = int(np.argmax(conditional))
            chosen = {PROMO_CATEGORIES[best]: float(conditional[best])}
        return chosen
