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
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline

from ..document import PROMO_CATEGORIES
from ..text_signals import STOPWORDS
from .features import CueCounts, sentence_stats
from .lexicon import find_cues


# Hashed n-grams: no vocabulary to store, so the model file stays small and loads fast.
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
WORD_TOKENS = r"(?u)\b\w[\w'’-]*\b|[$€£%!]"


def _hashed_tfidf(n_features: int, **analyzer: Any) -> Pipeline:
    hasher = HashingVectorizer(n_features=n_features, alternate_sign=False, norm=None, **analyzer)
    return make_pipeline(hasher, TfidfTransformer(sublinear_tf=True))


def make_featuriser() -> FeatureUnion:
    return FeatureUnion([
        ("words", _hashed_tfidf(WORD_FEATURES, ngram_range=(1, 2), token_pattern=WORD_TOKENS)),
        ("chars", _hashed_tfidf(CHAR_FEATURES, analyzer="char_wb", ngram_range=(3, 5))),
        ("cues", CueCounts()),
    ])


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
        x = self.featuriser.transform(texts)
        probs = self.sentence.predict_proba(x)[:, 1]
        cats = self.categories.predict_proba(x) * probs[:, None]
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

    def explain(self, text: str, top: int = 3) -> list[str]:
        """The lexicon cues, then the word n-grams whose weights pushed this sentence's score up most."""
        cues = [c.text for c in find_cues(text)]
        hasher = self.featuriser.transformer_list[0][1].steps[0][1]
        coef = self._word_coef()
        grams = {g for g in hasher.build_analyzer()(text)
                 if g.split()[0] not in STOPWORDS and g.split()[-1] not in STOPWORDS}
        weights = {g: coef[idx] for g in grams for idx in hasher.transform([g]).indices[:1]}
        terms = [g for g, w in sorted(weights.items(), key=lambda kv: -kv[1])[:top] if w > 1.0]
        return list(dict.fromkeys(cues + [t for t in terms if not any(t in c.lower() for c in cues)]))[:6]

    def _word_coef(self) -> np.ndarray:
        if not hasattr(self, "_coef_cache"):
            coef = np.mean([c.estimator.coef_[0] for c in self.sentence.calibrated_classifiers_], axis=0)
            self._coef_cache = coef[:WORD_FEATURES]
        return self._coef_cache

    # -- training ----------------------------------------------------------------------------
    @classmethod
    def fit(cls, sentences: list[str], labels: np.ndarray, categories: np.ndarray,
            articles: list[str], article_sentences: list[list[str]], article_labels: np.ndarray,
            seed: int = 0) -> PromoModel:
        """Fit all estimators; ``categories`` is a (n, 7) 0/1 matrix for the sentences."""
        featuriser = make_featuriser()
        x = featuriser.fit_transform(sentences)
        base = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
        sentence = CalibratedClassifierCV(base, method="sigmoid", cv=StratifiedKFold(5, shuffle=True, random_state=seed))
        sentence.fit(x, labels)
        positive = labels == 1
        cat_model = OneVsRestClassifier(LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000,
                                                           random_state=seed))
        cat_model.fit(x[positive], categories[positive])
        document = make_pipeline(
            _hashed_tfidf(WORD_FEATURES, ngram_range=(1, 2), token_pattern=WORD_TOKENS),
            LogisticRegression(C=2.0, class_weight="balanced", max_iter=2000, random_state=seed),
        )
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        doc_oof = cross_val_predict(document, articles, article_labels, cv=folds, method="predict_proba")[:, 1]
        document.fit(articles, article_labels)
        model = cls(featuriser, sentence, cat_model, document, LogisticRegression())
        items = [ArticleInput(text, *model.score_sentences(sents))
                 for text, sents in zip(articles, article_sentences, strict=True)]
        article = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000, random_state=seed)
        article.fit(model.article_features(items, doc_oof), article_labels)
        model.article = article
        return model

    # -- persistence ---------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {"featuriser": self.featuriser, "sentence": self.sentence, "categories": self.categories,
                "document": self.document, "article": self.article, "thresholds": dict(self.thresholds)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> PromoModel:
        return cls(**state)

