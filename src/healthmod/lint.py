"""`healthmod check` as a prose linter: findings with positions in the draft, suggestions, suppressions.

A verdict becomes a list of :class:`Finding`: document-level findings first (an input error, each
missing disclosure, the article's promotional score when a policy rule fires on it), then one per
flagged sentence in reading order, each at the line and column of the draft as written (see
markup.Locator), with its rule id (``missing-disclosure/<kind>``, ``promotional/<category>``,
``article/promotional``), severity, message and suggestion. Inline directives (see suppress)
mark findings as suppressed; the decision is then taken again without them, so a reviewed
false positive no longer fails the check but is still listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import suppress
from .config import DECISION_RANK, SEVERITY_RANK, Config
from .document import Article
from .markup import Locator, lead_length
from .report import COLORS, SUGGESTIONS, _mark
from .verdict import decide

SEVERITIES = ("info", "warning", "error")

# What each promotional category means, as the finding's message says it.
CATEGORY_GLOSS = {
    "hype": "inflated wording",
    "overclaim": "a benefit stated as certain or proven",
    "safety": "an absolute claim of safety",
    "exclusivity": "a claim to be the only or best option",
    "sales": "a sales pitch or call to action",
    "testimonial": "a personal story offered as evidence",
    "fear": "alarming wording",
}
# How to fix a sentence of each category.
CATEGORY_ADVICE = {
    "hype": "Drop the superlatives; say what was found, in whom, and how large the effect was.",
    "overclaim": 'Hedge the claim to what the evidence shows ("may help", "in a small trial") and cite the source.',
    "safety": "Replace the safety absolute with the known side effects and who should not use it.",
    "exclusivity": "Do not claim to be the only or best option or run down other treatments; compare, with evidence.",
    "sales": "Take the offer and the call to action out of the article, or label the piece as advertising.",
    "testimonial": "Present it as one person's experience, not as evidence that the treatment works.",
    "fear": "State the risk plainly, with numbers and a source, instead of alarming wording.",
}
# Hedged replacements for the commonest promotional phrases, applied in order to build a
# rewording hint. An empty replacement deletes the phrase.
_HEDGES: list[tuple[str, str]] = [
    (r"(?:are|were) (?:clinically |scientifically )?proven to", "have been studied as a way to"),
    (r"(?:(?:is|was) )?(?:clinically |scientifically )?proven to", "has been studied as a way to"),
    (r"(?:clinically|scientifically) (?:proven|shown|backed|tested)", "studied"),
    (r"safe and effective", "well tolerated, with some benefit in the studies so far,"),
    (r"(?:no|zero|without any|free of) (?:known )?side[- ]effects?(?: at all)?", "few reported side effects"),
    (r"(?:completely|totally|perfectly|entirely|absolutely|100 ?%) safe|harmless", "generally well tolerated"),
    (r"(?:100 ?%|all)[- ]natural", "plant-based"),
    (r"the only (treatment|cure|way|solution|product|therapy|method|supplement|formula)", r"one \1"),
    (r"cures", "may help with"),
    (r"cured", "helped"),
    (r"cure", "help with"),
    (r"reverses", "may slow"),
    (r"reverse", "slow"),
    (r"eliminates|eradicates|wipes out", "may reduce"),
    (r"eliminate|eradicate|wipe out", "reduce"),
    (r"heals", "may help"),
    (r"(?:(?:the|a|an|our) )?(?:world'?s first|first[- ]ever)", "a new"),
    (r"(?:a |the )?(?:major |huge )?breakthrough", "a new finding"),
    (r"game[- ]?chang(?:er|ing)", "promising"),
    (r"revolutionary|groundbreaking|ground-breaking|cutting[- ]edge", "new"),
    (r"instantly|overnight|within days", "over time"),
    (r"guarantee[sd]?|permanently|for good|once and for all|miraculous|miracle", ""),
    (
        r"(?:most |very |so |truly )?(?:amazing|incredible|astonishing|remarkable|extraordinary|powerful"
        r"|ultimate|phenomenal|unbelievable|stunning|spectacular|sensational)",
        "",
    ),
]
HEDGES = [(re.compile(rf"(?<![\w-]){p}(?![\w-])", re.IGNORECASE), r) for p, r in _HEDGES]


def hedge(sentence: str) -> str | None:
    """The sentence with its promotional phrases hedged or removed; None when none was found."""
    text = sentence
    for pattern, replacement in HEDGES:

        def sub(m: re.Match[str], replacement: str = replacement) -> str:
            new = m.expand(replacement)
            return new[:1].upper() + new[1:] if new and m.group(0)[:1].isupper() else new

        text = pattern.sub(sub, text)
    if text == sentence:
        return None
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r",([.;:!?])", r"\1", text)
    text = re.sub(r"\b(a|an) (a|an) ", r"\2 ", text, flags=re.IGNORECASE)
    text = re.sub(r"!+", ".", text).strip()
    return text[:1].upper() + text[1:]


def sentence_suggestion(text: str, categories: list[str]) -> str:
    advice = CATEGORY_ADVICE.get(categories[0], "") if categories else ""
    rewrite = hedge(text)
    return f'{advice} For example: "{rewrite}"' if rewrite else advice


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    exact: bool = True
    scope: str = "document"
    text: str | None = None
    marked: str | None = None
    categories: list[str] = field(default_factory=list)
    score: float | None = None
    cues: list[str] = field(default_factory=list)
    suggestion: str | None = None
    suppressed: dict[str, Any] | None = None
    ref: Any = None  # what the finding stands for in the verdict: a sentence index or a disclosure kind

    def as_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "ref"}
        return {k: v for k, v in data.items() if v is not None or k in ("suppressed", "suggestion")}


@dataclass
class Report:
    """The lint result of one input."""

    path: str
    verdict: dict[str, Any]  # decision and reasons taken without the suppressed findings
    findings: list[Finding]
    directives: list[suppress.Directive]
    decision_without_suppressions: str | None
    reasons_without_suppressions: list[dict[str, str]]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed]

    def visible(self, min_severity: str = "info") -> list[Finding]:
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min_severity]]


def display_path(article: Article) -> str:
    path = article.source.get("path") or article.id
    return "<stdin>" if path == "-" else str(path)


def lint(article: Article, verdict: dict[str, Any], config: Config) -> Report:
    """The findings of ``verdict`` (of ``article``), located in the draft, with suppressions applied."""
    path = display_path(article)
    if verdict["status"] != "ok":
        reason = verdict["reasons"][0]
        finding = Finding(reason["code"], "error", reason["message"])
        return Report(path, verdict, [finding], [], verdict["decision"], verdict["reasons"])
    locator = Locator(article)
    findings = _disclosure_findings(article, verdict, locator)
    findings += _article_finding(verdict, config)
    findings += _sentence_findings(verdict, config, locator)
    directives = suppress.parse(article.raw, article.is_html)
    for finding in findings:
        for directive in directives:
            if directive.covers(finding.rule, finding.line, finding.end_line or finding.line):
                directive.used += 1
                finding.suppressed = {
                    "line": directive.line,
                    "kind": directive.kind,
                    "rule": next(p for p in directive.rules if suppress.rule_matches(p, finding.rule)),
                    "justification": directive.justification,
                }
                break
    findings += _directive_findings(directives)
    before = (verdict["decision"], verdict["reasons"])
    if any(f.suppressed for f in findings):
        verdict = dict(verdict)
        verdict["decision"], verdict["reasons"] = decide(_without_suppressed(verdict, findings), config)
    return Report(path, verdict, findings, directives, *before)


def _disclosure_findings(article: Article, verdict: dict[str, Any], locator: Locator) -> list[Finding]:
    findings = []
    for kind, d in verdict["disclosures"].items():
        if not (d["required"] and not d["present"]):
            continue
        finding = Finding(
            f"missing-disclosure/{kind}",
            d.get("severity", "warning"),
            f"Missing {kind.replace('_', ' ')} disclosure"
            + (
                f' (required by: "{_short(d["trigger"][lead_length(d["trigger"]) :])}")'
                if d["trigger"]
                else " (always required)"
            ),
            suggestion=SUGGESTIONS.get(kind),
            ref=kind,
        )
        if d["trigger"]:
            start = article.text.find(d["trigger"])
            if start >= 0:
                pos = locator.locate(start, d["trigger"], advance=False)
                finding.line, finding.column, finding.exact = pos.line, pos.column, pos.exact
        findings.append(finding)
    return findings


def _article_finding(verdict: dict[str, Any], config: Config) -> list[Finding]:
    """The article's own promotional score, when a rule of the policy fires on it."""
    score = verdict["promotional"]["score"]
    fired = [
        r
        for r in config.verdict.rules
        if r.when.promo_score_at_least is not None and score >= r.when.promo_score_at_least
    ]
    if not fired:
        return []
    worst = max(fired, key=lambda r: DECISION_RANK[r.decision])
    return [
        Finding(
            "article/promotional",
            "error" if worst.decision == "reject" else "warning",
            f"The article as a whole reads as promotional (score {score:.2f}; policy: "
            f"{', '.join(r.code for r in fired)})",
            score=score,
            suggestion="Rewrite the promotional sentences listed below: state what is known, its limits and "
            "its sources, and leave out offers and testimonials.",
            ref="article",
        )
    ]


