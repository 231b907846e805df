"""Drafts as the publisher wrote them: markup out for scoring, positions back for reporting.

Scoring reads prose; a publisher reads the file they wrote. For plain text and Markdown,
:func:`prepare` removes what is not prose (Markdown syntax, HTML comments, ``healthmod-disable``
directive lines) and returns the prose together with an :class:`OffsetMap` from every kept
character back to its offset in the file. Line breaks are always kept, so the prose has the
file's lines, only shorter. For HTML, the stage input is the extractor's text, which has no
offsets into the page, so :class:`SourceIndex` finds a sentence in the page by its letters and
digits (tags skipped, entities decoded, white space and punctuation ignored).

:class:`Locator` puts both together: where a sentence of the clean text starts (and ends) in
the file, as 1-based line and column.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
from dataclasses import dataclass, field

from .document import Article


@dataclass
class OffsetMap:
    """Where each character of a derived text came from in the text it was derived from.

    Pieces are runs copied unchanged (``synthetic`` False) or characters written by the
    transformation (a list bullet), which map to the position of what they replace.
    """

    dst: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    length: list[int] = field(default_factory=list)
    synthetic: list[bool] = field(default_factory=list)

    def add(self, dst: int, src: int, length: int, synthetic: bool = False) -> None:
        if length <= 0:
            return
        if (
            self.dst
            and not synthetic
            and not self.synthetic[-1]
            and self.dst[-1] + self.length[-1] == dst
            and self.src[-1] + self.length[-1] == src
        ):
            self.length[-1] += length
            return
        self.dst.append(dst)
        self.src.append(src)
        self.length.append(length)
        self.synthetic.append(synthetic)

    def to_source(self, offset: int) -> int:
        """The offset in the original text of the character at ``offset`` of the derived text."""
        if not self.dst:
            return offset
        i = max(0, bisect.bisect_right(self.dst, offset) - 1)
        if self.synthetic[i]:
            return self.src[i]
        return self.src[i] + min(max(offset - self.dst[i], 0), self.length[i])

    def then(self, inner: OffsetMap) -> OffsetMap:
        """A map for text derived from this map's derived text by ``inner``: inner first, then this one."""
        composed = OffsetMap()
        for d, s, n, syn in zip(inner.dst, inner.src, inner.length, inner.synthetic, strict=True):
            if syn:
                composed.add(d, self.to_source(s), n, True)
                continue
            # A copied run may straddle pieces of this map: split it where they change.
            k = 0
            while k < n:
                j = max(0, bisect.bisect_right(self.dst, s + k) - 1)
                run = n - k if j + 1 >= len(self.dst) else min(n - k, self.dst[j + 1] - (s + k))
                run = max(run, 1)
                composed.add(d + k, self.to_source(s + k), run, self.synthetic[j] if self.dst else False)
                k += run
        return composed


