"""Training and evaluation: corpus in, model file + sidecar + model card out."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import spacy
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold

from .. import __version__
from ..document import PROMO_CATEGORIES
from ..nlp import parse
from .corpus import Corpus, category_matrix, load_corpus
from .linear import ArticleInput
from .model import ArticleExample, PromoModel, SentenceSet
from .persist import MODEL_FILE, save_model


def split_sentences(text: str) -> list[str]:
    return [s.text.strip() for s in parse(text).sents if s.text.strip()]


def binary_metrics(y: np.ndarray, prob: np.ndarray, threshold: float) -> dict[str, Any]:
    """n, precision, recall, F1, ROC-AUC, PR-AUC and the confusion matrix at ``threshold``."""
    pred = (prob >= threshold).astype(int)
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    both = len(set(y.tolist())) == 2
    return {
        "n": len(y),
        "threshold": round(threshold, 4),
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f), 4),
        "roc_auc": round(float(roc_auc_score(y, prob)), 4) if both else None,
        "pr_auc": round(float(average_precision_score(y, prob)), 4) if both else None,
        "confusion_matrix": confusion_matrix(y, pred, labels=[0, 1]).tolist(),
    }


def tune_threshold(y: np.ndarray, prob: np.ndarray) -> float:
    """The threshold with the best F1 on these labels (never the test split's)."""
    grid = np.round(np.arange(0.1, 0.91, 0.01), 2)
    scores = [f1_score(y, prob >= t, zero_division=0) for t in grid]
    return float(grid[int(np.argmax(scores))])


def _article_items(model: PromoModel, records: list[dict[str, Any]]) -> list[ArticleInput]:
    items = []
    for r in records:
        probs, cats = model.score_sentences(split_sentences(r["text"]))
        items.append(ArticleInput(r["text"], probs, cats))
    return items


def sentence_set(records: list[dict[str, Any]]) -> SentenceSet:
    return SentenceSet([r["text"] for r in records], np.array([r["label"] for r in records]), category_matrix(records))


def article_example(record: dict[str, Any]) -> ArticleExample:
    """An annotated article as training data: marked sentences are positive; every sentence of an
    article with promo_strength 0 is negative; other sentences are left unlabelled."""
    sentences = split_sentences(record["text"])
    labels: list[int | None] = []
    cats: list[list[int]] = []
    for sent in sentences:
        marked = [p for p in record.get("promo_sentences", []) if p["text"] in sent or sent in p["text"]]
        if marked:
            labels.append(1)
            cats.append([int(any(c in p["categories"] for p in marked)) for c in PROMO_CATEGORIES])
        else:
            labels.append(0 if record["promo_strength"] == 0 else None)
            cats.append([0] * len(PROMO_CATEGORIES))
    return ArticleExample(record["text"], int(record["promotional"]), sentences, labels, cats, record.get("topic", ""))


def _fit(sentences: list[dict[str, Any]], articles: list[dict[str, Any]], seed: int) -> PromoModel:
    return PromoModel.fit(sentence_set(sentences), [article_example(a) for a in articles], seed=seed)


def cross_validate(corpus: Corpus, seed: int, folds: int = 5) -> dict[str, float]:
    """Stratified k-fold F1 of the sentence model on the training split (mean and spread)."""
    train = corpus.split(corpus.sentences, "train")
    texts = [s["text"] for s in train]
    y = np.array([s["label"] for s in train])
    scores = []
    for fit_idx, val_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, y):
        model = PromoModel._fit_sentences(sentence_set([train[i] for i in fit_idx]), seed)
        probs, _ = model.score_sentences([texts[i] for i in val_idx])
        scores.append(f1_score(y[val_idx], probs >= 0.5))
    return {"folds": folds, "f1_mean": round(float(np.mean(scores)), 4), "f1_std": round(float(np.std(scores)), 4)}


def evaluate_split(model: PromoModel, corpus: Corpus, split: str) -> dict[str, Any]:
    sents = corpus.split(corpus.sentences, split)
    probs, cats = model.score_sentences([s["text"] for s in sents])
    y = np.array([s["label"] for s in sents])
    arts = corpus.split(corpus.articles, split)
    art_probs = model.score_articles(_article_items(model, arts))
    ay = np.array([a["promotional"] for a in arts])
    truth = category_matrix(sents)
    per_cat = {}
    for j, cat in enumerate(PROMO_CATEGORIES):
        mask = y == 1
        if truth[mask, j].sum():
            per_cat[cat] = round(
                float(f1_score(truth[mask, j], cats[mask, j] / np.maximum(probs[mask], 1e-9) >= 0.5)), 4
            )
    return {
        "sentence": binary_metrics(y, probs, model.thresholds["sentence"]),
        "article": binary_metrics(ay, art_probs, model.thresholds["article"]),
        "category_f1_on_promotional": per_cat,
    }


