"""Which disclosures an article owes its readers, which it gives, and which are missing.

Each of the nine kinds is a :class:`DisclosureRule`: a trigger (the content that makes the
disclosure required), satisfying patterns (what counts as giving it) and look-alikes (text
that resembles it but does not count; they are listed so they are documented and tested, and
the satisfying patterns are written so as not to match them). Triggers look at the body's
sentences, with the promotional findings and a spaCy Matcher over tokens and lemmas;
satisfying patterns look at the body and at the non-body regions that boilerplate stripping
set aside (disclaimers, bylines, dates, reference lists), since that is where they usually sit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc

from .config import Config
from .document import Article, Disclosure, Sentence
from .nlp import get_nlp


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE = (
    rf"(?:{MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
)


@dataclass
class Context:
    """What the rules look at: the body's sentences, the regions, and where patterns fire.

    Each pattern runs once over the whole body; its matches are mapped to sentence indexes, so a
    trigger is a set operation ("an unapproved therapy and an availability cue in one sentence").
    """

    article: Article
    sentences: list[Sentence]
    hits: dict[str, set[int]]  # matcher label -> indexes of sentences it fired in
    _cache: dict[re.Pattern[str], set[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def fired(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the sentences in which ``pattern`` matches."""
        if pattern not in self._cache:
            text = self.article.text
            self._cache[pattern] = {self.sentence_index(m.start()) for m in pattern.finditer(text)}
        return self._cache[pattern]

    def first(self, indexes: set[int]) -> str | None:
        return self.sentences[min(indexes)].text if indexes and self.sentences else None

    def regions(self, *kinds: str) -> list[str]:
        return [r.text for r in self.article.regions if not kinds or r.kind in kinds]


Trigger = Callable[[Context], str | None]


@dataclass
class DisclosureRule:
    kind: str
    description: str
    trigger: Trigger | None  # None: required always (when the policy says "triggered", never)
    satisfies: list[re.Pattern[str]]
    lookalikes: list[str] = field(default_factory=list)
    region_kinds: tuple[str, ...] = ()  # a region of one of these kinds satisfies the rule by itself

    def find_evidence(self, ctx: Context) -> str | None:
        """The first region of a satisfying kind, else the first sentence or region a pattern matches."""
        for text in ctx.regions(*self.region_kinds) if self.region_kinds else []:
            return text
        found = set().union(*(ctx.fired(p) for p in self.satisfies))
        if found:
            return ctx.first(found)
        for text in ctx.regions():
            if any(p.search(text[:3000]) for p in self.satisfies):
                return text
        return None


# --- triggers ---------------------------------------------------------------------------------


def _first_sentence(
    ctx: Context, patterns: list[re.Pattern[str]], labels: tuple[str, ...] = (), categories: tuple[str, ...] = ()
) -> str | None:
    """The first body sentence that a pattern, a matcher label or a promotional category fires in."""
    fired = set().union(*(ctx.fired(p) for p in patterns), *(ctx.hits.get(label, set()) for label in labels))
    if categories:
        fired |= {i for i, s in enumerate(ctx.sentences) if set(s.categories) & set(categories)}
    return ctx.first(fired)


def _together(ctx: Context, *patterns: re.Pattern[str]) -> str | None:
    """The first sentence in which every pattern matches."""
    return ctx.first(set.intersection(*(ctx.fired(p) for p in patterns)))


