"""Cheap lexical signals shared by the stages: word tokens, English function words, language guess."""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Common English function words: their density separates prose from menus, and English from
# other languages, without a model.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "may",
        "might",
        "must",
        "also",
    ]
)


# Scripts written without spaces between words: a word is counted per two characters there.
UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def word_count(text: str) -> int:
    """Words in ``text``; for Chinese, Japanese, Korean and Thai, about one per two characters."""
    unspaced = len(UNSPACED_RE.findall(text))
    if not unspaced:
        return len(WORD_RE.findall(text))
    return len(WORD_RE.findall(UNSPACED_RE.sub(" ", text))) + unspaced // 2


def english_ratio(text: str, sample_chars: int = 20_000) -> float:
    """Share of word tokens (in the first ``sample_chars``) that are English function words."""
    words = WORD_RE.findall(text[:sample_chars].lower())
    if not words:
        return 0.0
    return sum(w in STOPWORDS for w in words) / len(words)
