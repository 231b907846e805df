"""`healthmod evaluate`: a model's figures on any labelled JSONL of {"text", "label"}."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..config import load_config
from ..jsonlines import read_objects
from . import PromotionalScorer
from .corpus import CorpusError
from .linear import ArticleInput
from .persist import load_model
from .train import binary_metrics, split_sentences


def load_labelled(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for line_no, record in read_objects(path, CorpusError):
        text, label = record.get("text"), record.get("label")
        if not (isinstance(text, str) and text.strip()) or type(label) is not int or label not in (0, 1):
            raise CorpusError(f"{path}:{line_no}: a record needs a non-empty string 'text' and a 'label' of 0 or 1")
        texts.append(text)
        labels.append(label)
    if not texts:
        raise CorpusError(f"{path}: no records to evaluate on")
    return texts, np.array(labels)


def evaluate_file(path: Path, level: str = "sentence", model_path: str | None = None) -> dict[str, Any]:
    """Metrics of the model at its configured threshold, at sentence or article level."""
    scorer = PromotionalScorer(load_config().promotional, model_path)
    model, _ = load_model(scorer.path)  # the estimators: they score plain sentences
    texts, y = load_labelled(path)
    if level == "sentence":
        probs, _ = model.score_sentences(texts)
        threshold = scorer.sentence_threshold
    else:
        items = [ArticleInput(t, *model.score_sentences(split_sentences(t))) for t in texts]
        probs = model.score_articles(items)
        threshold = scorer.article_threshold
    return {"data": str(path), "level": level, **binary_metrics(y, probs, threshold)}
