"""Which disclosures an article owes its readers, which it gives, and which are missing.

Each of the nine kinds is a :class:`DisclosureRule`: a trigger (the content that makes the
disclosure required), satisfying patterns (what counts as giving it) and look-alikes (text that
resembles it but does not count; they are listed so they are documented and tested, and the
satisfying patterns are written so as not to match them). docs/disclosures.md describes every
rule and the standard it comes from.

How it runs (1 to 2 ms for a 1,000-word article; docs/disclosures.md has the figures):

* The text is cut into *units*: the body's sentences (from the spaCy doc the pipeline already
  made), then the lines of the non-body regions that boilerplate stripping set aside (disclaimer,
  byline, date, references, funding, sponsorship), then the lines of the page furniture just
  before and after the body (a byline above the headline, a disclaimer under the last paragraph).
* One spaCy PhraseMatcher over LOWER holds every keyword list, and a second one over SHAPE finds
  phone numbers and numeric dates; both run once over the body doc. The set-aside lines are
  tokenised by a quick pattern and looked up in dict tables of the keyword phrases tokenised the
  same way (a :class:`QuickTable`, which finds what a PhraseMatcher over a Doc of them would).
  Together they give, for every label, the set of units it fired in.
* A trigger is a set operation over those labels ("an unapproved therapy and an availability cue
  in one sentence"); a satisfying pattern is a label (its *anchor*) plus, where a word list is
  not precise enough, a regular expression run only on the units the anchor fired in, in order,
  stopping at the first match (a :class:`Check`); each pattern runs at most once per unit.
  Case-insensitive expressions run over the lowercased unit, which Python's ``re`` does several
  times faster than with IGNORECASE, and long alternations are compiled with their alternatives
  grouped by first character (see "compiling patterns").

Triggers look at the body (sponsorship and conflict of interest also at the page around it, where a
product page's price line and a shop's contact line sit); satisfying patterns look at every unit,
since that is where disclaimers, bylines and reference lists usually sit.
"""

from __future__ import annotations

import heapq
import re
import re._constants as _sre
import re._parser as _parser
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import compress
from typing import Protocol

import numpy as np
from spacy.attrs import LOWER, SHAPE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .config import Config
from .document import Article, Disclosure
from .nlp import columns, get_nlp, in_sorted, sentence_spans
from .text_signals import plain_quotes

# Removed spans of these kinds are page text next to the body (not menus or teaser lists): bylines,
# dates, disclaimers and labels that sit above the headline or under the last paragraph, and the
# "Source: ..." credit under a chart or table (which names where its figures come from).
NEAR_REASONS = frozenset({"before_body", "after_body", "link_list", "comment", "ad", "caption"})
# An end marker that opens a reading list ("Further reading", "See also"): what boilerplate cut after it is a list
# of sources, read like the page text next to the body (after "Related articles" or "Comments" it is not).
READING_LIST = re.compile(r"^\W*(?:further reading|see also|sources|references|useful (?:links|resources))\W*$", re.I)
NEAR_CHARS = 4000  # at most this much furniture text on each side of the body is looked at
REGION_CHARS = 3000  # and at most this much of each region


# --- compiling patterns --------------------------------------------------------------------------
# Python's ``re`` tries the alternatives of a group one after another at every position it reaches, so
# the long alternations below (``\b(?:not proven|no evidence|...)``) are compiled with alternatives
# grouped by first character (``\b(?:n(?:ot proven|o evidence)|...)``), leading groups and optional
# words multiplied out first: the same matches, found two to three times faster. Only *whether* a
# pattern matches is used here, never which alternative did, so their order does not matter; a pattern
# with a construct where it would (atomic group, possessive quantifier, back-reference) is compiled as
# written. tests/test_disclosures.py compares every rewritten pattern with its written form.

QUANTIFIERS = "?*+{"
# atomic groups, possessive quantifiers, back-references, verbose mode, global flags
ORDER_SENSITIVE = re.compile(r"\(\?>|[*+?}]\+|\\[1-9]|\(\?P=|\(\?[a-zA-Z]*x|\(\?[aiLmsux]+\)")
SMALL_CLASS = re.compile(r"\[[a-zA-Z]{2,4}\]")  # [Pp], [sz]: multiplied out like a group
MAX_ALTERNATIVES = 400  # one written alternative becomes at most this many
# The written form (pattern, flags) of each rewritten pattern, by the rewritten pattern's text.
WRITTEN: dict[str, tuple[str, int]] = {}


def _scan(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, piece, group depth after it) for each piece of ``pattern``: an escape, a character
    class or a single character."""
    depth, i = 0, 0
    while i < len(pattern):
        if pattern[i] == "\\":
            end = i + 2
        elif pattern[i] == "[":
            end = i + 1 + (pattern[i + 1 : i + 2] == "^")
            end += pattern[end : end + 1] == "]"  # a ] first in a class is literal
            while pattern[end] != "]":
                end += 2 if pattern[end] == "\\" else 1
            end += 1
        else:
            end = i + 1
            depth += {"(": 1, ")": -1}.get(pattern[i], 0)
        yield i, pattern[i:end], depth
        i = end


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    parts, start = [], 0
    for i, piece, depth in _scan(pattern):
        if piece == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _first_group(pattern: str) -> tuple[str, str]:
    """(group, rest) of a pattern that opens with a group."""
    for i, piece, depth in _scan(pattern):
        if depth == 0:
            return pattern[: i + len(piece)], pattern[i + len(piece) :]
    raise ValueError(f"unbalanced pattern: {pattern!r}")


def _literal_head(alternative: str) -> str:
    """The first piece of ``alternative`` if it is one literal character that no quantifier follows."""
    piece = next(_scan(alternative), (0, "", 0))[1]
    char = len(piece) == 1 and piece not in "()[].^$|*+?{\\"
    escaped = len(piece) == 2 and piece[0] == "\\" and not piece[1].isalnum()
    literal = char or escaped
    return piece if literal and alternative[len(piece) : len(piece) + 1] not in tuple(QUANTIFIERS) else ""


def _multiply_out(alternative: str) -> list[str]:
    """Alternatives matching what ``alternative`` matches, with its leading non-capturing group, small
    character class or optional character multiplied out (recursively)."""
    options: list[str] = []
    if alternative.startswith("(?:"):
        group, rest = _first_group(alternative)
        inner = _alternatives(group[3:-1])
        if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
            options = [*(option + rest[1:] for option in inner), rest[1:]]
        elif not rest[:1] or rest[0] not in QUANTIFIERS:
            options = [option + rest for option in inner]
    elif SMALL_CLASS.match(alternative):
        end = alternative.index("]") + 1
        if not alternative[end : end + 1] or alternative[end] not in QUANTIFIERS:
            options = [char + alternative[end:] for char in alternative[1 : end - 1]]
    elif alternative[:1].isalpha() and alternative[1:2] == "?" and alternative[2:3] not in ("?", "+"):
        options = [alternative[0] + alternative[2:], alternative[2:]]
    if not options:
        return [alternative]
    expanded = [a for option in options for a in _multiply_out(option)]
    return expanded if len(expanded) <= MAX_ALTERNATIVES else [alternative]


def _by_first_character(alternatives: list[str], depth: int = 0) -> str:
    """The alternatives as one alternation, those with the same literal first character sharing a branch."""
    branches: dict[str, list[str]] = {}
    for alternative in alternatives:
        head = _literal_head(alternative) if depth < 8 else ""
        branches.setdefault(head, []).append(alternative[len(head) :])
    joined = []
    for head, tails in branches.items():
        if not head:
            joined.extend(tails)
        elif len(tails) == 1:
            joined.append(head + tails[0])
        else:
            joined.append(f"{head}(?:{_by_first_character(tails, depth + 1)})")
    return "|".join(joined)


def _regroup(pattern: str) -> str:
    """``pattern`` with its alternatives grouped by first character (see above); as written if it has an
    order-sensitive construct."""
    if ORDER_SENSITIVE.search(pattern):
        return pattern
    bounded, free = [], []  # alternatives after a leading \b, and the others
    for alternative in _alternatives(pattern):
        if alternative.startswith(r"\b") and alternative[2:3] not in tuple(QUANTIFIERS):
            bounded.extend(_multiply_out(alternative[2:]))
        else:
            free.extend(_multiply_out(alternative))
    parts = ([rf"\b(?:{_by_first_character(bounded)})"] if bounded else []) + (
        [_by_first_character(free)] if free else []
    )
    return "|".join(parts)


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled with its alternatives grouped by first character, and run as a :class:`_Fast`
    where that finds the same units sooner."""
    regrouped = _regroup(pattern)
    WRITTEN[regrouped] = (pattern, flags)
    rx = re.compile(regrouped, flags)
    if ORDER_SENSITIVE.search(pattern):
        return rx
    fast = _Fast(rx, pattern, flags)
    return fast if fast.anchored is not None or fast.gate else rx  # type: ignore[return-value]


# Python's ``re`` enters every alternative of a pattern at every position of the text. Two ways around it
# that keep *whether* a pattern matches a unit unchanged (the rules use nothing else):
# * alternatives that start with ``^`` can only match at the start of a unit without a line break: they
#   are tried there once (``match``) instead of at every position;
# * when every alternative holds a literal string, a unit that holds none of them cannot match, and
#   ``in`` rules it out at C speed before the pattern runs.
GATE_MAX = 8  # at most this many literal strings in a gate


def _literals(sequence: Iterable[tuple[object, object]], ignorecase: bool) -> list[tuple[str, bool]]:
    """The runs of literal characters that every match of a parsed ``sequence`` contains, each with
    whether it is matched ignoring case (then lowercased, and only if it is ASCII)."""
    runs: list[tuple[str, bool]] = []
    current: list[str] = []

    def close() -> None:
        run = "".join(current)
        if run.strip() and (not ignorecase or run.isascii()):
            runs.append((run.lower() if ignorecase else run, ignorecase))
        current.clear()

    for op, arg in sequence:
        if op is _sre.LITERAL:
            current.append(chr(arg))  # type: ignore[arg-type]
            continue
        close()
        if op is _sre.SUBPATTERN:
            _group, add, remove, sub = arg  # type: ignore[misc]
            runs += _literals(sub, (ignorecase or bool(add & re.I)) and not remove & re.I)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            runs += _literals(arg[2], ignorecase)  # type: ignore[index]
    close()
    return runs


def _gate(alternatives: list[str], flags: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Literal strings, one of which every match of any of ``alternatives`` contains: those to look for
    in the text as it is, and those to look for in its lower case; ((), ()) if some alternative has none
    or there are too many to check quickly."""
    found: set[tuple[str, bool]] = set()
    for alternative in alternatives:
        parsed = _parser.parse(alternative, flags)
        runs = _literals(parsed.data, bool(parsed.state.flags & re.I))
        if not runs:
            return (), ()
        found.add(max(runs, key=lambda run: len(run[0])))
    # a string that holds another (looked for the same way) is covered by it
    kept = sorted(f for f in found if not any(g != f and g[1] == f[1] and g[0] in f[0] for g in found))
    if len(kept) > GATE_MAX:
        return (), ()
    return tuple(f for f, folded in kept if not folded), tuple(f for f, folded in kept if folded)


# Characters that IGNORECASE matches to an ASCII letter although their lower case is not that letter
# (re's documentation: "İ", "ı", "ſ", "K"); a text with one is not gated by lowercase literals.
CASE_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


class _Fast:
    """A compiled pattern (``rx``, as written) searched in the two quicker ways above."""

    def __init__(self, rx: re.Pattern[str], written: str, flags: int):
        self.rx, self.pattern, self.flags = rx, rx.pattern, rx.flags
        alternatives: list[str] = []
        for alternative in _alternatives(written):
            # a leading group with a ^ in it: its alternatives, each followed by the rest
            if alternative.startswith("(?:") and "^" in alternative:
                group, rest = _first_group(alternative)
                if not rest[:1] or rest[0] not in QUANTIFIERS:
                    alternatives += [inner + rest for inner in _alternatives(group[3:-1])]
                    continue
            alternatives.append(alternative)
        start = [a[1:] for a in alternatives if a.startswith("^")]
        rest = [a for a in alternatives if not a.startswith("^")]
        if not start:
            self.anchored, self.free = None, rx
        else:
            # "^" kept, without MULTILINE: only ever tried at the start, by search too (re stops after one try)
            self.anchored = re.compile(f"^(?:{_regroup('|'.join(start))})", flags & ~re.M)
            self.free = re.compile(_regroup("|".join(rest)), flags) if rest else None
        self.multiline = bool(flags & re.M)
        expanded = [
            piece
            for alternative in rest
            for piece in (
                [rf"\b{a}" for a in _multiply_out(alternative[2:])]
                if alternative.startswith(r"\b")
                else _multiply_out(alternative)
            )
        ]
        self.exact, self.folded = _gate(expanded, flags) if rest else ((), ())
        self.gate = self.exact + self.folded

    def search(self, text: str) -> re.Match[str] | None:
        if self.multiline and "\n" in text and self.anchored is not None:
            return self.rx.search(text)
        if self.anchored is not None and (m := self.anchored.match(text)):
            return m
        if self.free is None:
            return None
        if self.gate and not (
            any(g in text for g in self.exact)
            or (self.folded and (any(g in _lowered(text) for g in self.folded) or CASE_FOLDS.search(text)))
        ):
            return None
        return self.free.search(text)


class _Lower:
    """A case-insensitive pattern run as a case-sensitive one over the lowercased text: Python's ``re``
    is several times faster without IGNORECASE (measured: 17 us -> 6 us on a 300-character sentence)."""

    def __init__(self, pattern: str, flags: int):
        self.pattern = pattern
        self.rx = _compile(pattern, flags & ~re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        return self.rx.search(_lowered(text))


# The last text lowercased and its lower case, as one tuple (threads may share it): a unit's patterns run
# one after another, so most look-ups find the unit they are given.
_LAST_LOWERED: list[tuple[str, str]] = [("", "")]


def _lowered(text: str) -> str:
    last = _LAST_LOWERED[0]
    if last[0] is text:
        return last[1]
    lowered = text.lower()
    _LAST_LOWERED[0] = (text, lowered)
    return lowered


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile ``pattern``; a case-insensitive one with no case-sensitive part (``(?-i:...)``) and no
    capital letters of its own is run over the lowercased text instead (same matches, faster)."""
    if flags & re.IGNORECASE and "(?-i:" not in pattern and not re.search(r"(?<!\\)[A-Z]", pattern):
        return _Lower(pattern, flags)  # type: ignore[return-value]
    return _compile(pattern, flags)


class _Any:
    """Matches where any of its patterns matches (a case-insensitive part and a case-sensitive part)."""

    def __init__(self, *patterns: re.Pattern[str]):
        self.patterns = patterns
        self.pattern = "|".join(p.pattern for p in patterns)

    def search(self, text: str) -> object:
        for p in self.patterns:
            m = p.search(text)
            if m:
                return m
        return None


def _forms(*words: str) -> list[str]:
    """Each word with its plural or third-person form (``study`` -> ``studies``)."""
    out = []
    for word in words:
        out.append(word)
        if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
            out.append(word[:-1] + "ies")
        elif word.endswith(("s", "x", "ch", "sh")):
            out.append(word + "es")
        else:
            out.append(word + "s")
    return out


def _combine(*parts: Iterable[str]) -> list[str]:
    """Every phrase made of one choice from each part, joined by spaces ("" skips a part)."""
    phrases = [""]
    for part in parts:
        phrases = [f"{a} {b}".strip() for a in phrases for b in part]
    return phrases


# --- keyword lists: one PhraseMatcher label each -----------------------------------------------

# fmt: off
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
]
PROVIDERS = [
    *_forms("doctor", "physician", "gp", "pharmacist", "clinician", "nurse", "midwife", "specialist", "surgeon"),
    *_forms("dermatologist", "neurologist", "rheumatologist", "oncologist", "cardiologist", "gastroenterologist"),
    *_forms("endocrinologist", "psychiatrist", "paediatrician", "pediatrician", "obstetrician", "gynaecologist"),
    *_forms("gynecologist", "urologist", "hepatologist", "nephrologist", "pulmonologist", "allergist", "dentist"),
    *_forms("dietitian", "dietician", "audiologist", "optometrist", "ophthalmologist", "physiotherapist"),
    *_forms("haematologist", "hematologist", "immunologist", "diabetologist", "consultant", "neurologist"),
    *_forms("team", "health visitor", "practice nurse", "care team", "medical team", "diabetes team", "health professional"),
    *_forms("healthcare professional", "health care professional", "healthcare provider", "health care provider"),
    *_forms("health provider", "medical professional", "medical provider", "prescriber", "psychologist", "therapist"),
    "medical advice", "medical attention", "medical help", "medical care", "professional advice", "professional help",
    "a&e", "emergency services", "emergency care", "urgent care",
]
UNAPPROVED_THERAPIES = [
    *_forms("stem cell", "stem-cell", "stem cell therapy", "stem cell treatment", "stem cell injection"),
    *_forms("exosome", "msc", "mesenchymal", "uc-msc", "secretome", "cord-derived cell", "umbilical cord cell"),
    # (the cord as a source of cells; the cord itself is anatomy: "blood reaches the baby through the umbilical cord")
    "mesenchymal stem cells", *_combine(["umbilical cord"], ["-", "stem", "mesenchymal", "msc", "mscs"]),
    "cord tissue", "placenta extract", "placental extract",
    "prp", "platelet-rich plasma", "platelet rich plasma", "ozone therapy", "ozone sauna", "ozonated",
    "chelation", "ivermectin", "hydroxychloroquine", "bpc-157", "bpc 157", "tb-500",
    *_forms("peptide injection", "peptide infusion", "peptide shot"), "peptide therapy",
    # remedies sold for COVID-19 and other infections without approval
    *_combine(["nebulised", "nebulized", "food-grade", "inhaled", "iv"], ["hydrogen peroxide"]),
    "hydrogen peroxide therapy", "povidone-iodine spray", "iodine nasal spray",
    # other unapproved biologics, off-label drugs and devices sold as treatments
    "amniotic", "wharton's jelly", "bone marrow aspirate", "bmac", *_forms("cord blood infusion", "cord blood injection"),
    "fenbendazole", "methylene blue", "dmso", "ldn", "low-dose naltrexone", "low dose naltrexone", "rife", "bioresonance",
    "frequency therapy", "insulin potentiation", "high-dose vitamin c", *_forms("vitamin c infusion"),
    "ipamorelin", "cjc-1295", "edta", "crispr", "gene editing", "therapeutic vaccine", "stellate ganglion block", "ebo2", "nad+ drip", "nad+ drips", "nad+ infusion", "nad+ infusions", "iv nad+", "nad+ iv", "young plasma", "young blood", "plasma exchange", "apheresis",
    "blood washing", "compounded semaglutide", "compounded tirzepatide", "compounded hormones",
    "compounded t3", "hormone pellets", "pellet therapy", "bioidentical", "bio-identical", "iv vitamin",
    "vitamin drip", "vitamin drips", "iv drip", "iv drips", "iv therapy", "drip therapy", "myers cocktail",
    "glutathione injections", "glutathione drip", "ketamine infusion", "ketamine infusions", "iv ketamine",
    "myers' cocktail", "myer's cocktail", "soft laser", "cold laser", "laser acupuncture", "nad+ therapy",
    "nad+ injection", "nad+ injections",
    "shockwave", "shock wave", "acoustic wave", "laetrile", "amygdalin", "chlorine dioxide", "mms", "colloidal silver",
    "iv vitamins", "vitamin cocktail", "vitamin cocktails", "iv cocktail", "iv cocktails", "iv hydration", "drip bar",
    "iv infusion", "iv infusions", "colon hydrotherapy", "colonic", "colonics", "colon cleansing", "igg test",
    "igg testing", "food sensitivity test", "food intolerance test", "naltrexone implant", "naltrexone implants",
    "hyperbaric oxygen", "hbot", "thermography", "rapamycin", "unlicensed", "unapproved", "off-label",
    "research chemical", "gene therapy", "regenerative medicine", "regenerative therapy", "cellular therapy",
    "cell therapy", "cell therapies", "neurofeedback", "low-level laser", "hifu", "mistletoe", "compounded", "ketamine", "psilocybin", "mdma-assisted",
    "microbiota transfer", "microbiota transplant", "faecal transplant", "fecal transplant", "long-term antibiotics",
    "hcg injections", "hcg diet", "sermorelin", "ozone", "uv blood", "prolotherapy", "young plasma",
    *_combine(["experimental", "investigational", "unapproved", "unlicensed"],
              ["drug", "drugs", "pill", "treatment", "treatments", "therapy", "therapies", "vaccine", "device",
               "procedure", "medicine", "compound", "injection", "injections", "infusion", "infusions"]),
]
SUPPLEMENTS = [
    *_forms("supplement", "softgel", "gummy", "tincture", "extract", "herb", "vitamin", "probiotic", "prebiotic"),
    *_forms("multivitamin", "salve", "adaptogen"), "capsules",
    "herbal", "collagen", "omega-3", "omega 3", "fish oil", "cod liver oil", "krill oil", "turmeric", "curcumin",
    "ashwagandha", "ginseng", "elderberry", "melatonin", "magnesium", "zinc", "berberine", "spirulina", "moringa",
    "cbd", "cannabis oil", "apple cider vinegar", "nattokinase", "quercetin", "resveratrol", "nmn", "coq10", "biotin",
    "selenium", "kelp", "lion's mane", "reishi", "chaga", "black cohosh", "st john's wort", "valerian", "echinacea",
    "ginkgo", "saw palmetto", "butterbur", "milk thistle", "dandelion root", "green coffee", "garcinia", "glucosamine",
    "chondroitin", "dim", "mucuna", "kudzu", "maca", "tongkat ali", "horny goat weed", "fenugreek", "bee pollen",
    "propolis", "royal jelly", "colostrum", "bhb", "exogenous ketones", "vitamin d", "vitamin d3", "vitamin c",
    "vitamin b12", "b12", "vitamin k2", "folic acid", "l-theanine", "5-htp", "strontium", "lutein", "creatine",
    "black salve", "bloodroot", "apricot kernels", "essential oil", "essential oils", "oregano oil", "tea tree oil",
    "superfood", "superfoods", "greens powder", "detox tea", "slimming tea", "mullein", "chlorella", "sea moss",
    "shilajit", "boswellia", "bitter melon", "gymnema", "chromium", "inositol", "nad+ precursors", "nr",
    "isoflavones", "soy isoflavones", "red clover", "evening primrose oil", "red yeast rice", "hawthorn", "hibiscus",
    "astaxanthin", "garlic extract", "garlic capsules", "aged garlic", "bromelain", "psyllium", "slippery elm",
    "licorice root", "liquorice root", "black seed oil", "nigella sativa", "sea buckthorn", "n-acetylcysteine",
    "alpha-lipoic acid", "l-arginine", "l-carnitine", "pycnogenol", "beetroot powder", "nutraceutical", "nutraceuticals",
]


OWN_OFFERINGS = [
    "product", "products", "formula", "formulas", "softgels", "capsules", "gummies", "supplement", "supplements", "blend",
    "blends", "tea", "teas", "powder", "powders", "clinic", "clinics", "center", "centre", "centers", "centres",
    "programme", "programmes", "program", "programs", "course", "courses", "protocol", "protocols", "package", "packages",
    "service", "services", "shop", "store", "online shop", "lounge", "spa", "device", "devices", "treatment",
    "treatments", "therapy", "therapies", "team of", "brand", "plan", "plans", "membership", "patented", "drip", "drips",
    "infusions", "kit", "kits", "app", "test", "tests", "method", "system", "procedure", "procedures", "sessions",
]


