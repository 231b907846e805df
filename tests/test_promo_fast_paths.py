"""The fast paths of promotional scoring give what their plain definitions give.

* the cue scan (lexicon._SCAN) finds the matches of CUE_PATTERN;
* the cues of a sentence taken from the whole text's scan are those of the sentence alone;
* scoring a parsed article with the saved arrays (LinearModel: one sort of its n-grams into
  (feature, sentence) cells, a column-major product) equals scoring with the fitted estimators
  through sparse matrices, bit for bit, and its explanations equal those computed sentence by
  sentence;
* the cue counts per sentence (one bincount) equal counting each cue in turn;
* stripping sentence spans equals str.strip().
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthmod.config import load_config
from healthmod.document import PROMO_CATEGORIES
from healthmod.nlp import parse, sentence_spans
from healthmod.promotional import PromotionalScorer
from healthmod.promotional.features import CueCounts
from healthmod.promotional.lexicon import (
    _CUES,
    _alternatives,
    _expand,
    cue_matches,
    cue_table,
    cues_of_part,
    find_cues,
    lower_in_place,
)
from healthmod.promotional.linear import Parsed
from healthmod.promotional.persist import load_model
from healthmod.promotional.vectors import row_of
from healthmod.text_signals import STOPWORDS

REPO = Path(__file__).resolve().parents[1]


def _corpus_texts(limit: int | None = None) -> list[str]:
    texts = []
    for path in sorted((REPO / "corpus" / "articles").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts[:limit]


def _reference_cues(text: str) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), PROMO_CATEGORIES.index(str(m.lastgroup))) for m in cue_matches(text)]


def _fuzz_texts(n: int, seed: int = 1) -> list[str]:
    """Strings made of cue phrases (with digits from any script) and awkward separators."""
    rng = random.Random(seed)
    phrases = [
        "".join(value if kind == "c" else rng.choice("7٣") for kind, value in tokens)
        for cat in PROMO_CATEGORIES
        for tokens in _expand(_alternatives(_CUES[cat]))
    ]
    seps = [" ", "", "-", ".", "$", "%", "#", "x", "€", "\n", "'", ",", "1", " 100% ", "İ", "Σ", "٣", "²", "_", "\xa0"]
    out = []
    for _ in range(n):
        parts = [rng.choice(phrases) if rng.random() < 0.7 else rng.choice(seps) for _ in range(rng.randint(1, 8))]
        text = "".join(parts)
        if rng.random() < 0.3:
            text = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
        if text and rng.random() < 0.3:
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        out.append(text)
    return out


def test_cue_scan_finds_the_matches_of_the_cue_pattern():
    texts = _corpus_texts() + _fuzz_texts(5000) + ["$٣ and ٣% off", "100%$5", "thousands of patients", ""]
    assert sum(len(_reference_cues(t)) for t in texts) > 3000
    for text in texts:
        assert cue_table(text) == _reference_cues(text), text


def test_cues_of_a_part_are_those_of_the_part_alone():
    rng = random.Random(5)
    answered = 0
    for text in _corpus_texts(60) + _fuzz_texts(3000, seed=2):
        lower, table = lower_in_place(text), cue_table(text)
        parts = [tuple(s) for s in sentence_spans(parse(text)).tolist()] if len(text) > 200 else []
        parts += [tuple(sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))) for _ in range(4)]
        for start, end in parts:
            found = cues_of_part(table, lower, start, end)
            if found is not None:
                answered += 1
                assert found == [(s + start, e + start, c) for s, e, c in cue_table(text[start:end])]
    assert answered > 1000


@pytest.fixture(scope="module")
def scorer() -> PromotionalScorer:
    config = load_config()
    return PromotionalScorer(config.promotional, None, config.limits.max_sentence_chars)


@pytest.fixture(scope="module")
def estimators(scorer):
    """The fitted estimators the scorer's arrays were saved from: the plain definitions."""
    return load_model(scorer.path)[0]


def _plain_explanation(model, parsed: Parsed, sentences: list[int], top: int = 3) -> list[list[str]]:
    """explain() as defined: each sentence's own cues, then its heaviest n-grams."""
    hasher = model._steps()[0][0]
    rows, keys, firsts, seconds = hasher.ngram_table(parsed.doc, parsed.spans[sentences])
    fold_coef = np.vstack([c.estimator.coef_[0] for c in model.sentence.calibrated_classifiers_]).T
    weights = fold_coef[: hasher.n_features].mean(axis=1)[keys]
    strings = parsed.doc.vocab.strings
    grams: list[dict[str, float]] = [{} for _ in sentences]
    for i in np.flatnonzero(weights > 1.0):
        words = [strings[int(h)] for h in (firsts[i], seconds[i]) if h]
        if words[0] not in STOPWORDS and words[-1] not in STOPWORDS:
            grams[rows[i]][" ".join(words)] = float(weights[i])
    out = []
    for i, weighted in zip(sentences, grams, strict=True):
        start, end = (int(v) for v in parsed.spans[i])
        cues = [c.text for c in find_cues(parsed.text[start:end])]
        best = [g for _, g in sorted(((w, g) for g, w in weighted.items()), reverse=True)[:top]]
        out.append(list(dict.fromkeys(cues + [g for g in best if not any(g in c.lower() for c in cues)]))[:6])
    return out