EFFICACY = _rx(
    r"\b(?:cures?|cured|reverses?|reversed|heals?|eliminates?|treats?|effective (?:in|for|at|against)"
    r"|safe and effective|relieves?|prevents?|gets? rid of|fights?|protects? against)\b"
)
ADVICE = _rx(
    r"\b(?:you should|you can|you need to|we recommend|it is recommended|is recommended for|try (?:to|this|these)"
    r"|make sure (?:you|to)|be sure to|patients should|readers should|(?:do not|don't) (?:take|stop|skip|eat))\b"
)
UNAPPROVED = _rx(
    r"\b(?:stem[- ]cells?|exosomes?|mesenchymal|msc\b|prp\b|platelet[- ]rich plasma|ozone therapy"
    r"|chelation|ivermectin|hydroxychloroquine|peptide therap|bpc-?157|nad\+? (?:iv|infusion|therap)"
    r"|placenta(?:l)? (?:extract|therap)|gene therap|young (?:blood|plasma)|umbilical cord)"
)
AVAILABLE = _rx(
    r"\b(?:available|offer(?:s|ed|ing)?|our (?:clinic|center|centre|patients|treatment|therapy)|book|treat"
    r"|effective|safe|cure|reverse|repair|regenerat|help|improv|results?|success|breakthrough)"
)
STUDY = _rx(
    r"\b(?:study|studies|trial|trials|research|researchers|scientists|experiment|data|meta-analysis"
    r"|published|findings?)\b"
)
BENEFIT = _rx(
    r"\b(?:improv\w*|reduc\w*|lower\w*|boost\w*|protect\w*|benefit\w*|help\w*|prevent\w*|cur\w*|revers\w*"
    r"|effective|slow\w*|increas\w*|decreas\w*|rais\w*|enhanc\w*|restor\w*|remission)\b"
)
COMMERCE = _rx(
    r"(?:[$€£]\s?\d|\b\d+(?:\.\d+)?\s?(?:usd|eur|gbp|dollars|euros)\b|\b(?:buy|order|shop)\s(?:now|today|online|yours"
    r"|here)|\bbook (?:a|your|now|today)|\bcall (?:us|now|today)|\b(?:visit|contact) (?:our|us)|\badd to cart"
    r"|\bavailable (?:at|from|on|online)|\bdiscount|\bcoupon|\bpromo code|\bfree (?:shipping|trial|consultation)"
    r"|\+?\d[\d\s().-]{8,}\d|\bwww\.|https?://|\b[\w.-]+@[\w-]+\.\w+)"
)
OWN_STAKE = _rx(
    r"\b(?:our (?:product|products|clinic|center|centre|formula|supplements?|treatments?|therapy|protocol|program"
    r"|programme|course|device|team of|patented)|we (?:offer|sell|provide|ship|manufacture|make)|funded by"
    r" (?:the )?(?:manufacturer|maker|company)|(?:company|manufacturer|maker)(?:'s)? own|(?:funded|sponsored|paid for)"
    r" by \w+ (?:inc|ltd|llc|corp|pharma|gmbh|co)\b)"
)
STATISTIC = _rx(
    r"(?:\d+(?:\.\d+)?\s?%|\b\d+(?:\.\d+)? (?:million|billion|patients|people|participants|adults|children|women"
    r"|men|cases|deaths)\b|\[\d{1,3}(?:\s?[-–,]\s?\d{1,3})*\]|\baccording to\b|\bstud(?:y|ies) (?:show|found|suggest))"
)
SUPPLEMENT = _rx(
    r"\b(?:supplements?|capsules?|tablets?|gumm(?:y|ies)|tinctures?|extracts?|herbal|herbs?|vitamins?|probiotics?"
    r"|powders?|formula|collagen|omega-3|fish oil|turmeric|curcumin|ashwagandha|ginseng|elderberry|melatonin"
    r"|magnesium|zinc|berberine|spirulina|moringa|cbd|apple cider vinegar|multivitamin|tea)\b"
)
FUNCTION_CLAIM = _rx(
    r"\b(?:supports?|boosts?|promotes?|improves?|reduces?|helps?|relieves?|cures?|treats?|prevents?"
    r"|fights?|strengthens?|balances?|detox\w*|cleanses?|restores?|regulates?|lowers?|burns?|protects?)\b"
)


def medical_advice_trigger(ctx: Context) -> str | None:
    return _first_sentence(
        ctx, [ADVICE], labels=("imperative_advice", "dosage"), categories=("overclaim", "safety")
    ) or _first_sentence(ctx, [EFFICACY])


CORD_BLOOD = _rx(r"\bcord[- ]blood (?:transplant|bank)")


def regulatory_trigger(ctx: Context) -> str | None:
    """An unapproved therapy named in a sentence that presents it as available or effective (an
    approved cord-blood transplant is not such a therapy)."""
    return ctx.first((ctx.fired(UNAPPROVED) & ctx.fired(AVAILABLE)) - ctx.fired(CORD_BLOOD))


def evidence_trigger(ctx: Context) -> str | None:
    return _together(ctx, STUDY, BENEFIT)


def sponsorship_trigger(ctx: Context) -> str | None:
    return _first_sentence(ctx, [COMMERCE], categories=("sales",))


def conflict_trigger(ctx: Context) -> str | None:
    return _first_sentence(ctx, [OWN_STAKE])


def references_trigger(ctx: Context) -> str | None:
    return _first_sentence(ctx, [STATISTIC]) or evidence_trigger(ctx)


def supplement_trigger(ctx: Context) -> str | None:
    return _together(ctx, SUPPLEMENT, FUNCTION_CLAIM)


# --- the nine rules -------------------------------------------------------------------------------

