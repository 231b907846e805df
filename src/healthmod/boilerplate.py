"""Boilerplate stripping: which lines of a scraped page are the article.

The text stage splits the source into blocks (lines, also split at stray HTML tags), gives
each block a label from named rules, smooths the labels with their neighbours, and joins
the body blocks into the clean text. Labels are ``body``, ``meta:<kind>`` (not body, but the
disclosure stage needs it: a disclaimer, a byline, a date, references, funding, a sponsor
label) and ``drop:<reason>``. HTML is rendered to one line per block element and labelled
by the same stage, with trafilatura's extraction as the strongest signal.

The rules are written for reading; the stage runs them through RuleList and a few page-wide
passes (see "Fast rule matching" and "Page-wide passes" below), which give the same labels as
trying every rule on every block, many times faster.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, islice, pairwise, repeat
from operator import add, sub
from re import _compiler as _sre_compiler  # the parsed patterns give each rule's possible first characters
from re import _constants as _sre
from re import _parser as _sre_parser
from typing import Any

from .config import BoilerplateConfig
from .document import Article, Region, Removed, Segment
from .text_signals import PUNCT_AS_ASCII, punct_as_ascii, stopword_share, word_count

# Only the head of a block is matched against marker rules: markers sit at the start of a
# line, and bounding the input keeps every pattern linear on a 5 MB line.
HEAD = 300
TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,300})?/?>")
TERMINAL_PUNCT = tuple('.!?:;"”’)。！？」）')
TRUNCATED_RE = re.compile(r"(?:\.\.\.|…)\s*$")
_TRUNCATION = ("...", "…")  # the endings TRUNCATED_RE finds
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•·▪◦]|\d{1,2}[.)]|[a-z][.)]|[①-⑳])\s")


def truncated(text: str) -> bool:
    """``TRUNCATED_RE.search(text)``, with str methods: ``\\s`` is exactly what str.rstrip() strips."""
    return text.rstrip().endswith(_TRUNCATION)


def _rule(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# Blocks that end the article: everything after them is page furniture.
TERMINATOR = _rule(
    r"^(?:end|the end|recommend(?:ed)?(?: for you| articles| reading| stories)?|related(?: articles| posts"
    r"| stories| content| reading| news| coverage)?|you (?:may|might) also (?:like|enjoy)|more (?:from|stories"
    r"|articles|on this|in)\b.{0,40}|read (?:more|next|also)|(?:most (?:popular|read|viewed|shared)|trending)"
    r"(?: (?:on|in|this) .{0,30}| stories| articles| posts| now| today)?|popular(?: posts| articles| now)?"
    r"|further reading|see also|comments?(?: \(\d+\))?|\d+ comments?"
    r"|(?:leave|post|add) a (?:comment|reply)|join the discussion|what to read next|latest (?:news|articles|stories)"
    r"|\d+ (?:responses?|comments?|replies|thoughts)(?: (?:to|on) .{0,150})?|comments? (?:are|is) closed|discussion"
    r"|keep reading|up next|don'?t miss|editor'?s (?:picks?|choice)|recent (?:posts|articles|stories)"
    r"|other (?:articles|stories|posts)\b.{0,40}"
    # The same headings in the languages of the pages we see most after English.
    r"|(?:también )?te puede (?:interesar|gustar)|lee también|noticias relacionadas|artículos relacionados"
    r"|lo más leído|comentarios?(?: \(\d+\))?"
    r"|das könnte (?:sie|dich) auch interessieren|mehr zum thema|lesen sie auch|ähnliche artikel|meistgelesen"
    r"|kommentare?(?: \(\d+\))?"
    r"|(?:à )?lire aussi|sur le même sujet|vous aimerez (?:peut-être )?aussi|articles similaires|les plus lus"
    r"|commentaires?(?: \(\d+\))?|leggi anche|(?:ti )?potrebbe(?:ro)? interessarti|articoli correlati|i più letti"
    r"|commenti(?: \(\d+\))?"
    r"|leia também|veja também|(?:você )?(?:também )?pode gostar|notícias relacionadas|artigos relacionados|mais lidas"
    r"|comentários(?: \(\d+\))?)\W*$"
)
# Non-body blocks that the disclosure stage still needs, by kind.
META_RULES: dict[str, re.Pattern[str]] = {
    "disclaimer": _rule(
        # (negations also contracted: "isn't a substitute for", "haven't been evaluated")
        r"^(?:medical |important |legal )?disclaimer\b|^this (?:article|content|information|post|site) (?:is (?:for"
        r" |not |intended )|isn['’]t )|(?:not|n['’]t) (?:intended (?:to be |as )?|meant (?:to be |as )?)?a substitute for"
        r"|^(?:\*\s*)?these statements (?:have not|haven['’]t) been evaluated|^always (?:consult|seek|talk)"
        r"|^(?:please )?consult (?:your|a) (?:doctor|physician|healthcare)"
    ),
    # Case-sensitive after the keyword: a byline names people ("By Ann Lee"), a sentence does not.
    "byline": _rule(
        r"^(?i:by|written by|words by|authors?|reviewed by|medically reviewed by|fact[- ]checked by|posted by)"
        r"\s*:?\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von)){0,6}(?:\s*[,|•–-].{0,80})?$",
        flags=0,
    ),
    "date": _rule(
        r"^(?=.{0,80}\d)(?:(?:published|updated|posted|last (?:updated|reviewed|modified)|date)\s*(?:on)?\s*:?\s*\S.{0,60}$"
        r"|(?:mon|tue|wed|thu|fri|sat|sun)\w*,? .{0,40}\d{4}.{0,20}$|\w+ \d{1,2},? \d{4}(?:[ ,].{0,30})?$"
        r"|\d{1,2} \w+ \d{4}(?:[ ,].{0,30})?$|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*, \d{4}"
        r"(?:[ ,].{0,30})?$|\d{4}-\d{2}-\d{2}(?:[ T].{0,20})?$|\d{1,2}/\d{1,2}/\d{2,4}$)"
    ),
    "references": _rule(
        r"^(?i:references|sources|bibliography|citations|works cited|studies cited)\s*(?::.{0,200})?$"
        # an entry, numbered, perhaps with a wiki's back-link caret: "[3] ...", "2. Lee, A. ...", "1. ^ Lee, A. ..."
        r"|^\[\d{1,3}\]\s*\S.{10,}|^\d{1,3}\.\s+(?:[\^↑]\s*)?[A-Z][\w'’-]+,? (?:[A-Z]{1,3}\b|[A-Z]\.).{10,}",
        flags=0,
    ),
    "funding": _rule(
        r"^(?:funding|conflicts? of interest|competing interests?|financial disclosures?|disclosures?|declaration"
        r" of interests?|acknowledge?ments?)\s*:"
    ),
    "sponsorship": _rule(
        r"^(?:sponsored(?: content| post| by)?|paid (?:post|content|partnership)|advertorial|partner content"
        r"|this (?:post|article|page) (?:is sponsored|contains affiliate|may contain affiliate))\b"
    ),
}
# Page furniture, by reason. Checked after META_RULES, on blocks shorter than SHORT_RULE_WORDS.
DROP_RULES: dict[str, re.Pattern[str]] = {
    "prev_next": _rule(
        r"^(?:<<|>>|«|»|‹|›|←|→)\s*:?|^(?:previous|next|prev|older|newer)(?: (?:article|post|story"
        r"|page|entry|item))?\s*(?:[:»«>]|$)"
    ),
    # A commenter's name line opens a comment: what follows is discussion, not article.
    "comment": _rule(
        r"^[\w .'’()@-]{1,40} (?:says|said|wrote|replied)\s*:?$|^[\w .'’()@-]{1,40} on .{6,30}\d{4},?"
        r" (?:at )?\d{1,2}[:.]\d{2}\s?(?:am|pm)?,? (?:said|says|wrote):?$"
    ),
    "share": _rule(
        r"^click to (?:share|email|print)\b.{0,60}$|^(?:share(?: this(?: article| story| page| post)?)?(?: on| via| to)?\s*(?:facebook|twitter|x"
        r"|linkedin|whatsapp|pinterest|reddit|email)?|tweet|pin it|e-?mail|print|copy link|save"
        r"|(?:follow|like) us\b.{0,40}|facebook|twitter|linkedin|whatsapp|pinterest|reddit)\W*$"
        # a row of share buttons ("Whatsapp Facebook Pinterest Baixar", "Teilen: Facebook Twitter E-Mail")
        r"|^(?:(?:share|compartir|compartilhar|partager|teilen|condividi)\W+)?(?:(?:facebook|twitter|x|linkedin|whatsapp"
        r"|pinterest|pint|reddit|telegram|messenger|e-?mail|threads|bluesky)\b\W*){2,}(?:\w+\W*)?$"
    ),
    "cookie": _rule(r"\bcookies?\b.{0,200}\b(?:use|accept|consent|polic|settings|preferences|agree|experience)"),
    "copyright": _rule(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b"),
    # A newsletter pitch is written as prose ("Sign up to our free weekly newsletter for ..."): a sign-up verb
    # and what is signed up for, or the inbox / e-mail field / unsubscribe wording of a sign-up box.
    "newsletter": _rule(
        r"\b(?:sign(?:ing)? up|subscribe)\b.{0,120}\b(?:newsletters?|inbox|mailing list|our\b.{0,30}\be-?mails?)\b"
        r"|\b(?:newsletters?|inbox|mailing list|our\b.{0,30}\be-?mails?)\b.{0,120}\b(?:sign(?:ing)? up|subscribe)\b"
        r"|\b(?:join|get) (?:our|the)\b.{0,60}\b(?:newsletter|mailing list)\b|\b(?:to|in) your inbox\b"
        r"|\benter your e-?mail\b|\bunsubscribe\b"
    ),
    "footer_link": _rule(
        r"^(?:privacy(?: policy| notice| settings)?|terms(?: (?:of|and) (?:use|service|conditions))?"
        r"|cookie (?:policy|settings)|contact(?: us)?|about(?: us)?|advertise(?: with us)?|careers"
        r"|sitemap|accessibility|help|faq|imprint|do not sell.{0,40})\W*$"
    ),
    "tags": _rule(r"^(?:tags?|tagged|categories|category|filed under|topics)\s*:"),
    # The heading of an author box; the bio under it is a byline region (_label_author_bios).
    "author_box": _rule(r"^about the (?:author|writer|reviewer|expert)s?\W*$"),
    # An ad slot's label, repeated or with the link past it: "Advertisement Continue reading the main story"
    "ad": _rule(
        r"^(?:(?:advertisement|advertising|ad|sponsored links?|promoted(?: stories)?)\W*)+"
        r"(?:continue reading(?: the (?:main )?(?:story|article))?\W*)?$"
    ),
    "account": _rule(
        r"^(?:subscribe|sign (?:in|up|out)|log ?(?:in|out)|register|my account|newsletter|menu|search"
        r"|skip to (?:main )?content|home|back to top|toggle navigation|close)\b.{0,60}$"
    ),
    # A caption ends with its credit ("... at home. Photograph: Ann Lee/Agency", "Courtesy of ...").
    "caption": _rule(
        r"^(?:image|photo|picture|video)(?: credit| source| by)?\s*:|^(?:credit|source|above|pictured)\s*:"
        r"|\((?:photo|image|credit)[^()]{0,80}\)$|^getty images\b|/ ?(?:getty|istock|shutterstock)\b"
        r"|\b(?:photo(?:graph)?s?|image|picture|illustration)(?: credit)?(?: by)?\s*:\s*[^.!?:]{2,80}$"
        r"|\(?\bcourtesy of [^.!?:]{2,80}$|^photo(?:graph)?s? by\b"
    ),
    # A link to another story set into the article: a label, a colon (or an arrow) and the story's headline.
    # ("Further reading:" and "See also:" are left alone: they head an article's own sources.)
    "inline_link": _rule(
        r"^(?:related(?: articles?| stories| story| reading| content| coverage)?|read (?:more|next|also)|also read"
        r"|more from [^:]{1,40}|recommended(?: reading)?|you (?:may|might) also like|watch|listen|don'?t miss"
        r"|editor'?s picks?)\s*(?::|»|›|>|\|)\s*\S"
    ),
    # A video player's text set into a story as one line: the clip's title between "Just watched" / "Must watch"
    # and the player's buttons or the clip's length ("... Replay More videos", "... 02:36").
    "video_player": _rule(
        r"^(?:just watched|must watch|now playing|up next)\b.{0,200}(?:\breplay\b|\bmore videos\b|\d:\d\d$)"
    ),
    # The buttons under each reader comment or review ("Reply", "Like · Reply", "Was this helpful? Yes (14)"):
    # comments read like prose, so without a "Comments" heading they would join the article (_drop_comment_threads).
    "comment_action": _rule(
        r"^(?:(?:reply|report|like|quote|flag|upvote|downvote|responder|antworten|répondre|rispondi)(?: ?\(\d+\)| \d+)?"
        r"[\s·|•/↓-]*)+$|^was this (?:review |comment )?helpful\??(?: yes| no|\s*\(?\d+\)?){0,4}$"
        # a comment's score: "Rating: 12 Votes", "+4 points", "Score: 3"
        r"|^(?:rating|score|votes?|points?)\s*:?\s*[+-]?\d+(?: (?:votes?|points?))?$|^[+-]?\d+ (?:votes?|points?|upvotes?)$"
    ),
    "counter": _rule(r"^\d+\s*(?:comments?|shares?|likes?|views?|reads?|min(?:ute)?s? read)\W*$|^\d+ ?min read\b"),
}
SHORT_RULE_WORDS = 25


# --- Fast rule matching ----------------------------------------------------------------------------
# Trying each rule's ``search`` on every block was most of the stage's time: an anchored pattern
# (``^...``) is still tried at every position of the head, and case-insensitive literals are slow to
# fail. RuleList gives the same first matching rule with less work. The anchored alternatives of its
# rules are joined into one pattern matched once at the start of the head, keeping only those that
# can start with the head's first character. Floating alternatives, and rules whose patterns are slow
# to fail on ordinary lines, are tried on their own, behind a Gate: a cheap test that every head they
# match passes.


@dataclass(frozen=True, eq=False)
class Gate:
    """A test that every head a rule (or some of its alternatives) can match passes.

    ``test(head, lowered)`` gets the head and the head lower-cased, or None when that is not safe to
    compare (FOLD_TRAPS). ``clues`` and ``openings``, for the page-wide pass: a head of ASCII characters
    and PUNCT_AS_ASCII punctuation that the rule matches holds one of the clues or starts with one of the
    openings (lower-cased, any digit as 0). ``placed(text, start, end)``, when set, tells whether a text at
    [start, end) of the clue text (_Page.clues) that holds a clue can have it where the rule does.
    """

    test: Callable[[str, str | None], bool]
    clues: tuple[str, ...]
    openings: tuple[str, ...] = ()
    placed: Callable[[bytes, int, int], bool] | None = None


# Case-insensitive matching equates these with an ASCII letter (i, i, s) that str.lower() does not turn
# them into: no gate compares the lower-cased text of a head that holds one.
FOLD_TRAPS = ("İ", "ı", "ſ")
_DIGIT_RE = re.compile(r"\d")
_DATE_WORDS = ("published", "updated", "posted", "last ", "date")
_COMMENT_WORDS = ("says", "said", "wrote", "replied")


def _date_test(head: str, lowered: str | None) -> bool:
    """The date rule opens with ``(?=.{0,80}\\d)``. Then its alternatives start with a digit, or with
    published/updated/posted/last/date, or are a word and a space (the first one) followed by at most 65
    characters up to ``$``: ``(?:mon|...)\\w*,? .{0,40}\\d{4}.{0,20}$`` and ``\\w+ \\d{1,2},? \\d{4}...$``."""
    space = head.find(" ")
    short_tail = space >= 0 and len(head) - space <= 66  # 65, and a final newline before which $ matches
    if not (short_tail or head[:1].isdecimal() or lowered is None or lowered.startswith(_DATE_WORDS)):
        return False
    return _DIGIT_RE.search(head, 0, 81) is not None


def _comment_test(head: str, lowered: str | None) -> bool:
    """Both comment alternatives end in says/said/wrote/replied, then white space, a colon, a newline."""
    if lowered is None:
        return True
    return lowered.removesuffix("\n").removesuffix(":").rstrip().endswith(_COMMENT_WORDS)


_WEEKDAYS = tuple(day.encode() for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))


def _date_placed(text: bytes, start: int, end: int) -> bool:
    """The date alternatives that hold \\d{4} start with a weekday, or are ``\\w+ \\d{1,2},? \\d{4}...``:
    after the first space of the text comes a digit."""
    if text.startswith(_WEEKDAYS, start):
        return True
    space = text.find(b" ", start, end)
    return space >= 0 and text.startswith(b"0", space + 1)


# ASCII white space, and "?" for a non-ASCII character (\xa0 is white space), in the clue text.
_SPACE_IN_CLUES = bytes(c for c in range(128) if chr(c).isspace()) + b"?"
_COMMENT_WORDS_IN_CLUES = tuple(word.encode() for word in _COMMENT_WORDS)


def _comment_placed(text: bytes, start: int, end: int) -> bool:
    """Both comment alternatives end the head with the word, but for white space and a colon."""
    return text[start : min(end, start + HEAD)].rstrip(_SPACE_IN_CLUES + b":").endswith(_COMMENT_WORDS_IN_CLUES)


def _clue_test(clues: tuple[str, ...]) -> Callable[[str, str | None], bool]:
    def test(head: str, lowered: str | None) -> bool:
        return lowered is None or any(clue in lowered for clue in clues)

    return test


# Rules tried on their own behind a gate, because their patterns are slow to fail on ordinary lines.
RULE_GATES: dict[str, Gate] = {
    # The date alternatives that do not start with a digit or a date word hold \d{4}.
    "date": Gate(_date_test, ("0000",), openings=("0", *_DATE_WORDS), placed=_date_placed),
    "comment": Gate(_comment_test, _COMMENT_WORDS, placed=_comment_placed),
}
# A floating (not ``^``-anchored) alternative of these rules only matches text containing one of the
# clues, compared in lower case. A rule that gains a floating alternative must be listed here.
FLOATING_CLUES: dict[str, tuple[str, ...]] = {
    "disclaimer": ("a substitute for",),  # not (intended ...)?a substitute for
    "cookie": ("cookie",),  # \bcookies?\b...
    "copyright": ("all rights reserved",),  # \ball rights reserved\b
    "newsletter": ("newsletter", "inbox", "mail", "subscribe"),  # each alternative names one of them
    # \((?:photo|image|credit)...\)$ and / ?(?:getty|istock|shutterstock)\b
    "caption": (
        "photo",
        "image",
        "picture",
        "illustration",
        "courtesy of",
        "(credit",
        *(f"/{s}{name}" for s in ("", " ") for name in ("getty", "istock", "shutterstock")),
    ),
}
FLOATING_GATES = {name: Gate(_clue_test(clues), clues) for name, clues in FLOATING_CLUES.items()}


def _structure(pattern: str) -> Iterator[tuple[int, str]]:
    """Index and character of every (, ) and | of a regular expression outside escapes and classes."""
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # a ']' first in a class is a literal
        elif ch in "()|":
            yield i, ch
        i += 1


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression: ``a|(b|c)|[|]`` gives ``a``, ``(b|c)``, ``[|]``."""
    parts: list[str] = []
    depth = start = 0
    for i, ch in _structure(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        elif ch != "|":
            depth += 1 if ch == "(" else -1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` that closes the group opened at ``pattern[start]``."""
    depth = 0
    for i, ch in _structure(pattern):
        if i >= start and ch != "|":
            depth += 1 if ch == "(" else -1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced group in {pattern!r}")


_OPENING_GROUP = re.compile(r"\^(\(\?[a-zA-Z-]*:)")


def spread_alternatives(alternative: str) -> list[str]:
    """``^(?:a|b)rest`` as ``^(?:a)rest`` and ``^(?:b)rest``: the same matches, but each one can be tried
    or skipped by its own first characters."""
    opening = _OPENING_GROUP.match(alternative)
    if not opening:
        return [alternative]
    end = _group_end(alternative, 1)
    rest = alternative[end + 1 :]
    if rest[:1] in ("?", "*", "+", "{"):  # an optional or repeated group cannot be spread
        return [alternative]
    inner = alternative[opening.end() : end]
    return [f"^{opening.group(1)}{part}){rest}" for part in alternatives(inner)]


_ASCII = [chr(c) for c in range(128)]
_CHAR_OPS = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
_ITEM_CHARS: dict[tuple[Any, str, int], frozenset[str]] = {}


@cache
def first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The ASCII characters, lower-cased, that a match of ``pattern`` can start with; None if it can start
    with any character (or be empty). Worked out on the parsed pattern, erring towards more characters."""
    chars, nullable = _first_chars(_sre_parser.parse(pattern, flags), flags)
    return None if chars is None or nullable else frozenset(chars)


def _first_chars(items: Iterable[tuple[Any, Any]], flags: int) -> tuple[set[str] | None, bool]:
    """(first characters or None for any, whether ``items`` can match the empty string)."""
    chars: set[str] = set()
    for op, av in items:
        found: set[str] | None
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: the next item supplies the first character
        if op in _CHAR_OPS:
            found, nullable = set(_matching_ascii(op, av, flags)), False
        elif op is _sre.BRANCH:
            found, nullable = set(), False
            for alternative in av[1]:
                sub, sub_nullable = _first_chars(alternative, flags)
                if sub is None:
                    return None, True
                found |= sub
                nullable = nullable or sub_nullable
        elif op is _sre.SUBPATTERN:
            _, add_flags, del_flags, sub_items = av
            found, nullable = _first_chars(sub_items, (flags | add_flags) & ~del_flags)
        elif op is _sre.ATOMIC_GROUP:
            found, nullable = _first_chars(av, flags)
        elif op in _REPEATS:
            found, nullable = _first_chars(av[2], flags)
            nullable = nullable or av[0] == 0
        else:
            return None, True  # a group reference or a conditional: could be anything
        if found is None:
            return None, True
        chars |= found
        if not nullable:
            return chars, False
    return chars, True


def _matching_ascii(op: Any, av: Any, flags: int) -> frozenset[str]:
    """The ASCII characters, lower-cased, that one character item matches, as the regex engine says."""
    key = (op, repr(av), flags)
    if key not in _ITEM_CHARS:
        item = _sre_compiler.compile(_sre_parser.SubPattern(_sre_parser.State(), [(op, av)]), flags | re.UNICODE)
        _ITEM_CHARS[key] = frozenset(c.lower() for c in _ASCII if item.fullmatch(c))
    return _ITEM_CHARS[key]


_NEVER = re.compile(r"(?!)")


class RuleList:
    """Labelled rules tried in order: ``first(head)`` is the label of the first rule whose ``search``
    finds something in ``head`` (as trying them one by one would give), or None."""

    def __init__(self, rules: list[tuple[str, re.Pattern[str]]]) -> None:
        self.labels = [label for label, _ in rules]
        self.size = len(rules)
        # (rule index, alternative, flags) of every ^-anchored alternative, in rule order
        self.anchored: list[tuple[int, str, int]] = []
        # (rule index, pattern, gate) of the gated rules and of the floating alternatives, in rule order
        self.aside: list[tuple[int, re.Pattern[str], Gate]] = []
        for index, (label, rule) in enumerate(rules):
            assert not rule.groups, f"{label}: a capturing group would shift the joined pattern's groups"
            name = label.partition(":")[2]
            if name in RULE_GATES:
                self.aside.append((index, rule, RULE_GATES[name]))
                continue
            floating = []
            for part in alternatives(rule.pattern):
                if part.startswith("^"):
                    self.anchored += [(index, spread, rule.flags) for spread in spread_alternatives(part)]
                else:
                    floating.append(part)
            if floating:
                self.aside.append((index, re.compile("|".join(floating), rule.flags), FLOATING_GATES[name]))
        self.first_aside = self.aside[0][0] if self.aside else self.size
        self.gates = [gate for _, _, gate in self.aside]
        # Per first character of the head: the joined pattern and the rule index of each of its groups.
        self._joined: dict[str, tuple[re.Pattern[str], list[int]]] = {}

    def _join(self, first: str | None) -> tuple[re.Pattern[str], list[int]]:
        """The anchored alternatives that can match a head starting with ``first`` (all for None) as one
        pattern with a group per rule, in rule order."""
        groups: dict[int, list[str]] = {}
        flags: dict[int, int] = {}
        for index, part, rule_flags in self.anchored:
            starts = None if first is None else first_chars(part, rule_flags)
            if starts is None or first in starts:
                groups.setdefault(index, []).append(part)
                flags[index] = rule_flags
        if not groups:
            return _NEVER, []
        # Scoped flags keep each rule's own case sensitivity inside the joined pattern.
        joined = "|".join(
            f"((?{'i' if flags[index] & re.IGNORECASE else '-i'}:{'|'.join(parts)}))" for index, parts in groups.items()
        )
        return re.compile(joined), [-1, *groups]

    def first(self, head: str, gates: Collection[Gate] | None = None) -> str | None:
        """The label of the first matching rule. ``gates``: when known (from the page-wide pass), the only
        gates the head can pass; the rules tried aside behind the others are skipped."""
        # Only an ASCII first character narrows the rules (the first-character sets are ASCII); an empty
        # head or one starting with another character gets all of them, under the key "".
        key = head[:1]
        if not key.isascii():
            key = ""
        joined = self._joined.get(key)
        if joined is None:  # compiled on first use, shared by the upper and lower case of a letter
            joined = self._joined.get(key.lower()) or self._join(key.lower() or None)
            self._joined[key] = self._joined[key.lower()] = joined
        # The joined pattern tries the rules in order at the start of the head, so its matched group is the
        # earliest rule with an anchored match; only a rule tried aside can come before that one.
        m = joined[0].match(head)
        winner = joined[1][m.lastindex or 0] if m else self.size
        if self.first_aside < winner and (gates is None or gates):
            lowered = head.lower() if head.isascii() or not any(t in head for t in FOLD_TRAPS) else None
            for index, pattern, gate in self.aside:
                if index >= winner:
                    break
                if (gates is None or gate in gates) and gate.test(head, lowered) and pattern.search(head):
                    winner = index
                    break
        return self.labels[winner] if winner < self.size else None


META_LIST = RuleList([(f"meta:{kind}", rule) for kind, rule in META_RULES.items()])
# label_blocks tries a short block against the end markers, META_RULES and DROP_RULES in that order.
SHORT_LIST = RuleList(
    [
        ("drop:end_marker", TERMINATOR),
        *((f"meta:{kind}", rule) for kind, rule in META_RULES.items()),
        *((f"drop:{reason}", rule) for reason, rule in DROP_RULES.items()),
    ]
)

# --- Word counts -----------------------------------------------------------------------------------
# word_count runs a regex match per word. In ASCII text WORD_RE's tokens are runs of letters, two runs
# joined by one apostrophe, so they can be counted with bytes methods on a skeleton of the text:
# letters as "a", apostrophes kept, everything else a space.
_SKELETON = bytes(ord("a") if chr(c).isalpha() and c < 128 else c if chr(c) == "'" else ord(" ") for c in range(256))
# A non-ASCII character that is not PUNCT_AS_ASCII.
_NOT_PUNCT_RE = re.compile("[^\\x00-\\x7f" + "".join(re.escape(ch) for ch, _ in PUNCT_AS_ASCII) + "]")
# A word character that is not ASCII.
_NOT_ASCII_WORD_RE = re.compile(r"[^\W\x00-\x7f]")
# Three runs chained by apostrophes ("rock'n'roll") are two tokens, not one: left to the regex.
_APOSTROPHE_CHAIN = re.compile(rb"a'a+'a")


def _skeleton_words(skeleton: bytes) -> int | None:
    """WORD_RE's token count in the text of ``skeleton``, or None when apostrophes chain three runs."""
    runs = skeleton.count(b" a") + (skeleton[:1] == b"a")
    if ord("'") not in skeleton:  # an int: ``bytes in bytes`` first fails as an int, which is slow
        return runs
    if _APOSTROPHE_CHAIN.search(skeleton):
        return None
    # Without chains every apostrophe between letters joins two runs into one token.
    return runs + skeleton.count(b"'a") - skeleton.count(b"a'a")


def count_words(text: str) -> int:
    """Exactly ``word_count(text)``, faster in text whose only non-ASCII characters are PUNCT_AS_ASCII."""
    plain = punct_as_ascii(text)
    words = _skeleton_words(plain.encode("ascii").translate(_SKELETON)) if plain.isascii() else None
    return word_count(text) if words is None else words


@dataclass(slots=True)  # slots: a page makes a block per line, and the passes read their fields often
class Block:
    """One line (or one piece of a line split at a stray tag) of the source text, without the white space
    around it."""

    start: int
    end: int
    text: str
    label: str = ""
    line_no: int = 0
    words: int = -1  # WORD_RE's tokens in the first 2,000 characters: set for all blocks by _count_words

    @property
    def kept(self) -> bool:
        return self.label == "body"


def split_blocks(text: str) -> tuple[list[Block], list[Removed]]:
    """Lines of ``text`` as blocks; stray HTML tags split a line and are recorded as removed."""
    blocks: list[Block] = []
    tags: list[Removed] = []
    pos = 0
    for line_no, line in enumerate(text.split("\n"), 1):
        if "<" in line:  # every tag starts with one: most lines are whole blocks
            cursor = pos
            for m in TAG_RE.finditer(line):
                _add_block(blocks, line[cursor - pos : m.start()], cursor, line_no)
                tags.append(Removed(pos + m.start(), pos + m.end(), "html_tag"))
                cursor = pos + m.end()
            _add_block(blocks, line[cursor - pos :], cursor, line_no)
        elif line:  # an empty line, as between paragraphs, makes no block
            if line.strip() is line:  # strip() gives the string itself back when there is nothing to strip
                blocks.append(Block(pos, pos + len(line), line, "", line_no))
            else:
                _add_block(blocks, line, pos, line_no)
        pos += len(line) + 1
    return blocks, tags


def _add_block(blocks: list[Block], piece: str, offset: int, line_no: int) -> None:
    stripped = piece.strip()
    if stripped:
        lead = 0 if stripped is piece else len(piece) - len(piece.lstrip())
        blocks.append(Block(offset + lead, offset + lead + len(stripped), stripped, "", line_no))


# Rule unpunctuated_prose: a line without sentence punctuation reads as prose (a paragraph whose full stop the
# scrape lost) where it is longer than a headline: other stories' headlines run to 8-15 words, and many are as
# dense in stopwords as prose ("Why do some siblings keep the same bedtimes? It may be in the genes"). Just
# above the article's first paragraph a shorter one is still taken (a long headline, a standfirst).
UNPUNCTUATED_PROSE_MIN_WORDS = 16
_QUESTION_ENDS = ("?", "？")


def _lone_question(text: str) -> bool:
    """A line that is one question and nothing else: read as a headline is ("Could a walk after dinner lower your
    blood sugar?"), unless it is long; a paragraph that ends with a question has a sentence before it."""
    return text.endswith(_QUESTION_ENDS) and not any(brk in text for brk in (". ", "! ", "? "))


ARTICLE_TOP_LINES = 6  # how many unlabelled lines above the first paragraph a headline and standfirst sit in


def is_prose(block: Block, cfg: BoilerplateConfig, unpunctuated_min: int = UNPUNCTUATED_PROSE_MIN_WORDS) -> bool:
    """Article-like prose: long enough, sentence-final punctuation (or, without it, ``unpunctuated_min`` words
    dense in stopwords), not a truncated teaser (the text has no white space at its end to strip first)."""
    text = block.text
    if block.words < cfg.prose_min_words or text.endswith(_TRUNCATION):
        return False
    if text.endswith(TERMINAL_PUNCT) and not (block.words < unpunctuated_min and _lone_question(text)):
        return True
    return block.words >= unpunctuated_min and stopword_share(text[:2000]) >= 0.3


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


# --- Page-wide passes --------------------------------------------------------------------------------
# Work done once over all the block texts of a page instead of block by block: counting words, finding
# the blocks that may match a marker rule (a gate's clue, an opening of an anchored alternative, a
# truncated ending), and telling whether any text has white space to collapse.

# Joins the block texts: not a letter, a digit, white space or part of a clue, and neither cased nor
# case-ignorable (for lower()), so nothing found in the joined text runs from one block into the next.
_SEP = "\x00"
# ASCII white space but the space, as bytes (\s is exactly str.isspace).
_ASCII_OTHER_SPACE = bytes(c for c in range(128) if chr(c).isspace() and c != ord(" "))
_OTHER_SPACE_RE = re.compile(r"[^\S ]")


@dataclass
class _Page:
    blocks: list[Block]
    starts: list[int]  # where each block's text starts in the joined texts (and where the next would)
    plain: list[bool]  # whether the text is ASCII once PUNCT_AS_ASCII is replaced
    encoded: bytes  # the texts joined by _SEP, "’" as "'", other non-ASCII characters as "?"
    non_ascii: list[int]  # the blocks whose text is not ASCII

    @classmethod
    def of(cls, blocks: list[Block]) -> _Page:
        texts = [block.text for block in blocks]
        starts = list(accumulate(map(add, map(len, texts), repeat(len(_SEP))), initial=0))
        non_ascii = [i for i, text in enumerate(texts) if not text.isascii()]
        plain = [True] * len(texts)
        # Encoding a text that is not ASCII goes character by character: only those few texts are
        # encoded so, then the page is ASCII and encodes as a copy.
        ascii_texts = texts.copy()
        for i in non_ascii:
            plain[i] = not _NOT_PUNCT_RE.search(texts[i])
            ascii_texts[i] = texts[i].replace("’", "'").encode("ascii", "replace").decode("ascii")
        return cls(blocks, starts, plain, _SEP.join(ascii_texts).encode("ascii"), non_ascii)

    @property
    def clues(self) -> bytes:
        """The encoded texts in the alphabet of the gates' clues (and of the anchored rules' openings), after
        a separator: with one before every text, the one before text i is at starts[i]."""
        if self._clues is None:
            self._clues = _SEP.encode() + self.encoded.translate(_CLUE_ALPHABET)
        return self._clues

    _clues: bytes | None = None


# A run of letters after an apostrophe: a token of its own unless a letter precedes the apostrophe.
_AFTER_APOSTROPHE = re.compile(rb"'a")
# An apostrophe that another run of letters and apostrophe follow: the middle of an apostrophe chain
# (_APOSTROPHE_CHAIN) when a letter precedes it. Searched from the apostrophe, which is rare, not from a letter:
# ``a'a+'a`` searched over a page tries every letter.
_CHAIN_MIDDLE = re.compile(rb"'(?=a+'a)")


def _count_words(page: _Page) -> None:
    """Set every block's word count (Block.words), from one skeleton of the page.

    In the skeleton (see _skeleton_words) a token starts at a letter after a space, or after an apostrophe
    that does not follow a letter (``a'a`` joins two runs). With the separators as spaces, a block's count
    of the first is ``count(b" a", start, end)`` on its span, made for all the blocks by one ``map``; the
    few of the second are found page-wide. Blocks that are not plain or longer than 2,000 characters, and
    pages with an apostrophe chain, are counted block by block."""
    skeleton = b" " + page.encoded.translate(_SKELETON)  # a block's text is at [start + 1, next start)
    starts = page.starts
    words = list(map(skeleton.count, repeat(b" a"), starts, starts[1:]))
    chained = False
    if ord("'") in skeleton:  # an int: ``bytes in bytes`` first fails as an int, which is slow
        chained = any(skeleton[found.start() - 1] == ord("a") for found in _CHAIN_MIDDLE.finditer(skeleton))
        for found in _AFTER_APOSTROPHE.finditer(skeleton):
            if skeleton[found.start() - 1] != ord("a"):
                words[bisect_right(starts, found.start()) - 1] += 1
    # A text whose non-ASCII characters but PUNCT_AS_ASCII are not word characters is counted as a plain
    # one: those are "?" in the skeleton, a separator as they are for WORD_RE.
    countable = page.plain.copy()
    for i in page.non_ascii:
        countable[i] = countable[i] or not _NOT_ASCII_WORD_RE.search(page.blocks[i].text)
    if chained:
        odd: Iterable[int] = range(len(page.blocks))
    else:
        for block, count in zip(page.blocks, words, strict=True):
            block.words = count
        odd = [i for i in page.non_ascii if not countable[i]]
        if max(map(sub, starts[1:], starts), default=0) > 2001:
            odd += [i for i, block in enumerate(page.blocks) if len(block.text) > 2000]
    for i in odd:
        block, start = page.blocks[i], starts[i]
        piece = page.encoded[start : start + min(len(block.text), 2000)]
        counted = _skeleton_words(piece.translate(_SKELETON)) if countable[i] else None
        block.words = count_words(block.text[:2000]) if counted is None else counted


# Lower-cases ASCII letters and writes every digit as 0: the alphabet of the gates' clues.
_CLUE_ALPHABET = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", b"abcdefghijklmnopqrstuvwxyz000000000")


def _gate_hits(page: _Page, opened: Iterable[int]) -> dict[int, set[Gate]]:
    """The gates of _MARKER_GATES each block may pass: for a plain block those whose clues it holds or
    openings it starts with, for another all. ``opened``: the blocks that may start with an opening (all
    those that do). A block longer than SHORT_RULE_WORDS takes no drop label (_label_markers): the gates of
    drop rules are looked for in the short blocks only, most of the page's text is in the long ones."""
    hits = {i: set(_MARKER_GATES) for i in page.non_ascii if not page.plain[i]}
    text, starts = page.clues, page.starts
    for gate, openings in _GATE_OPENINGS.items():
        for i in opened:
            if text.startswith(openings, starts[i] + 1):
                hits.setdefault(i, set()).add(gate)
    _find_clues(hits, text, starts, range(len(page.blocks)), _LONG_GATES)
    short = [i for i, block in enumerate(page.blocks) if block.words <= SHORT_RULE_WORDS]
    pieces = [text[starts[i] : starts[i + 1]] for i in short]  # each a separator and a text
    _find_clues(hits, b"".join(pieces), list(accumulate(map(len, pieces), initial=0)), short, _SHORT_GATES)
    return hits


def _find_clues(
    hits: dict[int, set[Gate]], text: bytes, starts: list[int], blocks: Sequence[int], gates: Iterable[Gate]
) -> None:
    """Add to ``hits`` the gates whose clues a text holds (where the gate has it placed), in a clue text of
    texts each after a separator: text k starts at ``starts[k] + 1`` and is that of block ``blocks[k]``."""
    for gate in gates:
        for lead, clues in _clue_leads(gate.clues):
            at = text.find(lead)
            while at >= 0:
                if not text.startswith(clues, at):
                    at = text.find(lead, at + 1)
                    continue
                k = bisect_right(starts, at) - 1
                if gate.placed is None or gate.placed(text, starts[k] + 1, starts[k + 1]):
                    hits.setdefault(blocks[k], set()).add(gate)
                at = text.find(lead, starts[k + 1])  # the first one in a text is enough


@cache
def _clue_leads(clues: tuple[str, ...]) -> list[tuple[bytes, tuple[bytes, ...]]]:
    """What to find in the clue text for ``clues``, and the clues to check where it is found. Clues that
    start with punctuation are found by that one character (a fast search) and checked where it is, the
    others are found whole: finding a long string is no faster than finding one character."""
    leads: dict[bytes, list[bytes]] = {}
    for clue in clues:
        lead = clue[:1] if not clue[:1].isalnum() else clue
        leads.setdefault(lead.encode(), []).append(clue.encode())
    return [(lead, tuple(found)) for lead, found in leads.items()]


# A plain block's head can only match an anchored alternative of SHORT_LIST if it starts with one of the
# alternative's openings: the strings of literal characters and small character classes its matches
# start with, worked out on the parsed pattern in the alphabet of the clue text. A look at the start of
# each block's clue text (the openings by their first byte) finds the blocks that start with an opening
# of a rule or of a gate (Gate.openings); RuleList.first is tried on those, on the blocks with a gate hit
# and on those that are not plain, and gives None on all the others.
_OPENING_SIZE = 6  # characters of an opening at most
_OPENING_CHOICES = 8  # a character item that matches more characters than this ends an opening
_END_OF_OPENING = (None, None, 0)
_PLAIN_CHARS = {*_ASCII, *(ch for ch, _ in PUNCT_AS_ASCII)}


def _as_clue(ch: str) -> str:
    """How a character of a plain block reads in the clue text (_Page.encoded through _CLUE_ALPHABET)."""
    return ch.replace("’", "'").encode("ascii", "replace").translate(_CLUE_ALPHABET).decode()


def _clue_chars(op: Any, av: Any, flags: int) -> frozenset[str] | None:
    """The clue-text characters of the plain-block characters one character item matches; None when
    they are too many, or include the separator."""
    key = (op, repr(av), flags)
    if key not in _CLUE_CHARS:
        if op is _sre.LITERAL and chr(av).isascii():
            # Ignoring case, an ASCII letter matches its other case and non-ASCII letters no plain text has.
            chars = {_as_clue(chr(av))}
        else:
            item = _sre_compiler.compile(_sre_parser.SubPattern(_sre_parser.State(), [(op, av)]), flags | re.UNICODE)
            chars = {_as_clue(ch) for ch in _PLAIN_CHARS if item.fullmatch(ch)}
        _CLUE_CHARS[key] = None if _SEP in chars or len(chars) > _OPENING_CHOICES else frozenset(chars)
    return _CLUE_CHARS[key]


_CLUE_CHARS: dict[tuple[Any, str, int], frozenset[str] | None] = {}


def openings(pattern: str, flags: int) -> frozenset[str]:
    """Strings in the clue alphabet, one of which starts the clue text of every match of ``pattern`` in a
    plain text ("" when any text can match): up to _OPENING_SIZE characters, erring towards shorter."""
    found: set[str] = set()

    def flagged(items: Iterable[tuple[Any, Any]], item_flags: int) -> list[tuple[Any, Any, int]]:
        return [(op, av, item_flags) for op, av in items]

    def walk(opening: str, items: list[tuple[Any, Any, int]]) -> None:
        if not items or len(opening) >= _OPENING_SIZE:
            found.add(opening)
            return
        (op, av, item_flags), rest = items[0], items[1:]
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            walk(opening, rest)  # zero width
        elif op in _CHAR_OPS:
            chars = _clue_chars(op, av, item_flags)
            for ch in chars if chars is not None else ():
                walk(opening + ch, rest)
            if chars is None:
                found.add(opening)
        elif op is _sre.BRANCH:
            for alternative in av[1]:
                walk(opening, flagged(alternative, item_flags) + rest)
        elif op is _sre.SUBPATTERN:
            _, add_flags, del_flags, sub_items = av
            walk(opening, flagged(sub_items, (item_flags | add_flags) & ~del_flags) + rest)
        elif op in _REPEATS:  # the opening ends after one repetition (or goes on without one)
            if av[0] == 0:
                walk(opening, rest)
            walk(opening, [*flagged(av[2], item_flags), _END_OF_OPENING])
        else:  # _END_OF_OPENING, or an item not worked out here
            found.add(opening)

    walk("", flagged(_sre_parser.parse(pattern, flags), flags))
    return frozenset(found)


def _rule_openings(rules: RuleList) -> frozenset[str] | None:
    """The openings of all the anchored alternatives of ``rules``; None when one can open with anything."""
    found = frozenset().union(*(openings(part, flags) for _, part, flags in rules.anchored))
    return None if "" in found else found


_MARKER_GATES = tuple(dict.fromkeys(SHORT_LIST.gates + META_LIST.gates))
_GATE_OPENINGS = {gate: tuple(opening.encode() for opening in gate.openings) for gate in _MARKER_GATES if gate.openings}
# A long block only takes the labels of end markers and META_RULES (_label_markers): the gates of their
# rules are looked for in every block, the others' (DROP_RULES') in the short blocks only.
_LONG_LABELS = ("drop:end_marker", *(f"meta:{kind}" for kind in META_RULES))
_LONG_GATES = tuple(dict.fromkeys(gate for i, _, gate in SHORT_LIST.aside if SHORT_LIST.labels[i] in _LONG_LABELS))
_SHORT_GATES = tuple(gate for gate in _MARKER_GATES if gate not in _LONG_GATES)
# SHORT_LIST's rules include META_LIST's.
_SHORT_OPENINGS = _rule_openings(SHORT_LIST)


def _by_first_byte(openings: Iterable[str]) -> dict[int, tuple[bytes, ...]]:
    """``openings`` as bytes, grouped by their first byte."""
    grouped: dict[int, list[bytes]] = {}
    for opening in openings:
        grouped.setdefault(opening.encode()[0], []).append(opening.encode())
    return {first: tuple(group) for first, group in grouped.items()}


_MARKER_OPENINGS = None
if _SHORT_OPENINGS is not None:
    _MARKER_OPENINGS = _by_first_byte(_SHORT_OPENINGS.union(*(gate.openings for gate in _MARKER_GATES)))


def _opened_blocks(page: _Page) -> Collection[int]:
    """The blocks whose text starts with an opening of SHORT_LIST or of one of its gates."""
    if _MARKER_OPENINGS is None:
        return range(len(page.blocks))
    text, openings_of = page.clues, _MARKER_OPENINGS.get
    found = set()
    for i, start in enumerate(page.starts[:-1]):  # text i starts after the separator at start
        openings = openings_of(text[start + 1])
        if openings is not None and text.startswith(openings, start + 1):
            found.add(i)
    return found


def _single_spaced(page: _Page) -> bool:
    """No block text holds white space but single spaces between words (block texts are stripped)."""
    if b"  " in page.encoded or any(space in page.encoded for space in _ASCII_OTHER_SPACE):  # ints: fast
        return False
    # The rest of Unicode's white space ("?" in page.encoded) is in the texts that are not ASCII.
    return not any(_OTHER_SPACE_RE.search(page.blocks[i].text) for i in page.non_ascii)


def _normal_texts(page: _Page) -> list[str]:
    """``_normal(block.text)`` of every block: just the text lower-cased when no text has white space but
    single spaces between words, the usual case."""
    if _single_spaced(page):
        return [block.text.lower() for block in page.blocks]
    return [_normal(block.text) for block in page.blocks]


# --- Labelling -------------------------------------------------------------------------------------


def label_blocks(blocks: list[Block], cfg: BoilerplateConfig, body_end: int | None = None) -> None:
    """Give every block a label: markers first, then prose density with neighbour smoothing."""
    page = _Page.of(blocks)
    _count_words(page)
    labels = _label_markers(page)
    actions = _take_comment_actions(blocks) if "drop:comment_action" in labels else []
    keys = _normal_texts(page)
    if body_end is not None:  # HTML: the extractor has already chosen the main text from the markup
        _label_by_extraction(blocks, body_end)
    else:
        _label_contents_lists(blocks, keys)
        # The marker labels, or the page-wide text, tell cheaply whether a rule can apply at all.
        if "drop:author_box" in labels:
            _label_author_bios(blocks)
        if b"ookie" in page.encoded:
            _label_cookie_notices(blocks)
        if any(clue in page.clues for clue in SIGNUP_CLUES):
            _label_signup_boxes(blocks)
        _label_by_density(blocks, cfg)
        _keep_numbered_sections(blocks)
        _drop_comment_threads(blocks, actions)
        if cfg.cut_after_terminator:
            _cut_after_terminator(blocks, cfg)
        _keep_main_cluster(blocks, cfg)
        _drop_teaser_list(blocks)
        _drop_before_title(blocks, keys)
    if body_end is not None:
        # The extractor's text is the article as the markup has it: a line it repeats (a refrain, a
        # recurring question) is the author's. Page lines equal to one of its lines never reach here.
        outside = next((i for i, b in enumerate(blocks) if b.start >= body_end), len(blocks))
        blocks, keys = blocks[outside:], keys[outside:]
    _drop_duplicates(blocks, keys)


def _label_markers(page: _Page) -> set[str]:
    """Every block's marker label: an end marker or a META_RULES / DROP_RULES rule on a short block (or a
    truncated teaser), a META_RULES rule on a long one. Returns the labels given.

    Only the blocks that the page-wide passes leave in doubt are looked at; the others get no label."""
    given = set()
    opened = _opened_blocks(page)
    hits = _gate_hits(page, opened)  # every block that is not plain is among them
    for block in page.blocks:
        block.label = ""
    for i in sorted(hits.keys() | opened | _truncated_blocks(page)):
        block = page.blocks[i]
        head, gates = block.text[:HEAD], hits.get(i, ())
        label = SHORT_LIST.first(head, gates) if i in hits or i in opened else None
        if block.words > SHORT_RULE_WORDS:
            # A long block only takes META_RULES. SHORT_LIST holds them in order right after the end
            # markers, so its first rule is theirs unless it is an end marker or none of them.
            if label == "drop:end_marker":
                label = META_LIST.first(head, gates)
            elif label and not label.startswith("meta:"):
                label = None
        elif label is None and block.text.endswith(_TRUNCATION):  # truncated(): the text is stripped
            label = "drop:truncated_teaser"
        block.label = label or ""
        given.add(block.label)
    return given


def _truncated_blocks(page: _Page) -> set[int]:
    """The blocks that truncated(): block texts have no white space at their end to strip first."""
    return {i for i, block in enumerate(page.blocks) if block.text.endswith(_TRUNCATION)}


def _drop_duplicates(blocks: list[Block], keys: list[str]) -> None:
    """Keep one copy of a repeated line (same ``keys``): the body copy if there is one, else the first."""
    firsts: dict[str, Block] = {}
    copies: dict[str, list[Block]] = {}  # only the repeated lines
    for block, key in zip(blocks, keys, strict=True):
        first = firsts.setdefault(key, block)
        if first is not block:
            copies.setdefault(key, [first]).append(block)
    for group in copies.values():
        keep = next((b for b in group if b.label == "body"), None)
        for block in group:
            if keep is not None and block is not keep:
                block.label = "drop:duplicate_line"


def _label_by_extraction(blocks: list[Block], body_end: int) -> None:
    """HTML mode: blocks of the extractor's text (before ``body_end``) are body unless a marker rule
    says otherwise; the rest of the page is furniture unless a marker rule keeps it as a region."""
    for block in blocks:
        if not block.label:
            block.label = "body" if block.start < body_end else "drop:html_extractor"


def _label_by_density(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    """Text mode: prose is body; the short blocks around it are smoothed by their neighbours."""
    prose = [i for i, block in enumerate(blocks) if not block.label and is_prose(block, cfg)]
    for i in prose:
        blocks[i].label = "body"
    if prose:  # the lines just above the first paragraph, not counting those a marker rule labelled
        above = [block for block in blocks[: prose[0]] if not block.label]
        for block in above[max(0, len(above) - ARTICLE_TOP_LINES) :]:
            if is_prose(block, cfg, cfg.prose_min_words):
                block.label = "body"
    _label_wrapped_paragraphs(blocks, cfg)
    if not any(b.label == "body" for b in blocks):
        _label_short_text(blocks)
    _label_closing_sentences(blocks)
    body_at = [i for i, b in enumerate(blocks) if b.label == "body"]
    if not body_at:
        for block in blocks:
            block.label = block.label or "drop:no_prose"
        return
    first, last = body_at[0], body_at[-1]
    for run in _unlabelled_runs(blocks):
        _label_short_run(blocks, run, first, last, cfg)
    _pick_headline(blocks, first)


def _reads_as_sentence(block: Block, min_words: int) -> bool:
    return block.words >= min_words and block.text.endswith(TERMINAL_PUNCT) and not truncated(block.text)


# Rule wrapped_paragraph: a draft wrapped by hand ("...Ask your doctor whether / it is suitable for you.") has
# one paragraph over several lines: each line goes on with the one above it (no blank line between, the one
# above not ending a sentence, this one starting in lower case). Such lines are read together as prose.
def _label_wrapped_paragraphs(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    # the lines that go on with the one above (few on most pages: one look at each line, then only at those)
    going_on = [i for i in range(1, len(blocks)) if blocks[i].text[:1].islower() and _goes_on(blocks[i - 1], blocks[i])]
    group: list[Block] = []
    for i in going_on:
        if group and group[-1] is blocks[i - 1]:
            group.append(blocks[i])
            continue
        _label_paragraph(group, cfg)
        group = [blocks[i - 1], blocks[i]]
    _label_paragraph(group, cfg)


def _goes_on(above: Block, block: Block) -> bool:
    """Whether ``block``, a line that starts in lower case, goes on with the line right above it."""
    return block.line_no == above.line_no + 1 and not above.text.endswith(TERMINAL_PUNCT)


def _label_paragraph(lines: list[Block], cfg: BoilerplateConfig) -> None:
    if len(lines) < 2 or any(b.label not in ("", "body") for b in lines):
        return
    if any(b.label == "body" for b in lines) or (
        sum(b.words for b in lines) >= cfg.prose_min_words and _reads_as_sentence(lines[-1], 1)
    ):
        for block in lines:
            block.label = "body"


# Rule short_text: a text with no line long enough to be prose (a short draft, "Our capsules cure arthritis
# in 7 days. Order now!") is body where its lines read as sentences; a page of menus and labels has none.
SHORT_TEXT_MIN_WORDS = 3


def _label_short_text(blocks: list[Block]) -> None:
    for block in blocks:
        if not block.label and _reads_as_sentence(block, SHORT_TEXT_MIN_WORDS):
            block.label = "body"


# Rule closing_sentence: the lines right under the body's last line (no blank line between) that read as
# sentences are the article's last lines ("This formula is the only one doctors trust."); furniture under an
# article is set apart by a blank line, or marked by a rule before this one.
CLOSING_SENTENCE_MIN_WORDS = 5


def _label_closing_sentences(blocks: list[Block]) -> None:
    last = next((i for i in range(len(blocks) - 1, -1, -1) if blocks[i].label == "body"), None)
    if last is None:
        return
    for above, block in zip(blocks[last:], blocks[last + 1 :], strict=False):
        if (
            block.label
            or block.line_no != above.line_no + 1
            or not _reads_as_sentence(block, CLOSING_SENTENCE_MIN_WORDS)
        ):
            return
        block.label = "body"


def _unlabelled_runs(blocks: list[Block]) -> Iterator[list[int]]:
    run: list[int] = []
    for i, block in enumerate(blocks):
        if not block.label:
            run.append(i)
        elif run and not block.label.startswith("meta:"):
            yield run
            run = []
    if run:
        yield run


def _label_short_run(blocks: list[Block], run: list[int], first: int, last: int, cfg: BoilerplateConfig) -> None:
    """Short blocks between body prose are headings or list items; elsewhere they are furniture."""
    inside = first < run[0] and run[-1] < last
    if inside and (len(run) < cfg.list_run_min_lines or _mean_words(blocks, run) >= 6 or _listy(blocks, run)):
        label = "body"
    elif inside:
        label = "drop:link_list"
    else:
        label = "drop:before_body" if run[-1] < first else "drop:after_body"
    for i in run:
        blocks[i].label = label


def _mean_words(blocks: list[Block], run: list[int]) -> float:
    return sum(blocks[i].words for i in run) / len(run)


def _listy(blocks: list[Block], run: list[int]) -> bool:
    """At least half the blocks of the run are list items or end like sentences; or, counting content items
    too (rule list_in_body, ``_content_item``), more than half are: the article's own list under its headings."""
    texts = [blocks[i].text for i in run]
    listy = sum(text.endswith(TERMINAL_PUNCT) or bool(LIST_ITEM_RE.match(text)) for text in texts)
    if listy >= len(run) / 2:
        return True
    content = sum(_content_item(text) for text in texts if not text.endswith(TERMINAL_PUNCT))
    return listy + content > len(run) / 2


# Rule list_in_body: list items that carry content rather than links. A menu, a teaser list or a price list
# has capitalised names; an article's own list continues a lead-in ("Symptoms include:") with lower-case
# fragments, gives quantities ("200 g red lentils"), short labels with their values ("Pack size: 180
# tablets") or table rows with figures ("4 to 6 years | 7.5 ml"). A quantity is a number and a unit, or a
# number and a short lower-case name that ends the line or comes before a comma or a bracket ("2 carrots,
# diced"), not a headline's "5 signs a mole should be checked".
_QUANTITY_RE = re.compile(
    r"\d+(?:[.,/]\d+)?\s?(?:x\s?(?:\d+(?:[.,/]\d+)?\s?)?)?(?:(?:g|kg|mg|mcg|µg|ml|l|tsp|tbsp|oz|lb|cm|mm|cups?)\b|[^\W\d_A-Z][\w'’-]*"
    r"(?: [\w'’-]+){0,2}(?:\s*$|\s?[,(]))"
)
_LABEL_VALUE_RE = re.compile(r"^[^\W\d_][\w'’-]*(?: [\w'’-]+)?: \S")  # a label of one or two words
_TABLE_ROW_RE = re.compile(r"^[^|]+(?: \| [^|]+)+$")
_TABLE_FIGURE_RE = re.compile(r"(?:^| \| )[\d.,%]+(?: ?[^\W\d_]{1,6})?(?: \||$)")  # a cell that is a figure


def _content_item(text: str) -> bool:
    """A list item that states something itself: a lower-case fragment, a quantity of something, a short label
    with its value, a table row with a cell that is a figure."""
    return (
        text[:1].islower()
        or bool(_QUANTITY_RE.match(text))
        or bool(_LABEL_VALUE_RE.match(text))
        or bool(_TABLE_ROW_RE.match(text) and _TABLE_FIGURE_RE.search(text))
    )


# Rule numbered_sections: a listicle's numbered headings ("1. A sunrise alarm clock", "2. A weighted blanket", ...),
# each followed by its paragraph, are the article's, even where a product box between heading and paragraph made
# the run of short lines look like a link list.
_SECTION_NUMBER_RE = re.compile(r"^(\d{1,2})[.)] +\S")
NUMBERED_SECTIONS_MIN = 3


def _keep_numbered_sections(blocks: list[Block]) -> None:
    run: list[int] = []  # the headings numbered 1, 2, 3 ... so far
    for i, block in enumerate(blocks):
        m = _SECTION_NUMBER_RE.match(block.text) if block.text[:1].isdigit() else None  # most lines: no regex
        if m is None:
            continue
        number = int(m.group(1))
        if number == len(run) + 1:
            run.append(i)
        else:  # the numbering starts again or breaks off
            _keep_sections(blocks, run)
            run = [i] if number == 1 else []
    _keep_sections(blocks, run)


def _keep_sections(blocks: list[Block], run: list[int]) -> None:
    """The numbered headings of ``run`` when each has body text after it, before the next one."""
    if len(run) < NUMBERED_SECTIONS_MIN:
        return
    ends = [*run[1:], len(blocks)]
    if all(any(b.label == "body" for b in blocks[i + 1 : end]) for i, end in zip(run, ends, strict=True)):
        for i in run:
            if blocks[i].label == "drop:link_list":
                blocks[i].label = "body"


def _pick_headline(blocks: list[Block], first: int) -> None:
    """Keep the headline: the nearest title-like block above the first paragraph."""
    for i in range(first - 1, max(-1, first - 6), -1):
        block = blocks[i]
        if block.label == "drop:before_body" and 3 <= block.words <= 30 and not truncated(block.text):
            block.label = "body"
            return
        if block.label.startswith("meta:") or block.label in (
            "drop:before_body",
            "drop:caption",
            "drop:duplicate_line",
        ):
            continue
        return


# The number or bullet in front of a contents entry ("1 ", "2.3 ", "• ").
_ENTRY_NUMBER_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[-*•·▪◦])\s+")
_ENTRY_OPENINGS = frozenset("0123456789-*•·▪◦")  # what _ENTRY_NUMBER_RE can start with: most lines skip it
CONTENTS_MIN_ENTRIES = 3
PARAGRAPH_WORDS = 15  # a block this long under a heading is the section's text


def _label_contents_lists(blocks: list[Block], keys: list[str]) -> None:
    """An on-page contents list: three or more consecutive lines, each naming (after its number) a later line
    of the page, in the same order, with lines between, most of them opening a section (``_open_sections``):
    the article's outline, not a menu. Labelled so that it neither joins the body nor parts the lead
    paragraph from the sections it lists (``_keep_main_cluster``)."""
    # Each short line by its name: its normal text (``keys``) without an entry number.
    names = [
        (_ENTRY_NUMBER_RE.sub("", key) if key[:1] in _ENTRY_OPENINGS else key) if b.words <= SHORT_RULE_WORDS else ""
        for b, key in zip(blocks, keys, strict=True)
    ]
    short = [name for name in names if name]
    if len(short) - len(set(short)) < CONTENTS_MIN_ENTRIES:
        return  # too few lines named twice for a list and the sections it names
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        positions.setdefault(name, []).append(i)
    start = 0
    while start < len(blocks):
        end, targets = start, [start]
        while end < len(blocks) and not blocks[end].label and names[end] and _next_line(blocks, start, end):
            following = next((p for p in positions[names[end]] if p > targets[-1] + 1 and p > end), None)
            if following is None:
                break
            end, targets = end + 1, [*targets, following]
        if end - start >= CONTENTS_MIN_ENTRIES and _open_sections(blocks, targets[1:]):
            for block in blocks[start:end]:
                block.label = "drop:contents_list"
        start = max(end, start + 1)


def _next_line(blocks: list[Block], start: int, i: int) -> bool:
    """A list's entries sit on consecutive lines: block ``i`` starts a run or follows the line before it."""
    return i == start or blocks[i].line_no == blocks[i - 1].line_no + 1


def _open_sections(blocks: list[Block], headings: list[int]) -> bool:
    """Whether three in four of these lines open a section: the line after ends like a sentence, and a
    paragraph (PARAGRAPH_WORDS or more) comes before the next one. (A reference list or a last short section
    may not.)"""
    opened = 0
    for i, heading in enumerate(headings):
        after = blocks[heading + 1].text if heading + 1 < len(blocks) else ""
        until = headings[i + 1] if i + 1 < len(headings) else len(blocks)
        opened += (
            after.endswith(TERMINAL_PUNCT)
            and len(after.split()) >= 6
            and any(b.words >= PARAGRAPH_WORDS for b in blocks[heading + 1 : until])
        )
    return opened * 4 >= len(headings) * 3


def _label_author_bios(blocks: list[Block]) -> None:
    """Rule author_box: the line under an "About the author" heading is the author's bio, a byline for the
    disclosure stage, not article text (it reads as prose)."""
    for block, following in pairwise(blocks):
        if block.label == "drop:author_box" and not following.label:
            following.label = "meta:byline"


# Rule cookie_notice: the site saying it uses cookies, in a paragraph too long for the short-line cookie rule.
COOKIE_NOTICE_RE = _rule(
    r"\b(?:we|(?:this|our) (?:web)?site)\b.{0,60}\b(?:use|uses|store|set|place)\b.{0,30}\bcookies\b"
)


def _label_cookie_notices(blocks: list[Block]) -> None:
    """Rule cookie_notice: a long block in which the site says it uses cookies and asks for consent is a cookie
    banner (reason cookie), not prose of the article; a recipe's cookies do not use themselves."""
    for block in blocks:
        if not block.label and block.words > SHORT_RULE_WORDS and "ookie" in block.text:
            head = block.text[:HEAD]
            if COOKIE_NOTICE_RE.search(head) and DROP_RULES["cookie"].search(head):
                block.label = "drop:cookie"


# Rule signup_box: a sign-up box rendered as one long line ("Newsletter Sign Up ... Please verify you're not a
# robot ... Invalid email address ... You must select a newsletter to subscribe to"): it opens with the pitch
# and holds the box's form wording. Too long for the short-line rules, it would otherwise pass for prose.
SIGNUP_CLUES = (b"newsletter", b"sign up", b"subscribe")  # in _Page.clues, the lower-cased page
SIGNUP_OPENING_RE = _rule(r"^\W*(?:(?:\w+ ){0,2}newsletters?\b|sign(?:ing)? up\b|subscribe\b|get the \w+\W+sign up\b)")
SIGNUP_FORM_RE = _rule(
    r"\b(?:e-?mail address|not a robot|unsubscribe|privacy policy|select a newsletter|choose your country"
    r"|thank you for (?:subscribing|signing up)|you (?:agree to|will) receive)\b"
)


def _label_signup_boxes(blocks: list[Block]) -> None:
    """Rule signup_box (reason newsletter): a long block that opens with a newsletter pitch and holds the wording
    of its form."""
    for block in blocks:
        long_and_free = not block.label and block.words > SHORT_RULE_WORDS
        if long_and_free and SIGNUP_OPENING_RE.search(block.text[:HEAD]) and SIGNUP_FORM_RE.search(block.text):
            block.label = "drop:newsletter"


# Rule comment_thread (the buttons are DROP_RULES' comment_action).
ACTION_MAX_WORDS = 6


def _take_comment_actions(blocks: list[Block]) -> list[int]:
    """The comment buttons that the marker rules found, unlabelled again: a button alone is left to the density
    rules, as any short line; only a thread of them is dropped (_drop_comment_threads)."""
    actions = [i for i, b in enumerate(blocks) if b.label == "drop:comment_action"]
    for i in actions:
        blocks[i].label = ""
    return actions


def _drop_comment_threads(blocks: list[Block], actions: list[int]) -> None:
    """Rule comment_thread: two or more comment buttons below the article mark a thread of reader comments. Its
    first comment has the shape of the second one (the blocks between the first two buttons), so the thread
    starts that far above the first button, at a short line like the one after it (a name). A thread that
    would start before most of the page's text is the page itself (a forum): left alone."""
    if len(actions) < 2:
        return
    first, second = actions[0], actions[1]
    start = 2 * first - second + 1
    header = 0  # lines of the first comment's header above its button, when the button sits inside the header
    if start < 1 or not (_header_like(blocks[start]) and _header_like(blocks[first + 1])):
        start = first  # the first comment's shape is unknown: from its button on
        # ... and the short lines right above it that short lines above the second button match: a header
        # with the button inside it ("name / 2 days ago / Rating: 12 Votes / text")
        while (
            header < first
            and second - header - 1 > first
            and _header_like(blocks[first - header - 1])
            and _header_like(blocks[second - header - 1])
        ):
            header += 1
    before = sum(b.words for b in blocks[:start] if b.label == "body")
    within = sum(b.words for b in blocks[start : actions[-1] + 1] if b.label == "body")
    if before <= within:
        return
    for block in blocks[start - header : actions[-1] + 1]:
        if block.label == "body":
            block.label = "drop:comment_thread"


def _header_like(block: Block) -> bool:
    """A short line without sentence punctuation, as a commenter's name ("Harriet L." has an initial's point)."""
    return block.words <= 3 or (block.words <= ACTION_MAX_WORDS and not block.text.endswith(TERMINAL_PUNCT))


# Dropped blocks that sit inside an article and do not part its text: a contents list, a photo caption.
_INSIDE_ARTICLE = ("drop:contents_list", "drop:caption")


def _keep_main_cluster(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    """The article is the largest cluster of body blocks; far-off clusters (teasers, comments) are dropped.

    Clusters are body blocks separated by fewer than ``cfg.cluster_gap`` furniture blocks. A cluster
    with less than ``cfg.cluster_min_share`` of the largest cluster's words is dropped.
    """
    clusters: list[list[int]] = []
    gap = cfg.cluster_gap
    for i, block in enumerate(blocks):
        if block.label == "body":
            if clusters and gap < cfg.cluster_gap:
                clusters[-1].append(i)
            else:
                clusters.append([i])
            gap = 0
        elif not block.label.startswith("meta:") and block.label not in _INSIDE_ARTICLE:
            gap += 1
    if len(clusters) < 2:
        return
    sizes = [sum(blocks[i].words for i in c) for c in clusters]
    top = max(sizes)
    for cluster, size in zip(clusters, sizes, strict=True):
        if size < cfg.cluster_min_share * top:
            for i in cluster:
                blocks[i].label = "drop:outside_main_text"


# Rule teaser_list: other stories' headlines, each with a one- or two-sentence summary, after the article.
TEASER_MIN_ITEMS = 3
TEASER_SUMMARY_WORDS = 45  # a summary is one short paragraph
TEASER_HEADLINE_WORDS = (3, 16)
TEASER_HEADING_WORDS = 5
_NUMBERED_RE = re.compile(r"^(?:\d|step\b)", re.IGNORECASE)


def _drop_teaser_list(blocks: list[Block]) -> None:
    """Rule teaser_list: the body ends with a short heading and three or more headlines under it, each followed by
    one short paragraph: a list of other stories with their summaries, not sections of the article (whose run of
    short sections starts after a paragraph, as forum replies do). Left alone when the headlines are mostly
    questions (an FAQ), numbered (steps, a listicle), or the list holds as much text as the body before it."""
    pairs: list[tuple[int, int]] = []
    summary = _body_before(blocks, len(blocks))
    headline = _body_before(blocks, summary)
    while headline >= 0 and _teaser_summary(blocks[summary]) and _teaser_headline(blocks[headline]):
        pairs.append((headline, summary))
        summary = _body_before(blocks, headline)
        headline = _body_before(blocks, summary)
    if len(pairs) < TEASER_MIN_ITEMS or summary < 0 or not _list_heading(blocks[summary]):
        return
    heading = blocks[summary]  # the list's own heading ("Around the region")
    headlines = [blocks[h].text for h, _ in pairs]
    if sum(h.endswith("?") for h in headlines) * 2 > len(headlines) or any(map(_NUMBERED_RE.match, headlines)):
        return
    within = sum(blocks[h].words + blocks[s].words for h, s in pairs)
    if sum(b.words for b in blocks[: pairs[-1][0]] if b.label == "body") <= within:
        return
    for h, s in pairs:
        blocks[h].label = blocks[s].label = "drop:teaser_list"
    heading.label = "drop:teaser_list"


def _body_before(blocks: list[Block], i: int) -> int:
    """The index of the nearest body block before block ``i``, or -1."""
    i -= 1
    while i >= 0 and blocks[i].label != "body":
        i -= 1
    return i


def _list_heading(block: Block) -> bool:
    """A short heading line: a teaser list opens with one, the article's last paragraph does not."""
    return block.words <= TEASER_HEADING_WORDS and not block.text.endswith(TERMINAL_PUNCT)


_NOT_HEADLINE_ENDS = tuple(ch for ch in TERMINAL_PUNCT if ch not in "?？")  # a headline may be a question


def _teaser_headline(block: Block) -> bool:
    low, high = TEASER_HEADLINE_WORDS
    return low <= block.words <= high and not block.text.endswith(_NOT_HEADLINE_ENDS)


def _teaser_summary(block: Block) -> bool:
    return block.words <= TEASER_SUMMARY_WORDS and block.text.endswith(TERMINAL_PUNCT)


# What sites put between an article's title and their own name in a page title ("Title | Site").
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ")
TITLE_MIN_WORDS = 3  # a shorter first line ("Menu", "Home") says nothing about where the article starts
TITLE_BODY_WITHIN = 4  # lines after the title's repeat within which the article's text must start


def _title_names(title: str) -> set[str]:
    """The page title (the first line) and its parts around a site-name separator, long enough to be one."""
    names = {title}
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            names.update((title.split(sep)[0].strip(), title.rsplit(sep, 1)[-1].strip()))
    return {name for name in names if len(name.split()) >= TITLE_MIN_WORDS}


def _drop_before_title(blocks: list[Block], keys: list[str]) -> None:
    """A page rendering opens with its title; where the title comes again as a heading with the article's text
    right under it, that heading starts the article: prose above it is teasers or other stories."""
    if len(blocks) < 3:
        return
    names = _title_names(keys[0])
    for j in range(1, len(blocks)):
        if keys[j] in names and _body_follows(blocks, j):
            break
    else:
        return
    for block in blocks[:j]:
        if block.label == "body":
            block.label = "drop:before_title"


def _body_follows(blocks: list[Block], j: int) -> bool:
    """The article's text starts within a few lines after block ``j``, and more of it follows."""
    after = list(islice((i for i in range(j + 1, len(blocks)) if blocks[i].label == "body"), 2))
    return len(after) == 2 and after[0] <= j + TITLE_BODY_WITHIN


def _cut_after_terminator(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    """After END / Recommend / Related ... below the body, drop the rest unless prose resumes in earnest. Where a
    commenter's line ("Ann wrote:") also opens the body, the commenters' lines head the posts of a forum thread,
    which are the page, not comments under an article: no cut at them."""
    body_seen = 0
    cutting = False
    forum = False
    for i, block in enumerate(blocks):
        label = block.label
        if label == "body":
            if not cutting:
                body_seen += 1
            elif _prose_resumes(blocks, i, cfg):
                cutting = False
                body_seen += 1
            else:
                block.label = "drop:after_end_marker"
        elif label == "drop:comment" and not body_seen:
            forum = True
        elif (
            body_seen >= 2 and label in ("drop:end_marker", "drop:comment") and not (forum and label == "drop:comment")
        ):
            cutting = True


def _prose_resumes(blocks: list[Block], i: int, cfg: BoilerplateConfig) -> bool:
    following = [b for b in blocks[i : i + 3] if not b.label.startswith("meta:")]
    return len(following) >= 2 and all(is_prose(b, cfg) for b in following[:2])


# Rule soft_wrap: a text wrapped by hand at a fixed width (a draft from a plain-text editor, an e-mail) breaks its
# sentences across lines, and a line break ends a sentence for the later stages. A break is read as a space where
# the line above ends mid-sentence and is full: the next line's first word would not have fitted on it (within a
# few characters, for wrapping by hand). A text is taken as wrapped when its long lines are at most WRAP_MAX_WIDTH
# characters (a scraped page has a paragraph to a line) and two in three of those that another line follows (list
# items aside) are full. Short lines (a contact block, an address) are never full, and list items stay lines.
WRAP_MAX_WIDTH = 120
WRAP_LINE_MIN_WORDS = 4  # the lines the width is measured on
WRAP_MIN_LINES = 3
WRAP_FULL_WITHIN = 20  # a line this close to the width counts as full when telling whether a text is wrapped
WRAP_FULL_SHARE = 2 / 3
WRAP_SLACK = 4


def wrap_width(blocks: list[Block]) -> int | None:
    """The width the text is wrapped at (the 90th percentile of its long lines' lengths), or None if it is
    not wrapped."""
    lengths = sorted(len(b.text) for b in blocks if b.words >= WRAP_LINE_MIN_WORDS)
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = lengths[(len(lengths) - 1) * 9 // 10]
    if width > WRAP_MAX_WIDTH:
        return None
    followed = [
        len(above.text)
        for above, below in pairwise(blocks)
        if below.line_no == above.line_no + 1
        and above.words >= WRAP_LINE_MIN_WORDS
        and not LIST_ITEM_RE.match(above.text)
    ]
    full = sum(length >= width - WRAP_FULL_WITHIN for length in followed)
    return width if followed and full >= WRAP_FULL_SHARE * len(followed) else None


SENTENCE_ENDS = tuple(".!?。！？…")
CLOSERS = "\"'”’)]»"


def _goes_on_below(above: Block, block: Block) -> bool:
    """Whether the sentence of ``above`` may go on in ``block``, the line right under it."""
    return not above.text.rstrip(CLOSERS).endswith(SENTENCE_ENDS) and not LIST_ITEM_RE.match(block.text)


def _full(above: Block, block: Block, width: int) -> bool:
    """Whether ``block``'s first word would not have fitted on ``above`` (wrapped at ``width``)."""
    return len(above.text) + 1 + len(block.text.split(None, 1)[0]) > width - WRAP_SLACK


def assemble(article: Article, blocks: list[Block], removed: list[Removed]) -> None:
    """Join body blocks into the clean text; record the dropped spans and the meta regions."""
    source = article.source_text
    parts: list[str] = []
    segments, regions = article.segments, article.regions
    dropped: list[tuple[int, int, str]] = []  # in source order, as the blocks are
    pos = prev_line = 0  # prev_line: the line of the last kept block, once there is one
    width: int | None = -1  # the wrap width, measured at the first line that may go on from the one above
    above: Block | None = None  # the last kept block
    for block in blocks:
        label = block.label
        if label == "body":  # block.kept
            line_no = block.line_no
            if above is not None:
                next_line = line_no == prev_line + 1
                soft = next_line and _goes_on_below(above, block)
                if soft and width == -1:
                    width = wrap_width(blocks)
                # a space, a line break or a paragraph break: each one character or two, as in the source
                if soft and width is not None and _full(above, block, width):
                    sep = " "
                else:
                    sep = "\n" if next_line or line_no == prev_line else "\n\n"
                parts.append(sep)
                pos += len(sep)
            above = block
            segments.append(Segment(pos, block.start, block.end - block.start))
            parts.append(block.text)
            pos += len(block.text)
            prev_line = line_no
        elif label.startswith("meta:"):
            regions.append(Region(label[5:], block.start, block.end, block.text))
        else:
            dropped.append((block.start, block.end, label[5:]))
    article.text = "".join(parts)
    if removed:  # stray tags: in order with the blocks
        dropped = sorted([(span.start, span.end, span.reason) for span in removed] + dropped)
    article.removed = [Removed(*span) for span in _merge_spans(dropped, source)]


def _merge_spans(spans: list[tuple[int, int, str]], source: str) -> list[tuple[int, int, str]]:
    """Join neighbouring removed spans (start, end, reason), in order, with the same reason when only
    white space lies between."""
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in spans:
        if merged and merged[-1][2] == reason and not source[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end, reason)
        else:
            merged.append((start, end, reason))
    return merged


def strip_text(article: Article, cfg: BoilerplateConfig, body_end: int | None = None) -> list[Block]:
    """Run the text stage over ``article.source_text``; return the labelled blocks (for --explain)."""
    blocks, tags = split_blocks(article.source_text)
    label_blocks(blocks, cfg, body_end)
    assemble(article, blocks, tags)
    first_body = next((b for b in blocks if b.kept), None)
    article.title = article.title or (first_body.text if first_body and first_body.words <= 30 else None)
    return blocks


def strip(article: Article, cfg: BoilerplateConfig) -> list[Block]:
    """The boilerplate stage: HTML is rendered and extracted first, plain text goes straight in."""
    if article.is_html:
        from .html import extract_main_text, render_text

        # The stage input is the extractor's text followed by the rest of the page's visible text, so
        # bylines, dates and disclaimers outside the main text still reach the disclosure stage.
        extracted = extract_main_text(article.raw, cfg.html_favor)
        inside = {_normal(line) for line in extracted.split("\n")}
        rest = [line for line in render_text(article.raw).split("\n") if _normal(line) not in inside]
        article.source_text = extracted + "\n\n" + "\n".join(rest)
        return strip_text(article, cfg, body_end=len(extracted))
    article.source_text = article.raw
    return strip_text(article, cfg)
