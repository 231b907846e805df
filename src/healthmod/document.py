"""The one document type that flows through every stage.

An :class:`Article` starts as raw input from a reader; each stage reads what earlier
stages put on it and adds its own findings. Offsets of sentences and findings refer to
``Article.text`` (the cleaned article body); ``Article.segments`` maps them back to the
stage input (``Article.source_text``) so a finding can be shown at the writer's line.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

PROMO_CATEGORIES = ("hype", "overclaim", "safety", "exclusivity", "sales", "testimonial", "fear")
DISCLOSURE_KINDS = (
    "medical_advice",
    "regulatory_status",
    "evidence_caveat",
    "sponsorship",
    "conflict_of_interest",
    "references",
    "authorship",
    "date",
    "supplement",
)


@dataclass(slots=True)  # many per article
class Segment:
    """A run of characters copied unchanged from the source text into the clean text."""

    clean_start: int
    source_start: int
    length: int


@dataclass(slots=True)  # many per article
class Removed:
    """A span of the source text that boilerplate stripping dropped, and the rule that dropped it."""

    start: int
    end: int
    reason: str


@dataclass(slots=True)  # many per article
class Region:
    """A block that is not article body but that later stages still need (a disclaimer, a byline,
    a date line, a reference list...). Offsets refer to the source text."""

    kind: str
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    score: float = 0.0
    categories: dict[str, float] = field(default_factory=dict)
    cues: list[str] = field(default_factory=list)


@dataclass
class Disclosure:
    kind: str
    required: bool = False
    present: bool = False
    trigger: str | None = None
    evidence: str | None = None
    severity: str = "warning"

    @property
    def missing(self) -> bool:
        return self.required and not self.present


@dataclass
class Article:
    """One article on its way through the pipeline.

    ``raw`` is the input exactly as read (decoded to str); ``source_text`` is the text the
    line stage worked on: ``raw`` itself for plain text, the extractor's output for HTML.
    """

    id: str
    raw: str
    source: dict[str, Any] = field(default_factory=dict)
    is_html: bool = False
    source_text: str = ""
    text: str = ""
    title: str | None = None
    segments: list[Segment] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    promo_score: float = 0.0
    promo_threshold: float = 0.5
    sentence_threshold: float = 0.5
    disclosures: dict[str, Disclosure] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    # For a draft whose markup was removed before the line stage (Markdown, comments): maps offsets of
    # ``source_text`` back to ``raw`` (a markup.OffsetMap); None when ``source_text`` is ``raw``.
    raw_map: Any = None
    skip_reason: tuple[str, str] | None = None  # (code, message): not moderated, and why
    ingest_error: tuple[str, str] | None = None  # (type, message): the input could not be read

    @property
    def promo_flagged(self) -> bool:
        """Whether the promotional model reads the article as a whole as promotion."""
        return self.promo_score >= self.promo_threshold

    def to_source(self, clean_offset: int) -> int:
        """Map an offset in the clean text to the matching offset in ``source_text``."""
        if not self.segments:
            return clean_offset
        starts = [s.clean_start for s in self.segments]
        i = max(0, bisect.bisect_right(starts, clean_offset) - 1)
        seg = self.segments[i]
        return seg.source_start + min(clean_offset - seg.clean_start, seg.length)

    def region_text(self, *kinds: str) -> str:
        return "\n".join(r.text for r in self.regions if not kinds or r.kind in kinds)
