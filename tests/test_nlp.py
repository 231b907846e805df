"""The spaCy pipeline: sentence boundaries as spaCy's sentencizer draws them plus line breaks, and a
fresh pipeline now and then that gives the same results."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, ORTH, SENT_START, SHAPE

from healthmod import nlp
from healthmod.pipeline import Pipeline

TEXTS = [
    "Dr. Lee said the trial ended. It worked!\n\nNext heading\n- a list item\n- another one",
    'He asked: "Is it safe?" Nobody knew... The end.',
    "No final punctuation here\nbut a line break",
    "Wait!!! Really?! Yes.)\tTabs\u00a0and\u2028separators.\r\nWindows line.",
    "",
    "...",
    "\n\n  \n",
]


@lru_cache(maxsize=1)
def spacy_with_abbreviation_cases() -> spacy.language.Language:
    """Blank English whose special cases are its abbreviations only, and spaCy's sentencizer: what
    healthmod's tokens must be (built once: the property tests ask for it hundreds of times)."""
    reference = spacy.blank("en")
    keep = nlp.abbreviations(reference.tokenizer.rules)
    reference.tokenizer.rules = {key: value for key, value in reference.tokenizer.rules.items() if key in keep}
    reference.add_pipe("sentencizer")
    return reference


def reference_sentences(text: str) -> list[tuple[int, int]]:
    """spaCy's own sentencizer, then a sentence start at the first non-space token after each line break."""
    doc = spacy_with_abbreviation_cases()(text)
    if len(doc):
        starts = doc.to_array([SENT_START]).astype(np.int64)
        space = doc.to_array([IS_SPACE]).astype(bool)
        for i in range(1, len(doc)):
            if "\n" in doc[i - 1].text and not space[i]:
                starts[i] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    return [(s.start_char, s.end_char) for s in doc.sents]


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_boundaries_match_spacys_sentencizer_plus_line_breaks(text):
    doc = nlp.parse(text)
    expected = reference_sentences(text)
    assert [(s.start_char, s.end_char) for s in doc.sents] == expected
    assert [tuple(span) for span in nlp.sentence_spans(doc).tolist()] == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\t\u00a0\"')(-…。Dr")), max_size=80))
def test_sentence_boundaries_on_arbitrary_punctuation(text):
    doc = nlp.parse(text)
    assert [tuple(span) for span in nlp.sentence_spans(doc).tolist()] == reference_sentences(text)