class _Builder:
    """Accumulates derived text and its map."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.map = OffsetMap()
        self.pos = 0

    def copy(self, text: str, src: int) -> None:
        if text:
            self.map.add(self.pos, src, len(text))
            self.parts.append(text)
            self.pos += len(text)

    def emit(self, text: str, src: int) -> None:
        if text:
            self.map.add(self.pos, src, len(text), synthetic=True)
            self.parts.append(text)
            self.pos += len(text)

    def text(self) -> str:
        return "".join(self.parts)


# --- comments and directive lines --------------------------------------------------------------

# An HTML comment (possibly over several lines, possibly unterminated), or a plain-text
# suppression directive on a line of its own.
HIDDEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|^[ \t]*healthmod-disable(?:-next-line)?[ \t]*:[^\n]*",
    re.DOTALL | re.MULTILINE | re.IGNORECASE,
)


def strip_hidden(text: str) -> tuple[str, OffsetMap] | None:
    """``text`` without HTML comments and directive lines (their line breaks kept), or None if it has none."""
    if "<!--" not in text and "healthmod-disable" not in text.lower():
        return None
    out = _Builder()
    pos = 0
    for m in HIDDEN_RE.finditer(text):
        out.copy(text[pos : m.start()], pos)
        for k, ch in enumerate(m.group(0)):
            if ch == "\n":
                out.copy("\n", m.start() + k)
        pos = m.end()
    out.copy(text[pos:], pos)
    return out.text(), out.map


# --- Markdown -----------------------------------------------------------------------------------

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
THEMATIC_RE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
# Written so that no two runs of blanks can trade characters (each run follows a "|" or a cell
# rule), which kept lines of thousands of blanks from taking quadratic time.
TABLE_RULE_RE = re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*(?:\|[ \t]*)?$")
REFDEF_RE = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*\S")
BLOCKQUOTE_RE = re.compile(r"[ \t]{0,3}>[ \t]?")
HEADING_RE = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
HEADING_CLOSE_RE = re.compile(r"(?<![ \t])[ \t]+#+[ \t]*$")  # starts only where a run of blanks starts
# Indentation is bounded so that a search through a long run of blanks stays linear.
BULLET_RE = re.compile(r"([ \t]{0,32})([-*+])[ \t]+")
ORDERED_RE = re.compile(r"([ \t]{0,32})(\d{1,9}[.)][ \t]+)")
TASK_RE = re.compile(r"\[[ xX]\][ \t]+")
INLINE_RE = re.compile(
    r"""
    (?P<esc>\\[!-/:-@\[-`{-~])
  | (?P<code>(?P<ticks>`+)(?P<code_body>.+?)(?P=ticks))
  | (?P<image>!\[[^\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\)|\[[^\]]*\]))
  | (?P<footnote>\[\^[^\]]+\])
  | (?P<link>\[(?P<text>[^\]]+)\]
      (?:\((?P<url>(?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?)\)|\[(?P<ref>[^\]]*)\])?)
  | (?P<auto><(?P<autourl>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]+)>)
  | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
  | (?P<emph>(?P<delim>\*\*|__|~~|\*|_)(?=\S)(?P<emph_body>.+?)(?<=\S)(?P=delim))
    """,
    re.VERBOSE,
)


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def strip_markdown(text: str) -> tuple[str, OffsetMap]:
    """Markdown to prose: headings, emphasis, links, images, code, quotes and rules go; list bullets
    become ``- `` (so the line stage still sees a list). A paragraph or list item wrapped over
    several lines becomes one line (a soft line break is a space in Markdown, and the sentence
    splitter ends a sentence at a line break); every other line break stays."""
    lines = text.split("\n")
    refs = {_label(m.group(1)) for line in lines if (m := REFDEF_RE.match(line))}
    out = _Builder()
    pos = 0
    fence: str | None = None
    front_matter = bool(lines) and lines[0].strip() == "---"
    joinable = False  # the previous line is paragraph text that a continuation line may join
    for n, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        kind = "skip"
        if front_matter:  # YAML front matter: keep "author: ..." and "date: ..." lines, drop the fences
            if n and line.strip() in ("---", "..."):
                front_matter = False
            kind = "front" if n and front_matter else "skip"
        elif fence is not None:
            fenced = FENCE_RE.match(line)
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = None
        elif fenced := FENCE_RE.match(line):
            fence = fenced.group(1)
        elif not line.strip():
            kind = "blank"
        elif not (THEMATIC_RE.match(line) or TABLE_RULE_RE.match(line) or REFDEF_RE.match(line)):
            kind = _line_kind(line)
        if n:
            previous = lines[n - 1]
            hard_break = previous.endswith(("  ", "\\")) or previous.endswith("\t")
            if joinable and kind in ("text", "quote") and not hard_break:
                out.emit(" ", start - 1)
            else:
                out.copy("\n", start - 1)
        if kind == "front":
            out.copy(line, start)
        elif kind not in ("skip", "blank"):
            _block_line(out, line, start, refs)
        joinable = kind in ("text", "item", "quote") and not line.rstrip().endswith("|")
    return out.text(), out.map


def _line_kind(line: str) -> str:
    if BLOCKQUOTE_RE.match(line):
        return "quote"
    if HEADING_RE.match(line):
        return "heading"
    if BULLET_RE.match(line) or ORDERED_RE.match(line):
        return "item"
    if line.lstrip().startswith(("|", "<")):
        return "block"
    return "text"


def _block_line(out: _Builder, line: str, start: int, refs: set[str]) -> None:
    """One line's content without its block syntax (indentation, quote marks, heading hashes)."""
    j = len(line) - len(line.lstrip())
    while m := BLOCKQUOTE_RE.match(line, j):
        j = m.end()
    end = len(line)
    if m := HEADING_RE.match(line, j):
        j = m.end()
        if close := HEADING_CLOSE_RE.search(line, j):
            end = close.start()
    elif m := BULLET_RE.match(line, j):
        out.emit("- ", start + m.start(2))
        j = m.end()
    elif m := ORDERED_RE.match(line, j):
        out.copy(m.group(2), start + m.start(2))
        j = m.end()
    if m := TASK_RE.match(line, j):
        j = m.end()
    _inline(out, line[j:end], start + j, refs)