def _sentence_severity(categories: list[str], config: Config) -> str:
    severities = [config.verdict.sentence_severity]
    severities += [config.verdict.category_severity[c] for c in categories if c in config.verdict.category_severity]
    return max(severities, key=SEVERITY_RANK.__getitem__)


def _sentence_findings(verdict: dict[str, Any], config: Config, locator: Locator) -> list[Finding]:
    findings = []
    for i, s in enumerate(verdict["promotional"]["sentences"]):
        categories = list(s["categories"])
        top = categories[0] if categories else "hype"
        lead = lead_length(s["text"])
        text = s["text"][lead:]
        pos = locator.locate(s["start"], s["text"])
        findings.append(
            Finding(
                f"promotional/{top}",
                _sentence_severity(categories, config),
                f"{top.capitalize()}: {CATEGORY_GLOSS.get(top, 'promotional language')} (score {s['score']:.2f})",
                pos.line,
                pos.column,
                pos.end_line,
                pos.end_column,
                pos.exact,
                "sentence",
                text,
                _mark(text, s.get("cues", [])),
                categories,
                s["score"],
                list(s.get("cues", [])),
                sentence_suggestion(text, categories),
                ref=i,
            )
        )
    return findings


def _directive_findings(directives: list[suppress.Directive]) -> list[Finding]:
    findings = []
    for d in directives:
        unknown = [p for p in d.rules if not suppress.known_pattern(p)]
        if unknown:
            findings.append(
                Finding(
                    "suppression/unknown-rule",
                    "warning",
                    f"healthmod-disable names an unknown rule: {', '.join(unknown)}",
                    d.line,
                    d.column,
                    suggestion="Use a rule id that healthmod check prints, e.g. promotional/overclaim, "
                    "missing-disclosure/date, or a family such as promotional/*.",
                )
            )
        elif not d.used:
            findings.append(
                Finding(
                    "suppression/unused",
                    "info",
                    f"healthmod-disable{'-next-line' if d.kind == 'next-line' else ''} {' '.join(d.rules)} "
                    "suppresses nothing",
                    d.line,
                    d.column,
                    suggestion="Remove the directive, or check the rule id and the line it applies to.",
                )
            )
    return findings


