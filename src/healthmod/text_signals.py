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


# Common non-ASCII punctuation and an ASCII stand-in with the same role for WORD_RE (a separator or an
# apostrophe) and for the boilerplate gates' clues (not a letter, a digit or white space).
PUNCT_AS_ASCII = (("’", "'"), *((ch, " ") for ch in "‘“”–—…•©·\xa0"))
# ASCII letters lower-cased and apostrophes, every other byte a space; STOPWORDS as bytes.
_LOWER_LETTERS = bytes(ord(chr(c).lower()) if chr(c).isalpha() or chr(c) == "'" else ord(" ") for c in range(128))
_LOWER_LETTERS += b" " * 128
_STOPWORDS_IN_BYTES = frozenset(word.encode("ascii") for word in STOPWORDS)


# Typographic quotes as the ASCII ones, one character for one. Our corpus, the model and the rules are written with
# ASCII quotes; real pages often use the typographic ones ("doesn’t", “quoted”). Offsets stay valid.
_PLAIN_QUOTES = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'))


def plain_quotes(text: str) -> str:
    """``text`` with typographic single and double quotes (apostrophes too) as ASCII ones, position for position."""
    if text.isascii():
        return text
    # (str.replace where the character occurs: str.translate looks each character of a non-ASCII text up in a
    # dict, some hundred times slower over a page)
    for typographic, plain in _PLAIN_QUOTES:
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


def punct_as_ascii(text: str) -> str:
    """``text`` with the punctuation of PUNCT_AS_ASCII replaced, position for position."""
    if not text.isascii():
        for ch, stand_in in PUNCT_AS_ASCII:
            text = text.replace(ch, stand_in)
    return text


def stopword_share(text: str) -> float:
    """The share of STOPWORDS among the WORD_RE tokens of ``text`` lower-cased (0 with no tokens)."""
    stop, count = _stopword_counts(punct_as_ascii(text))
    return stop / max(count, 1)


_NOT_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _split_off_not_ascii(plain: str) -> tuple[str, str]:
    """(the rest, the words holding a non-ASCII character), each joined by spaces.

    A word here runs between spaces or line breaks; no WORD_RE token crosses one, so reading the two parts
    separately gives the same tokens as reading the whole."""
    rest, odd, done = [], [], 0
    for found in _NOT_ASCII_RE.finditer(plain):
        at = found.start()
        if at < done:
            continue  # inside the word just taken
        start = max(done, plain.rfind(" ", done, at) + 1, plain.rfind("\n", done, at) + 1)
        end = min((e for e in (plain.find(" ", at), plain.find("\n", at)) if e >= 0), default=len(plain))
        rest.append(plain[done:start])
        odd.append(plain[start:end])
        done = end
    rest.append(plain[done:])
    return " ".join(rest), " ".join(odd)


def _stopword_counts(plain: str) -> tuple[int, int]:
    """(stopwords, tokens) among the WORD_RE tokens of ``plain`` (PUNCT_AS_ASCII already replaced).

    In ASCII text the tokens are runs of letters, two joined by an apostrophe: with every other character a
    space, the words split() gives are the tokens, but for the few holding an apostrophe, which the regex
    splits. Splitting bytes is several times faster than the regex, whose Unicode letter class costs most."""
    if not plain.isascii():
        rest, odd = _split_off_not_ascii(plain)
        tokens = WORD_RE.findall(odd.lower())
        stop, count = _stopword_counts(rest)
        return stop + sum(map(STOPWORDS.__contains__, tokens)), count + len(tokens)
    lowered = plain.encode("ascii").translate(_LOWER_LETTERS)
    words = lowered.split()
    stop, count = sum(map(_STOPWORDS_IN_BYTES.__contains__, words)), len(words)
    at = lowered.find(b"'")
    while at >= 0:  # no stopword holds an apostrophe, but a token in such a word may be one
        start, end = lowered.rfind(b" ", 0, at) + 1, lowered.find(b" ", at)
        end = len(lowered) if end < 0 else end
        tokens = WORD_RE.findall(lowered[start:end].decode("ascii"))
        stop, count = stop + sum(map(STOPWORDS.__contains__, tokens)), count + len(tokens) - 1
        at = lowered.find(b"'", end)
    return stop, count


def english_ratio(text: str, sample_chars: int = 20_000) -> float:
    """Share of word tokens (in the first ``sample_chars``) that are English function words."""
    return stopword_share(text[:sample_chars])