def test_scoring_through_the_compact_table_equals_the_sparse_path(scorer, estimators):
    model = scorer.model
    assert model.document_in_table
    for text in [*_corpus_texts(80), "", "Buy now!", "word " * 600 + ". This miracle cure is amazing!"]:
        doc = parse(text)
        spans = sentence_spans(doc, strip=True)
        spans = np.column_stack([spans[:, 0], np.minimum(spans[:, 1], spans[:, 0] + scorer.max_sentence_chars)])
        fast = model.score_parsed(Parsed(text, doc, spans))
        plain = estimators._score_parsed_plainly(Parsed(text, doc, spans))
        np.testing.assert_allclose(fast[0], plain[0], rtol=0, atol=1e-12)
        np.testing.assert_allclose(fast[1], plain[1], rtol=0, atol=1e-12)
        assert abs(fast[2] - plain[2]) <= 1e-12
        probs, _ = estimators.score_sentences([text[s:e] for s, e in spans.tolist()])
        np.testing.assert_allclose(fast[0], probs, rtol=0, atol=1e-12)
        chosen = np.flatnonzero(fast[0] >= 0.3).tolist()
        parsed = Parsed(text, doc, spans)
        assert model.explain(parsed, chosen) == _plain_explanation(estimators, parsed, chosen)


def _scored_spans(scorer, text: str, doc) -> np.ndarray:
    spans = sentence_spans(doc, strip=True)
    return np.column_stack([spans[:, 0], np.minimum(spans[:, 1], spans[:, 0] + scorer.max_sentence_chars)])


def _assert_fast_scoring_is_the_plain_scoring_bit_for_bit(
    scorer, estimators, text: str, spans: np.ndarray, doc
) -> None:
    fast = scorer.model.score_parsed(Parsed(text, doc, spans))
    plain = estimators._score_parsed_plainly(Parsed(text, doc, spans))
    assert np.array_equal(fast[0], plain[0]) and np.array_equal(fast[1], plain[1]) and fast[2] == plain[2]


def test_scoring_through_cells_is_the_sparse_path_bit_for_bit(scorer, estimators):
    # Long sentences cut at max_sentence_chars leave n-grams in no sentence, which the document counts.
    texts = [*_corpus_texts(), "", "!!!", "Buy now! " * 400, "word " * 600 + ". This miracle cure is amazing!"]
    for text in texts:
        doc = parse(text)
        spans = _scored_spans(scorer, text, doc)
        _assert_fast_scoring_is_the_plain_scoring_bit_for_bit(scorer, estimators, text, spans, doc)


_WORDS = ["miracle", "cure", "the", "trial", "Buy", "now", "100%", "$5", "doctors", "won't", "tell", "you", "safe"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", ". ", "!\n", "\n\n", "-", ","])), max_size=80
    ),
    st.integers(1, 60),
)
def test_scoring_and_explaining_random_sentences_agree_with_the_plain_paths(scorer, estimators, parts, cut):
    text = "".join(parts)
    doc = parse(text)
    spans = _scored_spans(scorer, text, doc)
    spans[:, 1] = np.minimum(spans[:, 1], spans[:, 0] + cut)  # cut sentences short, as long ones are
    _assert_fast_scoring_is_the_plain_scoring_bit_for_bit(scorer, estimators, text, spans, doc)
    parsed = Parsed(text, doc, spans)
    chosen = list(range(0, len(spans), 2))
    assert scorer.model.explain(parsed, chosen) == _plain_explanation(estimators, parsed, chosen)


def test_cue_counts_count_each_cue_of_a_sentence_once():
    rng = random.Random(3)
    for text in _corpus_texts(40) + _fuzz_texts(500, seed=4):
        spans = np.array(
            sorted({tuple(sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))) for _ in range(5)})
        )
        spans = spans[np.r_[True, spans[1:, 0] >= spans[:-1, 1]]].reshape(-1, 2)  # in order, not overlapping
        expected = np.zeros((len(spans), len(PROMO_CATEGORIES)))
        for start, end, category in cue_table(text):
            row = row_of(spans[:, 0], spans[:, 1], np.array([start]))[0]
            if row >= 0 and end <= spans[row, 1]:
                expected[row, category] += 1
        assert np.array_equal(CueCounts().transform_spans(text, spans), np.log1p(expected))


def test_stripped_sentence_spans_are_the_sentences_stripped():
    rng = random.Random(0)
    spaces = [" ", "  ", "\n", "\n\n", "\t", "\x0b", "\x0c", "\r", "\x1c", "\x85", "\xa0", "\u2003", "\u2028", "\u3000"]
    words = ["Amazing", "cure.", "Buy", "now!", '"Yes."', "Dr.", "-", "...", "$5", "\u200b", "İ", "?", ")"]
    texts = _corpus_texts(40)
    texts += ["".join(rng.choice(words + spaces) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    for text in texts:
        doc = parse(text)
        expected = []
        for start, end in sentence_spans(doc).tolist():
            chunk = text[start:end]
            if chunk.strip():
                start += len(chunk) - len(chunk.lstrip())
                expected.append((start, start + len(chunk.strip())))
        assert sentence_spans(doc, strip=True).tolist() == [list(s) for s in expected], repr(text)


def test_a_cue_phrase_split_over_two_lines_of_the_lexicon_still_matches():
    # The lexicon's lines join without their break: "millions\n of" once became "millionsof".
    cues = find_cues("Thousands of patients agree, and millions of people.")
    assert [(c.category, c.text) for c in cues] == [
        ("testimonial", "Thousands of patients"),
        ("testimonial", "millions of people"),
    ]
