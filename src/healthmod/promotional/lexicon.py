"""Cue patterns for the seven promotional categories.

They serve twice: as features of the learned model (counts per category) and as the
explanation shown beside a flagged sentence (which words drove it). Patterns are written to
run in linear time: no nested quantifiers, bounded gaps only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import PROMO_CATEGORIES

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
        |after (?:just |only )?\d+ (?:days|weeks|months|sessions)|customers (?:say|report|rave)|(?:thousands|hundreds|millions)
        of (?:patients|people|customers|women|men)|our patients|real results|success stor(?:y|ies)|five[- ]star|5[- ]star""",
    "fear": r"""silent killer|killers?|deadly|toxic|toxins?|poison(?:ous|s)?|dangerous|before it'?s too late|don'?t wait
        |ticking time bomb|epidemic|at risk|could kill|kills?|alarming|terrifying|warning|hidden dangers?|ravag(?:es?|ing)
        |destroy(?:s|ing)?|devastating|scary|frightening|dying|death sentence|crisis|chemicals in your""",
}


def _alternatives(body: str) -> str:
    return re.sub(r"\s*\n\s*", "", body)


# One pass finds the cues of every category: each category is a named group, and a cue belongs
# to the first category (in PROMO_CATEGORIES order) whose alternatives match at its position.
# It runs over lower-cased text (no IGNORECASE: 4-5x faster in Python's engine), and the
# lookahead skips at once every position where no cue can start (every cue starts with a word
# character or a currency sign or "#"), which keeps runs of punctuation or spaces cheap.
CUE_PATTERN = re.compile(
    r"(?<![\w-])(?=[\w#$€£])(?:"
    + "|".join(f"(?P<{cat}>{_alternatives(_CUES[cat])})" for cat in PROMO_CATEGORIES)
    + r")(?![\w-])"
)


def cue_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of every cue in ``text``; positions index ``text`` (the matched text is lower-cased)."""
    return CUE_PATTERN.finditer(_lower_in_place(text))


def _lower_in_place(text: str) -> str:
    """``text`` lower-cased with every character at its offset (a few characters, such as "İ",
    lower-case to two; those stay as they are)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True)
class Cue:
    category: str
    start: int
    end: int
    text: str


def find_cues(sentence: str) -> list[Cue]:
    """Every cue in ``sentence``, in order of position."""
    return [Cue(str(m.lastgroup), m.start(), m.end(), sentence[m.start() : m.end()]) for m in cue_matches(sentence)]