def _verbs(*stems: str) -> list[str]:
    return [f for s in stems for f in (s, s + "s", s + "d" if s.endswith("e") else s + "ed")]


KEYWORDS: dict[str, list[str]] = {
    # medical_advice
    "provider": PROVIDERS,
    "substitute": ["substitute for", "replacement for", "substitute to", "replace", "replaces", "constitute",
                   "take the place of", "in place of", "stand in for"],
    "advice_cue": [
        "you should", "you must", "you need to", "you can", "we recommend", "i recommend", "it is recommended",
        "is recommended", "are recommended", "make sure", "be sure to", "remember to", "patients should",
        "people should", "readers should", "parents should", "don't take", "do not take", "don't stop",
        "do not stop", "don't skip", "don't eat", "do not eat", "avoid", "aim for", "aim to", "try", "should take",
        "should avoid", "should eat", "should drink", "should start", "should stop", "should see", "should get",
        "should be taken", "take it", "take them", "take one", "take two", "daily dose", "per day", "a day",
        "twice a day", "twice daily", "three times a day", "once a day", "once daily", "every day", "each day",
        "every morning", "every night", "at bedtime", "on an empty stomach", "with meals", "before meals",
        "doses", "dose", "dosage", "dosing", "should", "must", "need to", "ought to", "might consider",
        "may consider", "may want to", "might want to", "may wish to",
    ],
    "impersonal": [
        "encouraged", "advised", "urged", "recommended", "encourage", "encourages", "urge", "urges", "advise",
        "advises", "recommend", "recommends", "best to", "important to", "good idea", "wise to", "advisable",
        "essential to", "vital to", "better to", "sensible to",
    ],
    "dose_unit": ["mg", "mcg", "µg", "iu", "ml", "milligrams", "micrograms", "drops", "capsules", "tablets",
                  "softgels", "gummies", "scoops", "teaspoons", "teaspoon", "tablespoons", "tablespoon"],
    "efficacy": [
        *_verbs("cure", "heal", "reverse", "eliminate", "relieve", "prevent", "treat", "restore", "repair",
                "regenerate", "rebuild", "regrow", "dissolve", "unblock", "detoxify", "cleanse", "boost", "lower",
                "reduce", "improve", "strengthen", "protect", "fight", "kill", "fix", "calm", "soothe", "balance",
                "support", "help", "ease", "clear", "burn", "melt", "slow", "stop"),
        "cures", "cure", "curing", "healing", "reverses", "reversing", "works", "worked", "effective",
        "effectively", "get rid of", "gets rid of", "got rid of", "safe and effective", "no side effects",
        "side-effect free", "completely safe", "100% natural", "miracle", "breakthrough", "proven", "remission",
    ],
    # regulatory_status
    "unapproved": UNAPPROVED_THERAPIES,
    # a therapy only where something is done with them ("we use your own cells"), not in biology ("purines are
    # found in your own cells"): confirmed by OWN_CELLS_USED
    "own_cells": ["your own cells", "your own stem cells", "the patient's own cells", "their own cells"],
    "approved_cord": ["cord blood transplant", "cord-blood transplant", "cord blood transplants", "cord blood bank",
                      "cord blood banking", "bone marrow transplant", "bone marrow transplants",
                      "haematopoietic", "hematopoietic", "blood-forming"],
    "approval": [
        "approved", "approval", "approve", "unapproved", "authorised", "authorized", "authorisation",
        "authorization", "licensed", "unlicensed", "licence", "license", "cleared", "clearance",
        "investigational", "experimental", "unproven", "off-label", "off label", "clinical trial",
        "clinical trials", "research setting", "trials only", "not allowed", "illegal", "banned",
        "warning letter", "warning letters", "warned",
    ],
    "approval_lookalike": ["fda", "clia", "iso", "510(k", "patented", "patent", "licensed", "registered", "certified",
                           "health canada"],
    # evidence_caveat
    "study": [
        *_forms("study", "trial", "researcher", "scientist", "experiment", "meta-analysis", "review",
                "finding", "investigator", "paper", "analysis", "data"), "analyses",
        "research", "evidence", "clinically", "clinical", "published", "peer-reviewed", "placebo",
        "randomised", "randomized", "participants", "volunteers", "subjects", "cohort", "phase 1", "phase 2",
        "phase 3", "phase i", "phase ii", "phase iii", "in mice", "in rats", "in animals", "lab", "laboratory",
    ],
    # evidence named in other words: a survey of clients, a company's own or independent testing, "clinically tested", a
    # published review (confirmed by EVIDENCE_SOURCE)
    "evidence_source": ["survey", "surveys", "questionnaire", "questionnaires", "poll", "polls", "testing", "tested",
                        "tests", "proven", "validated", "review", "reviews"],
    "outcome_stat": [
        *_combine(["%", "percent", "per cent"], ["of", "of our", "of the"],
                  ["patients", "people", "users", "women", "men", "children", "customers", "participants", "clients",
                   "wearers", "respondents", "volunteers", "subjects", "members", "buyers"]),
        "out of ten", "out of 10", "in ten patients",
        *_combine(["success", "survival", "cure", "response", "recovery", "remission", "satisfaction", "improvement"],
                  ["rate", "rates"]),
        "our results", "results show", "patients report", "patients reported",
    ],
    "caveat_size": ["preliminary", "pilot", "small", "tiny", "short", "brief", "early", "initial", "only", "larger",
                    "too early", "too soon", "too small", "too short"],
    "caveat_state": ["small", "tiny", "short", "early", "preliminary", "limited", "mixed", "inconsistent", "inconclusive",
                     "weak", "modest", "uncertain", "unclear", "low-quality", "low quality", "poor-quality",
                     "poor quality", "thin", "sparse", "conflicting", "lacking", "poor", "clear", "not known",
                     "consistent", "quality", "moderate", "modestly", "moderately", "slight", "slightly"],
    "caveat_animal": ["mice", "rats", "animals", "animal", "mouse", "rat", "cells", "lab", "laboratory", "dish", "dishes",
                      "test tube", "test tubes", "test-tube", "petri", "cell cultures", "in humans", "in people"],
    "caveat_cause": ["observational", "association", "associations", "link", "links", "correlation", "correlations",
                     "cause", "causation", "prove", "establish", "tell us whether"],
    "caveat_more": [
        "others", "differently", "include", "independently", "randomly", "limits",
        "needed", "required", "confirm", "confirmed", "replicate", "replicated", "repeated", "reproduced", "settled",
        "shown", "tested", "proven", "studied", "demonstrated", "established", "peer-reviewed", "peer reviewed",
        "been published", "may not", "may differ", "generalise", "generalize", "placebo", "limitations",
        "limitation", "uncontrolled", "control group", "placebo group", "without a", "case series", "anecdotal",
        "bias", "significant", "difference", "whether", "know whether", "know if", "did not", "didn't",
        "failed to", "benefit", "uncertainty", "uncertain", "understood", "unknown", "not known", "unclear",
        "abstract", "few", "apply", "could not", "couldn't", "randomised", "randomized", "long-term", "longer-term",
        "compared", "available", "unanswered", "known", "clear", "significance", "overstated", "overstate",
        "overstates", "overstating", "overestimated", "overestimate", "overestimates", "overestimating", "proved",
    ],
    # stated limits in wordings added later, confirmed by their own expression (CAVEAT_EXTRA)
    "caveat_extra": [
        "other studies", "other trials", "later studies", "later trials", "larger studies", "larger trials",
        "self-reported", "self-report", "self-reports", "relied on", "rely on", "relies on", "based on what",
        "single", "only one", "just one", "only two", "blinded", "blind", "unblinded", "open-label", "knew",
        "placebo effect", "expectations", "nobody knows", "no one knows", "know about", "know how", "know much",
        "verification", "validation", "confirmation", "replication", "first step", "early step", "initial step",
        "early days", "confounding", "confounders", "confounded", "other factors", "explain", "contributing factor",
        "comparison group", "comparison arm", "control arm",
        "reviewed", "checked", "verified", "years away", "artificially", "have boosted", "at the point", "at the stage",
        "follow-up", "further work", "more work", "more data",  # "follow-up will be needed": CAVEAT_EXTRA's wording
    ],
    # stated limits in wordings not anchored above, confirmed by CAVEAT_WIDE: an effect that fades, the certainty of
    # the evidence, what the data cannot tell, bias and drop-outs, placebo responses, an observational design, too
    # little data, interim figures, calls for larger studies, a study's scope, figures not reliable
    "caveat_wide": [
        "narrowed", "narrows", "narrowing", "fade", "fades", "faded", "fading", "wane", "wanes", "waned", "waning",
        "disappeared", "disappears", "vanished", "diminished", "wore off", "wears off", "did not last",
        "didn't last", "does not last", "doesn't last", "certainty", "n't tell", "not tell", "n't show",
        "not show", "n't say", "not say", "too early", "too soon", "flattered", "inflated", "exaggerated", "skewed",
        "biased", "distorted", "dropped out", "dropouts", "drop-outs", "drop-out", "dropout", "lost to follow-up",
        "withdrew", "reply", "respond", "replied", "responded", "return", "returned", "placebo", "sham", "dummy",
        "observational", "rule out", "ruled out", "not enough", "n't enough", "have enough", "had enough",
        "insufficient", "too little", "too few", "interim", "provisional", "larger", "bigger", "confirmatory",
        "well-designed", "more studies", "more research", "more trials", "more data", "more evidence", "long-term",
        "longer-term", "before anyone", "only included", "included only", "only enrolled", "enrolled only",
        "only involved", "involved only", "only recruited", "recruited only", "only studied", "studied only",
        "only looked at", "looked at only", "tested only", "assumed", "generalised", "generalized", "extrapolated",
        "reliable", "conclusive", "definitive", "not strong", "not robust", "not convincing", "not solid",
        "not sufficient", "strong enough", "weaker", "thinner", "scant", "scarce", "patchy", "sketchy", "vary", "unreliable",
        "further study", "further studies", "study further", "further investigation", "further testing",
        "foundation", "groundwork",
        "varies", "varied", "lasted", "only ran", "ran only", "misses", "missed", "failed to", "false-positive",
        "false-negative", "false positive", "false negative", "false positives", "false negatives",
    ],
    # sponsorship and conflict_of_interest
    "money": ["$", "£", "€", "usd", "eur", "gbp", "dollars", "euros", "pounds", "vnd", "rs", "rs."],
    "commerce": [
        "buy", "buy now", "order", "order now", "order today", "shop", "shop now", "add to cart", "checkout",
        "in stock", "free shipping", "free delivery", "ships", "shipping", "subscribe and save", "subscription",
        "discount", "discounted", "coupon", "promo code", "code", "% off", "percent off", "off your first",
        "sale", "on sale", "offer ends", "limited time", "limited offer", "special offer", "bundle", "bundles",
        "book now", "book today", "book a", "book your", "book an", "to book", "booking", "book online",
        "call us", "call now", "call today", "call our", "hotline", "whatsapp", "contact us", "contact our",
        "enquire", "enquiry", "request a", "free consultation", "free assessment", "free trial", "free exam",
        "sign up", "enrol", "enroll", "enrolling", "enrolment", "enrollment", "join", "spots", "places",
        "link in my bio", "my link", "my code", "use code", "with code", "affiliate", "referral", "refer",
        "financing", "self-pay", "packages", "package", "per session", "a session", "per month", "a month",
        "money-back", "money back", "guarantee", "guaranteed", "download", "e-book", "ebook", "course", "programme",
        "program", "membership", "members", "clinic", "our store", "our shop", "available at", "available from",
        "available on", "available online", "visit our", "visit us", "click", "tap", "mention my name", "half price",
        "percent off", "per cent off", "risk-free", "risk free", "save", "saving", "schedule", "appointments", "booked",
        "first month", "first bottle", "first session", "first infusion", "buy-one-get-one", "free", "guarantee",
        "guarantees", "money-back", "shop", "store", "bio", "link", "links", "email", "e-mail", "message", "text",
    ],
    "own_product": _combine(["our", "our own"], OWN_OFFERINGS),
    # a maker's officer speaking (confirmed by COMPANY_OFFICER), a founder's own company (by FOUNDERS_COMPANY)
    "officer": ["chief executive", "ceo", "founder", "co-founder", "cofounder", "chief medical officer",
                "chief scientific officer", "chief science officer", "chief technology officer", "chief operating officer",
                "chief commercial officer", "president", "chairman", "chairwoman", "spokesman", "spokeswoman",
                "spokesperson"],
    "company": ["company", "firm", "start-up", "startup"],
    "own_stake": [
        *_combine(["our", "our own"], OWN_OFFERINGS),
        *_combine(["my", "my own"], ["e-book", "ebook", "book", "course", "programme", "program", "shop", "store", "products",
                                    "product", "supplement", "supplements", "tea", "blend", "bundle", "method", "coaching",
                                    "plan", "guide", "link", "code", "affiliate link", "referral link", "studio", "membership",
                                    "classes", "online course", "online programme", "online program"]),
        *_combine(["i", "we"], ["sell", "make", "manufacture", "stock", "ship", "created", "designed",
                                "formulated", "offer", "provide", "founded"]),
        "we've helped", "we have helped", "we've treated", "we have treated", "affiliate", "affiliate link",
        "affiliate links", "referral link", "referral code", "referral discount", "commission", "mention my name",
        "use my code", "use my link", "company-funded", "company-sponsored", "industry-funded", "industry-sponsored",
        "maker-funded", "manufacturer-funded", "today announced", "announced today", "today reported", "reported today",
        "nasdaq", "nyse",
        "the company's drug", "the company's product", "the company's device", "its drug", "its device",
    ],
    "possessive": ["my", "our"],
    # the maker's ties to a study (confirmed by MAKER_TIES): funding, employment, patents, equity
    "funded_by": ["funded by", "sponsored by", "paid for by", "financed by", "supported by", "run by", "conducted by",
                  "employees of", "employed by", "shareholders of", "shareholders in", "employs", "patent", "patents",
                  "employees", "inventors", "equity"],
    "sponsor_label": [
        "sponsored", "sponsor", "sponsors", "sponsorship", "advertisement", "advertorial", "paid content",
        "advertising", "promotional",
        "paid partnership", "paid post", "paid promotion", "paid for", "paid", "affiliate", "affiliates",
        "commission", "commissions", "partner content", "promoted content", "brought to you by",
        "in partnership with", "#ad", "# ad", "#sponsored", "ad", "advert",
    ],
    "coi_statement": [
        "funded", "funding", "financed", "paid for", "sponsored", "supported by", "grant", "grants",
        "conflict of interest", "conflicts of interest", "competing interest", "competing interests",
        "financial interest", "financial interests", "financial ties", "financial tie", "financial relationship",
        "financial relationships", "disclosure", "disclosures", "declare", "declares", "declared", "fees",
        "honoraria", "royalties", "shares", "stock", "equity", "stake", "shareholder", "consultant",
        "employee", "employees", "employed", "co-founder", "founder", "owns", "own", "commission",
        "affiliate", "manufactures", "makes and sells", "sells", "advisory board", "patent", "patents",
        "ties", "referral", "conducted for", "on behalf of",
    ],
    # references
    "statistic": [
        "%", "percent", "per cent", "one in", "1 in", "two in", "2 in", "one third", "one-third", "half of",
        "a quarter of", "third of", "thirds of", "quarter of", "quarters of", "majority of", "million", "billion", "according to",
        "[", "patients", "participants", "adults", "deaths", "cases", "americans", "britons", "people", "women",
        "men", "children",
    ],
    "ref_link": ["doi", "doi:", "pmid", "pubmed", "http", "https", "www", "et al", "et al.", "lancet", "jama", "bmj",
                 "nejm", "plos", "cochrane", "new england journal", "nature medicine"],
    "ref_published": ["journal", "published", "reported", "appeared", "appears", "presented", "described",
                      "colleagues", "annals of", "archives of", "gut", "circulation", "pediatrics", "neurology",
                      "gastroenterology", "diabetes care", "nutrients", "thorax", "diabetologia", "rheumatology",
                      "hypertension", "addiction", "obesity", "menopause", "allergy"],
    "ref_source": ["guidance", "recommendation", "guideline"],
    "source_list": ["references", "reference", "sources", "source", "bibliography", "citations", "citation",
                    "works cited", "studies cited", "further reading", "useful links"],
    "named_study": ["trial", "study", "survey", "registry"],
    # supplement
    "supplement": SUPPLEMENTS,
    "function": [
        *_verbs("support", "boost", "promote", "improve", "reduce", "help", "relieve", "cure", "treat", "prevent",
                "fight", "strengthen", "balance", "detox", "cleanse", "restore", "regulate", "lower", "burn",
                "protect", "heal", "reverse", "calm", "ease", "enhance", "repair", "nourish", "rebuild", "dissolve",
                "flush", "kill", "block", "shrink", "clear", "soothe", "work", "regrow", "rewire", "unlock",
                "optimise", "optimize", "stimulate", "maintain"),
        "supporting", "boosting", "promoting", "improving", "reducing", "helping", "relieving", "curing", "treating",
        "preventing", "fighting", "balancing", "detoxing", "detoxifies", "detoxify", "cleansing", "restoring",
        "lowering", "burning", "protecting", "healing", "reversing", "calming", "easing", "enhancing", "repairing",
        "rebuilding", "flushing", "killing", "clearing", "soothing", "regrowing", "working", "effective", "remedy",
        "remedies",
        "relief", "nature's answer", "nature's metformin", "nature's cure", "maintaining",
    ],
    "keep": ["keep", "keeps", "keeping"],
    "fda_statement": ["evaluated", "not intended to diagnose", "intended to diagnose", "diagnose", "do not claim",
                      "does not claim", "doesn't claim", "don't claim", "not a medicine", "make no claims",
                      "makes no claims", "no claims", "no claim", "make no claim", "makes no claim", "not evaluated"],
    # authorship and date
    "by_phrase": _combine(["posted", "written", "words", "reporting", "reported", "prepared", "compiled", "edited",
                           "editing", "story", "text", "page", "article", "post", "column", "answered", "produced",
                           "issued", "published", "released", "report", "interview", "contributed", "translated",
                           "adapted", "researched", "reply", "provided", "supplied", "blog", "newsletter", "diary",
                           "vlog", "podcast", "question", "thread", "topic", "started", "opened"], ["by", "by:"]),
    "author_cue": [
        "author", "authors", "written", "writes", "wrote", "reporting", "reported", "reporter", "correspondent",
        "editor", "editors", "edited", "editorial", "staff", "desk", "team", "newsroom", "contributor",
        "columnist", "words", "text", "byline", "bio", "answer", "desk", "replied", "reuters", "ap", "afp", "healthday", "healthday news", "upi", "bloomberg", "pa", "press",
        "media", "contact", "contacts", "answers", "answered", "reviewed", "prepared", "compiled",
        "issued", "posted", "published", "writer", "library", "encyclopedia", "encyclopaedia",
        "publication", "information service", "patient information", "health information", "information from",
        "patient education", "communications", "newsroom", "office", "relations", "guide", "released",
        "reply", "started", "our story", "who we are", "news", "wire", "newswire", "write", "special", "follow",
    ],
    "separator": ["·", "|", "•"],
    # "CHICAGO, June 2 (Meridian Wire) - ...", "... /Apex Health Wire/ -- ...", a sign-off "-- Jo Park, The Courier"
    "agency_credit": [") -", ") --", ") —", ") –", "--", "—", "–", "cnn", "reuters", "ap", "afp", "upi", "bloomberg",
                      "newswise", "pr newswire", "business wire", "globenewswire", "eurekalert"],
    "title": ["dr", "dr.", "prof", "prof.", "professor"],
    "month": MONTHS,
    "date_cue": ["published", "updated", "posted", "reviewed", "edited", "date", "dated", "issued", "released"],
}

# Phone numbers by token shape: "555 010 2233", "(630) 555-0115", "+90 555 010 2233", "01902 960 330".
PHONE_SHAPES = [
    "ddd ddd dddd", "ddd-ddd-dddd", "(ddd) ddd-dddd", "(ddd) ddd dddd", "ddd.ddd.dddd", "dddd ddd ddd",
    "dddd ddd dddd", "ddddd dddddd", "ddddd ddd ddd", "+dd ddd ddd dddd", "+dd dd ddd dddd", "+d ddd ddd dddd",
    "+ddd dd ddd dddd", "+dd ddd dddd dddd", "+dd d dd dd dd dd", "+dd dd dddd dddd", "+dd ddd ddd ddd",
    "dddd dddd", "ddd dddd", "+ddd dddd dddd", "+dd dddd dddd",
]
# Numeric dates by token shape: "28/02/2024", "2024.01.19", "2024-06-23".
NUMERIC_DATES = ["28/02/2024", "8/2/2024", "28/2/2024", "8/02/2024", "28/02/24", "2024.01.19", "19.01.2024", "2024-06-23"]
# fmt: on
# Words that open an instruction before its verb ("Then take...", "honestly just stop...")
OPENERS = (
    "honestly",
    "seriously",
    "please",
    "so",
    "ok",
    "okay",
    "just",
    "then",
    "now",
    "first",
    "next",
    "finally",
    "instead",
    "simply",
    "also",
    "lastly",
    "second",
    "third",
    "but",
)
# Words that count only as the first word of a unit (after an optional bullet): an imperative opens
# advice ("Take two capsules..."), "By" opens a byline, "About" an issuer's section.
IMPERATIVES = frozenset(
    [
        "take",
        "eat",
        "drink",
        "try",
        "avoid",
        "use",
        "apply",
        "add",
        "stop",
        "start",
        "skip",
        "cut",
        "swap",
        "replace",
        "consider",
        "limit",
        "increase",
        "reduce",
        "get",
        "boost",
        "choose",
        "switch",
        "keep",
        "ask",
        "talk",
        "see",
        "call",
        "book",
        "give",
        "mix",
        "drop",
        "sit",
        "stand",
        "walk",
        "breathe",
        "sleep",
        "rub",
        "massage",
        "soak",
        "gargle",
        "rinse",
        "follow",
        "eliminate",
        "remove",
        "include",
        "focus",
        "aim",
        "make",
        "don't",
        "do",
        "never",
        "always",
        "stay",
        "check",
        "wear",
        "wash",
        "put",
        "hold",
        "repeat",
        "begin",
        "cleanse",
        "detox",
        "fast",
        "order",
        "grab",
        "join",
        "learn",
        "discover",
        "protect",
        "treat",
        "heal",
        # more self-care verbs that open an instruction ("Dab a little oil on...", "Sip warm water...")
        "dab",
        "spray",
        "sip",
        "chew",
        "swallow",
        "dissolve",
        "spread",
        "inhale",
        "bathe",
        "pour",
        "squeeze",
        "steep",
        "brew",
        "blend",
        "place",
        "lie",
        "elevate",
        "wrap",
        "cook",
        "ditch",
        "throw",
        "toss",
        "quit",
        "lose",
        "monitor",
        "measure",
        "moisturise",
        "moisturize",
        "hydrate",
        "opt",
        "pick",
        "favour",
        "favor",
    ]
)
START_WORDS = {
    "imperative@start": IMPERATIVES,
    "by@start": frozenset({"by", "by:"}),
    "about@start": frozenset({"about"}),
    "opener@start": frozenset(OPENERS),
}


# Set-aside lines are tokenised by this pattern (the keyword phrases too, for their own table): spaCy's
# tokenizer costs more on a page's furniture than all the matching does.
QUICK_TOKEN = re.compile(r"\w+|[^\w\s]")
BULLETS = frozenset("-*•·▪◦–—")
# LOWER and SHAPE of the quick tokens seen so far: what a Doc made of them would give, for a dict look-up.
_LOWER: dict[str, str] = {}
_SHAPE: dict[str, str] = {}
_LEXEMES_MAX = 200_000
DIGIT = re.compile(r"\d")


