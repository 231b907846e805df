"""SARIF 2.1.0 output for `healthmod check --format sarif`, so a publisher's CI can annotate drafts.

One run for the whole invocation: ``tool.driver`` lists every rule id that a result uses, each
result carries its level, message, location (artifact URI, start and end line and column, the
sentence as snippet) and, when an inline directive silenced it, a ``suppressions`` entry of kind
``inSource``. Decisions per input go in the run's property bag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import __version__
from .document import DISCLOSURE_KINDS
from .lint import CATEGORY_ADVICE, CATEGORY_GLOSS, Finding, Report
from .report import SUGGESTIONS

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

DISCLOSURE_DESCRIPTIONS = {
    "medical_advice": "Health advice or treatment claims without a note that the article is not medical advice.",
    "regulatory_status": "An unapproved or experimental therapy presented without its regulatory status.",
    "evidence_caveat": "Study results (animal, small, early) reported without their limits.",
    "sponsorship": "Commercial content (offers, prices, product pitches) not labelled as sponsored.",
    "conflict_of_interest": "A study or expert with a financial interest in the product, not disclosed.",
    "references": "Studies or statistics cited without naming their sources.",
    "authorship": "No byline: readers cannot tell who wrote the article.",
    "date": "No publication date: readers cannot tell how current the article is.",
    "supplement": "Claims about a supplement or herbal product without the supplement statement.",
}


def rule_descriptor(rule: str, level: str) -> dict[str, Any]:
    """The reportingDescriptor of a rule id."""
    family, _, name = rule.partition("/")
    if family == "missing-disclosure" and name in DISCLOSURE_KINDS:
        short = f"Missing {name.replace('_', ' ')} disclosure"
        full, help_text = DISCLOSURE_DESCRIPTIONS[name], SUGGESTIONS.get(name, "")
    elif family == "promotional" and name in CATEGORY_GLOSS:
        short = f"Promotional language: {name}"
        full, help_text = f"A sentence with {CATEGORY_GLOSS[name]}.", CATEGORY_ADVICE[name]
    elif rule == "article/promotional":
        short = "Promotional article"
        full = "The article as a whole scores as promotional under the verdict policy."
        help_text = "Rewrite the promotional sentences; state what is known, its limits and its sources."
    elif family == "suppression":
        short = "Suppression directive problem"
        full = "A healthmod-disable directive names an unknown rule or suppresses nothing."
        help_text = "Fix or remove the directive."
    else:
        short = f"Input could not be checked ({rule})"
        full = "The input was unreadable, empty, too short after boilerplate stripping, or not English."
        help_text = "Check the file."
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.replace("/", "_").replace("-", "_").split("_")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text or short},
        "defaultConfiguration": {"level": level},
    }


def artifact_uri(path: str) -> str:
    if path == "<stdin>":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/:@!$&'()*+,;=-._~")


def _result(report: Report, f: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
    if f.end_line is not None and f.end_column is not None and (f.end_line, f.end_column) > (f.line, f.column):
        region.update(endLine=f.end_line, endColumn=f.end_column)
    if f.text:
        region["snippet"] = {"text": f.text}
    message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index[f.rule],
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(report.path)}, "region": region}}],
        "properties": {
            k: v
            for k, v in {"categories": f.categories, "score": f.score, "cues": f.cues, "exact": f.exact}.items()
            if v not in (None, [])
        },
    }
    if f.suppressed:
        result["suppressions"] = [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": f.suppressed.get("justification")
                or f"healthmod-disable {f.suppressed['rule']} on line {f.suppressed['line']}",
                "location": {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(report.path)},
                        "region": {"startLine": f.suppressed["line"]},
                    }
                },
            }
        ]
    return result


def to_sarif(reports: list[Report], min_severity: str = "info", exit_code: int | None = None) -> dict[str, Any]:
    """One SARIF log with one run over every input's findings."""
    shown = [(report, f) for report in reports for f in report.visible(min_severity)]
    levels: dict[str, str] = {}
    for _, f in shown:
        levels.setdefault(f.rule, LEVELS[f.severity])
    rules = [rule_descriptor(rule, level) for rule, level in levels.items()]
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    invocation: dict[str, Any] = {"executionSuccessful": exit_code != 2}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    profile = next((r.verdict["provenance"].get("profile") for r in reports if r.verdict.get("provenance")), None)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "healthmod",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(report, f, rule_index) for report, f in shown],
                "properties": {
                    "profile": profile,
                    "decisions": [
                        {
                            "uri": artifact_uri(r.path),
                            "status": r.verdict["status"],
                            "decision": r.verdict["decision"],
                            "reasons": [x["code"] for x in r.verdict["reasons"]],
                            "suppressed": len(r.suppressed),
                        }
                        for r in reports
                    ],
                },
            }
        ],
    }
