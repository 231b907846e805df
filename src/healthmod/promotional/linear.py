"""Scoring with a fitted promotional model, from plain arrays: what the pipeline loads.

:class:`LinearModel` holds what scoring reads of the fitted estimators (:class:`~.model.PromoModel`):
their weights, intercepts, calibration and idf as arrays, saved beside the estimators as an ``.npz``
file of plain arrays (read without unpickling anything). Scoring a batch of parsed articles is then
a few array operations, and loading a model needs neither scikit-learn nor skops, whose imports
took about half of a run's start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from scipy import sparse
from scipy.special import expit
from spacy.strings import hash_string
from spacy.tokens import Doc

from ..document import PROMO_CATEGORIES
from ..nlp import in_sorted
from ..text_signals import STOPWORDS, plain_quotes
from .lexicon import cues_of_part, find_cues, lower_in_place, lowered_cue_table
from .vectors import (
    ARTICLE_STATS,
    NgramOccurrences,
    cue_array,
    cue_rows,
    ngram_occurrences,
    sentence_stats,
    tfidf_cells,
)

if TYPE_CHECKING:
    from .model import PromoModel


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

    def ngrams(self, n_features: int) -> NgramOccurrences:
        """Every word n-gram of the doc, hashed into ``n_features`` features."""
        occurrences = self._ngrams.get(n_features)
        if occurrences is None:
            occurrences = self._ngrams[n_features] = ngram_occurrences(self.doc, self.spans, n_features)
        return occurrences


@dataclass
class ArticleInput:
    """An article as the article model sees it: its text and its sentences' scores."""

    text: str
    sentence_probs: np.ndarray
    category_probs: np.ndarray  # shape (n_sentences, n_categories)


@dataclass
class _Cells:
    """The n-gram counts of a batch of docs per (feature, sentence), from one sort of their occurrences.

    The sentences of the batch are numbered in order, doc after doc. The cells are sorted by
    feature, then doc, then sentence: so within a sentence (and within a doc) the features come in
    ascending order, the order in which its tf-idf norm and its products with the weights add them
    up (as the sparse matrices of the plain path do), whatever else is in the batch."""

    features: np.ndarray  # the distinct features of the batch's n-grams, sorted
    doc_of: np.ndarray  # the doc of each (feature, doc) pair present
    doc_columns: np.ndarray  # its feature, as an index into ``features``
    doc_counts: np.ndarray  # its occurrences in that doc's whole text
    rows: np.ndarray  # the sentence of each cell that lies in one
    columns: np.ndarray  # its feature, as an index into ``features``
    counts: np.ndarray  # its count
    indptr: np.ndarray  # (features + 1,): the cells of feature j are [indptr[j], indptr[j + 1])

    @classmethod
    def of(cls, batch: list[NgramOccurrences], sentences: np.ndarray) -> _Cells:
        """``sentences``: how many sentences each doc of the batch has."""
        first_slot, doc_of_slot = _slots(sentences)
        width = len(doc_of_slot)
        row_of_slot = np.arange(width) - doc_of_slot - 1
        row_of_slot[first_slot] = -1
        cells, counts = np.unique(
            np.concatenate([o.keys for o in batch]) * width + _occurrence_slots(batch, first_slot), return_counts=True
        )
        feature, slot = np.divmod(cells, width)
        doc = doc_of_slot.take(slot)
        new_feature = np.empty(len(cells), dtype=bool)
        new_feature[:1] = True
        np.not_equal(feature[1:], feature[:-1], out=new_feature[1:])
        new_pair = new_feature.copy()
        new_pair[1:] |= doc[1:] != doc[:-1]
        columns = np.cumsum(new_feature) - 1
        pairs = np.flatnonzero(new_pair)
        rows = row_of_slot.take(slot)
        inside = rows >= 0
        columns_inside = columns[inside]
        n_features = len(columns) and int(columns[-1]) + 1
        return cls(
            feature[new_feature],
            doc.take(pairs),
            columns.take(pairs),
            np.add.reduceat(counts, pairs) if len(pairs) else counts,
            rows[inside],
            columns_inside,
            counts[inside],
            np.concatenate([[0], np.cumsum(np.bincount(columns_inside, minlength=n_features))]),
        )