def _attrs(tokens: list[str], table: dict[str, str]) -> list[str]:
    """The LOWER (``_LOWER``) or SHAPE (``_SHAPE``) string of each token: a look-up per token at C speed,
    computed only for tokens not seen before, by the vocab's own attribute functions (what its lexeme
    holds, without making one: a new lexeme costs ten times more, and stays in the vocab)."""
    if len(_LOWER) > _LEXEMES_MAX:
        _LOWER.clear()
        _SHAPE.clear()
    found = list(map(table.get, tokens))
    if None in found:
        getters = get_nlp().vocab.lex_attr_getters
        lower, shape = getters[LOWER], getters[SHAPE]
        for token in tokens:
            if token not in table:
                _LOWER[token], _SHAPE[token] = lower(token), shape(token)
        found = list(map(table.__getitem__, tokens))
    return found  # type: ignore[return-value]


class QuickTable:
    """Phrases as tuples of token attributes, filed under their first token and then by the length of
    the rest. Walking a list of tokens through it finds what a PhraseMatcher over a Doc of those tokens
    finds, without making the Doc."""

    def __init__(self, phrases: dict[str, Iterable[tuple[Hashable, ...]]]):
        # first token -> [(length of the rest, rest -> labels)]: one dict look-up per length, however
        # many phrases start with the same word ("our" opens a hundred of them)
        by_first: dict[Hashable, dict[int, dict[tuple[Hashable, ...], set[str]]]] = {}
        for label, sequences in phrases.items():
            for sequence in sequences:
                if sequence:
                    rest = sequence[1:]
                    by_first.setdefault(sequence[0], {}).setdefault(len(rest), {}).setdefault(rest, set()).add(label)
        self.by_first = {
            first: [
                (n, {rest: tuple(sorted(labels)) for rest, labels in tails.items()})
                for n, tails in sorted(lengths.items())
            ]
            for first, lengths in by_first.items()
        }

    def find(self, words: list[Hashable], at: Iterable[int] | None = None) -> Iterator[tuple[str, int]]:
        """(label, start) for every phrase occurrence in ``words`` (starting at one of ``at``, if given:
        the positions whose word opens a phrase, or more)."""
        get = self.by_first.get
        if at is None:  # the positions whose word opens a phrase, found at C speed
            at = compress(range(len(words)), map(self.by_first.__contains__, words))
        for start in at:
            for n, tails in get(words[start], ()):
                labels = tails.get(tuple(words[start + 1 : start + 1 + n]) if n else ())
                if labels is not None:
                    for label in labels:
                        yield label, start


def _spellings(phrases: list[str]) -> list[str]:
    """The phrases, and for one with a full stop its capitalised and upper-case forms: an abbreviation
    tokenises differently when capitalised ("Aug." is one token, "aug." two)."""
    return sorted({f for p in phrases for f in ((p, p.capitalize(), p.upper()) if "." in p else (p,))})


# Phone numbers and numeric dates are phrases of token shapes, made from these examples.
SHAPE_EXAMPLES = {
    "phone": [re.sub(r"d", "5", re.sub(r"dddd", "5550", s)) for s in PHONE_SHAPES],
    "numeric_date": NUMERIC_DATES,
}


@lru_cache(maxsize=1)  # for the live pipeline only: parse() replaces it now and then (nlp.FRESH_PIPELINE_EVERY)
def _matchers(nlp: Language) -> PhraseMatcher:
    """The keyword matcher (LOWER) for the body doc, with the phrases tokenised by spaCy. (Phone numbers
    and numeric dates are few and start with a digit group: the body's are found with a table of token
    shapes, see _hashes.)"""
    words = PhraseMatcher(nlp.vocab, attr="LOWER")
    made: dict[str, Doc] = {}
    for label, phrases in KEYWORDS.items():
        forms = _spellings(phrases)
        for form in forms:
            if form not in made:  # a phrase in several lists is tokenised once
                made[form] = nlp.make_doc(form)
        docs = {tuple(t.lower_ for t in made[form]): made[form] for form in forms}
        words.add(label, list(docs.values()))
    return words


@lru_cache(maxsize=1)
def _quick_tables() -> tuple[QuickTable, QuickTable]:
    """The keyword table (LOWER) and the phone / numeric-date table (SHAPE) for the set-aside lines, with
    the phrases tokenised by QUICK_TOKEN."""

    def attrs(text: str, table: dict[str, str]) -> tuple[str, ...]:
        return tuple(_attrs(QUICK_TOKEN.findall(text) or [" "], table))

    words = QuickTable({label: [attrs(f, _LOWER) for f in _spellings(phrases)] for label, phrases in KEYWORDS.items()})
    shapes = QuickTable({label: [attrs(e, _SHAPE) for e in examples] for label, examples in SHAPE_EXAMPLES.items()})
    return words, shapes


@lru_cache(maxsize=1)
def _hashes() -> tuple[dict[int, str], QuickTable, np.ndarray, int, np.ndarray, np.ndarray, dict[int, tuple[str, ...]]]:
    """Matcher label ids to label names (a dict look-up is faster than the string store's); the phone
    and numeric-date phrases as a table of SHAPE hashes, the sorted hashes that open one and the length
    of the longest; the sorted LOWER hashes of the bullets and of the START_WORDS, and the labels of each
    start word."""
    nlp = get_nlp()
    strings = nlp.vocab.strings
    labels = {strings.add(label): label for label in [*KEYWORDS, *SHAPE_EXAMPLES]}
    shapes = {
        label: [tuple(t.shape for t in nlp.make_doc(e)) for e in examples] for label, examples in SHAPE_EXAMPLES.items()
    }
    starting: dict[int, list[str]] = {}
    for label, words in START_WORDS.items():
        for word in words:
            starting.setdefault(strings.add(word), []).append(label)
    return (
        labels,
        QuickTable(shapes),  # type: ignore[arg-type]
        np.array(sorted({phrase[0] for phrases in shapes.values() for phrase in phrases}), dtype=np.uint64),
        max(len(phrase) for phrases in shapes.values() for phrase in phrases),
        np.array(sorted(strings.add(b) for b in BULLETS), dtype=np.uint64),
        np.array(sorted(starting), dtype=np.uint64),
        {word: tuple(found) for word, found in starting.items()},
    )


# --- where rules look --------------------------------------------------------------------------


@dataclass(slots=True)
class Unit:
    """A body sentence, or one line of a set-aside region or of the page furniture near the body."""

    start: int  # offset in the text the unit belongs to (the body, or the joined set-aside text)
    text: str
    where: str  # "body", a region kind ("disclaimer", "byline", ...) or "page"
    categories: dict[str, float] | tuple[str, ...] = ()  # promotional categories of a body sentence


class Searcher(Protocol):
    def search(self, text: str) -> object: ...


@dataclass(frozen=True)
class Check:
    """Units where keyword ``label`` fired, every ``must`` pattern matches and no ``unless`` pattern does.

    ``body`` keeps to body sentences; ``where`` to units from these places; ``only`` to these units.
    """

    label: str
    must: tuple[Searcher, ...] = ()
    unless: tuple[Searcher, ...] = ()
    body: bool = True
    where: tuple[str, ...] = ()
    only: frozenset[int] | None = None
    # The patterns by identity: checks with the same patterns share their results, and a compiled
    # pattern's own hash reads all its code each time (a third of the rules' time went to it).
    patterns: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", (*map(id, self.must), 0, *map(id, self.unless)))


@dataclass
class Context:
    """What the rules look at: the units, and for every keyword label the units it fired in."""

    article: Article
    units: list[Unit]
    n_body: int
    hits: dict[str, set[int]] = field(default_factory=dict)
    # per Check.patterns: unit -> whether it passes them (each pattern runs at most once per unit)
    _ok: dict[tuple[int, ...], dict[int, bool]] = field(default_factory=dict)
    _ordered: dict[str, list[int]] = field(default_factory=dict)  # hits in unit order
    memo: dict[str, str | None] = field(default_factory=dict)  # triggers that other triggers reuse
    written: dict[str, str] = field(default_factory=dict)  # unit text -> as written, where they differ
    issuer: frozenset[int] | None = None  # the units of an issuer's "About ..." section (_issuer_sections)

    def as_written(self, found: str | None) -> str | None:
        """``found``, a unit's text or a part of one, as the article writes it (see ``_read_plainly``)."""
        if found and self.written:
            if found in self.written:
                return self.written[found]
            if not any(mark in found for mark in ("'", '"', "not")):  # a part that reads as it is written
                return found
            for text, written in self.written.items():
                at = text.find(found)
                if at >= 0 and len(text) == len(written):  # only quotes differ: the same offsets
                    return written[at : at + len(found)]
        return found

    def fired(self, label: str, body: bool = True) -> set[int]:
        """Units (body only, unless ``body`` is False) where keyword ``label`` fired."""
        found = self.hits.get(label, set())
        return {i for i in found if i < self.n_body} if body else found

    def ok(self, check: Check, i: int) -> bool:
        """Whether unit ``i`` passes the patterns of ``check`` (each pattern runs at most once per unit)."""
        return self._passes(check, self._results(check), i)

    def _results(self, check: Check) -> dict[int, bool]:
        results = self._ok.get(check.patterns)
        if results is None:
            results = self._ok[check.patterns] = {}
        return results

    def _passes(self, check: Check, results: dict[int, bool], i: int) -> bool:
        passed = results.get(i)
        if passed is None:
            text = self.units[i].text
            passed = True
            for p in check.must:
                if not p.search(text):
                    passed = False
                    break
            else:
                for p in check.unless:
                    if p.search(text):
                        passed = False
                        break
            results[i] = passed
        return passed

    def _in_order(self, label: str) -> list[int]:
        ordered = self._ordered.get(label)
        if ordered is None:
            ordered = self._ordered[label] = sorted(self.hits.get(label, ()))
        return ordered

    def first_index(self, *checks: Check | set[int] | frozenset[int]) -> int | None:
        """The first unit that any check accepts (or that any given set holds). Patterns run lazily, in
        unit order, and stop at the first accepted unit: a trigger or evidence is one span. The checks are
        walked together, unit by unit, so that no check tries a unit after the one another check accepts."""
        best: int | None = None
        heads: list[tuple[int, int, Check, Iterator[int]]] = []  # (next unit, position, check, the units after)
        for check in checks:
            if not isinstance(check, Check):
                if check and (best is None or min(check) < best):
                    best = min(check)
                continue
            candidates = self._candidates(check)
            first = next(candidates, None)
            if first is not None:
                heads.append((first, len(heads), check, candidates))
        heapq.heapify(heads)
        while heads and (best is None or heads[0][0] < best):
            i, position, check, candidates = heads[0]
            if self._passes(check, self._results(check), i):
                return i  # every other check's next unit comes at or after it
            following = next(candidates, None)
            if following is None:
                heapq.heappop(heads)
            else:
                heapq.heapreplace(heads, (following, position, check, candidates))
        return best

    def _candidates(self, check: Check) -> Iterator[int]:
        """The units, in order, that ``check``'s patterns decide: where its label fired, in its places."""
        for i in self._in_order(check.label):
            if check.body and i >= self.n_body:
                return
            if check.only is not None and i not in check.only:
                continue
            if check.where and self.units[i].where not in check.where:
                continue
            yield i

    def first_of(self, *checks: Check | set[int] | frozenset[int]) -> str | None:
        i = self.first_index(*checks)
        return None if i is None else self.units[i].text

    def all_of(self, check: Check) -> set[int]:
        """Every unit ``check`` accepts (for rules that combine units; prefer :meth:`first_of`)."""
        return {i for i in self._candidates(check) if self.ok(check, i)}

    def near(self, a: set[int], b: set[int], window: int = 0) -> set[int]:
        """Units of ``a`` that have a unit of ``b`` within ``window`` units (0: the same unit)."""
        if not window:
            return a & b
        return {i for i in a if any(j in b for j in range(i - window, i + window + 1))}

    def categories(self, *names: str) -> set[int]:
        """Body sentences the promotional model put in one of these categories."""
        wanted = set(names)
        return {i for i in range(self.n_body) if self.units[i].categories and wanted & set(self.units[i].categories)}

    def first(self, indexes: set[int]) -> str | None:
        return self.units[min(indexes)].text if indexes else None


def _aside_units(article: Article) -> list[Unit]:
    """The lines of the regions and of the page furniture next to the body, in page order."""
    pieces: list[tuple[int, str, str]] = [
        (r.start, r.kind, r.text[:REGION_CHARS]) for r in article.regions if r.text.strip()
    ]
    body_start = min((s.source_start for s in article.segments), default=0)
    body_end = max((s.source_start + s.length for s in article.segments), default=0)
    before = after = 0
    reading_list = False
    for removed in sorted(article.removed, key=lambda r: r.start):
        text = article.source_text[removed.start : removed.end]
        if removed.reason == "end_marker":
            reading_list = bool(READING_LIST.match(text.strip()))
        if removed.reason == "ad" and body_start < removed.start < body_end:
            continue  # an ad slot between the article's paragraphs labels the slot, not the article
        if removed.reason not in NEAR_REASONS and not (
            (reading_list and removed.reason in ("end_marker", "after_end_marker"))
            or (removed.reason == "outside_main_text" and removed.start < body_start)
        ):
            continue
        if removed.start < body_start:
            text = text[-(NEAR_CHARS - before) :] if before < NEAR_CHARS else ""
            before += len(text)
        else:
            text = text[: max(NEAR_CHARS - after, 0)]
            after += len(text)
        if text.strip():
            pieces.append((removed.start, "page", text))
    units = []
    for _pos, where, text in sorted(pieces, key=lambda p: p[0]):
        units.extend(Unit(0, line.strip(), where) for line in text.split("\n") if line.strip())
    return units


def build_context(article: Article, doc: Doc) -> Context:
    """Units and keyword hits for one article (the doc is the parsed body, ``article.text``).

    The body's units are the sentences the promotional stage scored, with their categories; for an
    article it did not score, the doc's own sentences."""
    if article.sentences:
        body = [Unit(s.start, s.text, "body", s.categories) for s in article.sentences]
    else:
        text = article.text
        body = [Unit(start, text[start:end], "body") for start, end in sentence_spans(doc, strip=True).tolist()]
    aside = _aside_units(article)
    ctx = Context(article, body + aside, len(body))
    _body_hits(ctx.hits, doc, body)
    for i, unit in enumerate(body):  # spaCy keeps a link whole, as one token that no keyword matches
        if "http" in unit.text or "www." in unit.text:
            _add(ctx.hits, "ref_link", i)
    contracted = _read_plainly(ctx)
    if aside or contracted:
        # the set-aside lines have no doc; a sentence with a contraction also has the keywords of its long form
        _quick_hits(ctx.hits, [*((i, ctx.units[i]) for i in contracted), *enumerate(aside, len(body))])
    return ctx


# A negative contraction and the words it stands for: the rules are written for "is not" and "cannot", and
# "hasn't been approved" or "isn't a substitute for" says the same.
CONTRACTION = re.compile(r"\b(?:(?P<special>can|won|shan|ain)'t|(?P<verb>\w+)n't)\b", re.IGNORECASE)
_SPECIAL_CONTRACTIONS = {"can": "cannot", "won": "will not", "shan": "shall not", "ain": "is not"}


def _long_form(m: re.Match[str]) -> str:
    special = m.group("special")
    if special is None:
        return f"{m.group('verb')} not"
    long_form = _SPECIAL_CONTRACTIONS[special.lower()]
    return long_form.capitalize() if special[0].isupper() else long_form


def _read_plainly(ctx: Context) -> list[int]:
    """Give the rules each unit's text with ASCII quotes (as the doc's tokens have them) and its negative
    contractions in full; remember the text as written for quoting (Context.as_written). Returns the body
    units whose contractions were written out (the doc's keywords are those of the short form)."""
    contracted = []
    for i, unit in enumerate(ctx.units):
        written = unit.text
        if written.isascii() and "n't" not in written:  # most units: nothing to do
            continue
        text = plain_quotes(written)
        if "n't" in text:  # the pattern is slow to fail: only on the few units with a negative contraction
            text = CONTRACTION.sub(_long_form, text)
            if i < ctx.n_body and len(text) != len(written):
                contracted.append(i)
        if text != written:
            ctx.written[text] = written
            unit.text = text
    return contracted


def _add(hits: dict[str, set[int]], label: str, unit: int) -> None:
    found = hits.get(label)
    if found is None:
        hits[label] = {unit}
    else:
        found.add(unit)


def _body_hits(hits: dict[str, set[int]], doc: Doc, body: list[Unit]) -> None:
    """Keyword hits in the pipeline's doc, with the unit of every hit found in one vectorised step."""
    if not body:  # no unit to file a hit under (an empty doc)
        return
    labels, shape_table, shape_firsts, shape_longest, bullets, start_keys, start_labels = _hashes()
    token = columns(doc)  # as the tokenizer read them
    shape, lower, idx = token.shape, token.lower, token.idx
    matches = _matchers(get_nlp())(doc)
    found = [labels[match_id] for match_id, _start, _end in matches]  # labels, and their first tokens
    tokens = [start for _match_id, start, _end in matches]
    # Phones and numeric dates: the shape table walked from the few tokens whose shape opens one.
    for start in np.flatnonzero(in_sorted(shape, shape_firsts)).tolist():
        for label, _ in shape_table.find(shape[start : start + shape_longest].tolist(), (0,)):
            found.append(label)
            tokens.append(start)
    # The first token of each unit (a sentence's start offset is a token's), or the one after a bullet.
    starts = np.fromiter((u.start for u in body), dtype=np.int64, count=len(body))
    at = np.searchsorted(idx, starts)
    inside = at < len(idx)
    first = at[inside][idx[at[inside]] == starts[inside]]
    words = lower[first]
    bulleted = in_sorted(words, bullets) & (first + 1 < len(idx))
    words[bulleted] = lower[first[bulleted] + 1]
    opening = in_sorted(words, start_keys)
    for start, word in zip(first[opening].tolist(), words[opening].tolist(), strict=True):
        for label in start_labels[word]:
            found.append(label)
            tokens.append(start)
    units = (np.searchsorted(starts, idx[tokens], "right") - 1).clip(0).tolist()
    get = hits.get
    for label, unit in zip(found, units, strict=True):
        units_of_label = get(label)
        if units_of_label is None:
            hits[label] = {unit}
        else:
            units_of_label.add(unit)


def _quick_hits(hits: dict[str, set[int]], numbered: list[tuple[int, Unit]]) -> None:
    """Keyword hits in units read without a doc (numbered: (index, unit)), tokenised by QUICK_TOKEN into one
    run of tokens."""
    tokens: list[str] = []
    unit_of: list[int] = []
    first: list[int] = []
    for k, unit in numbered:
        found = QUICK_TOKEN.findall(unit.text)
        first.append(len(tokens))
        tokens.extend(found)
        unit_of.extend([k] * len(found))
    lower = _attrs(tokens, _LOWER)
    keywords, shapes = _quick_tables()
    for label, start in keywords.find(lower):
        _add(hits, label, unit_of[start])
    if any(DIGIT.search(unit.text) for _, unit in numbered):  # every phone number and numeric date has a digit
        for label, start in shapes.find(_attrs(tokens, _SHAPE)):
            _add(hits, label, unit_of[start])
    for start in first:
        if start >= len(lower):
            continue
        word = lower[start]
        if word in BULLETS and start + 1 < len(lower):
            word = lower[start + 1]
        for label, words in START_WORDS.items():
            if word in words:
                _add(hits, label, unit_of[start])


# --- rules -------------------------------------------------------------------------------------


@dataclass
class Pattern:
    """A satisfying pattern: units where the ``anchor`` label fired and ``rx`` (if any) matches."""

    anchor: str
    rx: Searcher | None = None
    where: tuple[str, ...] = ()  # only units from these places ("body", region kinds, "page"); () = all

    def __post_init__(self) -> None:
        self._check = Check(self.anchor, (self.rx,) if self.rx is not None else (), body=False, where=self.where)

    def check(self) -> Check:
        return self._check

    def units(self, ctx: Context) -> set[int]:
        """Every unit this pattern matches."""
        return ctx.all_of(self.check())


Trigger = Callable[[Context], str | None]


@dataclass
class DisclosureRule:
    kind: str
    description: str
    trigger: Trigger | None  # None: required always (when the policy says "triggered", never)
    satisfies: list[Pattern]
    lookalikes: list[str] = field(default_factory=list)
    region_kinds: tuple[str, ...] = ()  # a region of one of these kinds satisfies the rule by itself
    region_unless: Searcher | None = None  # ... unless its line matches this
    extra: Callable[[Context], str | None] | None = None  # evidence found across units (a signed letter)

    def find_evidence(self, ctx: Context) -> str | None:
        """The first region of a satisfying kind, else the first unit a satisfying pattern matches."""
        for unit in ctx.units[ctx.n_body :]:
            if unit.where in self.region_kinds and (
                self.region_unless is None or not self.region_unless.search(unit.text)
            ):
                return unit.text
        found = ctx.first_of(*(pattern.check() for pattern in self.satisfies))
        return found if found is not None or self.extra is None else self.extra(ctx)


# Shared pieces of the regular expressions that confirm an anchor.
NOT = r"(?:not|never|n't|no longer)"
REGULATOR = (
    r"(?:(?:the )?(?:us |u\.s\. )?(?:fda|food and drug administration|ema|european medicines agency|mhra|tga|health canada"
    r"|medicines regulator|regulators?|nice|ministry of health|cofepris))"
)
PROVIDER_RX = "|".join(sorted((re.escape(p) for p in PROVIDERS), key=len, reverse=True))

