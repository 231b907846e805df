"""Promotional-language scoring: corpus, features, model, training and the pipeline stage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from ..config import PromotionalConfig
from ..document import PROMO_CATEGORIES, Article, Sentence
from ..resources import shipped_path
from .model import ArticleInput
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
        spans = [(s.start_char, s.end_char) for s in doc.sents]
        raw = [article.text[a:b] for a, b in spans]
        keep = [i for i, t in enumerate(raw) if t.strip()]
        texts = [raw[i].strip()[: self.max_sentence_chars] for i in keep]
        probs, cats = self.model.score_sentences(texts)
        article.sentence_threshold = self.sentence_threshold
        article.promo_threshold = self.article_threshold
        article.sentences = []
        for i, prob, cat_row in zip(keep, probs, cats, strict=True):
            stripped = raw[i].strip()
            start = spans[i][0] + len(raw[i]) - len(raw[i].lstrip())
            sentence = Sentence(start, start + len(stripped), stripped, float(prob))
            if prob >= self.sentence_threshold:
                sentence.categories = self._categories(cat_row, prob)
            article.sentences.append(sentence)
        flagged = [s for s in article.sentences if s.categories]
        for sentence, cues in zip(flagged, self.model.explain([s.text for s in flagged]), strict=True):
            sentence.cues = cues
        article.promo_score = float(self.model.score_articles([ArticleInput(article.text, probs, cats)])[0])

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
