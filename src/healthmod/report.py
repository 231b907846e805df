"""Human-readable output: linter-style findings for `check`, and the `strip --explain` view."""

from __future__ import annotations

from typing import Any

from .boilerplate import Block
from .document import Article

SUGGESTIONS = {
    "medical_advice": 'Add: "This article is for general information and is not a substitute for professional medical '
    'advice. Talk to your own doctor before starting, stopping or changing any treatment."',
    "regulatory_status": 'State the approval status, e.g. "This therapy is not approved by the FDA (or EMA) for this '
    'use and is available only in clinical trials."',
    "evidence_caveat": "State the evidence's limits, e.g. \"The study was small and early; larger trials are needed "
    'before the results can be applied to patients."',
    "sponsorship": 'Label the piece, e.g. "Sponsored content: paid for by <company>."',
    "conflict_of_interest": 'Disclose the interest, e.g. "<Company> makes <product> and funded this study."',
    "references": "Name the sources: journal, title and year or a link for each study or statistic cited.",
    "authorship": "Add a byline naming the author or the responsible organisation.",
    "date": "Add the publication date (and the date of the last update).",
    "supplement": 'Add: "These statements have not been evaluated by the Food and Drug Administration. This product '
    'is not intended to diagnose, treat, cure, or prevent any disease."',
}
COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m", "reset": "\033[0m"}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(article: Article, clean_offset: int, snippet: str = "") -> tuple[int, int]:
    """Where a clean-text offset stands in the input as written (for HTML: where its words appear)."""
    source_offset = article.to_source(clean_offset)
    if not article.is_html:
        return line_col(article.raw, source_offset)
    probe = snippet[:40]
    found = article.raw.find(probe) if probe else -1
    return line_col(article.raw, found) if found >= 0 else line_col(article.source_text, source_offset)


def _paint(text: str, style: str, color: bool) -> str:
    return f"{COLORS[style]}{text}{COLORS['reset']}" if color else text


def _mark(text: str, cues: list[str]) -> str:
    """The sentence with its cue words wrapped in [[...]] (first occurrence of each, no overlaps)."""
    lowered, spans = text.lower(), []
    for cue in sorted(set(cues), key=len, reverse=True):
        i = lowered.find(cue.lower())
        if i >= 0 and all(i >= end or i + len(cue) <= start for start, end in spans):
            spans.append((i, i + len(cue)))
    for start, end in sorted(spans, reverse=True):
        text = f"{text[:start]}[[{text[start:end]}]]{text[end:]}"
    return text


def format_findings(article: Article, verdict: dict[str, Any], color: bool = False) -> str:
    """One line per finding, `path:line:col severity rule message`, document-level findings first."""
    path = article.source.get("path") or article.id
    if verdict["status"] != "ok":
        reason = verdict["reasons"][0]
        return (
            f"{path}:1:1: {_paint('error', 'error', color)} {reason['code']} {reason['message']}\n"
            f"{path}: {verdict['status']}"
        )
    lines = []
    for kind, d in verdict["disclosures"].items():
        if d["required"] and not d["present"]:
            where = (1, 1)
            if d["trigger"]:
                start = article.text.find(d["trigger"])
                where = locate(article, max(start, 0), d["trigger"]) if start >= 0 else (1, 1)
            why = f' (required by: "{_short(d["trigger"])}")' if d["trigger"] else " (always required)"
            lines.append(
                f"{path}:{where[0]}:{where[1]}: {_paint(d['severity'], d['severity'], color)} "
                f"missing-disclosure/{kind} Missing {kind.replace('_', ' ')} disclosure{why}\n"
                f"    suggestion: {SUGGESTIONS[kind]}"
            )
    for s in verdict["promotional"]["sentences"]:
        line, col = locate(article, s["start"], s["text"])
        cats = ", ".join(s["categories"])
        lines.append(
            f"{path}:{line}:{col}: {_paint('warning', 'warning', color)} promotional/{s['categories'][0]} "
            f"Promotional language ({cats}; score {s['score']:.2f})\n    {_mark(s['text'], s['cues'])}"
        )
    reasons = ", ".join(r["code"] for r in verdict["reasons"]) or "no findings"
    lines.append(
        f"{path}: {_paint(verdict['decision'], 'bold', color)} ({reasons}); "
        f"promotional score {verdict['promotional']['score']:.2f}"
    )
    return "\n".join(lines)


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def explain_blocks(article: Article, blocks: list[Block]) -> str:
    """Every line of the stripped input, prefixed with what happened to it and why."""
    by_line: dict[int, list[Block]] = {}
    for block in blocks:
        by_line.setdefault(block.line_no, []).append(block)
    out = []
    for line_no, line in enumerate(article.source_text.split("\n"), 1):
        labels = [b.label for b in by_line.get(line_no, [])]
        if not labels:
            marker = ""
        elif all(lab == "body" for lab in labels):
            marker = "keep"
        else:
            marker = " + ".join(
                dict.fromkeys(
                    "keep" if lab == "body" else f"region:{lab[5:]}" if lab.startswith("meta:") else f"drop:{lab[5:]}"
                    for lab in labels
                )
            )
        out.append(f"{line_no:>5} {marker:<28}| {line}")
    return "\n".join(out)
