"""The promotional-language model: sentence probabilities, category scores and an article score.

Three estimators share one sentence featuriser (word and character n-gram TF-IDF plus the
lexicon's cue counts):

* ``sentence``: calibrated logistic regression, P(promotional | sentence);
* ``categories``: one-vs-rest logistic regressions trained on promotional sentences only,
  P(category | promotional sentence); a category's reported score is the product of both;
* ``article``: logistic regression over how the sentence probabilities are spread through the
  article (:data:`~.features.ARTICLE_STATS`), the strongest category scores, and the out-of-fold
  probability of a document-level TF-IDF model, so that framing carried by the whole piece
  counts and not only its loudest sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline

from ..document import PROMO_CATEGORIES
from ..text_signals import STOPWORDS
from .features import CueCounts, sentence_stats
from .lexicon import find_cues

# Hashed word n-grams: no vocabulary to store, so the model file stays small and loads fast.
# (Character n-grams were tried: no better on dev, weaker on the proxy sets, and 3x slower.)
WORD_FEATURES = 2**18
WORD_TOKENS = r"(?u)\b\w[\w'’-]*\b|[$€£%!]"


def _hashed_tfidf(n_features: int, **analyzer: Any) -> Pipeline:
    hasher = HashingVectorizer(n_features=n_features, alternate_sign=False, norm=None, **analyzer)
    return make_pipeline(hasher, TfidfTransformer(sublinear_tf=True))


def make_featuriser() -> FeatureUnion:
    return FeatureUnion(
        [
            ("words", _hashed_tfidf(WORD_FEATURES, ngram_range=(1, 2), token_pattern=WORD_TOKENS)),
            ("cues", CueCounts()),
        ]
    )


@dataclass
class _LinearView:
    """The fitted linear models as plain matrices: scoring an article is then a few sparse
    products instead of dozens of estimator calls with input validation (about 4x faster)."""

    sentence_coef: np.ndarray  # (features, folds), contiguous: x @ sentence_coef needs no copy
    sentence_intercept: np.ndarray  # (folds,)
    calib_a: np.ndarray  # (folds,) Platt scaling: P = expit(-(a * margin + b))
    calib_b: np.ndarray
    category_coef: np.ndarray  # (features, categories)
    category_intercept: np.ndarray
    word_coef: np.ndarray  # mean sentence weights of the word features, for explanations

    @classmethod
    def of(cls, model: PromoModel) -> _LinearView:
        folds = model.sentence.calibrated_classifiers_
        coef = np.vstack([c.estimator.coef_[0] for c in folds])
        cats = model.categories.estimators_
        return cls(
            np.ascontiguousarray(coef.T),
            np.array([c.estimator.intercept_[0] for c in folds]),
            np.array([c.calibrators[0].a_ for c in folds]),
            np.array([c.calibrators[0].b_ for c in folds]),
            np.ascontiguousarray(np.vstack([e.coef_[0] for e in cats]).T),
            np.array([e.intercept_[0] for e in cats]),
            coef.mean(axis=0)[:WORD_FEATURES],
        )


def _document_model(seed: int) -> Pipeline:
    return make_pipeline(
        _hashed_tfidf(WORD_FEATURES, ngram_range=(1, 2), token_pattern=WORD_TOKENS),
        LogisticRegression(C=2.0, class_weight="balanced", max_iter=2000, random_state=seed),
    )


@dataclass
class ArticleExample:
    """A labelled training article: its sentences, and the label of each one that has one."""

    text: str
    label: int
    sentences: list[str]
    sentence_labels: list[int | None]  # None: not labelled (a sentence of a mildly promotional piece)
    sentence_categories: list[list[int]]


@dataclass
class SentenceSet:
    texts: list[str]
    labels: np.ndarray
    categories: np.ndarray  # (n, 7) 0/1

    def plus(self, articles: list[ArticleExample]) -> SentenceSet:
        """These sentences and the labelled sentences of ``articles``."""
        texts, labels, cats = list(self.texts), list(self.labels), list(self.categories)
        for a in articles:
            for text, label, cat in zip(a.sentences, a.sentence_labels, a.sentence_categories, strict=True):
                if label is not None:
                    texts.append(text)
                    labels.append(label)
                    cats.append(cat)
        return SentenceSet(texts, np.array(labels), np.array(cats).reshape(-1, len(PROMO_CATEGORIES)))


@dataclass
class ArticleInput:
    text: str
    sentence_probs: np.ndarray
    category_probs: np.ndarray  # shape (n_sentences, n_categories)


@dataclass
class PromoModel:
    """The fitted estimators, plus the thresholds tuned on the dev split."""

    featuriser: FeatureUnion
    sentence: CalibratedClassifierCV
    categories: OneVsRestClassifier
    document: Any  # TF-IDF + logistic regression over whole articles
    article: LogisticRegression
    thresholds: dict[str, float] = field(default_factory=lambda: {"sentence": 0.5, "article": 0.5})

    # -- scoring -----------------------------------------------------------------------------
    def score_sentences(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """P(promotional) per sentence, and per-category scores of shape (n, 7)."""
        if not texts:
            return np.zeros(0), np.zeros((0, len(PROMO_CATEGORIES)))
        fast = self._fast()
        x = sparse.hstack([step.transform(texts) for _, step in self.featuriser.transformer_list]).tocsr()
        margins = x @ fast.sentence_coef + fast.sentence_intercept  # sparse @ dense: an (n, folds) array
        probs = expit(-(fast.calib_a * margins + fast.calib_b)).mean(axis=1)
        cats = expit(x @ fast.category_coef + fast.category_intercept) * probs[:, None]
        return probs, cats

    def article_features(self, items: list[ArticleInput], doc_probs: np.ndarray | None = None) -> np.ndarray:
        if doc_probs is None:
            doc_probs = self.document.predict_proba([a.text for a in items])[:, 1]
        rows = []
        for item, doc_p in zip(items, doc_probs, strict=True):
            cat_max = item.category_probs.max(axis=0) if len(item.category_probs) else np.zeros(len(PROMO_CATEGORIES))
            rows.append(np.concatenate([sentence_stats(item.sentence_probs), cat_max, [doc_p]]))
        return np.vstack(rows)

    def score_articles(self, items: list[ArticleInput]) -> np.ndarray:
        return self.article.predict_proba(self.article_features(items))[:, 1]

    def explain(self, texts: list[str], top: int = 3) -> list[list[str]]:
        """For each sentence: its lexicon cues, then the word n-grams whose weights pushed it up most."""
        hasher = self.featuriser.transformer_list[0][1].steps[0][1]
        analyse = hasher.build_analyzer()
        grams_of = [
            {g for g in analyse(t) if g.split()[0] not in STOPWORDS and g.split()[-1] not in STOPWORDS} for t in texts
        ]
        vocab = sorted(set().union(*grams_of)) if texts else []
        rows = hasher.transform(vocab) if vocab else None  # one row (one column) per n-gram, one call
        coef = self._fast().word_coef
        weight = {
            g: coef[rows.indices[rows.indptr[i]]] for i, g in enumerate(vocab) if rows.indptr[i + 1] > rows.indptr[i]
        }
        out = []
        for text, grams in zip(texts, grams_of, strict=True):
            cues = [c.text for c in find_cues(text)]
            best = sorted(((weight.get(g, 0.0), g) for g in grams), reverse=True)[:top]
            terms = [g for w, g in best if w > 1.0 and not any(g in c.lower() for c in cues)]
            out.append(list(dict.fromkeys(cues + terms))[:6])
        return out

    def _fast(self) -> _LinearView:
        if getattr(self, "_view", None) is None:
            self._view = _LinearView.of(self)
        return self._view

    # -- training ----------------------------------------------------------------------------
    @classmethod
    def fit(cls, sentences: SentenceSet, articles: list[ArticleExample], seed: int = 0) -> PromoModel:
        """Fit every estimator.

        The sentence estimators learn from ``sentences`` plus the labelled sentences of the
        articles. The article estimator must see sentence scores like those of unseen
        articles, so its training features come from sentence models cross-fitted on the
        other folds of articles (and document scores likewise out of fold).
        """
        labels = np.array([a.label for a in articles])
        folds = list(StratifiedKFold(3, shuffle=True, random_state=seed).split(np.zeros(len(labels)), labels))
        items: list[ArticleInput | None] = [None] * len(articles)
        for fit_idx, held_idx in folds:
            partial = cls._fit_sentences(sentences.plus([articles[i] for i in fit_idx]), seed)
            for i in held_idx:
                items[i] = ArticleInput(articles[i].text, *partial.score_sentences(articles[i].sentences))
        texts = [a.text for a in articles]
        doc_oof = np.zeros(len(articles))
        for fit_idx, held_idx in folds:
            document = _document_model(seed).fit([texts[i] for i in fit_idx], labels[fit_idx])
            doc_oof[held_idx] = document.predict_proba([texts[i] for i in held_idx])[:, 1]
        model = cls._fit_sentences(sentences.plus(articles), seed)
        model.document = _document_model(seed).fit(texts, labels)
        article = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=seed)
        model.article = article.fit(model.article_features(items, doc_oof), labels)  # type: ignore[arg-type]
        return model

    @classmethod
    def _fit_sentences(cls, data: SentenceSet, seed: int) -> PromoModel:
        featuriser = make_featuriser()
        x = featuriser.fit_transform(data.texts)
        base = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
        sentence = CalibratedClassifierCV(
            base, method="sigmoid", cv=StratifiedKFold(3, shuffle=True, random_state=seed)
        )
        sentence.fit(x, data.labels)
        positive = data.labels == 1
        categories = OneVsRestClassifier(
            LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
        )
        categories.fit(x[positive], data.categories[positive])
        return cls(featuriser, sentence, categories, None, None)

    # -- persistence ---------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {
            "featuriser": self.featuriser,
            "sentence": self.sentence,
            "categories": self.categories,
            "document": self.document,
            "article": self.article,
            "thresholds": dict(self.thresholds),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> PromoModel:
        return cls(**state)