MEDICAL_DISCLAIMER = _rx(
    rf"\b{NOT} (?:(?:intended|meant|designed) (?:to be |as |to )?|to be (?:used as |taken as )?)?(?:a |an )?"
    # "... for the advice of your doctor", "... for professional medical advice"
    r"(?:substitute|replacement) (?:for|to) (?:(?:the )?(?:the|professional|medical|personal|individual|qualified|expert|"
    r"your|a|an|in-person) ){0,4}(?:advice|care|diagnosis|consultation|treatment|opinion|doctor|physician|clinician"
    r"|examination|assessment)"
    rf"|\b(?:does|do|is|are|should|must|can)\s?{NOT} (?:be used to )?(?:replace|constitute|provide|offer|represent)"
    r" (?:(?:professional|personal|individual|medical|your|a|an|the) ){0,3}(?:medical |health )?(?:advice|diagnosis"
    r"|care|treatment|consultation|doctor|physician|visit)"
    # "is not intended to replace a one-on-one relationship with a qualified health care professional"
    rf"|\b{NOT} (?:intended|meant|designed) to replace (?:[\w-]+ ){{0,8}}?(?:relationship|advice|care|consultation|visit|doctor"
    r"|physician|professional|provider|clinician)"
    # "nothing on this site should be taken as a replacement for...", "cannot take the place of a doctor's examination"
    r"|\bnothing\b[^.;!?]{0,60}\b(?:substitute|replacement) (?:for|to)"
    rf"|\b(?:{NOT}|cannot|can't|should not|shouldn't|will not|won't) (?:[\w-]+ ){{0,3}}?(?:take the place of|stand in for)\b"
    rf"|\b{NOT} (?:[\w-]+ ){{0,4}}?in place of (?:[\w'’-]+ ){{0,3}}?(?:advice|care|doctor|physician|treatment|consultation"
    r"|professional|examination)"
)
# "consult / talk to / see ... your / a ... doctor", never "our" experts, and not a story ("was told by doctors").
# Strong verbs (consult, talk, speak, discuss) take any determiner; weaker ones (see, ask, call) need "your", "a"...
STRONG_VERB = (
    r"(?:consult(?:s|ed|ing)?|talk(?:s|ed|ing)?|speak(?:s|ing)?|spoke|discuss(?:es|ed|ing)?|check(?:s|ed|ing)? (?:it |this |that )?with"
    r"|review(?:ed)? (?:it |this )?with|run (?:it|this|that|them) (?:past|by)|under the (?:care|supervision|guidance) of"
    r"|supervis(?:ed|ion) (?:by|of)|(?:guidance|advice|approval|okay|ok|go-ahead|green light) (?:of|from)"
    r"|as (?:directed|advised|prescribed|recommended|instructed) by)"
)
WEAK_VERB = (
    r"(?:check(?:s|ed|ing)?(?!-)|ask(?:s|ed|ing)?|see(?:s|ing)?|visit(?:s|ed|ing)?|tell(?:s|ing)?|contact(?:s|ed|ing)?|call(?:s|ed|ing)?"
    r"|seek(?:s|ing)?|sought|get(?:ting)? (?:advice|help|checked|seen|assessed|a referral)|follow(?:s|ed)? up|inform(?:s|ed)?"
    r"|involve|let)"
)
CONSULT = _rx(
    rf"\b{STRONG_VERB}\b(?:(?!\bour\b|\bus\b|\bwe\b)[^.;!?]){{0,50}}?\b(?:your|their|a|an|own|my|his|her|one's|the|someone's"
    rf"|parent's|child's)\b(?:(?!\bour\b)[^.;!?,]){{0,25}}?\b(?:{PROVIDER_RX})\b"
    # (not "tell you something your rheumatologist won't": the one told is the reader)
    rf"|\b{WEAK_VERB}\b(?! you\b| me\b)(?:(?!\bour\b|\bus\b|\bwe\b|\bthe\b)[^.;!?,]){{0,30}}?\b(?:your|their|a|an|own|my|his|her|one's"
    rf"|someone's|parent's|child's)\b(?:(?!\bour\b|\bthe\b)[^.;!?,]){{0,25}}?\b(?:{PROVIDER_RX})\b"
    # "do not stop or change your medication without your rheumatologist"
    rf"|\b(?:not|never|n't)\b[^.;!?]{{0,60}}\bwithout (?:first )?(?:talking to |speaking to |checking with |consulting |asking )?"
    rf"(?:your|a) (?:own )?(?:[\w-]+ )?(?:{PROVIDER_RX})\b"
    # "seek medical advice", "get prompt medical attention"
    r"|\b(?:seek(?:s|ing)?|sought|get(?:ting)?|obtain(?:ing)?|ask(?:ing)? for) (?:(?:professional|prompt|urgent|immediate"
    r"|proper|expert|personal|personali[sz]ed|individual|qualified|independent|appropriate) )*(?:medical|professional"
    r"|specialist) (?:advice|help|attention|care|guidance|opinion)\b",
)

# A heading over red-flag advice ("When to see a doctor"): what follows is advice, not the line that sends readers
# to their own doctor before acting on the article
RED_FLAG_HEADING = _rx(r"^\W*when (?:to|should you|you should) (?:see|call|contact|visit|seek)\b[^.!?]{0,40}$")

APPROVAL_STATUS = _rx(
    rf"\b(?:{NOT}|nor|neither|yet to be|none of (?:them|these|which)) (?:been |yet |currently |formally |officially |fully )*"
    r"(?:fda[- ])?(?:approved|authori[sz]ed|licensed|cleared|licenced|evaluated|endorsed)"
    rf"|\b(?:no|none of the|not an?) [\w -]{{0,50}}(?:products?|therap(?:y|ies)|treatments?|drugs?|devices?|injections?"
    r"|infusions?) (?:is|are|has been|have been) (?:currently )?(?:approved|authori[sz]ed|licensed|cleared)"
    r"|\bun(?:approved|licensed|licenced|authori[sz]ed|proven)\b|\boff[- ]label\b"
    r"|\b(?:is|are|remains?|still|considered|currently|classed as|classified as|as) (?:an? |still |only )?"
    r"(?:investigational|experimental|unproven)\b|\b(?:investigational|experimental) (?:[\w-]+ ){0,3}?(?:drugs?|products?|therap|treatments?"
    r"|devices?|use|medicines?|vaccines?|agents?|compounds?|candidates?)"
    r"|\bonly (?:be )?(?:available |offered |given |used |tested |studied )?(?:in|through|within|as part of) (?:a |an |properly"
    r" (?:run|regulated) )?(?:clinical |registered |approved |regulated )?(?:trials?|research|stud)"
    rf"|\b(?:approved|authori[sz]ed|licensed|cleared) (?:by|in|for use by) {REGULATOR}"
    rf"|\b{REGULATOR} (?:approval|authori[sz]ation|clearance)|\b(?:fda|ema|mhra)-(?:approved|cleared|authori[sz]ed)"
    r"|\bwarning letters?\b|\bno (?:[\w-]+ ){0,3}(?:has|have) (?:ever |yet |so far )?(?:been )?(?:approved|authori[sz]ed|licensed"
    r"|cleared)"
    r"|\bno (?:approved|licensed) (?:drug|treatment|therap|product|stem)|\b510\(k\) clearance\b"
    r"|\bnot (?:a |an )?(?:approved|licensed|authori[sz]ed) (?:drug|treatment|therap|product|medicine|use|indication)"
    r"|\b(?:is|are|was|were|has been|have been) (?:now |also |only )?(?:fda[- ])?(?:approved|licensed|licenced|authori[sz]ed"
    r"|cleared) (?:to treat|for (?:the )?(?:treatment|prevention|management) of|(?:for use )?in (?:the )?(?:uk|us|u\.s\."
    r"|united states|united kingdom|eu|european union|europe|canada|australia))\b"
)
APPROVAL_LOOKALIKE = _rx(
    r"\b(?:fda|clia|iso|gmp|health canada)[- ](?:registered|certified|compliant|inspected|accredited|listed)"
    r"|\bregistered with the fda|\b510\(k\)(?! clearance)|\bpatent(?:ed)?\b|\blicensed (?:in|by) (?:our|the)"
)

STUDYISH = (
    r"(?:stud(?:y|ies)|trials?|samples?|evidence|research|data|results|findings|analys[ie]s|reviews?|numbers|groups?)"
)
# Stated limits of the evidence, in five groups, each confirmed only where its own keywords fired.
CAVEAT_SIZE = _rx(
    r"\b(?:preliminary|pilot (?:study|trial|data)|(?:very |quite |relatively )?(?:small|tiny|short|brief|early)(?:[- ]stage)?"
    r"(?:,? (?:and )?[\w-]+){0,2} (?:studies|study|trials?|samples|sample sizes?|pilot|analysis|data|findings|results|follow-up"
    r"|groups?)|(?:studied|tested|enrolled|included|involved) (?:only )?(?:a )?(?:relatively |very |fairly )?small numbers?"
    r"|from small (?:groups|numbers|samples)"
    r"|only (?:small|modest|slight|minor) (?:effects?|benefits?|improvements?|differences?)|(?:in|by) larger (?:trials|studies)"
    r"|only (?:\d[\d,]*|two|three|four|five|six|eight|ten|twelve|a few|a handful of) (?:patients|participants|people"
    r"|volunteers|women|men|children|adults|subjects|mice|rats|weeks|months)"
    r"|(?:study|trial|sample) (?:was|is) too (?:small|short)|too (?:early|soon) to (?:say|tell|know|conclude|recommend)"
    r"|(?:early|initial|preliminary) (?:[\w-]+ )?(?:results?|findings?|data))"
)
CAVEAT_STATE = _rx(
    rf"\b(?:(?:{STUDYISH}|difference|differences|effect|effects|benefit|benefits|improvement|gains?)(?: \w+){{0,3}} (?:was|were|is|are"
    # ("nothing short of transformative" is praise, not a limit)
    r"|remains?|still|seem|looks?|have been|has been) (?:(?!nothing )\w+ )?(?:very |too |quite |still |fairly |rather )?"
    r"(?:small|tiny|short|early|preliminary|limited|mixed|inconsistent|inconclusive|weak|modest|uncertain|unclear|low[- ]quality"
    r"|thin|sparse|conflicting|lacking|poor)"
    r"|limited (?:evidence|data|research|studies)|(?:mixed|inconsistent|conflicting|modest) (?:results|evidence|findings|effects?"
    r"|benefits?)|modest (?:improvements?|gains?|drops?|reductions?)|(?:low|poor)[- ]quality (?:evidence|studies|trials)"
    r"|inconclusive|the evidence (?:is|was) (?:not|weak|mixed|limited|thin|modest)|less clear|not clear|unclear whether"
    r"|(?:it is|it's) (?:not )?(?:unclear|not known)"
    # "results are not consistent", "the trials varied a lot in quality", "(trials) but they were mostly small"
    # "a real but moderate effect", "modestly reduced attacks"
    r"|(?:modest|moderate|small|slight)(?:ly)? (?:effects?|benefits?|improvements?|reductions?|reduced|improved|lowered|better)"
    r"|not consistent|var(?:y|ied|ies) (?:a lot |widely |greatly |considerably )?in (?:quality|design|size)"
    # "reviews rate the overall quality of the evidence as low"
    r"|quality of (?:the )?(?:evidence|studies|research|trials|data)\b[^.;]{0,30}\b(?:low|poor|weak|limited|moderate)"
    r"|(?:stud|trial|research|evidence|data)[^.;]{0,60}\b(?:they|which|these) (?:were|are|was|is) (?:mostly |all |mainly |often |quite"
    r" |very |still )?(?:small|short|tiny|preliminary|poor|low[- ]quality|limited))"
)
CAVEAT_ANIMAL = _rx(
    r"\b(?:(?:only|just|mostly|mainly|largely|almost all|all|so far|has been|have been|was|were) (?:\w+ ){0,6}?(?:(?:done |tested"
    r" |seen |shown |studied |carried out |conducted )?in (?:mice|rats|animals?|cells|the lab(?:oratory)?|a lab|a dish|lab dishes"
    r"|petri dishes|test tubes?|cell cultures?)|(?:animal|mouse|rat|lab|laboratory|cell|test-tube) (?:stud|experiment|model|research"
    # (not a boast of breadth: "studied in thousands of laboratory experiments and clinical trials")
    r"|data))(?!\w*,? (?:and|as well as|plus) (?:in )?(?:clinical|human|people|patients))"
    r"|(?:in|on) (?:mice|rats|animals),? (?:not|rather than) (?:in )?(?:people|humans)|(?:mice|rats|animals) (?:are not"
    r"|aren't) (?:people|humans)|(?:results|findings|effects) (?:in|from|seen in) (?:mice|rats|animals) (?:often |do not |don't"
    r" |may not |might not )|not (?:yet )?(?:been )?(?:shown|tested|proven|studied) in (?:humans|people)|(?:in humans|in people)"
    r" (?:is|are|has|have|remains?) (?:not|unknown|unclear|unproven))"
)
CAVEAT_CAUSE = _rx(
    r"\b(?:association,? not (?:cause|causation)|cause and effect|causation|(?:an? )?(?:associations?|links?|correlations?)"
    r",? (?:not|rather than|doesn't|does not|cannot|is not)|(?:can(?:not|'t)|does not|doesn't|did not|didn't|do not|don't)"
    r" (?:prove|establish|tell us whether|show (?:cause|that \w+ causes))|observational (?:study|studies|data|research)"
    r",? (?:so|which|and) (?:it |they |this )?(?:can|cannot|can't|does|doesn't|do not|don't|only|carr)"
    r"|(?:this|it) was an observational"
    # "shows a link but not that the nuts were responsible", "cannot say whether the drink caused it"
    r"|(?:links?|associations?|correlations?),? (?:but|and|yet) not (?:that|a cause|cause|causation|whether|proof)"
    r"|(?:cannot|can't|could not|couldn't|does not|doesn't|did not|didn't) (?:say|show|tell|prove|establish|determine)"
    r" (?:whether|that|if) [^.;]{0,60}\b(?:caus|responsib|led to|behind))"
)
CAVEAT_MORE = _rx(
    r"\b(?:(?:more|further|larger|bigger|longer|better|properly designed|well-designed|randomi[sz]ed|controlled|independent)"
    r" (?:and \w+ )?(?:research|studies|trials?|work|evidence|data) (?:is|are|will be|would be|needed|needs|required|to confirm|must)"
    r"|needs? (?:to be )?(?:confirm|replicat|repeat)|(?:not|never|yet to be|hasn't been|haven't been|has not been|have not been)"
    r" (?:yet )?(?:been )?(?:shown|tested|proven|confirmed|studied|replicated|demonstrated|established|peer[- ]reviewed)"
    r"|not (?:always |yet )?(?:reproduced|replicated|settled)|may not (?:reflect|apply|hold)|may (?:differ|not generali[sz]e)"
    r"|placebo (?:\w+ )?(?:often |also )?improved|(?:and|their|own|its|some|important|main|key|several|study|trial's|obvious"
    r"|clear|the) limitations|limitations? (?:include|of|are|were|is|was)|uncontrolled (?:stud|trial|case|series|data|observation)"
    r"|(?:has|have|had) (?:some |its |their |important |serious |real |several |obvious |clear )?limitations"
    r"|(?:raises?|raising|raised) (?:the |a )?(?:issue|question|possibility|concern|risk) of bias"
    # not shown yet: "if proven effective, the inhaler could replace two older ones"
    r"|\bif (?:it is |they are )?(?:proved|proven|shown to be) (?:effective|safe|successful|beneficial)"
    r"|no (?:proper )?(?:control|placebo) group|without a (?:proper )?(?:control|placebo|comparison)"
    r"|no (?:meaningful|significant|clear|real) difference|anecdotal|high risk of bias|not (?:statistically )?significant"
    r"|no significant|not (?:yet )?(?:a )?(?:full )?peer[- ]reviewed|conference abstract|(?:hasn't|has not|have not|haven't|not)"
    r" (?:yet )?been published|whether (?:the |these |this )?(?:results?|findings?|benefits?|effects?) (?:hold|apply|translate|last)"
    r"|(?:don't|do not|doesn't|does not) (?:yet )?know (?:whether|if)|(?:did not|didn't|failed to) (?:find|show|improve|reduce"
    r"|benefit|prevent|help)|no (?:clear |significant |proven |lasting )?benefit|uncertain(?:ty)? (?:about|remains|over|around|whether)"
    r"|(?:carry|carries|some|considerable|substantial|remaining|real) uncertainty|not (?:well |fully |yet )?understood"
    r"|(?:long-term|longer-term) (?:\w+ )?(?:effects?|safety|risks?|benefits?|data|evidence) (?:\w+ ){0,4}(?:unknown|unclear"
    r"|not known|uncertain|not (?:yet )?available)|(?:very )?few (?:human |large |good |randomi[sz]ed |controlled )?(?:studies|trials)"
    r"|(?:results|findings|benefits) (?:only )?apply (?:only )?to|(?:could not|couldn't) (?:prove|show|establish|tell)"
    r"|not an? randomi[sz]ed|no long-term (?:evidence|data|studies|trials)|not yet long-term|not (?:yet )?(?:been )?compared"
    r" (?:directly|head-to-head)|(?:data|evidence) [^.;]{0,40}(?:is|are) not yet available|remain(?:s)? unanswered"
    r"|unanswered questions?|(?:is|are) not (?:yet )?known|not yet clear|not reach (?:statistical )?significance"
    r"|overstat(?:e|ed|es|ing)|overestimat(?:e|ed|es|ing)"
    # conflicting findings, no randomisation, results not checked by anyone else, a study's own scope
    r"|(?:clear|honest|open) about (?:the|its|their) limits|the limits of (?:the|this|that|these|our) (?:evidence|study|studies|research"
    r"|trials?|data|findings)"
    r"|some (?:studies|trials|research)[^.;]{0,100}\bothers (?:have )?(?:found|find|show|showed|shown|report|reported|saw|see)"
    r"|similar to (?:a |the )?placebo|(?:(?:was|were|is|are) not|wasn't|weren't) (?:properly )?randomi[sz]ed"
    r"|not (?:been )?independently (?:verified|confirmed|replicated|reviewed|checked|tested)"
    r"|may (?:perform|work|behave|respond) differently|(?:study|trial|analysis|review|survey) did not include"
    r"|(?:long|longer)-term (?:\w+ ){0,2}(?:data|studies|trials|follow-up|research|results)[^.;]{0,50}\b(?:needed|required))"
)

# Stated limits in more wordings (their own anchors, so that the long CAVEAT_MORE runs on fewer units)
CAVEAT_EXTRA = _rx(
    # one study alone; no blinding; "confirmation is needed"; a first step; nobody knows yet; confounding; no comparison
    r"\b(?:(?:only|just) (?:one|a single|two) (?:small |short |early )?(?:study|trial|studies|trials)\b"
    r"|a single (?:small |short )?(?:study|trial)\b(?! (?:found|finds|showed|shows|suggested|suggests))"
    r"|(?:not|wasn't|weren't) (?:double-?|single-?)?blind(?:ed)?\b|unblinded|open-label|knew (?:which|whether|what)"
    r" (?:treatment|group|pill|drug|they)|placebo effect|expectations? (?:may|might|could|can) (?:have )?(?:played|colou?r"
    r"|influence|affect|explain)"
    r"|(?:confirmation|replication|verification|validation|follow-up|further work|more work|more data) (?:is |are |will be"
    r" |would be )?(?:still )?(?:needed|required|essential|necessary|warranted)|further (?:verification|validation"
    r"|confirmation)|needs? (?:to be )?(?:verif|validat)"
    r"|(?:findings|results|study|research|data|work|trial)[^.;]{0,40}\b(?:a|an) (?:first|early|initial) step|early days"
    r"|(?:nobody|no one|no-one) (?:yet )?knows\b|(?:don't|do not|doesn't|does not) (?:yet )?know (?:about|how|what|much)"
    r"|confound\w*|other factors\b[^.;]{0,40}\b(?:explain|account|play|influence|affect)"
    r"|(?:may|might|could) (?:also )?(?:have been|be) an? (?:\w+ )?contributing factor|(?:may|might|could) (?:simply |also )?"
    r"(?:explain|account for) (?:the )?(?:difference|link|association|result|finding)"
    r"|(?:no|did not have a|didn't have a|lacked a|had no|without a) (?:proper |separate )?(?:control|placebo|comparison)"
    r" (?:group|arm)|(?:not|never|yet to be|hasn't been|haven't been|has not been|have not been) (?:yet )?(?:been )?"
    r"(?:reviewed|checked|verified|scrutini[sz]ed) by"
    # other studies disagree; results rest on what people said rather than on measurements
    # not ready yet, the question still open, a result that something else may have raised
    r"|(?:still |many |several |some |a few )?years away\b|not (?:yet )?at the (?:point|stage) where"
    r"|(?:may|might|could) have (?:artificially )?(?:boosted|inflated|skewed|exaggerated|flattered)"
    r"|(?:other|later|larger|newer) (?:studies|trials) (?:have |has |had )?(?:not|never|failed|found no|did not|didn't"
    r"|could not|couldn't)|self-report(?:ed|s)?\b|(?:rel(?:y|ied|ies) on|based on) (?:what|how) [^.;]{0,40}\b(?:said|told"
    r"|reported|felt|thought|remembered|recalled))"
)

# Stated limits in still more wordings, anchored by "caveat_wide"; where a wording is also everyday language ("did
# not reply", "can't tell you what"), the evidence it qualifies is named in the same clause.
EVIDENCE_WORD = (
    r"(?:stud(?:y|ies)|trials?|data|numbers?|figures?|results?|findings?|evidence|research|estimates?|surveys?"
    r"|months|years|weeks|analys[ie]s)"
)
CAVEAT_WIDE = _rx(
    # an effect that fades: "the benefit had largely narrowed by 12 months", "the difference did not last"
    r"\b(?:(?:benefits?|effects?|differences?|gains?|improvements?|advantages?|results?|weight|protection|effectiveness)\b"
    r"[^.;]{0,60}(?<!never )(?<!not )(?<!n't )\b(?:narrow(?:s|ed|ing)?|fad(?:e|es|ed|ing)|wan(?:e|es|ed|ing)|disappear(?:s|ed)?"
    r"|vanish(?:es|ed)?|diminish(?:es|ed)?|wore off|wears? off|did not last|didn't last|does not last"
    r"|doesn't last)"
    # the certainty of the evidence: "evidence of low to moderate certainty"
    r"|(?:very low|low|moderate|limited)(?:[- ]to[- ](?:very low|low|moderate))?[- ]certainty|certainty (?:of (?:the )?evidence )?"
    r"(?:is|was|remains|as) (?:very )?(?:low|moderate|limited)"
    # what the data cannot tell: "twelve months doesn't tell me what happens at year five", "we can't say whether it lasts"
    rf"|{EVIDENCE_WORD}\b[^.;]{{0,40}}\b(?:doesn't|does not|don't|do not|can't|cannot|won't|will not|couldn't|could not|didn't"
    r"|did not) (?:yet |really |fully )?(?:tell|show) (?:us |me |you |anyone )?(?:what|whether|if|how)\b"
    r"|(?:can't|cannot|could not|couldn't) (?:yet |really )?say (?:how|whether|if|what|for sure|for certain)"
    r"|too (?:early|soon) to (?:talk|say|tell|know|call|claim|draw|judge|be sure|conclude)"
    # bias and drop-outs: "may have flattered the comparison", "four in ten patients didn't reply", "30 dropouts"
    r"|(?:may|might|could) (?:well |also )?have (?:been )?(?:flattered|inflated|exaggerated|skewed|biased|overstated|favou?red"
    r"|distorted)"
    r"|(?:is|are|was|were) (?:very |quite |often |notoriously |generally )?unreliable"
    # "much more research is still to be done", "it would take larger trials to settle it"
    r"|more (?:research|studies|trials|work) (?:is |are )?(?:still )?(?:to be done|to do)"
    r"|(?:will|would|could) take (?:more|further|larger|longer) (?:research|studies|trials|work)"
    # "it is important to further study the airway muscles", "the results need further study"
    r"|(?:need|needs|needed|important|necessary|essential) (?:to )?(?:further stud(?:y|ies)|study (?:it |this |them )?further"
    r"|further (?:investigat|research|test)\w*)"
    # "the results lay the groundwork for a larger trial"
    r"|(?:foundation|basis|groundwork|rationale|stage) for (?:a |an )?(?:larger|bigger|longer|definitive|full-scale)\b"
    r"[^.;]{0,30}\b(?:stud(?:y|ies)|trials?)\b"
    r"|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a third|a quarter|half|many|some|most|who)\b (?:in \w+ |of (?:the"
    r"|them|those) )?(?:[\w-]+ ){0,2}?(?:dropped out|withdrew|(?:didn't|did not|failed to|never) (?:reply|respond|return))"
    r"|drop-?outs?\b|lost to follow-up"
    r"|(?:fewer than|less than|only) (?:a |one |two )?(?:third|quarter|half)s? (?:of (?:them|participants|patients|people|those) )?"
    r"(?:had done so|replied|responded|returned)"
    # placebo responses: "did no better than the dummy pill", "large placebo and sham responses", "better on the placebo too"
    r"|(?:placebo|sham|dummy)(?:[- ](?:and|or) sham)? (?:responses?|effects?)|no better than (?:a |the )?(?:placebo|sham|dummy"
    r"|saline)|(?:on|with|from|taking) (?:the |a )?(?:placebo|sham|dummy pill) too\b"
    # an observational design; too little data; interim figures
    r"|(?:is|was|are|were|being) (?:an? |purely |only |largely |mostly )?observational|(?:cannot|can't|could not|couldn't|can not)"
    r" (?:fully |completely |entirely )?rule out"
    r"|(?:not|n't|no|never)(?: have| had| get| got| contain| collect| include)? enough (?:\w+ )?(?:data|evidence)"
    r"|(?:insufficient|too little|too few) (?:\w+ )?(?:data|evidence)|(?:too few|not enough) (?:\w+ )?(?:participants|patients"
    r"|people|cases|events|volunteers) (?:\w+ ){0,4}?to (?:tell|say|know|detect|estimate|draw|conclude|be sure|show|judge)"
    r"|(?:interim|provisional) (?:[\w-]+ )?(?:results?|findings?|data|estimates?|figures|analys[ie]s)"
    # calls for larger studies: "we'd like to see larger, independent studies before anyone draws conclusions"
    r"|(?:want|wants|like|need|needs|needed|call(?:s|ed)?(?: to action)? for|await\w*|wait(?:ing)? for|hope to see|to see)\b"
    r"[^.;]{0,25}"
    r"\b(?:larger|bigger|longer|more|further|independent|randomi[sz]ed|controlled|properly designed|well-designed|confirmatory)"
    r"\b[^.;]{0,40}\b(?:stud(?:y|ies)|trials?|research|data|evidence)\b"
    r"|before (?:anyone|we|doctors|people|experts|scientists|researchers) (?:can )?(?:draws?|make|recommend|conclude|know|be sure)"
    r"|(?:long|longer)-term (?:\w+ ){0,3}?(?:data|studies|trials|follow-up|results|evidence)\b[^.;]{0,40}\b(?:will be|would be|are"
    r"|is|remains?) (?:still )?(?:important|needed|essential|crucial|lacking|missing|limited|awaited|scarce)"
    # a study's scope: "the study included only adults", "should not be assumed to apply to children"
    r"|(?:included|enrolled|involved|recruited|studied|tested|looked at) only\b|only (?:included|enrolled|involved|recruited"
    r"|studied|looked at)\b|(?:should|must|cannot|can't) (?:not )?be (?:assumed|taken|expected) to apply"
    r"|(?:cannot|can't|should not|shouldn't) be (?:generali[sz]ed|extrapolated)"
    # figures not reliable, evidence not strong
    rf"|{EVIDENCE_WORD}\b[^.;]{{0,60}}\bnot (?:yet |fully |entirely |very |really )?(?:reliable|robust|conclusive|definitive)\b"
    # the question still open: "whether it helps adults as much isn't conclusive"
    r"|\bwhether\b[^.;]{0,80}\b(?:is|are|remains?) (?:still )?not (?:yet )?conclusive\b"
    r"|(?:evidence|data|research|studies|proof)\b[^.;]{0,50}\b(?:is|are|was|were|remains?) (?:still |also |much |far )?(?:not (?:yet )?"
    r"(?:strong|robust|conclusive|convincing|solid|sufficient|good enough|clear)|weaker|thinner|scant|scarce|patchy|sketchy)\b"
    r"|(?:weaker|thinner|patchy|scant|scarce|sketchy) evidence|not strong enough"
    # a test's misses: "it missed most precancerous polyps", "false-positive results in one in ten"
    r"|(?:miss(?:es|ed)?|failed to (?:detect|find|flag)) (?:most|many|the majority|a (?:third|quarter)|half|\d+ (?:percent|per cent|%)"
    r"|some) of\b|false[- ](?:positive|negative)s?\b"
    # results that vary from study to study; trials that only lasted a few months
    r"|(?:findings|studies|trials|results) (?:\w+ )?var(?:y|ies|ied) (?:a great deal|widely|a lot|considerably|greatly|hugely)"
    r"|var(?:y|ies|ied) (?:\w+ ){0,3}?from (?:study|trial) to (?:study|trial)"
    r"|(?:stud(?:y|ies)|trials?|research|experiments?)\b[^.;]{0,40}\bonly (?:lasted|ran|went on|followed (?:\w+ ){0,2}?for)\b"
    r"|(?:lasted|ran|followed (?:\w+ ){0,2}?for) only (?:a few|\d+|one|two|three|four|six|eight|twelve) (?:days|weeks|months))"
)
# Business boilerplate that forecasts, it qualifies no finding: "Actual results may differ materially."
FORWARD_LOOKING = _rx(
    r"\bforward-looking\b|\bactual (?:results|outcomes|events) (?:may|could|might) differ|\bdiffer materially\b"
)

