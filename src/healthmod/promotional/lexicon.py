"""Cue patterns for the seven promotional categories.

They serve twice: as features of the learned model (counts per category) and as the
explanation shown beside a flagged sentence (which words drove it). Patterns are written to
run in linear time: no nested quantifiers, bounded gaps only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import PROMO_CATEGORIES
from ..text_signals import plain_quotes

_CUES: dict[str, str] = {
    "hype": r"""breakthroughs?|revolution(?:ary|i[sz]e[sd]?)?|miracles?|miraculous|game[- ]?chang(?:er|ing)
        |amazing|incredible|astonishing|astounding|unprecedented|world'?s first|first[- ]ever|groundbreaking
        |ground-breaking|cutting[- ]edge|remarkable|extraordinary|life[- ]changing|transformative|transform(?:s|ed)?
        |stunning|spectacular|sensational|superfoods?|magic(?:al)?|wonder (?:drug|cure|pill)s?|holy grail
        |new era|jaw[- ]dropping|unbelievable|dramatic(?:ally)?|powerful|ultimate|secret weapon|phenomenal
        |exciting|hope for millions|leap forward|paradigm shift|nothing short of""",
    "overclaim": r"""cures?|cured|curing|reverse[sd]?|reversing|eliminat(?:es?|ed|ing)|eradicat(?:es?|ed|ing)
        |proven|clinically (?:proven|shown)|guarantee[sd]?|permanent(?:ly)?|for good|once and for all|100 ?%
        |heals?|healed|wipes? out|melts? away|detox(?:es|ifies|ify)?|flush(?:es)? out|regenerat(?:es?|ion)
        |rejuvenat(?:es?|ion)|restores?|in its tracks|every time|instantly|overnight|within days|works for everyone
        |fixes|end(?:s)? (?:your|the) (?:pain|suffering)|no more (?:pain|pills|insulin)|root cause
        |scientifically (?:proven|backed)|clinically tested|shown to (?:cure|reverse|prevent)""",
    "safety": r"""completely safe|totally safe|100 ?% safe|perfectly safe|entirely safe|absolutely safe|safe for everyone
        |no (?:known )?side[- ]effects?|zero side[- ]effects?|without (?:any )?side[- ]effects?|free of side[- ]effects?
        |harmless|all[- ]natural|100 ?% natural|natural(?:ly)?,? (?:so|and therefore|hence) (?:safe|harmless)|non[- ]toxic
        |risk[- ]free|no risks?|gentle on|safe and effective|no downtime|chemical[- ]free|nothing to lose""",
    "exclusivity": r"""the only (?:treatment|cure|way|solution|product|clinic|therapy|method|supplement|formula)
        |the best|best[- ]in[- ]class|number one|#1|no\. ?1|unlike (?:other|conventional|traditional|ordinary)
        |doctors (?:won'?t|don'?t want|refuse to|never) (?:tell|you)|big pharma|they don'?t want you to know
        |suppress(?:ed|ing)|hidden (?:cure|truth)|cover[- ]?up|mainstream medicine|conventional medicine (?:fails|has failed)
        |exclusive(?:ly)?|only we|proprietary|patented|one of a kind|unmatched|unrivall?ed|unique (?:formula|protocol|approach)
        |leading (?:clinic|provider|expert)|pharmaceutical industry""",
    "sales": r"""buy|order (?:now|today|yours|online)|book (?:a|your|now|today)|call (?:now|us|today)|discounts?
        |\d+ ?% off|limited[- ](?:time|offer|stock|spots|availability)|special offer|prices?|\$ ?\d|€ ?\d|£ ?\d
        |free (?:shipping|trial|consultation|delivery)|shop now|available (?:at|now|online)|add to cart|promo code
        |coupon|visit (?:our|us)|whatsapp|sign up|enrol+ now|money[- ]back|per bottle|per session|packages? start
        |don'?t miss|act now|hurry|while stocks last|today only|schedule (?:a|your)|contact (?:us|our)|consultation""",
    "testimonial": r"""i was (?:cured|healed|able|finally|told)|i (?:tried|started|noticed|lost|feel|felt|can now|have never
        |couldn'?t believe|'?ve been|recommend)|changed my life|my (?:doctor|husband|wife|son|daughter|mother|father|life|pain)
        |after (?:just |only )?\d+ (?:days|weeks|months|sessions)|customers (?:say|report|rave)
        |(?:thousands|hundreds|millions) of (?:patients|people|customers|women|men)|our patients|real results
        |success stor(?:y|ies)|five[- ]star|5[- ]star""",
    "fear": r"""silent killer|killers?|deadly|toxic|toxins?|poison(?:ous|s)?|dangerous|before it'?s too late|don'?t wait
        |ticking time bomb|epidemic|at risk|could kill|kills?|alarming|terrifying|warning|hidden dangers?|ravag(?:es?|ing)
        |destroy(?:s|ing)?|devastating|scary|frightening|dying|death sentence|crisis|chemicals in your""",
}


