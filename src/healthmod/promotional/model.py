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
from functools import lru_cache
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
from spacy.strings import hash_string
from spacy.tokens import Doc

from ..document import PROMO_CATEGORIES
from ..nlp import get_nlp, in_sorted
from ..text_signals import STOPWORDS
from .features import (
    CueCounts,
    NgramOccurrences,
    TokenNgrams,
    cue_array,
    sentence_stats,
    tfidf,
    tfidf_cells,
    word_flag,
)
from .lexicon import cues_of_part, find_cues, lower_in_place, lowered_cue_table

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


@dataclass
class Parsed:
    """An article already tokenised and split: its text, spaCy doc (of that text) and sentence
    character spans (in order, not overlapping).

    It keeps what scoring and explaining both read: the cues of the whole text, found once, and
    the n-grams of its words, hashed once for the sentence and the document models."""

    text: str
    doc: Doc
    spans: np.ndarray  # (n, 2) start_char, end_char of each sentence to score
    _lower: str | None = field(default=None, init=False, repr=False, compare=False)
    _cues: list[tuple[int, int, int]] | None = field(default=None, init=False, repr=False, compare=False)
    _ngrams: dict[int, NgramOccurrences] = field(default_factory=dict, init=False, repr=False, compare=False)

    def lower(self) -> str:
        if self._lower is None:
            self._lower = lower_in_place(self.text)
        return self._lower

    def cues(self) -> list[tuple[int, int, int]]:
        """(start, end, category index) of every cue of the text."""
        if self._cues is None:
            self._cues = lowered_cue_table(self.lower())
        return self._cues

    def ngrams(self, hasher: TokenNgrams) -> NgramOccurrences:
        occurrences = self._ngrams.get(hasher.n_features)
        if occurrences is None:
            occurrences = self._ngrams[hasher.n_features] = hasher.occurrences(self.doc, self.spans)
        return occurrences


@dataclass
class _Cells:
    """The n-gram counts of a doc per (feature, sentence), from one sort of its occurrences.

    The cells are sorted by feature, then sentence: so within a sentence its features come in
    ascending order, the order in which the sentence's tf-idf norm and its products with the
    weights add them up (as the sparse matrices of the plain path do)."""

    features: np.ndarray  # the distinct features of the doc's n-grams, sorted
    doc_counts: np.ndarray  # occurrences of each in the whole text
    rows: np.ndarray  # the sentence of each cell that lies in one
    columns: np.ndarray  # its feature, as an index into ``features``
    counts: np.ndarray  # its count
    indptr: np.ndarray  # (features + 1,): the cells of feature j are [indptr[j], indptr[j + 1])

    @classmethod
    def of(cls, occurrences: NgramOccurrences, n: int) -> _Cells:
        slots = n + 1  # slot 0: in no sentence (an n-gram the document model alone counts)
        cells, counts = np.unique(occurrences.keys * slots + (occurrences.rows + 1), return_counts=True)
        feature, slot = np.divmod(cells, slots)
        new = np.empty(len(cells), dtype=bool)
        new[:1] = True
        np.not_equal(feature[1:], feature[:-1], out=new[1:])
        first = np.flatnonzero(new)
        columns = np.cumsum(new) - 1
        inside = slot > 0
        columns_inside = columns[inside]
        return cls(
            feature[first],
            np.add.reduceat(counts, first) if len(first) else counts,
            slot[inside] - 1,
            columns_inside,
            counts[inside],
            np.concatenate([[0], np.cumsum(np.bincount(columns_inside, minlength=len(first)))]),
        )