SPONSOR_LABEL = _rx(
    r"(?<!not )(?<!n't )(?<!never )(?<!not a )(?<!n't a )(?<!never a )\b(?:sponsor(?:ed|s|ship)?\b(?! trial| study| research)"
    r"|advertisement|advertorial|advertising (?:feature|supplement|promotion|content)|promotional (?:feature|content|post)"
    r"|paid (?:content|partnership|post|promotion|advertis\w+|for by|(?:press )?release)|affiliate (?:links?|disclosure|commission|partner|program)"
    r"|(?:earn|receive|get|make) (?:a |an )?(?:small |modest )?(?:commission|referral fee|cut)|partner content|promoted content"
    # (a label: "In partnership with X", "This article was produced in partnership with X"; a product "developed in
    # partnership with" a clinic, a cohort "run in partnership with three NHS trusts" label nothing)
    r"|brought to you by|^\W*in partnership with|\b(?:created|produced|written|presented|made|published) in partnership with"
    r"|#\s?ad\b|#sponsored|^ad\b|^advert\b)",
    re.I | re.M,
)
COI_STATEMENT = _rx(
    r"\b(?:funded|financed|supported|sponsored|paid for|underwritten|backed) (?:in part |partly |fully |entirely )?by\b"
    r"|\b(?:funding|financial support|grant|grants) (?:for|from|came from|was provided|was received)"
    r"|\b(?:conflicts?|competing|financial|declaration) (?:of )?interests?\b|\bfinancial (?:ties|tie|relationships?|links?|stake)"
    r"|\b(?:receive[sd]?|receiving|has received|have received|accepts?|took) (?:consulting |speaker |speaking |research |advisory )?"
    r"(?:fees|funding|grants?|payments?|honoraria|royalties|money|compensation)"
    r"|\b(?:holds?|owns?|has|have) (?:filed )?(?:shares|stock|equity|a stake|an equity stake|a financial|patents?|a patent)"
    r"|\b(?:is|are|am|was|as) (?:a |an |the )?(?:paid |former )?(?:consultants?|employees?|shareholders?|co-?founders?|founders?"
    r"|owners?|advis[oe]rs?|investors?|board members?|director) (?:of|for|at|to|in)\b"
    r"|\b(?:declare[sd]?|report(?:s|ed)?|has|have|with) no (?:conflicts|competing|financial)"
    r"|\b(?:no|any) (?:financial )?ties to\b|\bi (?:don't|do not) (?:do this work|work) for any"
    r"|\b(?:earn|receive|get|make) (?:a |an )?(?:small )?(?:commission|referral fee|cut|share)"
    r"|\breferral (?:credit|bonus|fee|reward|commission)s?\b|\bfull disclosure\b"
    r"|\baffiliate (?:links?|disclosure|commission)|\bsponsors? this\b"
    r"|\b(?:manufactures|makes|produces|owns) and (?:sells|markets|distributes)|\b(?:sells|markets) the products? (?:described|mentioned)"
    r"|\bdisclosures?:|\bthe authors? (?:is|are|has|have|declare)"
    # "Dr. X is a paid member of the Y Scientific Advisory Board"
    r"|\b(?:is|are|was|as) (?:a |an )?paid (?:[\w-]+ ){0,2}?(?:members?|advis[oe]rs?|spokesp\w+|ambassadors?|partners?)\b"
    r"|\b(?:sits?|serves?|member) (?:on|of) (?:the |its |their )?(?:[\w'’-]+ ){0,4}?advisory (?:board|panel|council)\b",
)

# Work done for a named client: "a trial conducted for Brellin Group", "carried out on behalf of Novarra"
DONE_FOR = _compile(r"\b(?:conducted|carried out|performed|run) (?:for|on behalf of) (?:the )?[A-Z]")

# Ties laid at an industry's door to argue a point ("agencies funded by the very companies they regulate", "trained in
# a system funded by pharmaceutical companies") disclose nothing about the source, unless the source is the subject.
ACCUSED_TIES = _rx(
    r"^(?!.*\b(?:i|we|my|our|the authors?|this (?:study|trial|article|work|research|report))\b)"
    r"(?!.*\bno (?:financial |commercial )?(?:ties|links|relationships?|conflicts?|competing)\b).*\b(?:big pharma"
    r"|(?:pharmaceutical|pharma|drug|vaccine) (?:companies|industry|firms|makers|manufacturers|giants)"
    r"|the (?:very )?companies (?:they|it|that) (?:regulate|oversee|police)|the very companies)\b"
)

AMBIGUOUS_JOURNALS = (
    r"(?:Gut|Circulation|Pediatrics|Neurology|Gastroenterology|Diabetes Care|Nutrients|Hypertension|Thorax|Brain|Cell|Nature"
    r"|Science|Sleep|Pain|Addiction|Diabetologia|Blood|Cancer|Chest|Rheumatology|Allergy|Obesity|Menopause|Fertility and Sterility)"
)
# Identifiable sources, in four groups, each confirmed only where its own keywords fired.
REF_LINK = _rx(
    # a link, a DOI, "et al", a journal known by name
    r"\bdoi:?\s?10\.\d{4,}|\bpmid:?\s?\d|https?://\S+|\bwww\.\S+|\bet al\b|\b(?:the )?(?:lancet|jama|bmj|nejm"
    r"|new england journal of medicine|nature medicine|plos one|cochrane(?: review| library)?)\b"
)
REF_PUBLISHED = _compile(
    # a named journal: "published in The Lancet", "in the journal Neurobiology Frontiers", "Gut. 2017" (a meeting is no
    # publication: "presented at the annual meeting of ..." names nothing to look up)
    r"\b(?:[Pp]ublished|[Rr]eported|[Aa]ppeared|[Aa]ppears|[Pp]resented|[Dd]escribed) (?:online |today |this week |last \w+ "
    r"|recently )?in (?:the )?(?:journal )?[A-Z][\w&'’.-]+"
    # "published in the 12 May issue of Clinical Cancer Research", "appears in this month's issue of Thorax"
    r"|\b(?:[Pp]ublished|[Aa]ppeared|[Aa]ppears) in (?:the |this |a )?(?:[\w'’,]+ ){0,3}?issue of (?:the )?(?:journal )?[A-Z][\w&'’.-]+"
    r"|\b[Jj]ournal (?:of )?[A-Z][\w&-]+|[A-Z][\w&-]+ Journal\b|\b[A-Z][\w'’-]+ (?:and|&) colleagues\b"
    r"|\b(?:Annals|Archives) of [A-Z][\w ]+"
    # a paper named by its journal: "an article in Lung Reports", "their paper in Airway Science"
    r"|\b(?:[Aa]rticle|[Pp]aper) (?:published )?in (?:the )?(?:journal )?(?!(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b)[A-Z][\w&'’.-]+"
    rf"|\b(?:in|published in|journal) {AMBIGUOUS_JOURNALS}\b|\b{AMBIGUOUS_JOURNALS}[.,]? \(?(?:19|20)\d\d\b"
)
# A named guideline: "NICE guideline NG136". (An attribution, "according to the CDC", "researchers at the University of
# X", names a source but no document to look up: the guidelines ask for a named journal and study, a link or a list.)
REF_SOURCE = _compile(r"\b(?:[Gg]uideline|[Gg]uidance|[Rr]ecommendation) [A-Z]{2,}\s?\w*\d+")
# A link to the issuer's own site, to buy or learn more, is no source: "For more information, visit www.x.com."
OWN_SITE_LINK = _rx(
    r"\b(?:visit|available (?:now )?(?:at|from|on)|(?:order|buy|shop|book) (?:now |online )?(?:at|from|on|via)"
    r"|more (?:information|info|details) (?:at|on)|learn more (?:at|on)|find (?:us|out more) (?:at|on)|follow us)\b[^.]{0,40}"
    r"(?:www\.|https?://)"
    # a picture, not a source: "Logo - http://photos.example.com/...", ".../chart.jpg"
    r"|^\W*(?:logo|photo|image|video|multimedia)\b[^.]{0,20}(?:www\.|https?://)|\.(?:jpe?g|png|gif)\b"
)
# A study known by its name: "the AREDS2 trial", "the National Lung Screening Trial"
NAMED_STUDY = _compile(
    r"\b[A-Z][A-Z0-9-]{2,}\d?\b (?:[Tt]rial|[Ss]tudy)\b|\b[Tt]he [A-Z][\w-]+(?: [A-Z][\w-]+){1,6} (?:[Tt]rial|[Ss]tudy"
    r"|[Ss]urvey|[Rr]egistry)\b"
)
# A reference line that names nothing anyone could look up: "[1] [2] According to international studies.",
# "Information collected from scientific conferences."
VAGUE_SOURCE = _rx(
    r"^\W*(?:\[\d+\]\W*)*(?:(?:sources?|references?)\s*:\s*)?(?:according to |information (?:collected |compiled |taken |gathered )?"
    r"from |based on |compiled from |taken from |from )?(?:(?:the |various |many |several |recent |international |foreign "
    r"|scientific |medical |health |reputable |reliable |official |online )+)?(?:studies|research|conferences|sources|internet"
    r"|experts|documents|literature|websites|reports|materials|journals|newspapers)\W*$"
)
SOURCE_LIST = _rx(
    # (not a wire's issuer credit, "SOURCE Brightfield Imaging": a line with no colon)
    # (a pointer to more reading names no source of the article's claims: "More information", "Read more from ...")
    r"^(?:references?|(?!source [^:\n]{1,60}$)sources?|bibliography|citations?|works cited|studies cited|further reading"
    r"|useful links)\b\s*:?",
    re.I,
)

FDA_STATEMENT = _rx(
    r"\bnot (?:been )?evaluated by the (?:food (?:and|&) drug administration|fda|u\.s\. fda)"
    r"|\bnot intended to (?:diagnose|treat|cure|prevent|mitigate)"
    r"|\b(?:do|does|did|will) not claim (?:that [\w ]{0,40} )?(?:to )?(?:cure|prevent|treat|diagnose)"
    r"|\b(?:doesn't|don't|make no|makes no) claims? (?:that [\w ]{0,40} )?(?:to )?(?:cure|prevent|treat|diagnose|about|that)",
)

DATE_FORM = (
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s(?:of\s)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s\d{4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
)
SEP = r"[|·•]"
MONTH_DAY = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}"
# A name of at most 100 more words: the byline patterns run only on units of SHORT_UNIT (200) characters, where
# no name has more, and an unbounded name was retried word by word over a long capitalised line.
NAME = r"(?:(?:(?:Dr|Prof|Mr|Mrs|Ms)\.? )?[A-Z][\w.'’-]+(?: (?:[A-Z][\w.'’-]*|de|van|von|da|le|bin|al)){0,100})"
HANDLE = (
    r"(?i:(?!guest|anonymous|admin|moderator))(?:@?(?=[\w.'’-]*[a-z])[\w.'’-]*(?:_|\d)[\w.'’-]*|[A-Z][a-z]+[A-Z]\w*)"
)


def _word_list(words: str) -> str:
    """An alternation of words grouped by first letter: inside ``(?i:...)``, where ``re`` enters every
    alternative it tries, that is a few tries per position instead of one per word."""
    return f"(?:{_by_first_character(_alternatives(words))})"


# Services that distribute press releases, credited as a wire is (lower case: in case-insensitive patterns)
DISTRIBUTORS = r"(?:newswise|pr newswire|business wire|globe ?newswire|eurekalert!?)"
BY_WORDS = _word_list(
    r"posted|written|words|reporting|reported|prepared|compiled|edited|editing|story|text|interview|page|article|post"
    r"|column|answers?|answered|produced|issued|published|released|photos and words|research and words|report"
)
CREDIT_VERBS = _word_list(
    r"posted|published|updated|written|prepared|compiled|edited|answered|produced|issued|released"
)
WRITER = (
    r"(?i:(?!admin\b|administrator\b|webmaster\b|guest\b|anonymous\b|user\b)(?:the |our )?)"
    r"(?:(?:(?:Dr\.?|Prof\.?|Professor|Coach|Nurse|Chef|Pharmacist|Rev\.?) )?[A-Z][\w.'’-]+|" + HANDLE + r")"
)
RELATIVE_TIME = (
    r"(?:yesterday|today|\d{1,2} (?:minutes?|hours?|days?|weeks?|months?) ago"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,? \d{1,2}[:.]\d{2})"
)
CREDIT_WORDS = _word_list(r"written|words|reporting|reported|prepared|compiled|edited|produced|researched|translated")
NAMED = r"(?:the |our )?(?!admin\b|administrator\b|webmaster\b|anonymous\b|guest\b|user\b)\w"
# Bylines and credits, in two parts: what needs no capitals runs over the lowercased line (fast), what
# names a person or an organisation (a capitalised word) runs case-sensitively.
AUTHOR = _Any(
    _rx(
        # a reviewer counts when it is an organisation (the responsible body), not a person
        r"\breviewed (?:\d[^|·•\n]{0,30} )?by (?:the )?[\w ]{0,40}\b(?:board|team|group|department|service|committee|desk)\b"
        rf"|(?:^|{SEP}\s*|\S\s{{2,}})(?:writer|author|authors|written by|reporter|text|words|compiled by|edited by|story|reporting"
        r"|byline|author bio|author's bio|author profile|about the writer|(?:responsible |chief |executive |managing )?editor"
        r"(?: in charge)?)\s*:\s*(?!admin\b|administrator\b|webmaster\b|anonymous\b|guest\b)\w"
        # agency credits, press offices, issuers, publishers
        r"|\((?:reuters|ap|afp|healthday news|healthday|upi|bloomberg|pa|ians|pti|xinhua|dpa|cnn)\)"
        # any agency's credit opening a dateline: "(HealthWire News) - June 9, 2025"; a release distributor's
        r"|^\([\w .&'’-]{0,30}\b(?:news|wire|newswire|press|media)\)\s*[-–—:]"
        rf"|^{DISTRIBUTORS}\s*[-–—:/]"
        # the writer's sign-off and own account: "Write to Ann Lee at ann.lee@...", "follow me on Twitter @annlee"
        r"|^write to [^@\n]{2,60} at \S+@|\bfollow me on (?:twitter|x|instagram|facebook|threads)\b[^.\n]{0,30}@\w"
        r"|^(?:[—–-]\s*)?(?:staff (?:report|reporter|writer|writers)|from (?:our|the) (?:staff|newsroom)|special to)\b"
        r"|^about the authors?\b"
        r"|^(?:[\w ]{0,20})?(?:media|press|news|communications)(?: relations| contacts?| enquiries| inquiries| office)?\s*:"
        r"|\b(?:office of communications|communications office|news office|press office|media office|newsroom)\s*$"
        r"|^source\s*:[^.\n]{0,80}\b(?:office of (?:communications|public affairs|media relations)|press office|news office"
        r"|newsroom|media relations|communications)\b"
        r"|^(?:contact|contacts|issued by|press release from|for further information)\s*:\s*\w"
        r"|^(?:the |this )?(?:page|article|post|guide|leaflet|story|piece|answer|information|content|entry) (?:was |is |has been )?"
        r"(?:last )?(?:written|prepared|produced|compiled|updated|edited) (?:\d[^|·•\n]{0,30} )?(?:by|for)\b"
        r"|\b(?:last )?edited (?:on )?\d[^|·•\n]{0,30} by\b|\b(?:a )?publication of\b"
        r"|^[^.!?\n]{0,80}\b(?:health|science|medical|news|investigations?|patient information|editorial) (?:reporter|correspondent"
        r"|editor|board|writer)\b",
        re.I | re.M,
    ),
    _compile(
        # "By Ann Lee", "Written by Dr. Ann Lee", "— Written by Jess", "Page by Dr. Grant", "Posted 9 January 2024 by Kyle",
        # "Prepared by the Northgate rehabilitation team", "posted by dewy_not_oily"
        rf"(?:^(?:[—–(\[-]\s*)?(?i:(?:additional |further )?{BY_WORDS} )?|{SEP}\s*(?i:{BY_WORDS} )?|(?i:\b{CREDIT_VERBS} (?:on )?(?:\d|(?:jan|feb|mar|apr"
        rf"|may|jun|jul|aug|sep|oct|nov|dec))[^|·•\n]{{0,30}}? ))(?i:by):?\s+{WRITER}"
        # "Dr. Le Quang Vinh, Gastroenterology Department, answers:"
        rf"|^{NAME},? [^:\n]{{0,80}}\b(?i:answers|replies|responds|explains|writes)\s*:"
        r"|^(?i:about) (?:the )?[A-Z]|\b(?i:published by) (?:the )?[A-Z]"
        # a reporter's sign-off naming the outlet: "-- Caspar Lindqvist, Millbrook Tri-County Ledger"; a wire's issuer
        # credit: "SOURCE Brightfield Imaging"
        rf"|^(?:--|[–—])\s*{NAME},\s*(?:[A-Z][\w'’&.-]*\s){{0,5}}(?:Ledger|Times|Post|News|Herald|Gazette|Journal|Tribune"
        r"|Courier|Chronicle|Record|Wire|Press|Daily|Weekly|Observer|Star|Sun|Express|Telegraph|Review|Today|Radio|TV"
        r"|Magazine|Bulletin|Dispatch|Examiner|Standard|Guardian|Independent|Mirror|Mail)\b"
        r"|^SOURCE:? [A-Z][\w&.,'’ -]{1,60}$"
        # a site's own name for itself: "skin, unfiltered | a blog by Jess Amankwah", "the weekly column by Dr. Ruth"
        rf"|\b(?i:(?:an?|the|my|our) (?:[\w-]+ ){{0,2}}?(?:blog|column|newsletter|diary|vlog|podcast) by) {WRITER}"
        # an issuer's about section, by its heading
        r"|^(?i:about us|our story|who we are)\s*$"
        # a contributor's credit: "Karen Lee Special to the Courier", "Special for USA TODAY"
        # (the outlet's name ends the line: "Special for Mother's Day: 20% off" credits no one)
        rf"|^(?:{NAME},? )?(?i:special (?:to|for)) (?:the )?[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){{0,4}}\s*$"
        r"|^[^.!?\n]{0,60}\b(?i:library|encyclopa?edia|information service|patient education|patient information"
        r"|health information|guide)\b[^.!?]{0,30}(?:—|–|\||,)\s*[A-Z]|\b(?i:information from) (?:the )?[A-Z]"
        rf"|^{NAME} (?:is an? [^.\n]{{0,60}}\b(?i:writer|journalist|reporter|editor|author|columnist|blogger|contributor)\b"
        r"|(?i:writes (?:about|for)|has written (?:about|for)))",
        re.M,
    ),
    # credit lines that are whole units: tried once, at the start (no line breaks inside a unit)
    _rx(
        # "Written and medically reviewed by", "Translated and compiled by", "Medically reviewed and written by",
        # "Posted in Heart Health by", "Contributed by", "Guest post by" (a reviewer alone is not the author)
        rf"^(?:[—–-]\s*)?(?:(?:medically |clinically )?reviewed and {CREDIT_WORDS}|{CREDIT_WORDS} and (?:medically |clinically )?"
        rf"(?:{CREDIT_WORDS}|reviewed|fact-checked)|(?:posted|published|filed) in [\w &'’-]{{1,30}}?|contributed|translated|adapted"
        rf"|researched|guest (?:post|article|blog|column)|reply|provided|supplied) by:? {NAMED}"
        # "Answer from Dr. Helen Moss, paediatrician:", "From the desk of Dr. Amir Haddad", forum "kidneywarrior77 wrote:"
        r"|^(?:re:[^\n]{0,80}?[-–—|·:] ?)?(?:(?:original|opening|first) (?:post|question)|(?:thread|topic|discussion|question)"
        r" (?:started|opened|posted|created|asked)|started|opened|asked) by:? (?!guest\b|anonymous\b|admin\b)@?\w"
        r"|^(?:re:[^\n]{0,80}?[-–—|·:] ?)?(?:(?:an? |the )?(?:answer|answers|reply|expert advice|advice|note|letter|message)"
        r" from|from the desk of)"
        r" (?:dr\.? |prof\.? )?(?:the |our )?(?!admin\b|administrator\b|anonymous\b|guest\b)\w"
        r"|^(?!guest\b|anonymous\b|admin\b|moderator\b)@?[\w.'’-]{3,30} (?:wrote|writes|replied|replies)\s*:"
        # "For more information, contact the Kidney Care Trust press team."
        r"|\bcontact (?:the |our )?(?:[\w'’&-]+ ){1,6}?(?:press|media|communications) (?:team|office|officer|desk)\b"
        r"|^(?:[—–-]\s*)?(?:the )?(?:editorial|news|health|science) (?:team|staff|desk)\s*$"
        # "Compiled by the editorial team of ...", "Medically reviewed and written by the Westbrook Clinic team"
        r"|^[\w ]{0,30}\b(?:written|compiled|prepared|produced|edited|reported|researched)(?: and \w+)? by (?:the |our )?"
        r"(?:[\w'’&-]+ ){0,5}?(?:team|desk|staff|editors|board|newsroom|department|unit|service|committee)\b"
    ),
)
# "Dr. Amara Nwosu, general practitioner · 27 November 2023", "Dr. X, DC · X Chiropractic · April 2, 2024",
# "Community News | Harbour County Courier | Posted June 3, 2024"; forum "glucosegal_58 · 3 February 2024"
# (run only on lines with a separator: the pattern is slow on long lines without one)
AUTHOR_SIGNED = _compile(
    rf"^(?i:(?:reply|re|comment|answer|response|post)\s*{SEP}\s*)?(?i:(?!guest|anonymous|admin|moderator))(?:{NAME}|{HANDLE})"
    rf"(?:,? [^·|•\n]{{0,80}})?(?:\s*{SEP}\s*[^·|•\n]{{1,60}}){{0,2}}?"
    rf"\s*{SEP}\s*(?i:(?:(?:posted|published|updated|last updated|reviewed)?:?\s*{DATE_FORM}|(?:posted )?{RELATIVE_TIME}))",
    re.M,
)
# A credential line over a Q&A or an explainer: "Dr. Le Van Thanh, Head of Cardiology, Bach Mai Hospital"
# (a line, not a sentence: no full stop after the name)
CREDENTIAL_LINE = _compile(
    r"^(?:Dr|Prof|Professor|Assoc\. Prof)\.? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,4},[^.!?\n]{3,100}\b(?:Hospital|Clinic"
    r"|University|Institute|Department|Centre|Center|Faculty|Practice|Surgery)\b[^.!?\n]*$"
    # "Dr. Kevin Marlowe, DC | Natural Mind Wellness": a titled name and the practice, a line over the text
    r"|^(?:Dr|Prof|Professor)\.? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}(?:,[^.!?\n|·•]{1,40})?\s*[|·•]\s*[A-Z][^.!?\n]{1,60}$"
)
AUTHOR_LOOKALIKE = _rx(
    r"\b(?:photo(?:graph|s)?|image|picture|illustration|video|graphic|cover|artwork)s? ?(?:by|credit|courtesy|:)"
    # a contact for customers or patients, not for the press: "Contact: X Patient Coordinators", "X Customer Care"
    r"|\b(?:customer (?:care|service|services|support)|patient (?:coordinators?|services|advisers|advisors)|sales team"
    r"|bookings? (?:team|line|office))\b"
    r"|\b(?:posted|written) by (?:admin|administrator|webmaster)\b"
    r"|\b(?:sponsored|paid for|funded|supported|brought to you|presented|powered|underwritten) by\b"
    r"|^\W*(?:paid content|sponsored(?: content| post)?|advertisement|advertorial|partner content|promoted content)\b",
)
# A byline region that names no writer: "Posted by admin", a photo credit, a sponsor, a reviewer alone
NO_WRITER = _Any(
    AUTHOR_LOOKALIKE,
    _rx(
        r"\b(?:admin|administrator|webmaster|anonymous)\b"
        r"|^\W*(?:medically |clinically )?(?:reviewed|fact[- ]checked) by\b(?!.*\b(?:written|words|reporting|author)\b)"
    ),
)