def _inline(out: _Builder, s: str, base: int, refs: set[str]) -> None:
    i = 0
    while i < len(s):
        m = INLINE_RE.search(s, i)
        if m is None:
            break
        out.copy(s[i : m.start()], base + i)
        kind = m.lastgroup
        literal = False
        if kind == "esc":
            out.copy(s[m.start() + 1], base + m.start() + 1)
        elif kind == "code":
            out.copy(m.group("code_body"), base + m.start("code_body"))
        elif kind == "link":
            ref = m.group("ref")
            if m.group("url") is None and not m.group(0).endswith(")"):
                label = ref if ref else m.group("text")
                literal = _label(label) not in refs
            if not literal:
                _inline(out, m.group("text"), base + m.start("text"), refs)
        elif kind == "auto":
            out.copy(m.group("autourl"), base + m.start("autourl"))
        elif kind == "emph":
            delim = m.group("delim")
            before = s[m.start() - 1] if m.start() else " "
            after = s[m.end()] if m.end() < len(s) else " "
            if delim.startswith("_") and (before.isalnum() or after.isalnum()):
                literal = True  # snake_case, not emphasis
            else:
                _inline(out, m.group("emph_body"), base + m.start("emph_body"), refs)
        # image, footnote, tag: dropped
        if literal:
            out.copy(s[m.start()], base + m.start())
            i = m.start() + 1
        else:
            i = m.end()
    out.copy(s[i:], base + i)


MARKDOWN_SNIFF = re.compile(r"^(?:#{1,6} \S|[-*+] \S|>\s)|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S[^*\n]*\*\*", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    """True when the first few kilobytes have Markdown headings, links, bold or several list items."""
    return len(MARKDOWN_SNIFF.findall(text[:8192])) >= 2


def prepare(article: Article) -> tuple[str, OffsetMap] | None:
    """The prose the line stage should read for this draft, and its map back to ``article.raw``;
    None when the raw text is the prose already (HTML, or text without comments and directives)."""
    if article.is_html:
        return None
    fmt = article.source.get("format")
    markdown = fmt == "markdown" or (article.source.get("path") == "-" and looks_like_markdown(article.raw))
    hidden = strip_hidden(article.raw)
    text, first = hidden if hidden else (article.raw, OffsetMap())
    if not markdown:
        return hidden
    prose, inner = strip_markdown(text)
    return prose, first.then(inner) if hidden else inner


# --- HTML: finding text in the page --------------------------------------------------------------

SKIP_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template|svg|textarea)\b.*?(?:</\1\s*>|\Z)"
    r"|<[A-Za-z/!?][^>]*>?|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.DOTALL | re.IGNORECASE,
)
BODY_RE = re.compile(r"<body\b", re.IGNORECASE)