def _slots(sentences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How a batch numbers its sentences: each doc has a slot for "in no sentence" (an n-gram the
    document model alone counts), then one per sentence, doc after doc. ``sentences``: how many each
    doc has. Returns the first slot of each doc, and the doc of each slot."""
    slots = sentences + 1
    return np.cumsum(slots) - slots, np.repeat(np.arange(len(sentences)), slots)


def _occurrence_slots(batch: list[NgramOccurrences], first_slot: np.ndarray) -> np.ndarray:
    """The slot of every n-gram occurrence of the batch, doc after doc."""
    return np.concatenate([o.rows + (base + 1) for o, base in zip(batch, first_slot.tolist(), strict=True)])


@dataclass
class LinearModel:
    """The fitted promotional models as plain arrays: scoring an article is then a few array operations
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
    document_intercept: float  # the document model's (its weights are in ``table``)
    article_coef: np.ndarray | None  # the article model's (None while fitting)
    article_intercept: float
    thresholds: dict[str, float] = field(default_factory=lambda: {"sentence": 0.5, "article": 0.5})
    _word_part: np.ndarray | None = None  # table[:, :idf], contiguous, for sparse products
    _heavy: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def n_features(self) -> int:
        """The size of the hashed word-feature space."""
        return len(self.row_of)

    @property
    def idf(self) -> int:
        """The column of the sentence featuriser's idf; the word weights are the columns before it."""
        return self.folds + len(PROMO_CATEGORIES)

    @property
    def word_part(self) -> np.ndarray:
        if self._word_part is None:
            self._word_part = np.ascontiguousarray(self.table[:, : self.idf])
        return self._word_part

    @property
    def heavy(self) -> tuple[np.ndarray, np.ndarray]:
        """The word features whose explanation weight is over 1 (sorted; a few thousand) and those weights:
        the only ones an explanation can name."""
        if self._heavy is None:
            weights = self.table[:, self.idf + 1].take(self.row_of)
            features = np.flatnonzero(weights > 1.0)
            self._heavy = features, weights.take(features)
        return self._heavy

    # -- saved as plain arrays ------------------------------------------------------------------
    SCALARS: ClassVar[tuple[str, ...]] = ("folds", "document_intercept", "article_intercept")
    ARRAYS: ClassVar[tuple[str, ...]] = (
        "sentence_cue_coef",
        "sentence_intercept",
        "calib_a",
        "calib_b",
        "category_cue_coef",
        "category_intercept",
        "row_of",
        "table",
        "article_coef",
    )

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything scoring reads, as named arrays (``from_arrays`` takes them back)."""
        if not self.document_in_table or self.article_coef is None:
            raise ValueError("only a fully fitted model (document and article models included) can be saved")
        out = {name: np.asarray(getattr(self, name)) for name in self.SCALARS + self.ARRAYS}
        out["thresholds"] = np.array([self.thresholds["sentence"], self.thresholds["article"]])
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> LinearModel:
        """A model from :meth:`arrays`; ValueError when they do not fit together."""
        missing = sorted(set(cls.SCALARS + cls.ARRAYS + ("thresholds",)) - set(arrays))
        if missing:
            raise ValueError(f"missing arrays: {', '.join(missing)}")
        folds = int(arrays["folds"])
        model = cls(
            folds=folds,
            **{name: arrays[name] for name in cls.ARRAYS},
            document_in_table=True,
            document_intercept=float(arrays["document_intercept"]),
            article_intercept=float(arrays["article_intercept"]),
            thresholds=dict(zip(("sentence", "article"), arrays["thresholds"].tolist(), strict=True)),
        )
        model._check_shapes()
        return model

    def _check_shapes(self) -> None:
        cues, categories = self.sentence_cue_coef.shape[0], len(PROMO_CATEGORIES)
        expected = {
            "sentence_cue_coef": (cues, self.folds),
            "sentence_intercept": (self.folds,),
            "calib_a": (self.folds,),
            "calib_b": (self.folds,),
            "category_cue_coef": (cues, categories),
            "category_intercept": (categories,),
            "table": (self.table.shape[0], self.idf + 4),
            "article_coef": (len(ARTICLE_STATS) + categories + 1,),
        }
        wrong = [name for name, shape in expected.items() if getattr(self, name).shape != shape]
        if wrong or self.row_of.ndim != 1 or not len(self.table):
            raise ValueError(f"arrays of the wrong shape: {', '.join(wrong) or 'row_of or table'}")
        if self.row_of.dtype.kind not in "iu" or self.row_of.min() < 0 or self.row_of.max() >= len(self.table):
            raise ValueError("row_of points outside the table")

    @classmethod
    def of(cls, model: PromoModel) -> LinearModel:
        """The arrays of a fitted :class:`~.model.PromoModel` (its thresholds as they are now)."""
        folds = model.sentence.calibrated_classifiers_
        fold_coef = [c.estimator.coef_[0] for c in folds]
        category_coef = [e.coef_[0] for e in model.categories.estimators_]
        document, article = model.document, model.article
        idf = model._steps()[0][1].idf_
        columns = [c[: len(idf)] for c in fold_coef + category_coef] + [idf]
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
        table[:-1, explain] = np.column_stack([c[: len(idf)][rows] for c in fold_coef]).mean(axis=1)
        table[-1, explain] = 0.0
        row_of = np.full(len(idf), len(rows), dtype=np.int32)
        row_of[rows] = np.arange(len(rows), dtype=np.int32)
        return cls(
            len(folds),
            np.column_stack([c[len(idf) :] for c in fold_coef]),
            np.array([c.estimator.intercept_[0] for c in folds]),
            np.array([c.calibrators[0].a_ for c in folds]),
            np.array([c.calibrators[0].b_ for c in folds]),
            np.column_stack([c[len(idf) :] for c in category_coef]),
            np.array([e.intercept_[0] for e in model.categories.estimators_]),
            row_of,
            table,
            with_document,
            0.0 if document is None else float(document[-1].intercept_[0]),
            None if article is None else article.coef_[0],
            0.0 if article is None else float(article.intercept_[0]),
            dict(model.thresholds),
        )

    def score_parsed(self, article: Parsed) -> tuple[np.ndarray, np.ndarray, float]:
        """Sentence probabilities, category scores and the article probability of a parsed article."""
        return self.score_parsed_many([article])[0]

    def score_parsed_many(self, articles: list[Parsed]) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """:meth:`score_parsed` of each article, computed for all of them at once.

        Reads each doc's token arrays once for all its sentences, which gives the same features as
        scoring each sentence's text on its own, several times faster; and a batch shares each array
        operation, whose fixed cost otherwise outweighs its work on one article's few thousand
        n-grams. Every sum adds the same terms in the same order whatever the batch, so an
        article's scores do not depend on the articles scored with it.
        """
        if not self.document_in_table:
            raise ValueError("scoring whole articles needs the document model's weights, hashed as the sentences'")
        sentences = np.array([len(a.spans) for a in articles], dtype=np.int64)
        n = int(sentences.sum())
        cells = _Cells.of([a.ngrams(self.n_features) for a in articles], sentences)
        rows = self.row_of.take(cells.features)  # the batch's features' rows of the table
        table = self.table.take(rows, axis=0)
        if n:
            values = tfidf_cells(cells.rows, cells.counts, table[:, self.idf].take(cells.columns), n)
            # Column by column, the product adds each sentence's terms in the order of its features,
            # as the row-major product of _score_parsed_plainly does: the same sums, bit for bit.
            x = sparse.csc_matrix((values, cells.rows, cells.indptr), shape=(n, len(cells.features)))
            word_margins = x @ self.word_part.take(rows, axis=0)
            # The batch's texts laid end to end: their sentences and cues as one text's.
            offsets = np.cumsum([0] + [len(a.text) for a in articles[:-1]])
            spans = np.concatenate([a.spans + offset for a, offset in zip(articles, offsets.tolist(), strict=True)])
            cues = np.concatenate(
                [
                    cue_array(a.cues()) + np.array([offset, offset, 0])
                    for a, offset in zip(articles, offsets.tolist(), strict=True)
                ]
            )
            probs, cats = self.margins_to_scores(word_margins, cue_rows("", spans, cues))
        else:
            probs, cats = _no_sentences()
        # Each whole text as one span (every n-gram) through the document model.
        doc_values = tfidf_cells(
            cells.doc_of, cells.doc_counts, table[:, self.idf + 2].take(cells.doc_columns), len(articles)
        )
        doc_weights = doc_values * table[:, self.idf + 3].take(cells.doc_columns)
        doc_probs = expit(
            np.bincount(cells.doc_of, weights=doc_weights, minlength=len(articles)) + self.document_intercept
        )
        ends = np.cumsum(sentences).tolist()
        items = [
            ArticleInput(a.text, probs[end - k : end], cats[end - k : end])
            for a, end, k in zip(articles, ends, sentences.tolist(), strict=True)
        ]
        scores = self.score_articles(items, doc_probs.tolist()).tolist()
        return [(item.sentence_probs, item.category_probs, score) for item, score in zip(items, scores, strict=True)]

    def margins_to_scores(self, word_margins: np.ndarray, cues: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence probabilities and category scores from the word part of each model's margin
        (columns: the sentence model's folds, then the categories) and the cue features."""
        margins = word_margins[:, : self.folds] + cues @ self.sentence_cue_coef + self.sentence_intercept
        probs = expit(-(self.calib_a * margins + self.calib_b)).mean(axis=1)
        cat_margins = word_margins[:, self.folds :] + cues @ self.category_cue_coef + self.category_intercept
        return probs, expit(cat_margins) * probs[:, None]

    def score_articles(self, items: list[ArticleInput], doc_probs: list[float]) -> np.ndarray:
        """The article probability of each item, given its document model probability."""
        # Row by row, not a matrix product: BLAS sums a row differently with other rows beside it,
        # and an article's score must not depend on the articles scored with it.
        margins = (article_features(items, doc_probs) * self.article_coef).sum(axis=1)
        return expit(margins + self.article_intercept)

    def explain(self, article: Parsed, sentences: list[int], top: int = 3) -> list[list[str]]:
        """For each chosen sentence: its lexicon cues, then the word n-grams whose weights pushed it up
        most (weight over 1, neither end a stopword)."""
        return self.explain_many([article], [sentences], top)[0]

    def explain_many(self, articles: list[Parsed], chosen: list[list[int]], top: int = 3) -> list[list[list[str]]]:
        """:meth:`explain` of each article's chosen sentences, the n-grams of all found at once."""
        grams = self._top_grams(articles, chosen, top)
        out = []
        for article, sentences, best in zip(articles, chosen, grams, strict=True):
            table, lower, text = article.cues(), article.lower(), article.text
            spans = article.spans.tolist()
            explained = []
            for i in sentences:
                start, end = spans[i]
                found = cues_of_part(table, lower, start, end)
                if found is None:
                    cues = [c.text for c in find_cues(text[start:end])]
                else:
                    cues = [text[s:e] for s, e, _ in found]
                # An n-gram inside a cue adds nothing (n-grams hold no line break, so none spans two cues).
                inside = plain_quotes("\n".join(c.lower() for c in cues))  # the n-grams' tokens have ASCII quotes
                heavy = [g for g in best.get(i, ()) if g not in inside]
                explained.append(list(dict.fromkeys(cues + heavy))[:6])
            out.append(explained)
        return out

    def _top_grams(self, articles: list[Parsed], chosen: list[list[int]], top: int) -> list[dict[int, list[str]]]:
        """For each article, the ``top`` n-grams of each chosen sentence with a weight over 1 and no
        stopword at either end, by weight then text, both descending."""
        batch = [a.ngrams(self.n_features) for a in articles]
        first_slots, doc_of_slot = _slots(np.array([len(a.spans) for a in articles], dtype=np.int64))
        first_slot = first_slots.tolist()
        wanted = np.zeros(len(doc_of_slot), dtype=bool)
        wanted[[base + 1 + i for base, sentences in zip(first_slot, chosen, strict=True) for i in sentences]] = True
        # Each occurrence's slot, feature and words (occurrence i < n_words is word i; n_words + i,
        # the bigram of words i and i + 1, whose second word is 0 for a unigram).
        occurrence_slots = _occurrence_slots(batch, first_slots)
        picked = np.flatnonzero(wanted.take(occurrence_slots))
        keys = np.concatenate([o.keys for o in batch]).take(picked)
        heavy_features, heavy_weights = self.heavy
        out: list[dict[int, list[str]]] = [{} for _ in articles]
        if not len(heavy_features):
            return out
        at = np.searchsorted(heavy_features, keys).clip(max=len(heavy_features) - 1)
        heavy = np.flatnonzero(heavy_features.take(at) == keys)
        picked, weights = picked.take(heavy), heavy_weights.take(at.take(heavy))
        firsts = np.concatenate([part for o in batch for part in (o.lower, o.lower[:-1])]).take(picked)
        no_word = [np.zeros(len(o.lower), dtype=np.uint64) for o in batch]
        seconds = np.concatenate([part for o, z in zip(batch, no_word, strict=True) for part in (z, o.lower[1:])]).take(
            picked
        )
        stop = in_sorted(np.concatenate([firsts, seconds]), _stopword_hashes())  # no word hashes to 0
        keep = np.flatnonzero(~(stop[: len(firsts)] | stop[len(firsts) :]))
        slot, weights = occurrence_slots.take(picked.take(keep)), weights.take(keep)
        firsts, seconds = firsts.take(keep), seconds.take(keep)
        # By sentence, heaviest first; an n-gram's repeats (same words, so same weight) end up adjacent.
        order = np.lexsort((seconds, firsts, -weights, slot))
        slot, weights, firsts, seconds = slot[order], weights[order], firsts[order], seconds[order]
        new = np.ones(len(slot), dtype=bool)
        new[1:] = (slot[1:] != slot[:-1]) | (firsts[1:] != firsts[:-1]) | (seconds[1:] != seconds[:-1])
        slot, weights, firsts, seconds = slot[new], weights[new], firsts[new], seconds[new]
        if not len(slot):
            return out
        # Candidates: each sentence's n-grams at least as heavy as its ``top``-th heaviest (ties all
        # stay, for their text to break them).
        starts = np.flatnonzero(np.concatenate([[True], slot[1:] != slot[:-1]]))
        lengths = np.diff(np.append(starts, len(slot)))
        candidate = np.flatnonzero(weights >= np.repeat(weights.take(starts + np.minimum(lengths, top) - 1), lengths))
        article_of = doc_of_slot.take(slot.take(candidate)).tolist()
        found: dict[tuple[int, int], list[tuple[float, str]]] = {}
        for a, s, weight, f, second in zip(
            article_of,
            slot.take(candidate).tolist(),
            weights.take(candidate).tolist(),
            firsts.take(candidate).tolist(),
            seconds.take(candidate).tolist(),
            strict=True,
        ):
            strings = articles[a].doc.vocab.strings
            found.setdefault((a, s - first_slot[a] - 1), []).append(
                (weight, f"{strings[f]} {strings[second]}" if second else strings[f])
            )
        for (a, row), grams in found.items():
            out[a][row] = [g for _, g in sorted(grams, reverse=True)[:top]]
        return out


def article_features(items: list[ArticleInput], doc_probs: list[float] | np.ndarray) -> np.ndarray:
    """The article model's input: how each item's sentence probabilities are spread, its strongest
    category scores, and its document model probability on the log-odds scale."""
    rows = []
    for item, margin in zip(items, _document_margin(doc_probs), strict=True):
        cat_max = item.category_probs.max(axis=0) if len(item.category_probs) else np.zeros(len(PROMO_CATEGORIES))
        rows.append(np.concatenate([sentence_stats(item.sentence_probs), cat_max, [margin]]))
    return np.vstack(rows)


def _document_margin(prob: np.ndarray) -> np.ndarray:
    """The document model's probability back on its log-odds scale (clipped), the article model's input."""
    p = np.clip(np.asarray(prob, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.log(p) - np.log1p(-p)


@lru_cache(maxsize=1)
def _stopword_hashes() -> np.ndarray:
    """spaCy's hashes of the stopwords: a word is one when its lower-case hash is among them."""
    return np.array(sorted(hash_string(w) for w in STOPWORDS), dtype=np.uint64)


def _no_sentences() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0), np.zeros((0, len(PROMO_CATEGORIES)))