DATE_LINE = _rx(
    # "Published 14 February 2024", "Updated: June 3, 2024", "Article last edited 28 August 2024"
    r"\b(?:published|updated|posted|reviewed|edited|last (?:updated|reviewed|modified|checked|edited)|date(?:d)?|issued|released"
    rf"|written)(?: (?:on|at|in))?:?\s*(?:[^\n.]{{0,40}}?\s)?{DATE_FORM}"
    # a date next to a separator, as in bylines and forum posts: "By Ann Lee · 6 March 2024", "Q&A column, 28/02/2024"
    rf"|(?:{SEP}|[—–,])\s*(?:\w+ )?{DATE_FORM}|{DATE_FORM}\s*(?:{SEP}|[—–]|\(\w[\w ]*\)|,? \d{{1,2}}[:.]\d{{2}}|$)"
    rf"|^\s*{DATE_FORM}\s*$",
    re.I | re.M,
)
# A release distributor's credit before a dateline: "Newswise — "
DISTRIBUTOR = rf"(?:{DISTRIBUTORS} ?[-–—] ?)?"
# A dateline opens a news story or a press release: "CHICAGO, June 23, 2024 (Wire) —", "HALDEN, Ohio - 14 March 2024 -"
DATELINE = _rx(
    rf"^{DISTRIBUTOR}(?-i:[A-Z][A-Z .'/-]{{2,30}})(?:,? [\w .']{{0,30}})?[,(]? ?[-–—]? ?{DATE_FORM}\)? ?(?:[-–—:/|(]|$)"
    # a wire dateline gives the day without the year: "CHICAGO, June 2 (Meridian Wire) -"
    rf"|^{DISTRIBUTOR}(?-i:[A-Z][A-Z .'/-]{{2,30}}),? {MONTH_DAY} \([^()\n]{{2,40}}\) ?[-–—]"
    # a place in title case, the date in brackets: "Bethesda, MD (June 5, 2017) --"
    rf"|^{DISTRIBUTOR}(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+){{0,3}}, [A-Z][A-Za-z.]{{1,15}}) \({DATE_FORM}\) ?[-–—]"
    # the date first: "July 30, 2012 -- ...", "April 21, 2017, Amsterdam, The Netherlands: ..."
    rf"|^{DISTRIBUTOR}{DATE_FORM} ?(?:[-–—]{{1,2}} |, [^:\n]{{2,60}}: )"
)
# An agency's or a wire's credit opening a story, alone or after a dateline: "(HealthWatch News) --", "LONDON
# (Reuters) -", "CHICAGO, June 2 (Meridian Wire) -", "AUSTIN, Texas, Jan. 14, 2025 /Apex Health Wire/ --", "(CNN) The
# agency said", a release distributor's "Newswise — " (anchored: it runs on the first sentence, however long)
AGENCY_CREDIT = _compile(
    r"^(?:[A-Z][A-Z .'/-]{2,30}(?:,[^()/\n]{1,40}?)? )?(?:\([A-Z][\w .&'’-]{1,40}\)|/[A-Z][\w .&'’-]{1,40}/) ?(?:-{1,2}|[–—]) "
    r"|^(?:[A-Z][A-Z .'/-]{2,30} )?\([A-Z]{2,6}\) [A-Z]"
    rf"|^(?i:{DISTRIBUTORS}) ?(?:-{{1,2}}|[–—]) "
)
# A line that gives only a relative time ("Posted 3 hours ago", "Updated yesterday") dates nothing
RELATIVE_ONLY = _rx(
    r"^\W*(?:(?:posted|updated|published|edited|last updated)\W*)?(?:(?:\d+|an?|one|two|three|a few|few) (?:seconds?|minutes?"
    r"|hours?|days?|weeks?|months?|years?) ago|yesterday|today|just now)\W*$"
)
# A copyright line; a citation of a paper, whose date is the journal's ("Source: <journal>, online <date>", "<journal>;
# published online <date> (DOI: 10.<...>)")
DATE_LOOKALIKE = _rx(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4})?|\ball rights reserved\b|\bdoi\b\s*[:.]?\s*10\.|^\W*(?:sources?|references?)\s*:"
)
SHORT_UNIT = 200  # a date or byline pattern counts only in a unit this short (a line, not prose)
# A letter or newsletter signed at its end: a closing line ("With love,", "To your health,", "Warmly,") and the
# writer's name on the next line ("Brigid Tallis, Certified Natural Health Practitioner")
SIGN_OFF = _rx(
    r"^\W*(?:with (?:love|gratitude|thanks|warmth|warm wishes|best wishes)|(?:warm(?:est)? |kind(?:est)? |best |many )?"
    r"(?:regards|wishes)|warmly|love|yours(?: (?:truly|sincerely|faithfully|in health))?|(?:to|in) (?:your )?(?:good )?health"
    r"|sincerely|cheers|be well|stay well|until next time|blessings|with care)\s*,?\s*$"
)
SIGNATURE = _compile(
    r"^\W{0,3}(?:(?:Dr|Prof|Mr|Mrs|Ms)\.? )?(?!Admin\b|Team\b|Anonymous\b)[A-Z][\w'’-]+(?: (?:[A-Z][\w.'’-]*|de|van|von|da|le))"
    r"{0,3}(?:,[^\n]{0,100})?$"
)
SIGN_OFF_CHARS = 40  # a closing line is short


def signed_letter(ctx: Context) -> str | None:
    """The name under a closing line, when the line after it gives one."""
    units = ctx.units
    for i in range(len(units) - 1):
        if len(units[i].text) <= SIGN_OFF_CHARS and SIGN_OFF.search(units[i].text):
            name = units[i + 1].text
            if len(name) <= SHORT_UNIT and SIGNATURE.search(name) and not AUTHOR_LOOKALIKE.search(name):
                return name
    return None


