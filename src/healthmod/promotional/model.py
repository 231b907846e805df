"""The promotional-language model: sentence probabilities, category scores and an article score.

Three estimators share one sentence featuriser (hashed word n-gram TF-IDF over spaCy's tokens
plus the lexicon's cue counts):

* ``sentence``: calibrated logistic regression, P(promotional | sentence);
* ``categories``: one-vs-rest logistic regressions trained on promotional sentences only,
  P(category | promotional sentence); a category's reported score is the product of both;
* ``article``: logistic regression over how the sentence probabilities are spread through the
  article (:data:`~.features.ARTICLE_STATS`), the strongest category scores, and the out-of-fold
  margin (log-odds) of a document-level TF-IDF model, so that framing carried by the whole piece
  counts and not only its loudest sentence.

The article model's training features are cross-fitted over folds of training *topics*: each
article is scored by sentence and document models that never saw its topic, as articles of a
new topic are when the model is used.

Regularisation strengths were chosen by cross-validation grouped by topic on the training split
and by the dev split (issue 4): the sentence model's C over 1-128, the document model's over
0.5-32 and the article model's over 0.3-10.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline

from ..document import PROMO_CATEGORIES
from .features import CueCounts, TokenNgrams
from .linear import ArticleInput, LinearModel, Parsed, article_features
from .vectors import tfidf

# Hashed word n-grams: no vocabulary to store, so the model file stays small and loads fast.
# (Character n-grams were tried: no better on dev, weaker on the proxy sets, and 3x slower.)
WORD_FEATURES = 2**18
# Inverse regularisation strengths (see the module docstring for how they were chosen).
SENTENCE_C = 64.0
CATEGORY_C = 4.0
DOCUMENT_C = 8.0
ARTICLE_C = 3.0
ARTICLE_FOLDS = 3


def _hashed_tfidf() -> Pipeline:
    return make_pipeline(TokenNgrams(WORD_FEATURES), TfidfTransformer(sublinear_tf=True))


def make_featuriser() -> FeatureUnion:
    return FeatureUnion([("words", _hashed_tfidf()), ("cues", CueCounts())])


def _document_model(seed: int) -> Pipeline:
    return make_pipeline(
        TokenNgrams(WORD_FEATURES),
        TfidfTransformer(sublinear_tf=True),
        LogisticRegression(C=DOCUMENT_C, class_weight="balanced", max_iter=2000, random_state=seed),
    )


def _article_model(seed: int) -> LogisticRegression:
    return LogisticRegression(C=ARTICLE_C, class_weight="balanced", max_iter=2000, random_state=seed)


def article_folds(labels: np.ndarray, topics: list[str], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds of the training articles for cross-fitting, stratified by label and grouped by topic (no
    topic in two folds), so each held-out article is scored by models that never saw its topic.
    Falls back to plain stratified folds when the articles have too few topics for that (or a fold
    would leave a single class to learn from)."""
    zeros = np.zeros(len(labels))
    if len(set(topics)) >= ARTICLE_FOLDS:
        splitter = StratifiedGroupKFold(ARTICLE_FOLDS, shuffle=True, random_state=seed)
        folds = list(splitter.split(zeros, labels, topics))
        if all(len(set(labels[fit].tolist())) == 2 and len(held) for fit, held in folds):
            return folds
    return list(StratifiedKFold(ARTICLE_FOLDS, shuffle=True, random_state=seed).split(zeros, labels))