def _without_suppressed(verdict: dict[str, Any], findings: list[Finding]) -> dict[str, Any]:
    """A copy of the verdict as if the suppressed findings had not been found."""
    gone = {f.ref for f in findings if f.suppressed}
    promo = dict(verdict["promotional"])
    promo["sentences"] = [s for i, s in enumerate(promo["sentences"]) if i not in gone]
    if "article" in gone:
        promo["score"] = 0.0
    disclosures = {k: dict(d, required=False) if k in gone else d for k, d in verdict["disclosures"].items()}
    return {**verdict, "promotional": promo, "disclosures": disclosures}


# --- output ---------------------------------------------------------------------------------------


def _paint(text: str, style: str, color: bool) -> str:
    return f"{COLORS[style]}{text}{COLORS['reset']}" if color else text


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def format_text(report: Report, color: bool = False, min_severity: str = "info") -> str:
    """Findings as `path:line:col: severity rule message`, each with its sentence and suggestion
    below, then a summary line with the decision."""
    out = []
    shown = report.visible(min_severity)
    verdict = report.verdict
    for f in shown:
        head = f"{report.path}:{f.line}:{f.column}: {_paint(f.severity, f.severity, color)} {f.rule} {f.message}"
        if f.suppressed:
            head += f" [suppressed by healthmod-disable on line {f.suppressed['line']}]"
        out.append(head)
        if f.marked is not None:
            marked = f.marked
            if color:
                marked = re.sub(r"\[\[(.+?)\]\]", lambda m: _paint(m.group(0), "bold", True), marked)
            out.append(f"    {marked}")
        if f.categories:
            out.append(f"    categories: {', '.join(f.categories)}")
        if f.suggestion and not f.suppressed:
            out.append(f"    suggestion: {f.suggestion}")
    if verdict["status"] != "ok":
        out.append(f"{report.path}: {verdict['status']}")
        return "\n".join(out)
    reasons = ", ".join(r["code"] for r in verdict["reasons"]) or "no reasons"
    counts = {s: sum(1 for f in shown if f.severity == s and not f.suppressed) for s in SEVERITIES}
    active = sum(counts.values())
    summary = (
        f"{report.path}: {_paint(verdict['decision'], 'bold', color)} ({reasons}); "
        f"promotional score {verdict['promotional']['score']:.2f}; "
        f"{active} finding{'s' * (active != 1)} ({counts['error']} error{'s' * (counts['error'] != 1)}, "
        f"{counts['warning']} warning{'s' * (counts['warning'] != 1)}, {counts['info']} info)"
    )
    n_suppressed = len(report.suppressed)
    if n_suppressed:
        summary += f"; {n_suppressed} suppressed"
        if report.decision_without_suppressions != verdict["decision"]:
            summary += f" ({report.decision_without_suppressions} without the suppressions)"
    hidden = len(report.findings) - len(shown)
    if hidden:
        summary += f"; {hidden} below --min-severity {min_severity} not shown"
    out.append(summary)
    return "\n".join(out)


def to_json(report: Report, min_severity: str = "info") -> dict[str, Any]:
    """The verdict, with the findings as the linter reports them under ``lint``."""
    shown = report.visible(min_severity)
    data = dict(report.verdict)
    data["lint"] = {
        "findings": [f.as_dict() for f in shown],
        "suppressed": len(report.suppressed),
        "hidden": len(report.findings) - len(shown),
        "decision_without_suppressions": report.decision_without_suppressions,
        "reasons_without_suppressions": report.reasons_without_suppressions,
        "directives": [d.as_dict() for d in report.directives],
    }
    return data


def exit_code(report: Report) -> int:
    """0 the input passes, 1 it is to be reviewed or rejected, 2 it could not be checked."""
    if report.verdict["status"] != "ok":
        return 2
    return 0 if report.verdict["decision"] == "pass" else 1