def train(corpus_dir: str | Path, out_dir: str | Path, seed: int = 0, cv: bool = True) -> dict[str, Any]:
    """Fit on the train split, tune thresholds on dev, report on test; write model, sidecar, card."""
    corpus = load_corpus(corpus_dir)
    train_arts = corpus.split(corpus.articles, "train")
    model = _fit(corpus.split(corpus.sentences, "train"), train_arts, seed)
    dev = corpus.split(corpus.sentences, "dev")
    dev_probs, _ = model.score_sentences([s["text"] for s in dev])
    dev_arts = corpus.split(corpus.articles, "dev")
    dev_art_probs = model.score_articles(_article_items(model, dev_arts))
    # The article threshold: dev has only 60 articles, so it is chosen on them together with the
    # out-of-fold predictions of the training articles (each scored by models that never saw it).
    article_y = np.array([a["promotional"] for a in train_arts + dev_arts])
    article_probs = np.concatenate([model.oof_article_probs, dev_art_probs])  # type: ignore[list-item]
    model.thresholds = {
        "sentence": tune_threshold(np.array([s["label"] for s in dev]), dev_probs),
        "article": tune_threshold(article_y, article_probs),
    }
    metrics = {split: evaluate_split(model, corpus, split) for split in ("dev", "test")}
    meta = {
        "healthmod_version": __version__,
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "spacy": spacy.__version__,
            "numpy": np.__version__,
        },
        "corpus_sha256": corpus.sha256(),
        "training": {
            "seed": seed,
            "sentences": len(corpus.split(corpus.sentences, "train")),
            "articles": len(corpus.split(corpus.articles, "train")),
        },
        "thresholds": model.thresholds,
        "threshold_tuning": {
            "sentence": f"best F1 on dev ({len(dev)} sentences)",
            "article": (
                f"best F1 on out-of-fold (folds by topic) train ({len(train_arts)}) + dev ({len(dev_arts)}) articles"
            ),
        },
        "train_out_of_fold_article": binary_metrics(
            article_y[: len(train_arts)], model.oof_article_probs, model.thresholds["article"]
        ),
        "cross_validation": cross_validate(corpus, seed) if cv else None,
        "metrics": metrics,
    }
    out = Path(out_dir)
    meta = save_model(model, out / MODEL_FILE, meta)
    (out / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return meta


def model_card(meta: dict[str, Any]) -> str:
    test, dev = meta["metrics"]["test"], meta["metrics"]["dev"]
    cv = meta.get("cross_validation") or {}
    rows = "\n".join(
        f"| {level} | {split} | {m[level]['n']} | {m[level]['precision']} | {m[level]['recall']} | "
        f"{m[level]['f1']} | {m[level]['roc_auc']} |"
        for split, m in (("dev", dev), ("test", test))
        for level in ("sentence", "article")
    )
    return f"""# Model card: healthmod promotional-language model

Produced by `healthmod train --corpus corpus --out models --seed {meta["training"]["seed"]}` (the defaults) from
`corpus/` (sha256 `{meta["corpus_sha256"][:16]}...`), healthmod {meta["healthmod_version"]},
scikit-learn {meta["versions"]["scikit-learn"]}, spaCy {meta["versions"]["spacy"]}; the same command
reproduces the files byte for byte. The fitted estimators are in `models/promo.skops`, the arrays the
pipeline scores with (read without scikit-learn) in `models/promo.npz`, and the figures below in
`models/promo.json`.

**What it does.** Scores each sentence of a health article for promotional language (probability, calibrated
by Platt scaling) and seven categories (hype, overclaim, safety, exclusivity, sales, testimonial, fear), and the
article as a whole from the spread of its sentence scores plus a document-level TF-IDF model.

**Data.** {meta["training"]["sentences"]} training sentences and {meta["training"]["articles"]} training articles
written by the healthmod team, split by topic: dev and test topics are never seen in training. Thresholds:
sentence {meta["thresholds"]["sentence"]} ({meta["threshold_tuning"]["sentence"]}), article
{meta["thresholds"]["article"]} ({meta["threshold_tuning"]["article"]}); test is only reported.
Out-of-fold F1 of the article model on the training articles at that threshold:
{meta["train_out_of_fold_article"]["f1"]} (ROC-AUC {meta["train_out_of_fold_article"]["roc_auc"]}).

| level | split | n | precision | recall | F1 | ROC-AUC |
|---|---|---|---|---|---|---|
{rows}

Stratified {cv.get("folds", "-")}-fold cross-validation of the sentence model on the training split:
F1 {cv.get("f1_mean", "-")} ± {cv.get("f1_std", "-")}.

**Limits.** Trained on English text written for this corpus; real articles differ in style and the scores
on real data are lower (the README reports ROC-AUC on real proxy sets:
`python benchmarks/promo_proxy_eval.py`). Not for non-English text. A flag is a reason for
a human to look, not a finding of fact.
"""
