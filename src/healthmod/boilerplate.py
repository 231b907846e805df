"""Boilerplate stripping: which lines of a scraped page are the article.

The text stage splits the source into blocks (lines, also split at stray HTML tags), gives
each block a label from named rules, smooths the labels with their neighbours, and joins
the body blocks into the clean text. Labels are ``body``, ``meta:<kind>`` (not body, but the
disclosure stage needs it: a disclaimer, a byline, a date, references, funding, a sponsor
label) and ``drop:<reason>``. HTML is rendered to one line per block element and labelled
by the same stage, with trafilatura's extraction as the strongest signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .config import BoilerplateConfig
from .document import Article, Region, Removed, Segment
from .text_signals import STOPWORDS, WORD_RE, word_count

# Only the head of a block is matched against marker rules: markers sit at the start of a
# line, and bounding the input keeps every pattern linear on a 5 MB line.
HEAD = 300
TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,300})?/?>")
TERMINAL_PUNCT = tuple('.!?:;"”’)。！？」）')
TRUNCATED_RE = re.compile(r"(?:\.\.\.|…)\s*$")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*•·▪◦]|\d{1,2}[.)]|[a-z][.)]|[①-⑳])\s")


def _rule(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# Blocks that end the article: everything after them is page furniture.
TERMINATOR = _rule(
    r"^(?:end|the end|recommend(?:ed)?(?: for you| articles| reading| stories)?|related(?: articles| posts"
    r"| stories| content| reading| news| coverage)?|you (?:may|might) also (?:like|enjoy)|more (?:from|stories"
    r"|articles|on this|in)\b.{0,40}|read (?:more|next|also)|most (?:popular|read|viewed|shared)|popular"
    r"(?: posts| articles| now)?|trending(?: now)?|further reading|see also|comments?(?: \(\d+\))?|\d+ comments?"
    r"|(?:leave|post|add) a (?:comment|reply)|join the discussion|what to read next|latest (?:news|articles|stories)"
    r"|\d+ (?:responses?|comments?|replies|thoughts)(?: (?:to|on) .{0,150})?|comments? (?:are|is) closed|discussion)\W*$"
)
# Non-body blocks that the disclosure stage still needs, by kind.
META_RULES: dict[str, re.Pattern[str]] = {
    "disclaimer": _rule(
        r"^(?:medical |important |legal )?disclaimer\b|^this (?:article|content|information|post|site) is (?:for"
        r" |not |intended )|not (?:intended (?:to be |as )?|meant (?:to be |as )?)?a substitute for|^(?:\*\s*)?"
        r"these statements have not been evaluated|^always (?:consult|seek|talk)|^(?:please )?consult (?:your|a)"
        r" (?:doctor|physician|healthcare)"
    ),
    # Case-sensitive after the keyword: a byline names people ("By Ann Lee"), a sentence does not.
    "byline": _rule(
        r"^(?i:by|written by|words by|authors?|reviewed by|medically reviewed by|fact[- ]checked by|posted by)"
        r"\s*:?\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von)){0,6}(?:\s*[,|•–-].{0,80})?$",
        flags=0,
    ),
    "date": _rule(
        r"^(?=.{0,80}\d)(?:(?:published|updated|posted|last (?:updated|reviewed|modified)|date)\s*(?:on)?\s*:?\s*\S.{0,60}$"
        r"|(?:mon|tue|wed|thu|fri|sat|sun)\w*,? .{0,40}\d{4}.{0,20}$|\w+ \d{1,2},? \d{4}(?:[ ,].{0,30})?$"
        r"|\d{1,2} \w+ \d{4}(?:[ ,].{0,30})?$|\d{4}-\d{2}-\d{2}(?:[ T].{0,20})?$|\d{1,2}/\d{1,2}/\d{2,4}$)"
    ),
    "references": _rule(
        r"^(?i:references|sources|bibliography|citations|works cited|studies cited)\s*(?::.{0,200})?$"
        r"|^\[\d{1,3}\]\s*\S.{10,}|^\d{1,3}\.\s+[A-Z][\w'’-]+,? (?:[A-Z]{1,3}\b|[A-Z]\.).{10,}",
        flags=0,
    ),
    "funding": _rule(
        r"^(?:funding|conflicts? of interest|competing interests?|financial disclosures?|disclosures?|declaration"
        r" of interests?|acknowledge?ments?)\s*:"
    ),
    "sponsorship": _rule(
        r"^(?:sponsored(?: content| post| by)?|paid (?:post|content|partnership)|advertorial|partner content"
        r"|this (?:post|article|page) (?:is sponsored|contains affiliate|may contain affiliate))\b"
    ),
}
# Page furniture, by reason. Checked after META_RULES, on blocks shorter than SHORT_RULE_WORDS.
DROP_RULES: dict[str, re.Pattern[str]] = {
    "prev_next": _rule(
        r"^(?:<<|>>|«|»|‹|›|←|→)\s*:?|^(?:previous|next|prev|older|newer)(?: (?:article|post|story"
        r"|page|entry|item))?\s*(?:[:»«>]|$)"
    ),
    # A commenter's name line opens a comment: what follows is discussion, not article.
    "comment": _rule(
        r"^[\w .'’()@-]{1,40} (?:says|said|wrote|replied)\s*:?$|^[\w .'’()@-]{1,40} on .{6,30}\d{4},?"
        r" (?:at )?\d{1,2}[:.]\d{2}\s?(?:am|pm)?,? (?:said|says|wrote):?$"
    ),
    "share": _rule(
        r"^click to (?:share|email|print)\b.{0,60}$|^(?:share(?: this(?: article| story| page| post)?)?(?: on| via| to)?\s*(?:facebook|twitter|x"
        r"|linkedin|whatsapp|pinterest|reddit|email)?|tweet|pin it|e-?mail|print|copy link|save"
        r"|(?:follow|like) us\b.{0,40}|facebook|twitter|linkedin|whatsapp|pinterest|reddit)\W*$"
    ),
    "cookie": _rule(r"\bcookies?\b.{0,200}\b(?:use|accept|consent|polic|settings|preferences|agree|experience)"),
    "copyright": _rule(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b"),
    "footer_link": _rule(
        r"^(?:privacy(?: policy| notice| settings)?|terms(?: (?:of|and) (?:use|service|conditions))?"
        r"|cookie (?:policy|settings)|contact(?: us)?|about(?: us)?|advertise(?: with us)?|careers"
        r"|sitemap|accessibility|help|faq|imprint|do not sell.{0,40})\W*$"
    ),
    "tags": _rule(r"^(?:tags?|tagged|categories|category|filed under|topics)\s*:"),
    "ad": _rule(r"^(?:advertisement|advertising|ad|sponsored links?|promoted(?: stories)?)\W*$"),
    "account": _rule(
        r"^(?:subscribe|sign (?:in|up|out)|log ?(?:in|out)|register|my account|newsletter|menu|search"
        r"|skip to (?:main )?content|home|back to top|toggle navigation|close)\b.{0,60}$"
    ),
    "caption": _rule(
        r"^(?:image|photo|picture|video)(?: credit| source| by)?\s*:|^(?:credit|source|above|pictured)\s*:"
        r"|\((?:photo|image|credit)[^()]{0,80}\)$|^getty images\b|/ ?(?:getty|istock|shutterstock)\b"
    ),
    "counter": _rule(r"^\d+\s*(?:comments?|shares?|likes?|views?|reads?|min(?:ute)?s? read)\W*$|^\d+ ?min read\b"),
}
SHORT_RULE_WORDS = 25


@dataclass
class Block:
    """One line (or one piece of a line split at a stray tag) of the source text."""

    start: int
    end: int
    text: str
    label: str = ""
    line_no: int = 0
    _words: int = -1

    @property
    def words(self) -> int:
        if self._words < 0:
            self._words = word_count(self.text[:2000])
        return self._words

    @property
    def kept(self) -> bool:
        return self.label == "body"


def split_blocks(text: str) -> tuple[list[Block], list[Removed]]:
    """Lines of ``text`` as blocks; stray HTML tags split a line and are recorded as removed."""
    blocks: list[Block] = []
    tags: list[Removed] = []
    pos = 0
    for line_no, line in enumerate(text.split("\n"), 1):
        cursor = pos
        for m in TAG_RE.finditer(line):
            _add_block(blocks, line[cursor - pos : m.start()], cursor, line_no)
            tags.append(Removed(pos + m.start(), pos + m.end(), "html_tag"))
            cursor = pos + m.end()
        _add_block(blocks, line[cursor - pos :], cursor, line_no)
        pos += len(line) + 1
    return blocks, tags


def _add_block(blocks: list[Block], piece: str, offset: int, line_no: int) -> None:
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        blocks.append(Block(offset + lead, offset + lead + len(stripped), stripped, line_no=line_no))


def is_prose(block: Block, cfg: BoilerplateConfig) -> bool:
    """Article-like prose: long enough, sentence-final punctuation, not a truncated teaser."""
    if TRUNCATED_RE.search(block.text[-10:]):
        return False
    if block.words < cfg.prose_min_words:
        return False
    words = WORD_RE.findall(block.text[:2000].lower())
    stop_ratio = sum(w in STOPWORDS for w in words) / max(len(words), 1)
    return block.text.rstrip().endswith(TERMINAL_PUNCT) or stop_ratio >= 0.3


def marker_label(block: Block) -> str | None:
    """The label a named marker rule gives this block, or None."""
    head = block.text[:HEAD]
    for kind, rule in META_RULES.items():
        if rule.search(head):
            return f"meta:{kind}"
    if block.words <= SHORT_RULE_WORDS:
        for reason, rule in DROP_RULES.items():
            if rule.search(head):
                return f"drop:{reason}"
        if TRUNCATED_RE.search(block.text):
            return "drop:truncated_teaser"
    return None


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def label_blocks(blocks: list[Block], cfg: BoilerplateConfig, body_end: int | None = None) -> None:
    """Give every block a label: markers first, then prose density with neighbour smoothing."""
    for block in blocks:
        if TERMINATOR.match(block.text[:HEAD]) and block.words <= SHORT_RULE_WORDS:
            block.label = "drop:end_marker"
        else:
            block.label = marker_label(block) or ""
    if body_end is not None:  # HTML: the extractor has already chosen the main text from the markup
        _label_by_extraction(blocks, body_end)
    else:
        _label_by_density(blocks, cfg)
        if cfg.cut_after_terminator:
            _cut_after_terminator(blocks, cfg)
        _keep_main_cluster(blocks, cfg)
    _drop_duplicates(blocks)


def _drop_duplicates(blocks: list[Block]) -> None:
    """Keep one copy of a repeated line: the body copy if there is one, else the first."""
    copies: dict[str, list[Block]] = {}
    for block in blocks:
        copies.setdefault(_normal(block.text), []).append(block)
    for group in copies.values():
        if len(group) < 2:
            continue
        keep = next((b for b in group if b.label == "body"), None)
        for block in group:
            if keep is not None and block is not keep:
                block.label = "drop:duplicate_line"


def _label_by_extraction(blocks: list[Block], body_end: int) -> None:
    """HTML mode: blocks of the extractor's text (before ``body_end``) are body unless a marker rule
    says otherwise; the rest of the page is furniture unless a marker rule keeps it as a region."""
    for block in blocks:
        if not block.label:
            block.label = "body" if block.start < body_end else "drop:html_extractor"


def _label_by_density(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    prose = [is_prose(b, cfg) for b in blocks]
    for block, good in zip(blocks, prose, strict=True):
        if not block.label and good:
            block.label = "body"
    body_at = [i for i, b in enumerate(blocks) if b.label == "body"]
    if not body_at:
        for block in blocks:
            block.label = block.label or "drop:no_prose"
        return
    first, last = body_at[0], body_at[-1]
    for run in _unlabelled_runs(blocks):
        _label_short_run(blocks, run, first, last, cfg)
    _pick_headline(blocks, first)


def _unlabelled_runs(blocks: list[Block]) -> Iterator[list[int]]:
    run: list[int] = []
    for i, block in enumerate(blocks):
        if not block.label:
            run.append(i)
        elif run and not block.label.startswith("meta:"):
            yield run
            run = []
    if run:
        yield run


def _label_short_run(blocks: list[Block], run: list[int], first: int, last: int, cfg: BoilerplateConfig) -> None:
    """Short blocks between body prose are headings or list items; elsewhere they are furniture."""
    inside = first < run[0] and run[-1] < last
    items = [blocks[i] for i in run]
    listy = sum(bool(LIST_ITEM_RE.match(b.text)) or b.text.endswith(TERMINAL_PUNCT) for b in items)
    mean_words = sum(b.words for b in items) / len(items)
    if inside and (len(run) < cfg.list_run_min_lines or listy >= len(run) / 2 or mean_words >= 6):
        label = "body"
    elif inside:
        label = "drop:link_list"
    else:
        label = "drop:before_body" if run[-1] < first else "drop:after_body"
    for i in run:
        blocks[i].label = label


def _pick_headline(blocks: list[Block], first: int) -> None:
    """Keep the headline: the nearest title-like block above the first paragraph."""
    for i in range(first - 1, max(-1, first - 6), -1):
        block = blocks[i]
        if block.label == "drop:before_body" and 3 <= block.words <= 30 and not TRUNCATED_RE.search(block.text):
            block.label = "body"
            return
        if block.label.startswith("meta:") or block.label in (
            "drop:before_body",
            "drop:caption",
            "drop:duplicate_line",
        ):
            continue
        return


def _keep_main_cluster(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    """The article is the largest cluster of body blocks; far-off clusters (teasers, comments) are dropped.

    Clusters are body blocks separated by fewer than ``cfg.cluster_gap`` furniture blocks. A cluster
    with less than ``cfg.cluster_min_share`` of the largest cluster's words is dropped.
    """
    clusters: list[list[int]] = []
    gap = cfg.cluster_gap
    for i, block in enumerate(blocks):
        if block.label == "body":
            if clusters and gap < cfg.cluster_gap:
                clusters[-1].append(i)
            else:
                clusters.append([i])
            gap = 0
        elif not block.label.startswith("meta:"):
            gap += 1
    if len(clusters) < 2:
        return
    sizes = [sum(blocks[i].words for i in c) for c in clusters]
    top = max(sizes)
    for cluster, size in zip(clusters, sizes, strict=True):
        if size < cfg.cluster_min_share * top:
            for i in cluster:
                blocks[i].label = "drop:outside_main_text"


def _cut_after_terminator(blocks: list[Block], cfg: BoilerplateConfig) -> None:
    """After END / Recommend / Related ... below the body, drop the rest unless prose resumes in earnest."""
    body_seen = 0
    cutting = False
    for i, block in enumerate(blocks):
        if block.label == "body" and not cutting:
            body_seen += 1
        elif block.label in ("drop:end_marker", "drop:comment") and body_seen >= 2:
            cutting = True
        elif cutting and block.label == "body":
            if _prose_resumes(blocks, i, cfg):
                cutting = False
                body_seen += 1
            else:
                block.label = "drop:after_end_marker"


def _prose_resumes(blocks: list[Block], i: int, cfg: BoilerplateConfig) -> bool:
    following = [b for b in blocks[i : i + 3] if not b.label.startswith("meta:")]
    return len(following) >= 2 and all(is_prose(b, cfg) for b in following[:2])


def assemble(article: Article, blocks: list[Block], removed: list[Removed]) -> None:
    """Join body blocks into the clean text; record the dropped spans and the meta regions."""
    source = article.source_text
    parts: list[str] = []
    pos = 0
    prev_line = None
    for block in blocks:
        if block.kept:
            if parts:
                sep = "\n" if block.line_no == prev_line or block.line_no == (prev_line or 0) + 1 else "\n\n"
                parts.append(sep)
                pos += len(sep)
            article.segments.append(Segment(pos, block.start, block.end - block.start))
            parts.append(block.text)
            pos += len(block.text)
            prev_line = block.line_no
        elif block.label.startswith("meta:"):
            article.regions.append(Region(block.label[5:], block.start, block.end, block.text))
        else:
            removed.append(Removed(block.start, block.end, block.label[5:]))
    article.text = "".join(parts)
    article.removed = _merge_spans(sorted(removed, key=lambda r: r.start), source)


def _merge_spans(spans: list[Removed], source: str) -> list[Removed]:
    """Join neighbouring removed spans with the same reason when only white space lies between."""
    merged: list[Removed] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last and last.reason == span.reason and not source[last.end : span.start].strip():
            last.end = span.end
        else:
            merged.append(Removed(span.start, span.end, span.reason))
    return merged


def strip_text(article: Article, cfg: BoilerplateConfig, body_end: int | None = None) -> list[Block]:
    """Run the text stage over ``article.source_text``; return the labelled blocks (for --explain)."""
    blocks, tags = split_blocks(article.source_text)
    label_blocks(blocks, cfg, body_end)
    assemble(article, blocks, tags)
    first_body = next((b for b in blocks if b.kept), None)
    article.title = article.title or (first_body.text if first_body and first_body.words <= 30 else None)
    return blocks


def strip(article: Article, cfg: BoilerplateConfig) -> list[Block]:
    """The boilerplate stage: HTML is rendered and extracted first, plain text goes straight in."""
    if article.is_html:
        from .html import extract_main_text, render_text

        # The stage input is the extractor's text followed by the rest of the page's visible text, so
        # bylines, dates and disclaimers outside the main text still reach the disclosure stage.
        extracted = extract_main_text(article.raw)
        inside = {_normal(line) for line in extracted.split("\n")}
        rest = [line for line in render_text(article.raw).split("\n") if _normal(line) not in inside]
        article.source_text = extracted + "\n\n" + "\n".join(rest)
        return strip_text(article, cfg, body_end=len(extracted))
    article.source_text = article.raw
    return strip_text(article, cfg)
