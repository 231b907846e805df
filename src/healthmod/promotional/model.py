"""The promotional-language model: sentence probabilities, category scores and an article score.

Three estimators share one sentence featuriser (hashed word n-gram TF-IDF over spaCy's tokens
plus the lexicon's cue counts):

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
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from spacy.tokens import Doc

from ..document import PROMO_CATEGORIES
from ..text_signals import STOPWORDS
from .features import CueCounts, TokenNgrams, sentence_stats, tfidf
from .lexicon import find_cues

# Hashed word n-grams: no vocabulary to store, so the model file stays small and loads fast.
# (Character n-grams were tried: no better on dev, weaker on the proxy sets, and 3x slower.)
WORD_FEATURES = 2**18


def _hashed_tfidf() -> Pipeline:
    return make_pipeline(TokenNgrams(WORD_FEATURES), TfidfTransformer(sublinear_tf=True))


def make_featuriser() -> FeatureUnion:
    return FeatureUnion([("words", _hashed_tfidf()), ("cues", CueCounts())])


@dataclass
class Parsed:
    """An article already tokenised and split: its text, spaCy doc and sentence character spans."""

    text: str
    doc: Doc
    spans: np.ndarray  # (n, 2) start_char, end_char of each sentence to score


@dataclass
class _LinearView:
    """The fitted linear models as plain matrices: scoring an article is then a few sparse
    products instead of dozens of estimator calls with input validation (about 4x faster)."""

    sentence_coef: np.ndarray  # (word features, folds), contiguous: x @ sentence_coef needs no copy
    sentence_cue_coef: np.ndarray  # (cue features, folds)
    sentence_intercept: np.ndarray  # (folds,)
    calib_a: np.ndarray  # (folds,) Platt scaling: P = expit(-(a * margin + b))
    calib_b: np.ndarray
    category_coef: np.ndarray  # (word features, categories)
    category_cue_coef: np.ndarray  # (cue features, categories)
    category_intercept: np.ndarray
    word_coef: np.ndarray  # mean sentence weights of the word features, for explanations
    document_coef: np.ndarray | None  # the document model's weights and intercept (None while fitting)
    document_intercept: float
    article_coef: np.ndarray | None  # the article model's (None while fitting)
    article_intercept: float

    @classmethod
    def of(cls, model: PromoModel) -> _LinearView:
        folds = model.sentence.calibrated_classifiers_
        coef = np.vstack([c.estimator.coef_[0] for c in folds]).T
        cat_coef = np.vstack([e.coef_[0] for e in model.categories.estimators_]).T
        document, article = model.document, model.article
        return cls(
            np.ascontiguousarray(coef[:WORD_FEATURES]),
            coef[WORD_FEATURES:],
            np.array([c.estimator.intercept_[0] for c in folds]),
            np.array([c.calibrators[0].a_ for c in folds]),
            np.array([c.calibrators[0].b_ for c in folds]),
            np.ascontiguousarray(cat_coef[:WORD_FEATURES]),
            cat_coef[WORD_FEATURES:],
            np.array([e.intercept_[0] for e in model.categories.estimators_]),
            coef[:WORD_FEATURES].mean(axis=1),
            None if document is None else np.ascontiguousarray(document[-1].coef_[0]),
            0.0 if document is None else float(document[-1].intercept_[0]),
            None if article is None else article.coef_[0],
            0.0 if article is None else float(article.intercept_[0]),
        )


def _document_model(seed: int) -> Pipeline:
    return make_pipeline(
        TokenNgrams(WORD_FEATURES),
        TfidfTransformer(sublinear_tf=True),
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
    """An article as the article model sees it: its text and its sentences' scores."""

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
            return _no_sentences()
        words, cues = self._steps()
        return self._score_features(words.transform(texts), cues.transform(texts).toarray())

    def score_parsed(self, article: Parsed) -> tuple[np.ndarray, np.ndarray, float]:
        """Sentence probabilities, category scores and the article probability of a parsed article.

        Reads the doc's token arrays once for all sentences, which gives the same features as
        scoring each sentence's text on its own, several times faster.
        """
        if len(article.spans):
            words, cues = self._steps()
            counts = words[0].transform_spans(article.doc, article.spans)
            probs, cats = self._score_features(
                tfidf(counts, words[1].idf_), cues.transform_spans(article.text, article.spans)
            )
        else:
            probs, cats = _no_sentences()
        doc_prob = self._document_probability(article)
        return probs, cats, float(self.score_articles([ArticleInput(article.text, probs, cats)], [doc_prob])[0])

    def _score_features(self, words: sparse.csr_matrix, cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        fast = self._fast()
        margins = words @ fast.sentence_coef + cues @ fast.sentence_cue_coef + fast.sentence_intercept
        probs = expit(-(fast.calib_a * margins + fast.calib_b)).mean(axis=1)
        cat_margins = words @ fast.category_coef + cues @ fast.category_cue_coef + fast.category_intercept
        return probs, expit(cat_margins) * probs[:, None]

    def _document_probability(self, article: Parsed) -> float:
        hasher, weights = self.document[0], self.document[1]
        x = tfidf(hasher.transform_spans(article.doc, np.array([[0, len(article.text)]])), weights.idf_)
        fast = self._fast()
        return float(expit((x @ fast.document_coef)[0] + fast.document_intercept))

    def _steps(self) -> list[Any]:
        return [step for _, step in self.featuriser.transformer_list]

    def article_features(self, items: list[ArticleInput], doc_probs: Any = None) -> np.ndarray:
        if doc_probs is None:
            doc_probs = self.document.predict_proba([a.text for a in items])[:, 1]
        rows = []
        for item, doc_p in zip(items, doc_probs, strict=True):
            cat_max = item.category_probs.max(axis=0) if len(item.category_probs) else np.zeros(len(PROMO_CATEGORIES))
            rows.append(np.concatenate([sentence_stats(item.sentence_probs), cat_max, [doc_p]]))
        return np.vstack(rows)

    def score_articles(self, items: list[ArticleInput], doc_probs: Any = None) -> np.ndarray:
        fast = self._fast()
        return expit(self.article_features(items, doc_probs) @ fast.article_coef + fast.article_intercept)

    def explain(self, article: Parsed, sentences: list[int], top: int = 3) -> list[list[str]]:
        """For each chosen sentence: its lexicon cues, then the word n-grams whose weights pushed it up
        most (weight over 1, neither end a stopword)."""
        if not sentences:
            return []
        hasher = self._steps()[0][0]
        rows, keys, firsts, seconds = hasher.ngram_table(article.doc, article.spans[sentences])
        weights = self._fast().word_coef[keys]
        strings = article.doc.vocab.strings
        grams: list[dict[str, float]] = [{} for _ in sentences]
        for i in np.flatnonzero(weights > 1.0):
            words = [strings[int(h)] for h in (firsts[i], seconds[i]) if h]
            if words[0] not in STOPWORDS and words[-1] not in STOPWORDS:
                grams[rows[i]][" ".join(words)] = float(weights[i])
        out = []
        for i, weighted in zip(sentences, grams, strict=True):
            start, end = (int(v) for v in article.spans[i])
            cues = [c.text for c in find_cues(article.text[start:end])]
            best = [g for _, g in sorted(((w, g) for g, w in weighted.items()), reverse=True)[:top]]
            out.append(list(dict.fromkeys(cues + [g for g in best if not any(g in c.lower() for c in cues)]))[:6])
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
        model._view = None  # the fast view, if built while fitting, lacks the document and article models
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


def _no_sentences() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0), np.zeros((0, len(PROMO_CATEGORIES)))
