"""Inline suppressions: a publisher's record, in the draft, of a finding reviewed and accepted.

Forms (rule ids are those `healthmod check` prints; ``promotional/*`` or ``promotional`` names a
family, as do ``missing-disclosure/*`` and ``article/*``; ``*`` or no rule at all means every rule;
several ids may be given, separated by spaces or commas; ``-- reason`` after them is kept as the
justification)::

    <!-- healthmod-disable promotional/overclaim -- quoted from the trial's own abstract -->
    <!-- healthmod-disable-next-line promotional/* -->
    healthmod-disable: missing-disclosure/date
    healthmod-disable-next-line: promotional/hype

``healthmod-disable`` applies to the whole draft; ``-next-line`` to the findings on the next
non-blank line. The comment form works in HTML, Markdown and plain text; the plain-text line
form in Markdown and plain text. A suppressed finding is still reported, marked as suppressed;
it no longer counts toward the decision or the exit code. Directive text is never scored
(markup.strip_hidden takes it out before the line stage; HTML extraction drops comments).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .document import DISCLOSURE_KINDS, PROMO_CATEGORIES

COMMENT_RE = re.compile(r"<!--\s*healthmod-(disable(?:-next-line)?)\b(.*?)-->", re.DOTALL | re.IGNORECASE)
LINE_RE = re.compile(r"^[ \t]*healthmod-(disable(?:-next-line)?)[ \t]*:(.*)$", re.MULTILINE | re.IGNORECASE)

FAMILIES = ("promotional", "missing-disclosure", "article")
KNOWN_RULES = frozenset(
    [f"promotional/{c}" for c in PROMO_CATEGORIES]
    + ["article/promotional"]
    + [f"missing-disclosure/{k}" for k in DISCLOSURE_KINDS]
)


@dataclass
class Directive:
    kind: str  # "file" or "next-line"
    rules: list[str]
    line: int  # 1-based line of the directive in the draft
    column: int
    target_line: int | None = None  # next-line: the line it applies to
    justification: str | None = None
    used: int = 0

    def covers(self, rule: str, line: int, end_line: int) -> bool:
        if self.kind == "next-line" and not (self.target_line is not None and line <= self.target_line <= end_line):
            return False
        return any(rule_matches(pattern, rule) for pattern in self.rules)

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "kind": self.kind,
            "rules": self.rules,
            "used": self.used,
            "justification": self.justification,
        }


def rule_matches(pattern: str, rule: str) -> bool:
    if pattern in ("*", rule):
        return True
    family = pattern[:-2] if pattern.endswith("/*") else pattern
    return family in FAMILIES and rule.startswith(family + "/")


def known_pattern(pattern: str) -> bool:
    return pattern == "*" or pattern in KNOWN_RULES or pattern.removesuffix("/*") in FAMILIES


def _split(body: str) -> tuple[list[str], str | None]:
    body = body.strip().removeprefix(":").strip()
    justification = None
    if " -- " in f" {body} ":
        body, _, justification = f" {body} ".partition(" -- ")
        justification = justification.strip() or None
    rules = [r for r in re.split(r"[\s,]+", body.strip()) if r]
    return rules or ["*"], justification


def parse(raw: str, html: bool) -> list[Directive]:
    """The directives of a draft, in order. HTML drafts take the comment form only."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", raw))]
    lines = raw.split("\n")
    found = [(m.start(), m.end(), m.group(1), m.group(2)) for m in COMMENT_RE.finditer(raw)]
    if not html:
        inside = [(a, b) for a, b, _, _ in found]
        found += [
            (m.start(), m.end(), m.group(1), m.group(2))
            for m in LINE_RE.finditer(raw)
            if not any(a <= m.start() < b for a, b in inside)
        ]
    directives = []
    for start, end, word, body in sorted(found):
        line = _line_of(line_starts, start)
        end_line = _line_of(line_starts, max(start, end - 1))
        rules, justification = _split(body)
        directive = Directive(
            "next-line" if word.lower().endswith("next-line") else "file",
            rules,
            line,
            start - line_starts[line - 1] + 1,
            justification=justification,
        )
        if directive.kind == "next-line":
            directive.target_line = _next_content_line(lines, end_line)
        directives.append(directive)
    return directives


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset)


def _next_content_line(lines: list[str], after: int) -> int | None:
    """The first line after line ``after`` (1-based) with something on it other than a comment."""
    for n in range(after + 1, len(lines) + 1):
        text = re.sub(r"<!--.*?-->", "", lines[n - 1]).strip()
        if text:
            return n
    return None
