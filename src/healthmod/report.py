"""Human-readable output: linter-style findings for `check`, and the `strip --explain` view."""

from __future__ import annotations

from typing import Any

from .boilerplate import Block
from .document import Article
from .text_signals import plain_quotes

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
    """Where a clean-text span (starting at ``clean_offset``, reading ``snippet``) stands in the input
    as written: its first word's line and column (markup.Locator; HTML by searching the page)."""
    from .markup import Locator

    pos = Locator(article).locate(clean_offset, snippet or article.text[clean_offset : clean_offset + 200])
    return pos.line, pos.column


def _paint(text: str, style: str, color: bool) -> str:
    return f"{COLORS[style]}{text}{COLORS['reset']}" if color else text


def _mark(text: str, cues: list[str]) -> str:
    """The sentence with its cue words wrapped in [[...]] (first occurrence of each, no overlaps)."""
    lowered, spans = plain_quotes(text.lower()), []  # cues found in the doc's tokens have ASCII quotes
    for cue in sorted(set(cues), key=len, reverse=True):
        i = lowered.find(cue.lower())
        if i >= 0 and all(i >= end or i + len(cue) <= start for start, end in spans):
            spans.append((i, i + len(cue)))
    for start, end in sorted(spans, reverse=True):
        text = f"{text[:start]}[[{text[start:end]}]]{text[end:]}"
    return text


def format_findings(article: Article, verdict: dict[str, Any], color: bool = False, config: Any = None) -> str:
    """One line per finding, `path:line:col severity rule message`, document-level findings first
    (see lint.format_text, which `healthmod check` uses)."""
    from .config import load_config
    from .lint import format_text, lint

    return format_text(lint(article, verdict, config or load_config()), color=color)


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