RULES: dict[str, DisclosureRule] = {
    r.kind: r
    for r in [
        DisclosureRule(
            "medical_advice",
            "The article advises readers about their health or claims a treatment works.",
            medical_advice_trigger,
            [
                _rx(
                    r"not (?:intended (?:to be |as )?|meant (?:to be |as )?)?(?:a )?substitute for (?:professional )?"
                    r"(?:medical )?(?:advice|care|diagnosis|consultation)"
                ),
                _rx(
                    r"\b(?:consult|talk (?:to|with)|speak (?:to|with)|check with|ask|see) (?:your|their|a|an) (?:own )?(?:doctor|physician"
                    r"|gp|pharmacist|health ?care (?:provider|professional|practitioner)|qualified (?:health|medical)"
                    r"|medical (?:professional|provider)|clinician|dermatologist|midwife|nurse)"
                ),
                _rx(r"\bseek (?:the )?(?:advice of (?:a|your)|professional medical|medical (?:advice|attention|help))"),
            ],
            [
                "The content comes from the Internet, and the copyright belongs to the original author.",
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
                _rx(r"\b(?:not|never|yet to be) (?:been )?(?:approved|authori[sz]ed|licensed|cleared)\b"),
                _rx(
                    r"\b(?:no|none of the) [\w -]{0,40}(?:products?|therap(?:y|ies)|treatments?) (?:is|are|has been|have been)"
                    r" (?:approved|authori[sz]ed|licensed)"
                ),
                _rx(
                    r"\b(?:is|are|remains?|still|considered|currently) (?:an? )?(?:investigational|experimental|unapproved|unproven)\b"
                ),
                _rx(r"\bonly (?:available )?(?:in|through|within) (?:a |an )?(?:clinical )?(?:trials?|research stud)"),
                _rx(r"\bunapproved\b"),
            ],
            ["Our laboratory is FDA-registered.", "A patented stem-cell protocol.", "GMP-certified facility."],
        ),
        DisclosureRule(
            "evidence_caveat",
            "Benefit claims rest on a study or studies.",
            evidence_trigger,
            [
                _rx(
                    r"\b(?:preliminary|pilot (?:study|trial)|small (?:study|trial|sample|number|group)|only \d+ (?:patients"
                    r"|participants|people|volunteers)|in (?:mice|rats|animals|cells|the lab|a dish)|animal (?:stud|model)"
                    r"|observational|not (?:yet )?(?:been )?(?:shown|tested|proven|confirmed) in (?:humans|people)"
                    r"|(?:more|further|larger|longer) (?:research|studies|trials|work) (?:is|are|will be) needed"
                    r"|needs? to be (?:confirmed|replicated)|cannot (?:prove|show|establish) (?:cause|causation|that)"
                    r"|limitations?|early[- ](?:stage|results|findings|data)|does not (?:prove|mean|show) (?:cause|causation)"
                    r"|association,? not causation|too (?:small|early|short))\b"
                )
            ],
            ["Results may vary.", "Clinically tested.", "Backed by science."],
        ),
        DisclosureRule(
            "sponsorship",
            "The article promotes a named commercial product, clinic or service (price, contact, shop, booking).",
            sponsorship_trigger,
            [
                _rx(
                    r"\b(?:sponsored (?:content|post|by|article)|this (?:post|article|page|content) (?:is|was) sponsored"
                    r"|advertisement|advertorial|paid (?:content|partnership|post|promotion)|affiliate (?:links?|commission)"
                    r"|we (?:may )?(?:earn|receive) (?:a )?(?:small )?commission|partner content|promoted content)\b"
                )
            ],
            ["Results may vary.", "All rights reserved."],
            region_kinds=("sponsorship",),
        ),
        DisclosureRule(
            "conflict_of_interest",
            "The source has a visible financial stake (own product or service, maker-funded study).",
            conflict_trigger,
            [
                _rx(
                    r"\b(?:funded|financed|supported|sponsored|paid for) by\b|\b(?:conflicts?|competing|financial) "
                    r"(?:of )?interests?\b|\b(?:received|receives|has received) (?:consulting|speaker|speaking|research)?"
                    r" ?(?:fees|funding|grants?|payments?|honoraria)|\b(?:holds?|owns?) (?:shares|stock|equity|patents?)"
                    r"|\bis (?:a |an )?(?:paid )?(?:consultant|employee|shareholder|co-?founder|founder) (?:of|for|at)\b"
                    r"|\bdeclared? no (?:conflicts|competing)|\bwe (?:may )?(?:earn|receive) (?:a )?commission"
                )
            ],
            ["We are passionate about your health.", "Our experts are independent thinkers."],
            region_kinds=("funding",),
        ),
        DisclosureRule(
            "references",
            "Claims rest on studies or statistics, or the text carries citation markers like [1].",
            references_trigger,
            [
                _rx(r"\bdoi:?\s?10\.\d{4,}|https?://\S+|\bwww\.\S+\.\w+"),
                _rx(
                    r"\b(?:published|reported|appeared|appears) (?:online |today |this week )?in (?:the )?(?:journal )?"
                    r"(?-i:[A-Z][\w&-]+)|\b(?:the )?journal (?-i:[A-Z][\w&-]+)"
                ),
                _rx(
                    r"\b(?:the lancet|jama|bmj|nejm|new england journal of medicine|nature medicine|plos one|cochrane"
                    r"|annals of internal medicine|pediatrics|circulation|diabetes care)\b"
                ),
            ],
            ["Markers like [1]-[4] with no reference list.", "Studies show that it works."],
            region_kinds=("references",),
        ),
        DisclosureRule(
            "authorship",
            "Always: readers should know who wrote the article.",
            None,
            [
                _rx(
                    r"^(?:by|written by|words by|reported by) (?-i:[A-Z][\w.'’-]+)(?: (?-i:[A-Z][\w.'’-]+)){0,3}\b",
                    re.I | re.M,
                ),
                _rx(
                    r"\((?:reuters|ap|afp|healthday news|healthday|upi|bloomberg|pa)\)|\bmedia contacts?:|\bpress (?:office|contact):"
                    r"|^about (?-i:[A-Z][\w&.'-]+)",
                    re.I | re.M,
                ),
            ],
            ["Posted by admin", "Photo by Jane Roe", "- Sarah K., satisfied customer"],
            region_kinds=("byline",),
        ),
        DisclosureRule(
            "date",
            "Always: readers should know when the article was published.",
            None,
            [
                _rx(rf"\b(?:published|updated|posted|last (?:updated|reviewed|modified))(?: on)?:? {DATE}"),
                _rx(rf"^[A-Z][\w .,/-]{{0,40}}?[,(]? ?{DATE}\)? ?(?:[-–—:/|]|\(\w+\))", re.M),
                _rx(rf"^\s*{DATE}\s*$", re.I | re.M),
            ],
            ["© 2024 Example Health. All rights reserved.", "In May 2022, the team published a trial."],
            region_kinds=("date",),
        ),
        DisclosureRule(
            "supplement",
            "A dietary supplement or herbal product is claimed to affect the body or a disease.",
            supplement_trigger,
            [
                _rx(r"statements? (?:ha(?:ve|s) )?not (?:been )?evaluated by the (?:food and drug administration|fda)"),
                _rx(r"\bnot intended to (?:diagnose|treat|cure|prevent),? (?:treat|cure|prevent|or)?"),
                _rx(r"\bwe do not claim (?:that [\w ]{0,30} )?(?:to )?(?:cure|prevent|treat|diagnose)"),
            ],
            ["Made in a GMP-certified facility.", "100% natural ingredients."],
        ),
    ]
}


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    """Token patterns for reader-directed advice: imperatives that open a sentence, and doses."""
    matcher = Matcher(get_nlp().vocab)
    verbs = [
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
    ]
    matcher.add(
        "imperative_advice",
        [[{"IS_SENT_START": True, "LOWER": {"IN": verbs}}, {"POS": {"NOT_IN": ["VERB"]}, "OP": "?"}]],
    )
    units = [
        "mg",
        "mcg",
        "µg",
        "iu",
        "g",
        "ml",
        "capsules",
        "capsule",
        "tablets",
        "tablet",
        "drops",
        "scoops",
        "teaspoons",
        "teaspoon",
        "tablespoons",
        "cups",
        "servings",
        "billion",
    ]
    matcher.add(
        "dosage",
        [
            [{"LIKE_NUM": True}, {"LOWER": {"IN": units}}],
            [{"LOWER": {"IN": units}}, {"LOWER": {"IN": ["daily", "twice", "per", "a", "each", "every"]}}],
        ],
    )
    return matcher


def _matcher_hits(doc: Doc, ctx: Context) -> dict[str, set[int]]:
    hits: dict[str, set[int]] = {}
    for match_id, start, _end in _matcher()(doc):
        hits.setdefault(doc.vocab.strings[match_id], set()).add(ctx.sentence_index(doc[start].idx))
    return hits


def check_disclosures(article: Article, doc: Doc, config: Config) -> None:
    """Fill ``article.disclosures`` with required / present / trigger / evidence for all nine kinds."""
    ctx = Context(article, article.sentences, {})
    ctx.hits = _matcher_hits(doc, ctx)
    for kind, rule in RULES.items():
        policy = config.disclosures[kind]
        if policy.required == "never":
            trigger, required = None, False
        elif policy.required == "always" or rule.trigger is None:
            trigger, required = None, True
        else:
            trigger = rule.trigger(ctx)
            required = trigger is not None
        evidence = rule.find_evidence(ctx)
        article.disclosures[kind] = Disclosure(
            kind,
            required,
            evidence is not None,
            trigger and trigger[:300],
            evidence and evidence[:300],
            policy.severity,
        )
