"""Moderating articles in batches gives each article the verdict it gets alone, and a failure in the
batched model step still costs only the article at fault."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from healthmod.document import Article
from healthmod.nlp import parse, sentence_spans
from healthmod.pipeline import YOUNG_COLLECTION_EVERY
from healthmod.promotional.linear import Parsed

REPO = Path(__file__).resolve().parents[1]


def _corpus_texts(limit: int) -> list[str]:
    path = sorted((REPO / "corpus" / "articles").glob("*.jsonl"))[0]
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]


def _articles(texts: list[str]) -> list[Article]:
    return [Article(id=f"a{i}", raw=text) for i, text in enumerate(texts)]


def _bodies(texts: list[str]) -> list[Article]:
    """Articles as the model stage gets them: their text already the body."""
    articles = _articles(texts)
    for article in articles:
        article.text = article.raw
    return articles


def _without_timings(verdict: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in verdict.items() if k != "timings_ms"}


def _scores(article: Article) -> tuple[Any, ...]:
    return (
        article.promo_score,
        [(s.start, s.end, s.score, s.categories, s.cues) for s in article.sentences],
    )


def test_scoring_in_a_batch_gives_each_article_its_scores_alone_bit_for_bit(pipeline):
    texts = [*_corpus_texts(24), "", "Buy now!", "word " * 600 + ". This miracle cure is amazing!"]
    alone = []
    for article in _bodies(texts):
        pipeline.scorer(article, parse(article.text))
        alone.append(_scores(article))
    for size in (2, 7, len(texts)):
        articles = _bodies(texts)
        pairs = [(a, parse(a.text)) for a in articles]
        for start in range(0, len(pairs), size):
            pipeline.scorer.score_many(pairs[start : start + size])
        assert [_scores(a) for a in articles] == alone
    assert sum(len(s[1]) for s in alone) > 100  # sentences were scored, some of them explained
    assert any(cues for _, sentences in alone for *_, cues in sentences)


def test_the_model_scores_a_batch_as_each_article_alone(pipeline):
    model = pipeline.scorer.model
    texts = _corpus_texts(10)
    parsed = [Parsed(t, doc, sentence_spans(doc, strip=True)) for t, doc in ((t, parse(t)) for t in texts)]
    together = model.score_parsed_many(parsed)
    for one, (probs, cats, score) in zip(parsed, together, strict=True):
        alone = model.score_parsed(one)
        assert np.array_equal(alone[0], probs) and np.array_equal(alone[1], cats) and alone[2] == score


def test_run_many_gives_the_verdicts_of_run(pipeline, plain_body):
    texts = [*_corpus_texts(5), "", "Das ist ein deutscher Text über Gesundheit und Ernährung. " * 20, plain_body]
    alone = [_without_timings(pipeline.run(a)) for a in _articles(texts)]
    together = [_without_timings(v) for v in pipeline.run_many(_articles(texts), batch_size=3)]
    assert together == alone
    assert [v["status"] for v in alone] == ["ok"] * 5 + ["skipped", "skipped", "ok"]


def test_an_article_that_breaks_the_batched_model_step_is_the_only_error(pipeline, plain_body, monkeypatch):
    texts = [*_corpus_texts(3), plain_body + " BREAKS THE MODEL", plain_body]
    expected = [_without_timings(pipeline.run(a)) for a in _articles(texts)]
    score_many = pipeline.scorer.score_many

    def breaks_on_marker(batch):
        if any("BREAKS THE MODEL" in article.text for article, _ in batch):
            raise ValueError("the model broke")
        score_many(batch)

    monkeypatch.setattr(pipeline.scorer, "score_many", breaks_on_marker)
    verdicts = pipeline.run_many(_articles(texts))
    assert [v["status"] for v in verdicts] == ["ok", "ok", "ok", "error", "ok"]
    assert verdicts[3]["error"]["stage"] == "promotional+disclosures"
    assert verdicts[3]["error"]["message"] == "the model broke"
    kept = [0, 1, 2, 4]
    assert [_without_timings(verdicts[i]) for i in kept] == [expected[i] for i in kept]


@pytest.fixture
def plain_body() -> str:
    from conftest import PLAIN_BODY

    return " ".join([PLAIN_BODY] * 4)


def test_a_pipeline_collects_garbage_less_often_but_still_collects_reference_cycles(pipeline):
    assert gc.isenabled() and gc.get_threshold()[0] == YOUNG_COLLECTION_EVERY

    class Node:
        pass

    node = Node()
    node.itself = node
    gone = weakref.ref(node)
    del node
    held = [[] for _ in range(YOUNG_COLLECTION_EVERY + 1)]  # allocations enough for a young collection
    assert gone() is None
    assert len(held) > YOUNG_COLLECTION_EVERY