@dataclass
class _LinearView:
    """The fitted linear models as plain arrays: scoring an article is then a few array operations
    instead of dozens of estimator calls with input validation.

    Every word feature's weights sit in one row of ``table``: the sentence model's (a column per
    calibration fold), the categories', then the feature's idf, its explanation weight (the mean
    of the folds' weights) and, when the document model hashes words the same way, the document
    model's idf and weight. Only the features seen in training have a row of their own: all the
    others share the last row, which holds exactly what theirs would (weights 0, and the largest
    idf, that of document frequency 0). Scoring reads one row per distinct n-gram from a few MB,
    instead of five arrays of 2^18 values (about 30 MB, mostly zeros).
    """

    folds: int
    sentence_cue_coef: np.ndarray  # (cue features, folds)
    sentence_intercept: np.ndarray  # (folds,)
    calib_a: np.ndarray  # (folds,) Platt scaling: P = expit(-(a * margin + b))
    calib_b: np.ndarray
    category_cue_coef: np.ndarray  # (cue features, categories)
    category_intercept: np.ndarray
    row_of: np.ndarray  # (word features,) int32: each feature's row of ``table``
    table: np.ndarray  # (features seen in training + 1, columns)
    document_in_table: bool
    document_coef: np.ndarray | None  # the document model's weights and intercept (None while fitting)
    document_intercept: float
    article_coef: np.ndarray | None  # the article model's (None while fitting)
    article_intercept: float
    _word_part: np.ndarray | None = None  # table[:, :idf], contiguous, for sparse products

    @property
    def idf(self) -> int:
        """The column of the sentence featuriser's idf; the word weights are the columns before it."""
        return self.folds + len(PROMO_CATEGORIES)

    @property
    def word_part(self) -> np.ndarray:
        if self._word_part is None:
            self._word_part = np.ascontiguousarray(self.table[:, : self.idf])
        return self._word_part

    @classmethod
    def of(cls, model: PromoModel) -> _LinearView:
        folds = model.sentence.calibrated_classifiers_
        fold_coef = [c.estimator.coef_[0] for c in folds]
        category_coef = [e.coef_[0] for e in model.categories.estimators_]
        document, article = model.document, model.article
        idf = model._steps()[0][1].idf_
        columns = [c[:WORD_FEATURES] for c in fold_coef + category_coef] + [idf]
        shared = [0.0] * (len(columns) - 1) + [idf.max()]  # the values of a feature never seen
        with_document = document is not None and document[0].n_features == len(idf)
        if with_document:
            columns += [document[1].idf_, document[-1].coef_[0]]
            shared += [document[1].idf_.max(), 0.0]
        seen = np.zeros(len(idf), dtype=bool)
        for column, value in zip(columns, shared, strict=True):
            seen |= column != value
        rows = np.flatnonzero(seen)
        table = np.empty((len(rows) + 1, len(columns) + 1))
        for j, (column, value) in enumerate(zip(columns, shared, strict=True)):
            j += j > len(fold_coef + category_coef)  # the explanation weight goes after the idf
            table[:-1, j], table[-1, j] = column[rows], value
        explain = len(fold_coef + category_coef) + 1
        table[:-1, explain] = np.column_stack([c[:WORD_FEATURES][rows] for c in fold_coef]).mean(axis=1)
        table[-1, explain] = 0.0
        row_of = np.full(len(idf), len(rows), dtype=np.int32)
        row_of[rows] = np.arange(len(rows), dtype=np.int32)
        return cls(
            len(folds),
            np.column_stack([c[WORD_FEATURES:] for c in fold_coef]),
            np.array([c.estimator.intercept_[0] for c in folds]),
            np.array([c.calibrators[0].a_ for c in folds]),
            np.array([c.calibrators[0].b_ for c in folds]),
            np.column_stack([c[WORD_FEATURES:] for c in category_coef]),
            np.array([e.intercept_[0] for e in model.categories.estimators_]),
            row_of,
            table,
            with_document,
            None if document is None else document[-1].coef_[0],
            0.0 if document is None else float(document[-1].intercept_[0]),
            None if article is None else article.coef_[0],
            0.0 if article is None else float(article.intercept_[0]),
        )


