"""Text as real pages write it: typographic quotes ("doesn’t", “quoted”) and negative contractions ("hasn't been
approved") read as the plain forms our corpus, rules and model were written in; what healthmod quotes back
keeps the article's own characters. Every text here is written for these tests, apart from the corpus items."""

from __future__ import annotations

import json
import random
import re

import pytest

from conftest import REPO
from healthmod.document import DISCLOSURE_KINDS, Article
from healthmod.lint import lint
from healthmod.nlp import parse
from healthmod.text_signals import plain_quotes

BYLINE = "By Maria Lindqvist"
DATELINE = "Published 3 March 2024"


def typographic(text: str) -> str:
    """``text`` with the quotes a word processor would set: opening and closing double and single quotes, and
    apostrophes as right single quotes."""
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text).replace('"', "”")
    return re.sub(r"(^|[\s(\[—–-])'", "\\1‘", text).replace("'", "’")


CONTRACTIONS = {
    "has not": "hasn't",
    "have not": "haven't",
    "is not": "isn't",
    "are not": "aren't",
    "does not": "doesn't",
    "do not": "don't",
    "did not": "didn't",
    "was not": "wasn't",
    "were not": "weren't",
    "cannot": "can't",
    "could not": "couldn't",
    "should not": "shouldn't",
    "will not": "won't",
}


def contracted(text: str) -> str:
    """``text`` with its negations contracted, as people write them."""
    for long_form, short in CONTRACTIONS.items():
        text = re.sub(rf"\b{long_form}\b", short, text)
        text = re.sub(rf"\b{long_form.capitalize()}\b", short.capitalize(), text)
    return text


def decisions(pipeline, text: str) -> dict[str, tuple[bool, bool]]:
    found = pipeline.moderate(text)["disclosures"]
    return {kind: (found[kind]["required"], found[kind]["present"]) for kind in DISCLOSURE_KINDS}


def test_plain_quotes_keeps_every_offset():
    text = "It doesn’t “cure” anything; the ‘miracle’ isn’t one."
    plain = plain_quotes(text)
    assert plain == "It doesn't \"cure\" anything; the 'miracle' isn't one."
    assert len(plain) == len(text)
    assert parse(text).text == plain


# Each: a paragraph whose decision turns on a negation, and the kind it decides.
NEGATED = [
    (
        "Zentrocil, a new pill for migraine, halved the number of attacks in its trial. Zentrocil has not been "
        "approved by the FDA, but our clinic can prescribe it to you today.",
        "regulatory_status",
    ),
    (
        "Take 300 mg of magnesium every night and you will sleep better, as most of our readers have.\n\n"
        "This guide is not a substitute for professional medical advice.",
        "medical_advice",
    ),
    (
        "In a study of 40 adults, the tea lowered blood pressure within a month. There are not enough data yet "
        "to be sure of it.",
        "evidence_caveat",
    ),
]


@pytest.mark.parametrize(("paragraph", "kind"), NEGATED)
def test_contractions_and_typographic_quotes_read_as_the_plain_long_form(pipeline, paragraph, kind):
    plain = decisions(pipeline, "\n\n".join([BYLINE, DATELINE, paragraph]))
    written = "\n\n".join([BYLINE, DATELINE, typographic(contracted(paragraph))])
    assert written != "\n\n".join([BYLINE, DATELINE, paragraph])
    assert plain[kind] == (True, True), plain[kind]
    assert decisions(pipeline, written) == plain


def test_evidence_is_quoted_as_written(pipeline):
    paragraph = typographic(contracted(NEGATED[0][0]))
    article = Article(id="draft", raw="\n\n".join([BYLINE, DATELINE, paragraph]))
    found = pipeline.run(article)["disclosures"]["regulatory_status"]
    assert "hasn’t been approved" in found["evidence"]
    assert found["evidence"] in article.text


def test_a_trigger_with_typographic_quotes_is_found_at_its_line(pipeline):
    advice = "Don’t wait for your “bad nights” to pass: take two Calmra capsules every night and you’ll sleep."
    article = Article(id="draft", raw="\n\n".join([BYLINE, DATELINE, advice]))
    verdict = pipeline.run(article)
    found = verdict["disclosures"]["medical_advice"]
    assert found["required"] and not found["present"]
    assert found["trigger"] == advice
    [finding] = [f for f in lint(article, verdict, pipeline.config).findings if f.rule.endswith("/medical_advice")]
    assert (finding.line, finding.column) == (5, 1)


def test_contracted_disclaimer_lines_are_set_aside_as_disclaimers(pipeline):
    article = Article(
        id="draft",
        raw="\n\n".join(
            [
                "Our zinc lozenges shorten a cold by two days, and thousands of customers swear by them.",
                "This post isn’t sponsored. This article isn't a substitute for your doctor's advice.",
                "*These statements haven't been evaluated by the FDA.",
            ]
        ),
    )
    pipeline.run(article)
    regions = [r.text for r in article.regions if r.kind == "disclaimer"]
    assert len(regions) == 2, article.regions
    assert article.text.startswith("Our zinc lozenges") and "sponsored" not in article.text


def _corpus_sample(n: int) -> list[dict]:
    records = [
        json.loads(line)
        for path in sorted((REPO / "corpus" / "articles").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return random.Random(16).sample(records, n)


def test_corpus_articles_typeset_and_contracted_get_the_same_disclosure_decisions(pipeline):
    """Our corpus has no typographic quotes and few contractions; real pages have both. The same articles set
    that way must get the same decisions (they did not: 132 of 5,868 training decisions changed)."""
    changed = []
    for record in _corpus_sample(60):
        variant = typographic(contracted(record["text"]))
        if decisions(pipeline, variant) != decisions(pipeline, record["text"]):
            changed.append(record["id"])
    assert not changed


def test_typographic_quotes_do_not_move_the_promotional_scores(pipeline):
    for record in _corpus_sample(20):
        plain = pipeline.moderate(record["text"])["promotional"]
        curly = pipeline.moderate(typographic(record["text"]))["promotional"]
        assert curly["score"] == plain["score"], record["id"]
        assert [s[2] for s in curly["sentence_scores"]] == [s[2] for s in plain["sentence_scores"]], record["id"]