@dataclass
class ArticleExample:
    """A labelled training article: its sentences, and the label of each one that has one."""

    text: str
    label: int
    sentences: list[str]
    sentence_labels: list[int | None]  # None: not labelled (a sentence of a mildly promotional piece)
    sentence_categories: list[list[int]]
    topic: str = ""  # the corpus topic: cross-fitting folds never split one


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
class PromoModel:
    """The fitted estimators, plus the thresholds tuned on the dev split."""

    featuriser: FeatureUnion
    sentence: CalibratedClassifierCV
    categories: OneVsRestClassifier
    document: Any  # TF-IDF + logistic regression over whole articles
    article: LogisticRegression
    thresholds: dict[str, float] = field(default_factory=lambda: {"sentence": 0.5, "article": 0.5})
    # Set by fit(), not saved: out-of-fold article probabilities of the training articles.
    oof_article_probs: np.ndarray | None = field(default=None, repr=False, compare=False)

    # -- scoring -----------------------------------------------------------------------------
    # The pipeline scores with the LinearModel saved beside these estimators (see .linear); these
    # methods serve training, evaluation, and the tests that hold that model to the estimators.
    def linear(self) -> LinearModel:
        """The fitted models as the arrays scoring reads (built on first use)."""
        if getattr(self, "_view", None) is None:
            self._view = LinearModel.of(self)
        return self._view

    def score_sentences(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """P(promotional) per sentence, and per-category scores of shape (n, 7)."""
        if not texts:
            return np.zeros(0), np.zeros((0, len(PROMO_CATEGORIES)))
        words, cues = self._steps()
        return self._score_features(words.transform(texts), cues.transform(texts).toarray())

    def score_parsed(self, article: Parsed) -> tuple[np.ndarray, np.ndarray, float]:
        """Sentence probabilities, category scores and the article probability of a parsed article."""
        return self.score_parsed_many([article])[0]

    def score_parsed_many(self, articles: list[Parsed]) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """:meth:`score_parsed` of each article (:meth:`.LinearModel.score_parsed_many`)."""
        linear = self.linear()
        if not linear.document_in_table:
            return [self._score_parsed_plainly(article) for article in articles]
        return linear.score_parsed_many(articles)

    def _score_parsed_plainly(self, article: Parsed) -> tuple[np.ndarray, np.ndarray, float]:
        """score_parsed through sparse matrices (for a model whose document model hashes otherwise)."""
        if len(article.spans):
            words, cues = self._steps()
            counts = words[0].transform_spans(article.doc, article.spans)
            probs, cats = self._score_features(
                tfidf(counts, words[1].idf_), cues.transform_spans(article.text, article.spans)
            )
        else:
            probs, cats = self.score_sentences([])
        doc_prob = self._document_probability(article)
        return probs, cats, float(self.score_articles([ArticleInput(article.text, probs, cats)], [doc_prob])[0])

    def _score_features(self, words: sparse.csr_matrix, cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        linear = self.linear()
        # The same products over the table's rows: a feature's weights are in row row_of[feature].
        rows = sparse.csr_matrix(
            (words.data, linear.row_of[words.indices], words.indptr), shape=(words.shape[0], len(linear.table))
        )
        return linear.margins_to_scores(rows @ linear.word_part, cues)

    def _document_probability(self, article: Parsed) -> float:
        hasher, weights, regression = self.document[0], self.document[1], self.document[-1]
        x = tfidf(hasher.transform_spans(article.doc, np.array([[0, len(article.text)]])), weights.idf_)
        return float(expit((x @ regression.coef_[0])[0] + self.linear().document_intercept))

    def _steps(self) -> list[Any]:
        return [step for _, step in self.featuriser.transformer_list]

    def _document_probs(self, items: list[ArticleInput]) -> np.ndarray:
        return self.document.predict_proba([a.text for a in items])[:, 1]

    def article_features(self, items: list[ArticleInput], doc_probs: Any = None) -> np.ndarray:
        """The article model's input (:func:`.linear.article_features`); ``doc_probs``: the document
        model's probabilities of the items, computed here when not given."""
        return article_features(items, self._document_probs(items) if doc_probs is None else doc_probs)

    def score_articles(self, items: list[ArticleInput], doc_probs: Any = None) -> np.ndarray:
        return self.linear().score_articles(items, self._document_probs(items) if doc_probs is None else doc_probs)

    def explain(self, article: Parsed, sentences: list[int], top: int = 3) -> list[list[str]]:
        return self.linear().explain(article, sentences, top)

    def explain_many(self, articles: list[Parsed], chosen: list[list[int]], top: int = 3) -> list[list[list[str]]]:
        return self.linear().explain_many(articles, chosen, top)

    # -- training ----------------------------------------------------------------------------
    @classmethod
    def fit(cls, sentences: SentenceSet, articles: list[ArticleExample], seed: int = 0) -> PromoModel:
        """Fit every estimator.

        The sentence estimators learn from ``sentences`` plus the labelled sentences of the
        articles. The article estimator must see sentence scores like those of unseen
        articles, so its training features come from sentence models cross-fitted on the
        other folds of articles (and document scores likewise out of fold); the folds are
        grouped by topic (:func:`article_folds`).
        """
        labels = np.array([a.label for a in articles])
        folds = article_folds(labels, [a.topic for a in articles], seed)
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
        features = model.article_features(items, doc_oof)  # type: ignore[arg-type]
        model.article = _article_model(seed).fit(features, labels)
        # Out-of-fold article probabilities of the training articles (the article model fitted on
        # the other folds' features): with dev's, what the article threshold is chosen on.
        model.oof_article_probs = np.zeros(len(articles))
        for fit_idx, held_idx in folds:
            part = _article_model(seed).fit(features[fit_idx], labels[fit_idx])
            model.oof_article_probs[held_idx] = part.predict_proba(features[held_idx])[:, 1]
        model._view = None  # the fast view, if built while fitting, lacks the document and article models
        return model

    @classmethod
    def _fit_sentences(cls, data: SentenceSet, seed: int) -> PromoModel:
        featuriser = make_featuriser()
        x = featuriser.fit_transform(data.texts)
        base = LogisticRegression(C=SENTENCE_C, class_weight="balanced", max_iter=2000, random_state=seed)
        sentence = CalibratedClassifierCV(
            base, method="sigmoid", cv=StratifiedKFold(3, shuffle=True, random_state=seed)
        )
        sentence.fit(x, data.labels)
        positive = data.labels == 1
        categories = OneVsRestClassifier(
            LogisticRegression(C=CATEGORY_C, class_weight="balanced", max_iter=2000, random_state=seed)
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