class SourceIndex:
    """The letters and digits of a page's visible text, lower-cased, each with its offset in the page.

    Tags, comments, scripts and styles are skipped and entities decoded, so a sentence the
    extractor produced is found whatever markup, white space or punctuation lies between its words.
    """

    def __init__(self, raw: str, markup: bool = True):
        chars: list[str] = []
        offsets: list[int] = []

        def add(piece: str, base: int) -> None:
            for k, ch in enumerate(piece):
                if ch.isalnum():
                    for low in ch.lower():
                        chars.append(low)
                        offsets.append(base + k)

        pos = 0
        if markup:
            for m in SKIP_RE.finditer(raw):
                add(raw[pos : m.start()], pos)
                if m.group(0).startswith("&"):
                    for ch in html_lib.unescape(m.group(0)):
                        if ch.isalnum():
                            chars.extend(ch.lower())
                            offsets.extend([m.start()] * len(ch.lower()))
                pos = m.end()
        add(raw[pos:], pos)
        self.text = "".join(chars)
        self.offsets = offsets
        body = BODY_RE.search(raw) if markup else None
        self.body_start = bisect.bisect_left(offsets, body.start()) if body else 0

    @staticmethod
    def key(text: str) -> str:
        return "".join(ch.lower() for ch in text if ch.isalnum())

    def find(self, text: str, after: int | None = None) -> tuple[int, int] | None:
        """The page offsets of the first and one past the last character of ``text``, searching from
        index position ``after`` (default: the body's start) on, then from the body's start, then from
        the top (a title only in <head>); None if absent."""
        after = self.body_start if after is None else after
        key = self.key(text)
        if not key:
            return None
        # The whole sentence first; then its first words only (the extractor may have joined or
        # changed the end of a block), never fewer than a dozen letters.
        for probe in dict.fromkeys((key, key[:60], key[:24])):
            if len(probe) < min(len(key), 12):
                continue
            for start in dict.fromkeys((after, self.body_start, 0)):
                i = self.text.find(probe, start)
                if i >= 0:
                    return self.offsets[i], self.offsets[i + len(probe) - 1] + 1
        return None

    def index_of(self, offset: int) -> int:
        """The index position of the first letter at or after page offset ``offset``."""
        return bisect.bisect_left(self.offsets, offset)


# --- positions ----------------------------------------------------------------------------------

# What a sentence may start with before its first word: list bullets and numbers, quote marks,
# brackets. The reported column is that of the first word.
LEAD_RE = re.compile(r"^(?:\s+|[-*+•·▪◦>#]+\s+|\d{1,3}[.)]\s+|[\"'“‘«„(\[¿¡]+)*")


def lead_length(text: str) -> int:
    """How many characters of ``text`` come before its first word (bullet, number, quote mark)."""
    n = LEAD_RE.match(text).end()  # type: ignore[union-attr]
    return n if n < len(text) else 0


@dataclass
class Position:
    line: int
    column: int
    end_line: int
    end_column: int  # one past the last character, as SARIF's endColumn
    offset: int  # in article.raw
    exact: bool = True


class Locator:
    """Positions of clean-text spans in the draft as written (``article.raw``)."""

    def __init__(self, article: Article):
        self.article = article
        raw = article.raw
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", raw))]
        self.index = SourceIndex(raw) if article.is_html else None
        self.cursor = self.index.body_start if self.index else 0

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.article.raw)))
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def _raw(self, clean_offset: int) -> int:
        source = self.article.to_source(clean_offset)
        raw_map = self.article.raw_map
        return raw_map.to_source(source) if raw_map is not None else source

    def locate(self, clean_start: int, text: str, advance: bool = True) -> Position:
        """Where the span of the clean text starting at ``clean_start`` with text ``text`` stands in the
        file: from its first word to its end. For HTML, sentences are searched for in document order
        (``advance``), so a repeated sentence is found at its own place."""
        lead = lead_length(text)
        body = text[lead:]
        if self.index is not None:
            found = self.index.find(body, self.cursor if advance else self.index.body_start)
            if found is None:
                return self._position(0, 0, exact=False)
            start, end = found
            if advance:
                self.cursor = self.index.index_of(start) + 1
            return self._position(start, end)
        start = self._raw(clean_start + lead)
        end = self._raw(clean_start + len(text.rstrip()) - 1) + 1 if body.strip() else start
        return self._position(start, max(end, start))

    def _position(self, start: int, end: int, exact: bool = True) -> Position:
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        return Position(line, col, end_line, end_col, start, exact)