def test_a_fresh_pipeline_gives_the_same_verdicts(monkeypatch):
    monkeypatch.setattr(nlp, "FRESH_PIPELINE_EVERY", 2)
    pipeline = Pipeline()
    text = (
        "Our miracle capsules cure arthritis for good, with no side effects! Order today for 40% off.\n\n"
        "Dr. Ann Lee, a rheumatologist, said the claim has no evidence behind it. Call 555-010-2000 now."
    )
    first_nlp = nlp.get_nlp()
    verdicts = [pipeline.moderate(text) for _ in range(5)]
    assert nlp.get_nlp() is not first_nlp  # the pipeline was replaced along the way
    for v in verdicts:
        v.pop("timings_ms", None)
    assert all(v == verdicts[0] for v in verdicts[1:])
    assert verdicts[0]["promotional"]["sentences"] and verdicts[0]["disclosures"]["medical_advice"]["trigger"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aZé9 .,!?'’-\n(/$%@:")), min_size=1, max_size=12), max_size=30))
def test_tokens_and_the_attributes_read_match_plain_spacy(words):
    """The tokenizer's larger cache and the trimmed lexeme attributes change nothing healthmod reads: the
    same tokens, lower-case forms, shapes and punctuation / space flags as a default blank English
    pipeline, on a first parse and on a second one served from the cache (here a cache of two chunks,
    so it also runs full)."""
    reference = spacy_with_abbreviation_cases()
    text = " ".join(words)
    attributes = [ORTH, LOWER, SHAPE, IS_PUNCT, IS_SPACE]  # what the stages read
    expected = reference(text).to_array(attributes).tolist()
    default_cache, nlp.TOKENIZER_CACHE = nlp.TOKENIZER_CACHE, 2
    nlp.get_nlp.cache_clear()
    try:
        for _ in range(2):
            assert nlp.get_nlp().make_doc(text).to_array(attributes).tolist() == expected
    finally:
        nlp.TOKENIZER_CACHE = default_cache
        nlp.get_nlp.cache_clear()


# Pieces that make abbreviations touch prefixes, suffixes, units and infixes ("(Dr.", "630m.", "St.-Louis").
ABBREVIATION_PIECES = ["Dr.", "Dr", "Ms.", "St.", "m.", "m", "Ph.D.", "Ph", "D.", "U.S.", "e.g.", "a.", "Jan."]
PUNCTUATION_PIECES = ["(", ")", '"', "'", ",", ".", "-", "/", "630", "£", "...", "Lee", "x", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ABBREVIATION_PIECES + PUNCTUATION_PIECES), max_size=14))
def test_abbreviations_are_tokenised_as_spacys_special_cases_would(pieces):
    """healthmod keeps abbreviations whole without spaCy's special cases (which stop its cache): the tokens
    and sentences must still be those of spaCy with the abbreviation special cases, wherever an
    abbreviation sits: alone, after a bracket or a number, before a comma, inside a hyphenated word."""
    text = "".join(pieces)
    reference = spacy_with_abbreviation_cases()
    attributes = [ORTH, LOWER, SHAPE, IS_PUNCT, IS_SPACE]
    doc = nlp.parse(text)
    assert doc.to_array(attributes).tolist() == reference(text).to_array(attributes).tolist()
    assert [tuple(span) for span in nlp.sentence_spans(doc).tolist()] == reference_sentences(text)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('("Ms. Wang")', ["(", '"', "Ms.", "Wang", '"', ")"]),
        ("£630m. Revenue", ["£", "630", "m.", "Revenue"]),
        ("Foundation-St. Louis", ["Foundation", "-", "St.", "Louis"]),
        ("a Ph.D. (Ph.D.)", ["a", "Ph.D.", "(", "Ph.D.", ")"]),
        ("Dr. Lee left. Dr.", ["Dr.", "Lee", "left", ".", "Dr."]),
    ],
)
def test_split_abbreviations_are_joined(text, tokens):
    assert [t.text for t in nlp.parse(text)] == tokens


def test_an_abbreviation_does_not_stop_the_tokenizer_cache():
    """spaCy caches no chunk of a document after a special case; healthmod has none, so the chunks after
    a "Dr." are remembered: the same text a second time is not split afresh."""
    nlp.get_nlp.cache_clear()
    tokenizer = nlp.get_nlp().tokenizer
    splits: list[str] = []
    search = tokenizer.spacy.suffix_search
    tokenizer.spacy.suffix_search = lambda text: splits.append(text) or search(text)
    try:
        text = "Dr. Lee prescribed zorbulated capsules (twice daily)."
        tokenizer(text)
        assert splits  # the first time, chunks were split
        splits.clear()
        tokenizer(text)
        assert splits == []
    finally:
        nlp.get_nlp.cache_clear()


def test_an_article_over_spacys_default_length_limit_is_moderated():
    # spaCy refuses texts over 1,000,000 characters by default; healthmod's limit is limits.max_article_bytes
    paragraph = "Walking after meals helps many adults keep their blood sugar steady, the nurses said. " * 12
    text = "\n\n".join(f"Week {i}. {paragraph}" for i in range(1_000))  # distinct lines, 1.04 million characters
    verdict = Pipeline().moderate(text, include_text=True)
    assert len(verdict["text"]) > 1_000_000 and verdict["status"] == "ok", verdict.get("error")