def _alternatives(body: str) -> str:
    """A category's alternatives on one line. A line may only break next to a "|": the break and
    the indentation are dropped, so a break inside a phrase would join its words."""
    if re.search(r"[^|\s]\s*\n\s*[^|\s]", body):
        raise ValueError(f"cue pattern: a line breaks inside a phrase: {body!r}")
    return re.sub(r"\s*\n\s*", "", body)


# One pass finds the cues of every category: each category is a named group, and a cue belongs
# to the first category (in PROMO_CATEGORIES order) whose alternatives match at its position.
# It runs over lower-cased text (no IGNORECASE: 4-5x faster in Python's engine), and the
# lookahead skips at once every position where no cue can start (every cue starts with a word
# character or a currency sign or "#"), which keeps runs of punctuation or spaces cheap.
# This is the definition; scanning uses _SCAN below, which finds the same matches faster.
CUE_PATTERN = re.compile(
    r"(?<![\w-])(?=[\w#$€£])(?:"
    + "|".join(f"(?P<{cat}>{_alternatives(_CUES[cat])})" for cat in PROMO_CATEGORIES)
    + r")(?![\w-])"
)

# -- the fast scan ---------------------------------------------------------------------------
# CUE_PATTERN tries its ~200 alternatives at every word start, and the engine enters it at every
# character. _SCAN finds the same matches (same starts, ends and categories: the property tests
# compare both) about 3x faster:
#
# * it starts with the character before the cue, a class ``[^\w-]`` (text is padded with one
#   space in front), so the engine skips every letter inside a word without entering the pattern;
# * the alternatives, expanded into plain strings where they hold optional parts or classes, are
#   merged into a trie of their leading characters, so a word start that begins no cue fails after
#   a character or two instead of trying every alternative;
# * an empty group closes each alternative, and the last group that matched names its category.
#
# A regular expression tries alternatives in order and takes the first that matches, so the trie
# keeps the order of any two that could both match at a position: alternatives are only regrouped
# past one another when they begin with different characters (then at most one can match).

_Token = tuple[str, str]  # ("c", a literal character) or ("r", a regular expression kept as it is)