def _short(rx: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> re.Pattern[str]:
    """Wrap ``rx`` so that it matches only short units, and none that ``exclude`` matches."""
    return _ShortPattern(rx, exclude)  # type: ignore[return-value]


class _ShortPattern:
    """A pattern that matches only units up to SHORT_UNIT characters, none matching ``exclude``."""

    def __init__(self, rx: re.Pattern[str], exclude: re.Pattern[str] | None = None):
        self.rx, self.exclude = rx, exclude

    def search(self, text: str) -> re.Match[str] | None:
        if len(text) > SHORT_UNIT or (self.exclude is not None and self.exclude.search(text)):
            return None
        return self.rx.search(text)


class _Gated:
    """``rx`` tried only where ``gate``, a cheap pattern that matches wherever ``rx`` does, matches: most
    lines a month name ("may") anchors have no digit, so no date."""

    def __init__(self, gate: re.Pattern[str], rx: Searcher):
        self.gate, self.rx = gate, rx

    def search(self, text: str) -> object:
        return self.rx.search(text) if self.gate.search(text) else None


# One object per pattern, shared by the anchors that use it: a unit is then checked once (Context.ok).
BYLINE = _short(AUTHOR, AUTHOR_LOOKALIKE)
SIGNED_BYLINE = _short(AUTHOR_SIGNED, AUTHOR_LOOKALIKE)
CREDENTIAL = _short(CREDENTIAL_LINE, AUTHOR_LOOKALIKE)
DATED_LINE = _short(_Gated(re.compile(r"\d"), DATE_LINE), DATE_LOOKALIKE)  # every date form has a digit


def _not(rx: re.Pattern[str], exclude: re.Pattern[str]) -> re.Pattern[str]:
    return _Unless(rx, exclude)  # type: ignore[return-value]


class _Unless:
    """``rx`` where ``exclude`` does not match the same unit."""

    def __init__(self, rx: re.Pattern[str], exclude: re.Pattern[str]):
        self.rx, self.exclude = rx, exclude

    def search(self, text: str) -> re.Match[str] | None:
        m = self.rx.search(text)
        return m if m and not self.exclude.search(text) else None


# --- triggers ------------------------------------------------------------------------------------

YOU = _rx(r"\b(?:you|your|yours|yourself)\b")
EFFICACY_CLAIM = _rx(
    r"\b(?:cur(?:e[sd]?|ing)|heal(?:s|ed|ing)?|revers(?:e[sd]?|ing)|eliminat|get(?:s)? rid of|regrow|regenerat|rebuild"
    r"|repair|dissolv|unblock|detox|cleans|melt|flush|fix(?:es|ed)?|treats?|treated|relie(?:f|ve)|prevent|protect|restor"
    r"|boost|lower|reduc|improv|strengthen|fight|balanc|ease|clear|support|help|work(?:s|ed)?|effective|safe|no side effects"
    r"|miracle|breakthrough|proven|remission)"
)


SHOULD = _rx(
    r"\b(?:you|anyone|everyone|people|patients|those|parents|carers|caregivers|women|men|adults|children|readers|smokers"
    r"|travell?ers|mothers|pregnant)\b[^.!?]{0,80}\b(?:should|must|need to(?! know\b| hear\b)|ought to"
    r"|(?:might|may) (?:want to |wish to )?consider)\b"
    r"(?! not be (?:surprised|confused))(?! not have to\b)"  # "patients should not have to wait" wants, advises nothing
)


# A modal whose subject is the research, not the reader ("further studies should follow them", "the results need to
# be repeated"), or a "should" that the sentence says nothing supports ("no good evidence that adults should")
NOT_READERS_MODAL = _rx(
    r"\b(?:research|results?|findings?|stud(?:y|ies)|data|trials?|evidence|analys[ie]s|work)\s+(?:\w+\s+)?"
    r"(?:should|must|needs? to|ought to)\b|\bno (?:\w+ )?evidence (?:that|to suggest)\b"
)


DOSE_ADVICE = _rx(
    r"\b(?:take|taking|you|your|daily|a day|per day|each day|every day|twice|once|with (?:meals|food|water)|before"
    r" (?:bed|meals|breakfast)|morning|evening|night|serving|servings|scoop)\b"
)


# "See also: ...", "Use of terms such as...", "Follow-up visits went on for a year": the first word is a noun here,
# not an imperative
NOT_IMPERATIVE = _rx(r"^\W*\w+ (?:also|of)\b|^\W*\w+-\w")
# A speaker's words reported in a news story or release ("..., said Dr. Lee"): what the speaker thinks
# people need, not the article telling its readers what to do
REPORTED_SPEECH = _rx(r"\b(?:said|says|told|added|explained)\b|^\s*[\"“]|[\"”]\s*$")
# A question asks, it does not advise: "Is a glass of wine a day good for your heart?"
QUESTION = _rx(r"\?[\s\"'”’)]*$")
# Advice given impersonally: "patients are encouraged to...", "it's best to...", "we urge every woman over 40 to..."
# (in the present tense: "officials urged people to..." reports someone else's advice)
IMPERSONAL_ADVICE = _rx(
    r"\b(?:(?:are|is|be) (?:strongly |also |therefore |now |always |usually |\w+ly )?(?:encouraged|advised|urged|recommended)"
    r" (?:not )?to \w+|(?:encourage|urge|advise|recommend)s? (?:all |every |any |that )?(?:[\w-]+ ){0,4}?(?:to|should) \w+"
    r"|it(?:'s|’s| is| would be) (?:always |usually |often )?(?:best|important|wise|a good idea|advisable|essential|vital"
    r"|better|sensible) (?:not )?to \w+)"
)
# An instruction after an opener: "Then take...", "Next, apply...", "honestly just stop the statins"
OPENED_IMPERATIVE = _rx(
    r"^\W*(?:(?:"
    + "|".join(OPENERS)
    + r")\W+){1,3}(?:"
    + "|".join(sorted(IMPERATIVES - {"do", "make", "get", "keep", "use", "see"}))
    + r"|do not)\b"  # "don't" as _read_plainly writes it out: "But do not go buying the spray yet"
)


def medical_advice_trigger(ctx: Context) -> str | None:
    """Advice aimed at readers (imperatives, "you should", doses, "talk to your doctor"), or a treatment
    claimed to work, said to the reader or in a piece that asks the reader to buy or book it."""
    if sponsorship_trigger(ctx):
        promoted = ctx.categories("overclaim", "safety", "testimonial", "hype", "exclusivity")
        return ctx.first_of(
            *ADVICE_CHECKS, SELLER_CLAIM, Check("efficacy", (EFFICACY_CLAIM,), only=frozenset(promoted))
        )
    return ctx.first_of(*ADVICE_CHECKS, CLAIM_TO_READER)


PRESENTED = _rx(
    r"\b(?:available|offer|offers|offered|offering|our|we|you|your|book|booking|appointment|consultation|sessions?"
    r"|packages?|price|costs?|\$|£|€|stock|buy|order|sell|sold|effective|safe|works?|worked|cure|cures|cured|heal|reverse"
    r"|repair|regenerat|regrow|rebuild|restor|improv|relie|results?|success|breakthrough|miracle|proven|transform|help|treat"
    r"|lower|reduc|boost|clear|fix|patients|clinics?|infusions?|injections?|drips?|protocol|procedure|programme|program)"
)


NOT_OFFERED = _rx(
    r"\b(?:do|does|did) not (?:offer|provide|sell|use|recommend)|\b(?:don't|doesn't|never) (?:offer|provide|sell)"
)
# The therapy's own line states its approval: "has received 510(k) clearance from the FDA for ..."
APPROVAL_RECEIVED = _rx(
    r"\b(?:has |have )?(?:received|won|granted|gained) (?:[\w()-]+ ){0,3}?(?:approval|clearance|authori[sz]ation) (?:from|by)"
)
# Where a therapy is not the unapproved one on offer: the seller says it does not offer it, or its approval is stated
NOT_UNAPPROVED_OFFER = (NOT_OFFERED, APPROVAL_RECEIVED)


# "an experimental insulin-free cell treatment", "an unlicensed weight-loss jab": the status word a few words
# before the therapy it qualifies
EXPERIMENTAL_THERAPY = _rx(
    r"\b(?:experimental|investigational|unlicensed|unlicenced|unapproved) (?:[\w-]+ ){0,3}?(?:drugs?|medicines?"
    r"|treatments?|therap(?:y|ies)|procedures?|injections?|infusions?|jabs?|shots?|pills?|tablets?|vaccines?|devices?"
    r"|implants?|protocols?|cells?|products?|remed(?:y|ies))\b"
)


# What the article is about has no approval (yet): "the test has not been cleared by the FDA", "Lorzaclin is an
# investigational, once-daily pill", "available only in research studies"; not a field's state ("no drug is
# approved for it", "there is no approved treatment")
NEGATIVE_STATUS = _rx(
    rf"\b(?:has|have|is|are|was|were) {NOT} (?:been |yet |currently |formally )*(?:(?:reviewed|evaluated|cleared) or )?"
    r"(?:approved|cleared|authori[sz]ed|licensed)|\b(?:is|as) (?:an )?off[- ]label (?:use|prescri\w+|treatment)"
    r"|\b(?:is|are|remains?) (?:an? |still )?(?:investigational|experimental|unapproved|unlicensed)\b"
    r"|\bavailable only (?:in|through) (?:clinical |research )?(?:trials|studies|research)"
)
FIELD_STATE = _rx(
    r"^\W*(?:there (?:is|are) )?no\b|\b(?:no|none of the) (?:[\w-]+ ){0,3}(?:is|are|has|have) (?:been )?approved"
)

OWN_CELLS_USED = _rx(
    r"\b(?:inject\w*|infus\w*|therap\w*|treatments?|procedures?|harvest\w*|extract\w*|rejection|we use|using|uses"
    r"|re-?inject\w*|concentrat\w*|process\w*|grow(?:n|ing)? in)\b"
)


# Credentials of the seller, not of what it sells: "manufactured in an FDA-registered facility", "an independent
# clinic licensed by the Human Fertilisation and Embryology Authority"
SELLER_CREDENTIAL = _rx(
    r"\b(?:registered|certified|inspected|accredited|licensed|compliant)[\w -]{0,20}\b(?:facility|facilities|laborator\w*"
    r"|lab|labs|clinic|pharmacy|premises|plant)\b|\b(?:clinic|facility|centre|center|pharmacy|laborator\w*|lab|practice)"
    r" (?:is |are )?(?:[\w-]+ ){0,3}?(?:licensed|registered|certified|accredited|inspected|regulated) (?:by|with)\b"
)


def regulatory_trigger(ctx: Context) -> str | None:
    """An unapproved or experimental therapy named where it is offered or said to work, or anywhere in
    a piece that sells it (an approved cord-blood or bone-marrow transplant is not such a therapy)."""
    named = (
        (
            ctx.fired("unapproved")
            | ctx.all_of(EXPERIMENTAL_NAMED)
            | ctx.all_of(OWN_CELLS_NAMED)
            | ctx.all_of(STATUS_DENIED)
        )
        - ctx.fired("approved_cord")
        - ctx.all_of(DEGREE_NOT_CELLS)
    )
    if not named:
        # Regulatory-sounding credentials ("FDA-registered", "patented", "licensed in our country") on a page
        # that sells a treatment or device imply an approval the page does not state.
        if sponsorship_trigger(ctx) and not supplement_trigger(ctx):
            return ctx.first_of(IMPLIED_APPROVAL)
        return None
    only = frozenset(named)
    presented = ctx.first_of(*(Check(label, (PRESENTED,), NOT_UNAPPROVED_OFFER, only=only) for label in THERAPY_LABELS))
    if presented is None and (sponsorship_trigger(ctx) or evidence_trigger(ctx)):
        # anywhere in a piece that sells, or whose benefit claims rest on studies (the therapy's trial results
        # present it as effective), but not where the seller says it does not offer it
        return ctx.first_of(*(Check(label, (), NOT_UNAPPROVED_OFFER, only=only) for label in THERAPY_LABELS))
    return presented


THERAPY_LABELS = ("unapproved", "approval", "own_cells")  # the keyword labels under which a therapy is named


FINDING = _rx(
    r"\b(?:found|finds?|show(?:s|ed|n)?|prove[sdn]?|discover\w*|suggest\w*|demonstrat\w*|confirm\w*|report\w*|saw|see[ns]?"
    r"|lost|los(?:e|es|ing)|drop\w*|fell|rose|improv\w*|reduc\w*|lower\w*|boost(?:s|ed|ing)?|help\w*|protect\w*|prevent\w*|cur(?:e|es|ed)"
    r"|revers\w*|regenerat\w*|heal\w*|effective|benefit\w*|work(?:s|ed)?|link\w*|associat\w*|cut\w*|slow\w*|extend\w*"
    r"|increas\w*|decreas\w*|rais\w*|halv\w*|doubl\w*|kill\w*|block\w*|stop\w*|shrank|shrink\w*|thriv\w*|better|fewer"
    r"|more likely|less likely|outperform\w*|superior|success\w*|remission|recover\w*|respon\w*|relie\w*|eas(?:e|es|ed|ing)"
    # a result in other words: "those taking it recovered faster", "a study showing", "met its primary endpoint"
    r"|showing|restor\w*|regain\w*|faster|quicker|sooner|met (?:its|the|their) (?:co-)?(?:primary|main|key) (?:end ?points?|goals?"
    r"|outcomes?)|(?:researchers|scientists) (?:say|says|said)"
    r")\b"
)
STUDY_RX = _rx(
    r"\b(?:stud(?:y|ies)|trials?|research(?:ers)?|scientists?|experiments?|meta-analys[ie]s|clinically"
    r"|(?:cochrane|systematic)"
    r" reviews?|reviews? of|in mice|in rats|laborator(?:y|ies)"
    # a trial's comparison, a survey, a company's own clinical or lab testing
    r"|placebo|clinical (?:evaluations?|stud(?:y|ies)|trials?|testing|tests|data|results)|lab (?:tests?|testing|stud(?:y|ies)"
    r"|data|results))\b"
)


# A finding that is no benefit claim: "has never been shown in a trial to...", "found no lasting benefit", "the
# trial will tell us whether it works", "a post claims that a study proves..."
NO_BENEFIT = _rx(
    r"\b(?:no|not|never|without|whether|failed to|did not|didn't|does not|doesn't|cannot|can't)\b[^.;]{0,40}"
    r"\b(?:shown|proven|proves?|evidence|works?|worked|helps?|helped|effective|benefits?|cures?|improve[sd]?|reduced?"
    r"|found|finds|showed|demonstrated)\b"
    r"|\b(?:claims?|claimed|claiming|so-called)\b|\bwhether\b(?! or not)"
    r"|\b(?:will|would|aims? to|is designed to|set out to|plans? to) (?:test|assess|examine|find out|look at|investigate"
    r"|measure|compare)\b"
    r"|^(?:sources?|references?|further reading|bibliography|read more)\s*:"  # a source list names, it claims nothing
)


# An outcome figure is about the people who used a treatment or product, or says what it did to them.
OUTCOME_RESULT = _Any(
    _rx(
        r"\b(?:patients|users|customers|clients|participants|wearers|respondents|volunteers|subjects|members|buyers|testers)\b"
        r"|\b(?:success|survival|cure|response|recovery|remission|satisfaction|improvement) rates?\b|\bour results\b"
        r"|\bresults show\b"
    ),
    FINDING,
)


# "a 2023 analysis reported that people who took it had fewer migraines": an analysis with a benefit, not a
# share of people with a condition
ANALYSIS_BENEFIT = _rx(
    r"\banalys[ie]s\b[^.;]{0,120}\b(?:fewer|lower(?:ed)?|less|reduc\w*|improv\w*|better|protect\w*|prevent\w*|cut|halved"
    r"|helped|benefit\w*|faster|longer)\b"
)


# Evidence named in other words: "in our patient survey", "in independent testing", "a review published in...", and a
# product "clinically tested" or "dermatologically proven" (a claim that rests on testing by itself)
EVIDENCE_SOURCE = _rx(
    r"\b(?:surveys?|questionnaires?|polls?|(?:independent|third-party|in-house|laboratory|lab|clinical|our own|company|user)"
    r" (?:testing|tests?)|(?:a|the|one|recent|new|large|published|systematic|\d{4}) reviews?\b(?! (?:appointment|date|meeting"
    r"|visit|call|period|process|board)))"
)
CLINICALLY_TESTED = _rx(r"\b(?:clinically|scientifically|dermatologically)[- ](?:tested|proven)\b")
# A result in more words than FINDING: what users said or felt, what a test detected, what a product eliminated
FINDING_MORE = _Any(
    FINDING,
    _rx(
        r"\b(?:said|say|says|felt|feel|noticed|rated|described|experienced|identif\w*|detect\w*|eliminat\w*|shorten\w*|remov\w*"
        r"|correct(?:s|ed)|thicker|smoother|firmer|clearer|stronger|calmer|satisfied|pain-free|symptom-free)\b"
    ),
)


# A result that is a benefit: what a treatment did for those who had it. A survey or a test is evidence of a claim only
# with one ("82% reported a better quality of life"), not when it counts people with a condition.
RISK = r"(?! (?:the |their |your |a |an )?(?:risk|rates?|chances?|odds|incidence|likelihood) of)"
BENEFIT = _rx(
    r"\b(?:improv\w*|reduc\w*|lower(?:s|ed|ing)?|cut(?:s|ting)?|fewer|less (?:likely|pain|severe|often|frequent)|better|faster"
    r"|quicker|sooner|longer|boost\w*|help\w*|protect\w*|prevent\w*|cur(?:e|es|ed|ing)|revers\w*|regenerat\w*|regr[eo]w\w*"
    r"|rebuil\w*|repair\w*|heal\w*|effective\w*|efficacy|benefit\w*|work(?:s|ed)?|slow\w*|extend\w*|halv\w*|kill\w*"
    r"|block\w*|stop(?:s|ped)?|shr[aiu]nk\w*|outperform\w*|superior|success\w*|remission|recover\w*|relie\w*"
    r"|eas(?:e|es|ed|ing)|restor\w*|regain\w*|normali[sz]\w*|clear(?:s|ed|er)?|smoother|stronger|firmer|healthier|calmer"
    r"|thicker|younger|more energy|weight loss|satisfied|(?:pain|symptom|itch)-free|eliminat\w*|shorten\w*|remov\w*"
    r"|\w+(?:ed|s) less\b"
    r"|(?:lost|los(?:e|es|ing)|shed) (?:[\w%]+ ){0,4}?(?:weight|pounds|kg|kilos|stone|percent|per cent|fat|inches)"
    r"|drop(?:s|ped)?|fell|decreas\w*|"
    rf"increas(?:e|es|ed|ing){RISK}|rais(?:e|es|ed|ing){RISK}|doubl(?:e|es|ed|ing){RISK}|surviv\w*|thriv\w*"
    r"|(?:correctly |accurately )?(?:identif|detect|spott?|predict|diagnos)\w* (?:\w+ ){0,3}?(?:\d|cancers?|cases|tumou?rs?)"
    r"|accura\w*|sensitivity|respon(?:se|ded) (?:rates?|to (?:the )?treatment)|(?:more|less) likely to (?:\w+ )?(?:reach|recover"
    r"|survive|achieve|remain|stay|be (?:alive|free|cured)|die|develop|need|relapse)"
    r"|met (?:its|the|their) (?:co-)?(?:primary|main|key) (?:end ?points?|goals?|outcomes?))"
)


def evidence_trigger(ctx: Context) -> str | None:
    """A claim resting on a study (a study, trial, research, survey or testing named with a finding), or an
    outcome statistic about patients or users. (Asked by the regulatory trigger too: worked out once.)"""
    if "evidence" not in ctx.memo:
        ctx.memo["evidence"] = ctx.first_of(*EVIDENCE_CHECKS)
    return ctx.memo["evidence"]


CALL_TO_ACTION = _Any(
    _rx(
        r"\b(?:buy (?:now|today|online|yours|it|here|direct|the|a|an|two|three|\d)|order (?:now|today|online|yours|before|here|your|the|a|an"
        r"|two|three|\d)|shop (?:now|today|our|the)|get (?:the|a|your) (?:\w+ )?free"
        r"|add to (?:cart|basket)|checkout|in stock|book (?:now|today|online|a|an|your|in|through)|to book\b|booking (?:line|form|page)"
        r"|call (?:us|now|today|our|the clinic|the practice|\d|\(|\+)|(?:contact|email|e-mail|message|whatsapp|text) (?:us|our|the clinic)"
        r"|hotline|whatsapp|enquire|request (?:a|your) (?:free )?(?:consultation|call|quote|assessment)|sign(?:s|ing)? up|enrol|enroll|join (?:now|today|the|my|our)"
        r"|subscribe (?:now|today|and save)|download (?:it|the|my|now|today)|grab (?:yours|your|a|one|it|my)|claim (?:your|the)"
        r"|visit (?:us|our|\w+\.(?:com|org|co|net|example))|click (?:here|the|below|now)|link (?:below|in (?:my|the) bio)|(?:use|with|enter) (?:my |the )?(?:code|link)"
        r"|promo code|coupon|discount|\d+\s?(?:%|percent|per cent) off|off your (?:first|next|order)|free (?:(?!to )[\w-]+ )?"
        r"(?:consultation|assessment|trial|shipping|delivery|exam|scan|call|session|gift|bonus|brain maps?|check|sample|e-?book)"
        r"|money[- ]back|(?:\d+[- ]day|satisfaction|results?) guarantee|guaranteed (?:results|or)|affiliate|referral (?:link|code|discount|fee|bonus|programme|program)|mention my name|half price|buy-one-get-one|try (?:it |them )?risk[- ]free|risk[- ]free (?:trial|for)|(?:save|saving) (?:\$|£|€)?\d"
        r"|(?:in|from|at) (?:the|my|our) (?:shop|store|online shop|webshop)|schedule (?:an?|your) (?:evaluation|appointment|consultation|visit)"
        r"|appointments? can be (?:made|booked)|booked? (?:through|via|at|online)|first (?:month|bottle|session|infusion|visit|box) (?:for|half|free|is (?:free|half|on us|just|only|\$|£|€|\d))"
        r"|available (?:online|now|(?:at|from|on|through) (?:our|my|[\w-]+\.(?:com|org|net|co|example)|pharmacies|stores|retailers|amazon))|financing|payment plans?|installments|packages? (?:start|from|include|of)"
        r"|spots? (?:left|remaining|are limited)|places? (?:left|are limited|remaining)|(?<!only for a )(?<!used for a )"
        r"limited (?:time|offer|spots|places|stock)"
        r"|offer (?:ends|expires|valid)|special offer|early[- ]bird)\b"
    ),
    # a discount code or a shop named by name: "code GLOWUP", "available at Boots"
    _compile(
        r"(?<![Ll]eaflet )(?<![Pp]roduct )(?<![Rr]eference )(?<![Pp]ostal )(?<![Pp]ost )(?<![Zz]ip )(?<![Ss]ource )"
        r"(?<![Aa]ccess )(?<![Ii]tem )(?<![Tt]rial )\b[Cc]ode:? [A-Z][A-Z0-9]{2,}\b|\b[Aa]vailable (?:at|from|on|through) [A-Z]"
    ),
)
OWN_PRICE = _rx(
    r"\b(?:our|we|you|your|yours|just|only|from|starting at|save|per session|per month|per bottle|priced at)\b"
    # a price next to the shop's web address: "Got mine at nicofree.co, about £25 a bottle"
    r"|\b[\w-]+\.(?:com|co|co\.uk|shop|store|net|example)\b"
    r"|[|·]\s*[$£€]\s?\d|[$£€]\s?\d[\d.,]*\s*(?:[|·]|$)"
)
COSTS = _rx(r"\bcosts?\b")
# A company's share price in a business story ("its stock closed at $31.40 on the Nasdaq") is no stake of the
# writer's, though a listing ("NASDAQ: CRVL") marks a company's own release.
SHARE_PRICE = _rx(
    r"\b(?:(?:stock|shares) (?:closed|rose|fell|jumped|dropped|slid|climbed|traded|opened)|share price)\b"
)
PRICE_REPORTED = _rx(
    r"\b(?:said|says|charged?|charges|typically|paid|spent|costs? (?:about|around|up to|between)|list price|insurers?"
    r"|ranged?|ranging|between|gift|grant|funding|funded|millions?|billions?|thousands|hundreds|routinely|on average"
    r"|average|(?:several|a few|many) (?:dollars|pounds|euros|hundred|thousand)|at a cost of|would (?:be priced|cost)"
    # a cost forecast or reimbursed: "the therapy will cost $425,000 per eye", "Medicare pays $81" ("only $29
    # instead of $59" and "can cost you as little as" are sellers' words, left alone)
    r"|(?:will|could|expected to|expects? (?:[\w-]+ ){0,4}to) cost(?! you)|medicare|medicaid|reimburs\w*"
    r"|(?:wholesale|market) (?:price|cost)"
    r"|co-?pays?|deductibles?)\b|[$£€]\s?\d[\d,.]*\s?(?:to|-|–)\s?(?:more than |over )?[$£€]\s?\d|\bpriced (?:from|between) [$£€]?\d[\d,.]* (?:to|and) "
)
# "lose 20 pounds", "ten pounds lighter": pounds of weight, not money
WEIGHT = _rx(
    r"\b(?:lose|loses|lost|losing|shed|shedding|drop|dropped|gain|gained|gaining|weigh|weighs|weighed|weighing|weight)\b"
    r"[^.;]{0,40}\bpounds\b|\bpounds (?:of (?:fat|weight|body)|lighter|heavier|overweight|in (?:a|one|two|three|\d+) )"
)
PRESS_CONTACT = _rx(
    r"^(?:[\w ]{0,20})?(?:media|press|news|communications)(?: relations| contacts?| office| enquiries)?\s*:"
    # a press office's address on its own line: "press@northgate.edu | +1 (614) 555-0192"
    r"|^\W*(?:press|media|news|newsroom|communications|comms|pr)(?:office)?@"
    r"|\w@(?:[\w-]+\.)+(?:edu|gov|ac\.\w\w|nhs\.uk)\b"
    r"|^contacts?\s*:.*(?:\b(?:press|media|communications|news|newsroom|university|public affairs|public health|hospital"
    r"|institute|college|foundation|society|association|charity|trust)\b|\.(?:edu|gov|ac\.\w\w|nhs\.uk)\b)"
    # a named person with their own mailbox: "CONTACT: Rhea Okonjo, (312) 555-0147, rhea.okonjo@northvale.example"
    r"|^contacts?\s*:\s*[^,@\n]{3,40},[^@\n]{0,40}\b[a-z]+\.[a-z]+@",
    re.I,
)


# A copyright notice's "contact us" asks for a takedown, it sells nothing: "If there is infringement, please contact
# us to delete."
TAKEDOWN = _rx(r"\binfring\w*|\bcopyright (?:holder|owner|issue)|\b(?:to|will) (?:delete|remove) (?:it|them|the)\b")
# Not a call to buy or book: a reader's account of their own shopping ("I buy the powder from a shop near us"), an
# appointment with one's own doctor ("book in with my own GP"), a trial's enrolment ("the study will enrol 48 adults")
NOT_SELLING = _rx(
    r"\b(?:i|we) (?:usually |always |just |now )?(?:buy|bought|order|ordered|get|got) (?:[\w'’-]+ ){0,4}?(?:from|at) (?:a|an|the|my|our)\b"
    rf"|\b(?:book|booking|appointment)\b[^.;]{{0,30}}\b(?:my|your|their|his|her) (?:own )?(?:{PROVIDER_RX})\b"
    r"|\bavailable online in (?:the )?(?:journal|issue|current issue)\b"  # a paper, not a product
    r"|\bclick here to (?:read|view|see|download) (?:[\"“]|(?:the )?(?:full )?(?:study|paper|abstract|article|report)\b)"
    r"|\bthis (?:news|press) release\b"  # the release pointing to itself
    # a free public service, not a commercial one: "order a free home testing kit through the national programme"
    r"|\bfree\b[^.;]{0,60}\b(?:through|from|via|by) (?:the |your )?(?:nhs|national|public|state|government|county|city"
    r"|local (?:council|authority|health department))\b"
    r"|\b(?:stud(?:y|ies)|trials?|research)\b[^.;]{0,60}\benrol|\benrol\w*\s+(?:\d[\d,]*|about|around|up to|some|more than"
    r"|a (?:maximum|minimum|total) of)"
    r" (?:[\w-]+ ){0,3}?(?:volunteers|participants|patients|people|adults|children|women|men)\b"
)


# A press release's contact block sells nothing, whether or not the promotional model flags the page (a company's
# release on its own drug often is): the lines under a heading that names media or investor contacts or a public
# relations firm ("Media and Investor Contacts", "Notes to editors", "Mendes Public Relations"), and the lines
# next to a press office's mailbox ("newsroom@...", "press.office@..."): names and phone numbers with no
# label of their own.
PRESS_HEADING = _rx(
    r"^\W*(?:(?:media|press|investor|news)(?: ?(?:/|and|&) ?(?:media|press|investor|news))? (?:contacts?|relations"
    r"|enquiries|inquiries|office)|notes? (?:to|for) editors)\b|\b(?:public|media) (?:relations|communications)\b"
)
PRESS_MAILBOX = _rx(r"\b[\w.-]*(?:media|press|newsroom|communications|comms|relations)[\w.-]*@")
PRESS_BLOCK_UNDER = 4  # lines under a press heading
PRESS_BLOCK_NEXT = 2  # lines on either side of a press mailbox
PRESS_BLOCKED = ("phone", "commerce")  # the keyword labels a contact block holds


def _outside_press_blocks(ctx: Context) -> frozenset[int] | None:
    """The units where a phone number or a call to action fired outside any press contact block and any issuer's
    section (None: no unit is in one)."""
    candidates = set().union(*(ctx.fired(label, body=False) for label in PRESS_BLOCKED))
    issuer = _issuer_sections(ctx)
    blocked = {i for i in candidates if i in issuer or _in_press_block(ctx, i)}
    return frozenset(candidates - blocked) if blocked else None


# An issuer's closing section, "About Harrowgate Publishing" or "About the Society" heading the last paragraphs of a release
# (alone on its line or run into the paragraph), which describe the organisation: "our products", its phone number
ABOUT_HEADING = _compile(
    r"^About (?!(?i:us)\b)(?:the )?(?-i:[A-Z])[\w&.'’-]*(?: (?:of|for|and|&|the|(?-i:[A-Z])[\w&.'’()-]*)){0,8}(?:\s*$| (?-i:[A-Z]))"
)


def _issuer_sections(ctx: Context) -> frozenset[int]:
    """The units from an "About ..." heading to the end of its part (the body, or the lines set aside), in a piece
    the promotional model does not flag: the issuer describing itself sells nothing in a news release."""
    if ctx.issuer is None:
        found: set[int] = set()
        if not ctx.article.promo_flagged:
            for first, end in ((0, ctx.n_body), (ctx.n_body, len(ctx.units))):
                heading = next(
                    (
                        i
                        for i in range(first, end)
                        if ctx.units[i].text[:6] == "About " and ABOUT_HEADING.search(ctx.units[i].text)
                    ),
                    None,
                )
                if heading is not None:
                    found.update(range(heading, end))
        ctx.issuer = frozenset(found)
    return ctx.issuer


def _in_press_block(ctx: Context, i: int) -> bool:
    first, end = (ctx.n_body, len(ctx.units)) if i >= ctx.n_body else (0, ctx.n_body)  # the body or the rest
    texts = [unit.text for unit in ctx.units[max(first, i - PRESS_BLOCK_UNDER) : min(end, i + PRESS_BLOCK_NEXT + 1)]]
    above = min(i - first, PRESS_BLOCK_UNDER)  # texts[above] is unit i
    # (a mailbox has an "@": the test rules out most texts 20 times faster than the pattern)
    return any(PRESS_HEADING.search(t) for t in texts[: above + 1]) or any(
        "@" in t and PRESS_MAILBOX.search(t) for t in texts[max(0, above - PRESS_BLOCK_NEXT) :]
    )


def sponsorship_trigger(ctx: Context) -> str | None:
    """A named product, clinic or service pushed with a price, contact, shop or booking details."""
    # The price line of a product page and a sponsor label often sit outside the body: look there too.
    if "sponsorship" not in ctx.memo:
        outside = _outside_press_blocks(ctx)
        selling = [
            replace(check, only=outside) if outside is not None and check.label in PRESS_BLOCKED else check
            for check in SELLING_CHECKS
        ]
        ctx.memo["sponsorship"] = ctx.first_of(
            *selling,
            *((PROMOTED_PRICE,) if ctx.article.promo_flagged else ()),
            {i for i in range(ctx.n_body, len(ctx.units)) if ctx.units[i].where == "sponsorship"},
            ctx.fired("own_product") - _issuer_sections(ctx),
        )
    return ctx.memo["sponsorship"]


# The publisher's own furniture left in a story's text: its newsletter sign-up and its subscription offer
PUBLISHER_OFFER = _rx(
    r"^\W*newsletters?\b|\bnewsletter sign[- ]?up\b|\bunsubscribe\b|\byou (?:agree to|will) receive\b"
    r"|\b(?:by )?subscribing (?:now|today)\b|\bkeep up with (?:this|the) story\b"
    r"|\bsign(?:s|ing)? up (?:for|to) (?:[\w'’-]+ ){0,4}?(?:stories|news|headlines|digest|updates|alerts|rounds)\b"
    r"|\btry (?:[\w-]+ ){1,3}for (?:only|just) [$£€]\s?\d[\d.]* (?:a|per) (?:week|month)\b"
    r"|\b(?:editors?|letters|feedback|newsdesk|corrections)@"  # the newsroom's mailbox
)


# "my 30-day reset e-book", "our signature detox programme"
OWN_GAP = _rx(
    r"\b(?:my|our) (?:own )?(?:[\w-]+ ){1,3}(?:e-?book|book|course|programme|program|guide|plan|method|bundles?|blends?|teas?"
    r"|products?|supplements?|shop|store|clinic|membership|kits?|formula|capsules|gummies|drips?|protocol|package)\b"
    r"|\bmy (?:own )?clinic\b"
)
# Not the writer's offer: "in my clinic" (where a doctor sees patients), "my GP about a plan" (someone else's advice)
NOT_OWN = _rx(
    r"\bin my (?:[\w-]+ ){0,3}clinic\b|\bmy (?:gp|doctor|nurse|consultant|specialist|dentist|pharmacist)\b"
    # the writer as the clinic's patient: "my clinic referred me to a dietitian"
    r"|\bmy (?:[\w-]+ ){0,2}clinic (?:\w+ )?(?:referred|sent|told|gave|prescribed|called|booked|put|offered|recommended) (?:me|us)\b"
)
# The maker's ties to a study of its product: its funding, its employees or shareholders among the authors, a patent
# The last word of a company's name: "Velora Therapeutics", "Brellin Labs", "Norvik Inc"
COMPANY_SUFFIX = (
    r"(?:inc|ltd|llc|plc|gmbh|corp|therapeutics|pharmaceuticals|pharma|biosciences|labs|laboratories|biotech|medical|bio"
    r"|biopharma|diagnostics|devices|genomics|technologies|sciences)"
)
MAKER_TIES = _rx(
    r"\b(?:funded|sponsored|paid for|financed|supported|run|conducted) (?:in part |partly |jointly )?by (?:the company"
    r"|its (?:maker|developer|manufacturer)"
    r"|the (?:[\w-]+['’]s )?(?:maker|manufacturer|developer)|(?-i:[A-Z][\w&-]+(?: [A-Z][\w&-]+)*),? (?:"
    rf"{COMPANY_SUFFIX}|health|nutrition|naturals|vaccines|biologics|neurotech|medtech))\b"
    # the study's authors work for the maker: "three of its authors are employees of the company"
    r"|\b(?:authors?|researchers|investigators) (?:\w+ ){0,3}(?:(?:employees of|employed by|shareholders (?:of|in)) (?:the company"
    r"|its (?:maker|developer|manufacturer)|the (?:maker|manufacturer|developer))|(?:company|its) employees)\b"
    # "funded by Corvalen, which employs two of the paper's authors"; a patent on what the study tested
    r"|\bwhich employs (?:[\w'’-]+ ){0,5}(?:authors|researchers|investigators)\b"
    r"|\b(?:authors?|researchers|investigators|inventors|university|institute) (?:\w+ ){0,2}(?:have|has|hold|holds|filed|own|owns)"
    r" (?:a |an )?(?:\w+ )?patents?(?: application)?\b"
    r"|\b(?:named )?inventors on (?:\w+ ){0,2}patents?\b|\b(?:hold|holds|own|owns) (?:an? )?(?:equity|shares|stake) in\b"
    # "the trial was conducted for Brellin Group, a Denver-based dermatology company"
    r"|\b(?:conducted|carried out|performed|run) (?:for|on behalf of) (?-i:[A-Z][\w&-]+)(?: [\w&-]+){0,3},? an? (?:[\w-]+ ){0,3}"
    r"(?:company|manufacturer|maker|firm|developer)\b"
)


THIRD_PARTY = _rx(
    r"\b(?:i|we) (?:get|got|buy|bought|order|ordered|use|used|tried|found) (?:mine|ours|my|our|them|it|from)\b"
    r"|\b(?:i|we) (?:usually |always |just |now )?(?:buy|bought|order|ordered|get|got) (?:[\w'’-]+ ){0,4}?(?:from|at) (?:a|an|the)\b"
    r"|\b(?:their|his|her|he|she|they) (?:does|do|sells?|offers?|ships?|runs?|charges?)\b|\bfrom (?:my|our) (?:local |co-op)"
    r"|\b(?:their|his|her) (?:\w+ )?(?:capsules|clinic|shop|store|package|products?|programme|program|course)\b"
    # a story describing a clinic's offer: "the clinic offers free consultations ... through its website"
    r"|\bthe (?:clinic|company|practice|centre|center|spa|firm|brand|shop|pharmacy)(?:['’]s)? (?:\w+ ){0,2}?(?:offers?|charges?"
    r"|sells?|calls|website|prices?)\b|\bthrough its website\b"
)


# A maker's officer, or a founder's company: "said Ann Lee, chief executive of Velora Therapeutics", "Lee's
# Boston-based company Velora"
OFFICER = (
    r"(?:chief executive(?: officer)?|ceo|co-?founder|founder|chief (?:medical|scientific|science|technology|operating"
    r"|commercial) officer|president|chairman|chairwoman|spokes(?:man|woman|person))"
)
COMPANY_NAME = rf"(?-i:[A-Z][\w&.-]+(?: [A-Z][\w&.-]+)*),? {COMPANY_SUFFIX}\b"
COMPANY_OFFICER = _rx(
    rf"\b{OFFICER} (?:and \w+ )?(?:of|at) (?:the )?(?:{COMPANY_NAME}|(?:[\w-]+ ){{0,2}}(?:company|firm|drugmaker|start-?up)\b)"
    rf"|\b{COMPANY_NAME}(?:['’]s)? {OFFICER}\b"
)
FOUNDERS_COMPANY = _rx(r"\b(?-i:[A-Z]\w+)['’]s (?:[\w-]+ ){0,2}(?:company|firm|start-?up)\b")


# Words of a stake that show none: a home recipe ("I make my own"), a stake denied ("does not sell supplements and
# takes no affiliate commissions"), someone quoted in a story ("...," said the founder of the app)
NO_STAKE = _rx(
    r"\b(?:i|we) (?:make|made) (?:my|our|it|them) ?(?:own|myself|ourselves|at home)\b"
    r"|\b(?:do|does|did) not (?:sell|take|accept|earn|receive|make|stock|offer)\b|\b(?:don't|doesn't|never) (?:sell|take"
    r"|accept|earn|receive|stock)\b|\b(?:no|without) (?:affiliate|commissions?|sponsors?|paid|financial|referral)\b"
)


def conflict_trigger(ctx: Context) -> str | None:
    """The source's own stake: its own product or service pushed, a referral or affiliate cut, a
    study funded or run by the maker of what it tests, a company announcing its own product."""
    issuer = _issuer_sections(ctx)
    outside = frozenset(range(len(ctx.units))) - issuer
    own = ctx.first_of(*((replace(check, only=outside) for check in STAKE_CHECKS) if issuer else STAKE_CHECKS))
    if own:
        return own
    # A page that sells carries its seller's stake, unless the selling line is a buyer's or a reader's tip
    # about someone else's shop ("I get mine from...", "their capsules", "he does video consults").
    sold = sponsorship_trigger(ctx)
    return None if sold is None or THIRD_PARTY.search(sold) else sold


STATISTIC_NAMED = _compile(r"\b[Aa]ccording to (?:the )?(?:[A-Z]{2,}\b|[A-Z][a-z]+)")


class _Percent:
    """A percentage that is a statistic: not "100%" (a slogan), not "20% off" or "save 20%" (a discount),
    not "(40%)" (an ingredient share). Each piece starts with a digit, so ``re`` scans for it quickly."""

    pattern = "percentage"
    RX = re.compile(r"\d[\d.,]*(?:\s?%| percent\b| per cent\b)(?! off)")

    def search(self, text: str) -> re.Match[str] | None:
        for m in self.RX.finditer(text):
            before = text[max(0, m.start() - 5) : m.start()].lower()
            number = m.group().rstrip("% percnt")
            if (
                number != "100"
                and not before.endswith(("(", "save "))
                and not (before[-1:].isdigit() or before[-1:] in ".,")
            ):
                return m
        return None


# The first character of a run of digits and separators (a character class first lets ``re`` skip ahead)
RUN_START = r"[\d,.](?<![\d,.].)"
# A statistic: a percentage, "one in five", a citation marker, "according to <data>", a count of people.
STATISTIC = _Any(
    _Percent(),  # type: ignore[arg-type]
    _compile(r"\[\d{1,3}\]"),
    _rx(r"\b(?:one|two|three|1|2|3) in (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"),
    _rx(
        r"according to (?:the |a |an )?(?:new |recent |large |national |official )?(?:stud(?:y|ies)|research|data|survey"
        r"|report|figures|statistics|estimates|analysis|review|trial)"
    ),
    # A count of people: "1,200 patients", "2.5 million adults". Written as "\d(?:\d[\d,.]*|[\d,.]* million)
    # patients", which rescanned a run of digits and separators from every digit in it (minutes on a long
    # run); tried here once per run, from its first character, and true for the same text: the run holds
    # two digits in a row, or a digit and "million" follows.
    _rx(
        rf"{RUN_START}(?:(?:(?<=\d)(?=\d)|(?=[\d,.]*?\d\d))[\d,.]*+ (?:(?:million|billion) )?|(?:(?<=\d)|(?=[.,]*+\d))"
        r"[\d,.]*+ (?:million|billion) (?:(?:million|billion) )?)(?:patients|participants|adults|people|women|men|children"
        r"|deaths|cases|americans|britons)\b"
    ),
    # a share of a group: "nearly half of adults", "a third of children"
    _rx(
        r"\b(?:half|(?:a|one|two)[ -]thirds?|(?:a|one|three)[ -]quarters?|the majority|a majority) of (?:all |the )?"
        r"(?:[\w-]+ ){0,3}?(?:adults|people|patients|women|men|children|teenagers|teens|babies|infants|americans|britons"
        r"|cases|deaths|users|smokers|pregnancies|mothers|parents|students|workers|seniors|residents|population)\b"
    ),
)


def references_trigger(ctx: Context) -> str | None:
    """Claims resting on studies or statistics, or citation markers like [1]."""
    return ctx.first_of(*REFERENCE_CHECKS, ctx.fired("outcome_stat"))


NO_CLAIM = _rx(
    r"\b(?:no|not|never|nor|n't|without|little|lack|unproven|isn't|aren't|hasn't|haven't|doesn't|don't|won't|can't|cannot)\b"
    r"[^.;]{0,60}\b(?:shown|proven|evidence|work|works|help|helps|effective|benefit|supported|studied|replace|protect|prevent|cure)"
    r"|\b(?:there is|there's|there are) no\b"
    # a negative finding: "works no better than a dummy pill"
    r"|\bno (?:better|more effective) than\b"
)


# A claim reported or questioned rather than made: "ads promise to flush toxins", "Do supplements help?"
REPORTED_CLAIM = _rx(
    r"\b(?:claims?|claimed|claiming|promis\w+|ads?|adverts?|advertis\w+|marketed|marketing|sold online|labels?|packaging"
    r"|swear(?:s|ing)? that|swore that"
    r"|(?:they|it|sellers?|makers?|companies|brands) says?|so-called)\b|\?\s*$"
)


# "keeps your heart and arteries healthy", "keep joints moving": a claim on what the product does to the body
KEEP_CLAIM = _rx(
    r"\bkeep(?:s|ing)? (?:[\w'’-]+ ){0,5}?(?:healthy|strong|young|working|moving|flexible|balanced|regular|supple|sharp"
    r"|in check|under control|at bay|in balance|in shape|clear|glowing)\b"
)


# The word without the product: "supplement" as a verb ("to complement and supplement animal studies") or a grant
# ("a supplement from the National Institute on Aging"); capsules that are a device ("balloon capsules"); a
# vitamin given by injection or drip (a clinic's procedure, not a dietary supplement); the body's own collagen
# ("the skin makes fresh collagen", "collagen density"); a shampoo's or cream's active ingredient ("selenium
# sulfide", "zinc pyrithione")
NOT_A_SUPPLEMENT = _rx(
    r"\b(?:iv|intravenous|infused|injectable) (?:vitamins?|nutrients?|nutrition|micronutrients?)\b"
    r"|\bvitamins? (?:[\w-]+ ){0,2}?(?:injections?|infusions?|drips?|shots?|jabs?)\b"
    r"|\b(?:(?:produce|produces|producing|make|makes|making)(?: more| new| fresh)?|fresh|new|own|natural|skin's|body's)"
    r" collagen\b"
    r"|\bcollagen (?:density|production|synthesis|fibres|fibers|formation|remodell?ing|layer)\b"
    r"|\b(?:selenium (?:sulfide|sulphide)|zinc (?:pyrithione|oxide))\b|"
    r"\bcomplement (?:and|or) supplement\b|\b(?:to|may|might|could|would|will|can) supplement (?:animal|existing|standard"
    r"|current|conventional|traditional|other|income|their income|funding)\b|\b(?:grant|administrative|funding|research"
    r"|award) supplement\b"
    r"|\bsupplement (?:from|to) (?:the|a|an) (?:[\w-]+ ){0,3}?(?:national|grant|award|institute|foundation|agency|council)\b"
    r"|\b(?:balloon|camera|video|capsule endoscopy|magnetic|smart|pill-?cam|ingestible sensor) capsules?\b"
)
# A next sentence that opens on the researchers, not the product: "They observed that women consuming..."
RESEARCHERS_ACT = _rx(
    r"^\W*they (?:also )?(?:observed|found|reported|noted|saw|showed|concluded|measured|analy[sz]ed|compared|looked"
    r"|asked|followed|tracked|studied|recruited|enrolled|surveyed|estimated|calculated|adjusted)\b"
)


ANAPHOR = _rx(
    r"^\W*(?:it|they|these|this|each|just|one|two|both|taken|used|the (?:capsules?|tablets?|gummies|drops|tea|powder"
    r"|formula|blend|product|supplement|herb|extract|oil|tincture|softgels?))\b"
)


FIRST_NAME = re.compile(r"^\W{0,10}([A-Z][\w'’-]{2,})")


def _same_subject(ctx: Context, i: int, j: int) -> bool:
    """Whether unit ``j`` opens with a capitalised name that unit ``i`` holds ("SlimGreen combines green coffee
    extract..." then "SlimGreen helps: ...")."""
    m = FIRST_NAME.match(ctx.units[j].text)
    return (
        bool(m)
        and m.group(1) not in COMMON_OPENERS
        and re.search(rf"\b{re.escape(m.group(1))}\b", ctx.units[i].text) is not None
    )


# Capitalised words that open many sentences and name no product
COMMON_OPENERS = frozenset(
    [
        "The",
        "This",
        "These",
        "That",
        "Those",
        "There",
        "They",
        "Their",
        "Our",
        "Your",
        "You",
        "We",
        "It",
        "Its",
        "Some",
        "Many",
        "Most",
        "Other",
        "And",
        "But",
        "For",
        "With",
        "When",
        "What",
        "How",
        "Why",
        "Who",
        "If",
        "In",
        "On",
        "At",
        "As",
        "After",
        "Before",
        "Also",
    ]
)


def supplement_trigger(ctx: Context) -> str | None:
    """A dietary supplement or herbal product claimed to act on the body or a disease (a claim that
    it does not work is no such claim)."""
    if "supplement" not in ctx.memo:
        ctx.memo["supplement"] = None
        claims = ctx.fired("function") | ctx.all_of(KEEPS)
        # the claim in the same sentence, or in the next one when that one refers back ("It calms...")
        for i in sorted(ctx.near(ctx.fired("supplement"), claims, window=1)):
            if ctx.ok(SUPPLEMENT_NAMED, i) and any(
                j in claims
                and ctx.ok(FUNCTION_CLAIMED, j)
                and (j == i or ctx.ok(CLAIM_FOLLOWS, j) or _same_subject(ctx, i, j))
                for j in (i, i + 1)
            ):
                ctx.memo["supplement"] = ctx.units[i].text
                break
        # A page that sells a supplement claims things for it under its brand name, away from the word
        # "capsules": a supplement named anywhere in the body and a claim anywhere in it.
        if (
            ctx.memo["supplement"] is None
            and sponsorship_trigger(ctx)
            and ctx.first_index(FUNCTION_CLAIMED) is not None
        ):
            ctx.memo["supplement"] = ctx.first_of(SUPPLEMENT_NAMED)
    return ctx.memo["supplement"]


# --- the triggers' checks: those that take nothing from the article, made once here (a Check costs a few
# microseconds to make, and a trigger makes several for every article) ---------------------------------

# medical_advice_trigger
ADVICE_CHECKS = (
    Check("imperative@start", (), (NOT_IMPERATIVE, PUBLISHER_OFFER, QUESTION)),  # "Do I need to...?" asks
    Check("opener@start", (OPENED_IMPERATIVE,), (PUBLISHER_OFFER,)),
    Check("advice_cue", (YOU,), (QUESTION,)),
    Check("advice_cue", (SHOULD,), (QUESTION, NOT_READERS_MODAL)),
    Check("impersonal", (IMPERSONAL_ADVICE,), (REPORTED_SPEECH, QUESTION)),
    Check("provider", (CONSULT,)),
    Check("dose_unit", (DOSE_ADVICE,), (STUDY_RX,)),
)
# a seller's spokesperson speaks for the seller: a quoted claim counts
SELLER_CLAIM = Check("efficacy", (YOU, EFFICACY_CLAIM), (REPORTED_CLAIM,))
# a researcher's or a patient's words reported in a story are not the article's promise to its readers
CLAIM_TO_READER = Check("efficacy", (YOU, EFFICACY_CLAIM), (REPORTED_SPEECH, REPORTED_CLAIM))

# regulatory_trigger
EXPERIMENTAL_NAMED = Check("approval", (EXPERIMENTAL_THERAPY,))
# "Co-authors are Ann Lee, MSc": the degree, not mesenchymal stromal cells ("MSCs")
DEGREE_NOT_CELLS = Check(
    "unapproved", (_compile(r"\bM\.?Sc\b"),), (_rx(r"\bmscs\b|\bstem\b|\bstromal\b|mesenchymal|exosome"),)
)
OWN_CELLS_NAMED = Check("own_cells", (OWN_CELLS_USED,))
STATUS_DENIED = Check("approval", (NEGATIVE_STATUS,), (FIELD_STATE,))
IMPLIED_APPROVAL = Check("approval_lookalike", (APPROVAL_LOOKALIKE,), (SELLER_CREDENTIAL,))

# evidence_trigger
EVIDENCE_CHECKS = (
    Check("study", (STUDY_RX, FINDING), (NO_BENEFIT,)),
    Check("study", (STUDY_RX, FINDING_MORE, BENEFIT), (NO_BENEFIT,)),
    Check("study", (ANALYSIS_BENEFIT,), (NO_BENEFIT,)),
    Check("evidence_source", (EVIDENCE_SOURCE, FINDING_MORE, BENEFIT), (NO_BENEFIT,)),
    Check("evidence_source", (CLINICALLY_TESTED,), (NO_BENEFIT,)),
    # a result among those who used it, not how many people have a condition
    Check("outcome_stat", (OUTCOME_RESULT,), (NO_BENEFIT,)),
    Check("outcome_stat", (FINDING_MORE, BENEFIT), (NO_BENEFIT,)),
)


# sponsorship_trigger
SELLING_CHECKS = (
    # a press office's phone sells nothing, nor does a stake denied
    Check("commerce", (CALL_TO_ACTION,), (PRESS_CONTACT, NO_STAKE, TAKEDOWN, NOT_SELLING, PUBLISHER_OFFER), body=False),
    Check("phone", (), (PRESS_CONTACT,), body=False),
    Check("money", (OWN_PRICE,), (PRICE_REPORTED, WEIGHT, PUBLISHER_OFFER), body=False),
)

# a price said to be what something costs: a seller's on a page that reads as promotion, a reported one in a story
PROMOTED_PRICE = Check("money", (COSTS,), (PRICE_REPORTED, WEIGHT, PUBLISHER_OFFER), body=False)

# conflict_trigger
STAKE_CHECKS = (
    Check("own_stake", (), (NO_STAKE, REPORTED_SPEECH, SHARE_PRICE), body=False),
    Check("possessive", (OWN_GAP,), (NOT_OWN, NO_STAKE, REPORTED_SPEECH), body=False),
    Check("funded_by", (MAKER_TIES,), body=False),
    Check("officer", (COMPANY_OFFICER,), (NO_STAKE,)),
    Check("company", (FOUNDERS_COMPANY,), (NO_STAKE,)),
)

# references_trigger
REFERENCE_CHECKS = (
    Check("statistic", (STATISTIC,)),
    Check("statistic", (STATISTIC_NAMED,)),
    Check("study", (STUDY_RX, FINDING)),  # any finding, a benefit or not
)

# supplement_trigger
KEEPS = Check("keep", (KEEP_CLAIM,))
SUPPLEMENT_NAMED = Check("supplement", (), (NO_CLAIM, QUESTION, REPORTED_CLAIM, NOT_A_SUPPLEMENT))
FUNCTION_CLAIMED = Check("function", (), (NO_CLAIM, REPORTED_CLAIM))
CLAIM_FOLLOWS = Check("function", (ANAPHOR,), (RESEARCHERS_ACT,))


RULES: dict[str, DisclosureRule] = {
    r.kind: r
    for r in [
        DisclosureRule(
            "medical_advice",
            "The article advises readers about their health or claims a treatment works.",
            medical_advice_trigger,
            [
                Pattern("substitute", MEDICAL_DISCLAIMER),
                Pattern("provider", _not(CONSULT, RED_FLAG_HEADING)),
            ],
            [
                "This content comes from the Internet; its copyright belongs to the first author.",
                "For information exchange purposes only, not for commercial purposes.",
                "This article is for informational purposes only.",
                "Consult our experts to find the right protocol for you.",
            ],
        ),
        DisclosureRule(
            "regulatory_status",
            "An unapproved, experimental or off-label therapy is presented as available or effective.",
            regulatory_trigger,
            [
                Pattern("approval", APPROVAL_STATUS),
                Pattern("unapproved", _rx(r"\bun(?:approved|licensed)\b|\boff-label\b")),
            ],
            ["Our laboratory is FDA-registered.", "A patented stem-cell protocol.", "GMP-certified facility."],
        ),
        DisclosureRule(
            "evidence_caveat",
            "Benefit claims rest on a study or studies, or on outcome figures.",
            evidence_trigger,
            [
                Pattern("caveat_size", CAVEAT_SIZE),
                Pattern("caveat_state", CAVEAT_STATE),
                Pattern("caveat_animal", CAVEAT_ANIMAL),
                Pattern("caveat_cause", CAVEAT_CAUSE),
                Pattern("caveat_more", _not(CAVEAT_MORE, FORWARD_LOOKING)),
                Pattern("caveat_extra", CAVEAT_EXTRA),
                Pattern("caveat_wide", CAVEAT_WIDE),
            ],
            ["Results may vary.", "Clinically tested.", "Backed by science."],
        ),
        DisclosureRule(
            "sponsorship",
            "The article promotes a named commercial product, clinic or service (price, contact, shop, booking).",
            sponsorship_trigger,
            # A trial's sponsor is a funding statement (conflict of interest), not a label on the article.
            [Pattern("sponsor_label", _not(SPONSOR_LABEL, _rx(r"\b(?:trials?|stud(?:y|ies)|research|grants?)\b")))],
            ["Results may vary.", "All rights reserved.", "This post is not sponsored."],
            region_kinds=("sponsorship",),
        ),
        DisclosureRule(
            "conflict_of_interest",
            "The source has a visible financial stake (own product or service, maker-funded study).",
            conflict_trigger,
            [Pattern("coi_statement", _not(COI_STATEMENT, ACCUSED_TIES)), Pattern("coi_statement", DONE_FOR)],
            ["We are passionate about your health.", "Our experts are independent thinkers."],
            region_kinds=("funding",),
        ),
        DisclosureRule(
            "references",
            "Claims rest on studies or statistics, or the text carries citation markers like [1].",
            references_trigger,
            [
                Pattern("ref_link", _not(REF_LINK, OWN_SITE_LINK)),
                Pattern("ref_published", REF_PUBLISHED),
                Pattern("ref_source", REF_SOURCE),
                Pattern("named_study", NAMED_STUDY),
                Pattern("source_list", SOURCE_LIST),
            ],
            [
                "Markers like [1]-[4] with no reference list.",
                "Studies show that it works.",
                "According to the Centers for Disease Control and Prevention, cases rose last year.",
                "The results were presented at the annual meeting of the Thoracic Society.",
            ],
            region_kinds=("references",),
            region_unless=VAGUE_SOURCE,
        ),
        DisclosureRule(
            "authorship",
            "Always: readers should know who wrote the article.",
            None,
            [
                Pattern("by@start", BYLINE),
                Pattern("by_phrase", BYLINE),
                Pattern("about@start", BYLINE),
                Pattern("author_cue", BYLINE),
                Pattern("separator", SIGNED_BYLINE),
                Pattern("title", CREDENTIAL),
                Pattern("agency_credit", AGENCY_CREDIT),
                Pattern("agency_credit", BYLINE),
                Pattern("source_list", BYLINE),
            ],
            ["Posted by admin", "Photo by Jane Roe", "- Sarah K., satisfied customer"],
            region_kinds=("byline",),
            region_unless=NO_WRITER,
            extra=signed_letter,
        ),
        DisclosureRule(
            "date",
            "Always: readers should know when the article was published.",
            None,
            [
                Pattern("month", DATED_LINE),
                Pattern("date_cue", DATED_LINE),
                Pattern("numeric_date", DATED_LINE),
                Pattern("month", DATELINE),
            ],
            ["© 2024 Example Health. All rights reserved.", "In May 2022, the team published a trial."],
            region_kinds=("date",),
            region_unless=RELATIVE_ONLY,
        ),
        DisclosureRule(
            "supplement",
            "A dietary supplement or herbal product is claimed to affect the body or a disease.",
            supplement_trigger,
            [Pattern("fda_statement", FDA_STATEMENT)],
            ["Made in a GMP-certified facility.", "100% natural ingredients."],
        ),
    ]
}


# The matchers and tables are built at import, like a model is loaded before the first article: about a
# tenth of a second (mostly making a Doc of each keyword phrase), paid once per process.
_hashes()
_matchers(get_nlp())
_quick_tables()


def check_disclosures(article: Article, doc: Doc, config: Config) -> None:
    """Fill ``article.disclosures`` with required / present / trigger / evidence for all nine kinds."""
    ctx = build_context(article, doc)
    for kind, rule in RULES.items():
        policy = config.disclosures[kind]
        if policy.required == "never":
            trigger, required = None, False
        elif policy.required == "always" or rule.trigger is None:
            trigger, required = None, True
        else:
            trigger = rule.trigger(ctx)
            required = trigger is not None
        evidence = ctx.as_written(rule.find_evidence(ctx))
        trigger = ctx.as_written(trigger)
        article.disclosures[kind] = Disclosure(
            kind,
            required,
            evidence is not None,
            trigger and trigger[:300],
            evidence and evidence[:300],
            policy.severity,
        )