def _document_model(seed: int) -> Pipeline:
    return make_pipeline(
        TokenNgrams(WORD_FEATURES),
        TfidfTransformer(sublinear_tf=True),
        LogisticRegression(C=DOCUMENT_C, class_weight="balanced", max_iter=2000, random_state=seed),
    )


def _article_model(seed: int) -> LogisticRegression:
    return LogisticRegression(C=ARTICLE_C, class_weight="balanced", max_iter=2000, random_state=seed)


def _document_margin(prob: np.ndarray) -> np.ndarray:
    """The document model's probability back on its log-odds scale (clipped), the article model's input."""
    p = np.clip(np.asarray(prob, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.log(p) - np.log1p(-p)


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
    # Set by fit(), not saved: out-of-fold article probabilities of the training articles.
    oof_article_probs: np.ndarray | None = field(default=None, repr=False, compare=False)

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
        fast = self._fast()
        if not fast.document_in_table:
            return self._score_parsed_plainly(article)
        n = len(article.spans)
        cells = _Cells.of(article.ngrams(self._steps()[0][0]), n)
        rows = fast.row_of.take(cells.features)  # the doc's features' rows of the table
        table = fast.table.take(rows, axis=0)
        if n:
            values = tfidf_cells(cells.rows, cells.counts, table[:, fast.idf].take(cells.columns), n)
            # Column by column, the product adds each sentence's terms in the order of its features,
            # as the row-major product of _score_parsed_plainly does: the same sums, bit for bit.
            x = sparse.csc_matrix((values, cells.rows, cells.indptr), shape=(n, len(cells.features)))
            word_margins = x @ fast.word_part.take(rows, axis=0)
            cues = cue_array(article.cues())
            cue_features = self._steps()[1].transform_spans(article.text, article.spans, cues)
            probs, cats = self._margins_to_scores(word_margins, cue_features)
        else:
            probs, cats = _no_sentences()
        # The whole text as one span (every n-gram) through the document model.
        one_row = np.zeros(len(cells.features), dtype=np.int64)
        doc_values = tfidf_cells(one_row, cells.doc_counts, table[:, fast.idf + 2], 1)
        doc_margin = np.bincount(one_row, weights=doc_values * table[:, fast.idf + 3], minlength=1)[0]
        doc_prob = float(expit(doc_margin + fast.document_intercept))
        return probs, cats, float(self.score_articles([ArticleInput(article.text, probs, cats)], [doc_prob])[0])

    def _score_parsed_plainly(self, article: Parsed) -> tuple[np.ndarray, np.ndarray, float]:
        """score_parsed through sparse matrices (for a model whose document model hashes otherwise)."""
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
        # The same products over the table's rows: a feature's weights are in row row_of[feature].
        rows = sparse.csr_matrix(
            (words.data, fast.row_of[words.indices], words.indptr), shape=(words.shape[0], len(fast.table))
        )
        return self._margins_to_scores(rows @ fast.word_part, cues)

    def _margins_to_scores(self, word_margins: np.ndarray, cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence probabilities and category scores from the word part of each model's margin
        (columns: the sentence model's folds, then the categories) and the cue features."""
        fast = self._fast()
        margins = word_margins[:, : fast.folds] + cues @ fast.sentence_cue_coef + fast.sentence_intercept
        probs = expit(-(fast.calib_a * margins + fast.calib_b)).mean(axis=1)
        cat_margins = word_margins[:, fast.folds :] + cues @ fast.category_cue_coef + fast.category_intercept
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
        for item, margin in zip(items, _document_margin(doc_probs), strict=True):
            cat_max = item.category_probs.max(axis=0) if len(item.category_probs) else np.zeros(len(PROMO_CATEGORIES))
            rows.append(np.concatenate([sentence_stats(item.sentence_probs), cat_max, [margin]]))
        return np.vstack(rows)

    def score_articles(self, items: list[ArticleInput], doc_probs: Any = None) -> np.ndarray:
        fast = self._fast()
        return expit(self.article_features(items, doc_probs) @ fast.article_coef + fast.article_intercept)

    def explain(self, article: Parsed, sentences: list[int], top: int = 3) -> list[list[str]]:
        """For each chosen sentence: its lexicon cues, then the word n-grams whose weights pushed it up
        most (weight over 1, neither end a stopword)."""
        if not sentences:
            return []
        grams = self._top_grams(article, sentences, top)
        table, lower = article.cues(), article.lower()
        out = []
        spans = article.spans.tolist()
        for i in sentences:
            start, end = spans[i]
            found = cues_of_part(table, lower, start, end)
            if found is None:
                cues = [c.text for c in find_cues(article.text[start:end])]
            else:
                cues = [article.text[s:e] for s, e, _ in found]
            best = grams.get(i, [])
            out.append(list(dict.fromkeys(cues + [g for g in best if not any(g in c.lower() for c in cues)]))[:6])
        return out

    def _top_grams(self, article: Parsed, sentences: list[int], top: int) -> dict[int, list[str]]:
        """The ``top`` n-grams of each chosen sentence with a weight over 1 and no stopword at either
        end, by weight then text, both descending."""
        fast = self._fast()
        occurrences = article.ngrams(self._steps()[0][0])
        chosen = np.zeros(len(article.spans) + 1, dtype=bool)  # the last: row -1, in no sentence
        chosen[sentences] = True
        picked = np.flatnonzero(chosen[occurrences.rows])
        weights = fast.table.take(fast.row_of.take(occurrences.keys.take(picked)), axis=0)[:, fast.idf + 1]
        heavy = weights > 1.0
        picked, weights = picked[heavy], weights[heavy]
        # The words of each n-gram: occurrence i < n_words is word i, and n_words + i words i and i + 1.
        n_words = len(occurrences.lower)
        bigram = picked >= n_words
        first = np.where(bigram, picked - n_words, picked)
        ends = occurrences.lower.take(np.concatenate([first, first + bigram]))
        stop = in_sorted(ends, _stopword_hashes())
        keep = ~(stop[: len(first)] | stop[len(first) :])
        # An n-gram's text is that of its words (no word hashes to 0, a unigram's second word).
        firsts, seconds = ends[: len(first)][keep], np.where(bigram, ends[len(first) :], 0)[keep]
        weights, rows = weights[keep], occurrences.rows.take(picked[keep])
        order = np.lexsort((-weights, rows))  # by sentence, heaviest first
        strings = article.doc.vocab.strings
        by_sentence: dict[int, dict[tuple[int, int], float]] = {}
        found: dict[tuple[int, int], float] = {}
        kth = float("inf")
        for r, weight, f, second in zip(
            rows[order].tolist(), weights[order].tolist(), firsts[order].tolist(), seconds[order].tolist(), strict=True
        ):
            if r not in by_sentence:
                found = by_sentence[r] = {}
                kth = float("inf")
            elif len(found) >= top and weight < kth:
                continue  # lighter than ``top`` distinct n-grams already found in this sentence
            words = (f, second)
            if words not in found:
                found[words] = weight
                kth = weight
        out: dict[int, list[str]] = {}
        for r, grams in by_sentence.items():
            texts = [(w, f"{strings[f]} {strings[s]}" if s else strings[f]) for (f, s), w in grams.items()]
            out[r] = [g for _, g in sorted(texts, reverse=True)[:top]]
        return out

    def prepare(self) -> PromoModel:
        """Build what scoring reads, which the first score would do otherwise; returns the model."""
        self._fast()
        word_flag(get_nlp().vocab)
        return self

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


@lru_cache(maxsize=1)
def _stopword_hashes() -> np.ndarray:
    """spaCy's hashes of the stopwords: a word is one when its lower-case hash is among them."""
    return np.array(sorted(hash_string(w) for w in STOPWORDS), dtype=np.uint64)


def _no_sentences() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0), np.zeros((0, len(PROMO_CATEGORIES)))