def _split(body: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = body.index("]", i + 2) + 1
            continue
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    return out


def _atoms(body: str) -> list[tuple[str, str]]:
    """A sequence split into (atom, quantifier) pairs; atoms are characters, escapes, classes or groups."""
    atoms, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            end = i + 2
        elif ch == "[":
            end = body.index("]", i + 2) + 1
        elif ch == "(":
            if not body.startswith("(?:", i):
                raise ValueError(f"cue pattern: only non-capturing groups are supported: {body!r}")
            depth, end = 0, i
            while True:
                if body[end] == "\\":
                    end += 2
                    continue
                depth += (body[end] == "(") - (body[end] == ")")
                end += 1
                if depth == 0:
                    break
        elif ch in "|)?*+{":
            raise ValueError(f"cue pattern: unexpected {ch!r} in {body!r}")
        else:
            end = i + 1
        quant = body[end] if end < len(body) and body[end] in "?*+{" else ""
        if quant == "{":
            raise ValueError(f"cue pattern: counted repetition is not supported: {body!r}")
        atoms.append((body[i:end], quant))
        i = end + len(quant)
    return atoms


def _class_chars(atom: str) -> list[str]:
    inner = atom[1:-1]
    if inner.startswith("^") or "\\" in inner or re.search(r"(?<=.)-(?=.)", inner):
        raise ValueError(f"cue pattern: only plain character lists are supported: {atom!r}")
    return list(dict.fromkeys(inner))


def _expand_atom(atom: str) -> list[list[_Token]]:
    """The ways ``atom`` can match, in the order the engine tries them."""
    if atom.startswith("(?:"):
        return _expand(atom[3:-1])
    if atom == "\\d":
        return [[("r", atom)]]  # any decimal digit, not only 0-9
    if atom.startswith("\\"):
        if atom[1].isalnum():
            raise ValueError(f"cue pattern: unsupported escape {atom!r}")
        return [[("c", atom[1])]]
    if atom.startswith("["):
        return [[("c", c)] for c in _class_chars(atom)]
    if atom in ".^$":
        raise ValueError(f"cue pattern: unsupported {atom!r}")
    return [[("c", atom)]]


def _expand(body: str) -> list[list[_Token]]:
    """Every alternative of ``body`` as a sequence of tokens, in the order the engine tries them.

    ``(?:A|B)C`` tries A then C, then B then C: the same as ``AC|BC``; a greedy ``X?`` tries X
    first, then nothing; ``X+`` is X then ``X*`` (kept as a regular expression)."""
    out: list[list[_Token]] = []
    for alternative in _split(body):
        ways: list[list[_Token]] = [[]]
        for atom, quant in _atoms(alternative):
            if quant == "*":
                options: list[list[_Token]] = [[("r", atom + "*")]]
            else:
                options = _expand_atom(atom)
                if quant == "+":
                    options = [[*o, ("r", atom + "*")] for o in options]
                elif quant == "?":
                    options = [*options, []]
            ways = [w + o for w in ways for o in options]
        out.extend(ways)
    return out


def _trie(items: list[tuple[list[_Token], int]], leaves: list[int]) -> str:
    """A pattern matching ``items`` (tokens, category) in order; appends each alternative's
    category to ``leaves`` in the order of their closing groups."""
    branches: list[str] = []
    i = 0
    while i < len(items):
        tokens, category = items[i]
        if not tokens or tokens[0][0] == "r":  # ends here, or starts with a pattern: keeps its place
            if tokens:
                branches.append(tokens[0][1] + _trie([(tokens[1:], category)], leaves))
            else:
                leaves.append(category)
                branches.append("()")
            i += 1
            continue
        j = i  # a run of alternatives that start with a character: group them by it
        while j < len(items) and items[j][0] and items[j][0][0][0] == "c":
            j += 1
        groups: dict[str, list[tuple[list[_Token], int]]] = {}
        for tokens, category in items[i:j]:
            groups.setdefault(tokens[0][1], []).append((tokens[1:], category))
        for char, rest in groups.items():
            branches.append(re.escape(char) + _trie(rest, leaves))
        i = j
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _expanded() -> list[tuple[list[_Token], int]]:
    return [
        (tokens, index) for index, cat in enumerate(PROMO_CATEGORIES) for tokens in _expand(_alternatives(_CUES[cat]))
    ]


def _edge_characters(items: list[tuple[list[_Token], int]]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of one character: one a cue of ``items`` can start with, and one it can end with."""
    ends: tuple[set[str], set[str]] = (set(), set())  # characters, and patterns of one
    starts: tuple[set[str], set[str]] = (set(), set())
    for tokens, _ in items:
        for edge, sequence in ((starts, tokens), (ends, tokens[::-1])):
            for kind, value in sequence:
                if kind == "c":
                    edge[0].add(value)
                    break
                edge[1].add(value.rstrip("*"))
                if not value.endswith("*"):  # "X*" may match nothing: the next token may be the edge
                    break

    def one_of(chars: set[str], patterns: set[str]) -> re.Pattern[str]:
        return re.compile("|".join(["[" + "".join(re.escape(c) for c in sorted(chars)) + "]", *sorted(patterns)]))

    return one_of(*starts), one_of(*ends)


def _scan_pattern(items: list[tuple[list[_Token], int]]) -> tuple[re.Pattern[str], tuple[int, ...]]:
    for tokens, _ in items:
        first = tokens[0]
        if not ((first[0] == "c" and re.fullmatch(r"[\w#$€£]", first[1])) or first == ("r", "\\d")):
            raise ValueError(f"cue pattern: a cue must start with a word character, a currency sign or '#': {tokens}")
    leaves: list[int] = []
    body = _trie(items, leaves)
    return re.compile(r"[^\w-]" + body + r"(?![\w-])"), (-1, *leaves)


_EXPANDED = _expanded()
_SCAN, _LEAF_CATEGORY = _scan_pattern(_EXPANDED)
_CAN_START, _CAN_END = _edge_characters(_EXPANDED)


def cue_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of CUE_PATTERN in ``text``: the definition (see :func:`cue_table` for the fast scan)."""
    return CUE_PATTERN.finditer(lower_in_place(text))


def cue_table(text: str) -> list[tuple[int, int, int]]:
    """(start, end, category index) of every cue in ``text``, in order of position: the matches of
    :data:`CUE_PATTERN`, found by :data:`_SCAN`."""
    return lowered_cue_table(lower_in_place(text))


def lowered_cue_table(lower: str) -> list[tuple[int, int, int]]:
    """:func:`cue_table` of a text already lower-cased by :func:`lower_in_place`."""
    padded = " " + lower
    search, leaf = _SCAN.search, _LEAF_CATEGORY
    out = []
    pos = 0
    while match := search(padded, pos):
        start, end = match.span()
        out.append((start, end - 1, leaf[match.lastindex]))  # type: ignore[index]
        # The character before the next cue may be this cue's last one ("100%$5"): look from there.
        pos = end - 1
    return out


_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def cues_of_part(
    table: list[tuple[int, int, int]], lower: str, start: int, end: int
) -> list[tuple[int, int, int]] | None:
    """The cues that :func:`cue_table` finds in ``text[start:end]`` read on its own, taken from
    ``table``, the cues of the whole (lower-cased) text; None when the surroundings of the part
    could make them differ.

    Read on its own, the part's first and last characters border nothing. They are the same cues
    when no cue of the whole text crosses either end of the part, and the characters either side
    of the part cannot change whether a cue starts at its first character or ends at its last: every
    attempt of the pattern inside the part then reads the same characters and stops the same way.
    (A cue starts only after a character that is neither a word character nor a hyphen, and ends
    only before one.)
    """
    if 0 < start < end and _CAN_START.match(lower, start) and _WORD_OR_HYPHEN.match(lower, start - 1):
        return None
    if start < end < len(lower) and _CAN_END.match(lower, end - 1) and _WORD_OR_HYPHEN.match(lower, end):
        return None
    first = bisect_left(table, (start,))  # the first cue starting at or after ``start``
    if first and table[first - 1][1] > start:
        return None
    after = bisect_left(table, (end,), first)
    if after > first and table[after - 1][1] > end:
        return None
    return table[first:after]


def lower_in_place(text: str) -> str:
    """``text`` lower-cased, typographic quotes as ASCII ones, with every character at its offset (a few
    characters, such as "İ", lower-case to two; those stay as they are)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return plain_quotes(lower)


@dataclass(frozen=True)
class Cue:
    category: str
    start: int
    end: int
    text: str


def find_cues(sentence: str) -> list[Cue]:
    """Every cue in ``sentence``, in order of position."""
    return [Cue(PROMO_CATEGORIES[c], start, end, sentence[start:end]) for start, end, c in cue_table(sentence)]
