"""`healthmod report`: one self-contained HTML file that moderators can read, from a batch output.

It reads ``DIR/verdicts/*.jsonl`` (and ``DIR/summary.json``, ``DIR/run.json`` when present) and
writes: decision, status and reason counts; the distribution of article promotional scores as an
inline SVG chart (stacked by decision); the disclosures most often missing; a table of articles
that sorts on a header click; and for each article a view of its cleaned text with the flagged
sentences highlighted, its missing disclosures, its removed boilerplate spans and regions.

The file loads nothing: styles and the small sorting script are inline, and a Content-Security-
Policy allows only that script (by its hash). Every string from the verdicts is HTML-escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .document import DISCLOSURE_KINDS, PROMO_CATEGORIES
from .verdict import read_verdicts, unfinished

DECISIONS = ("reject", "review", "pass")
DECISION_RANK = {"reject": 3, "review": 2, "pass": 1, None: 0}
BINS = 10
COLORS = {"reject": "#cf222e", "review": "#bf8700", "pass": "#1a7f37", "none": "#8c959f"}
CATEGORY_COLORS = {
    "hype": "#fff1a8",
    "overclaim": "#ffd0cc",
    "safety": "#ff9f96",
    "exclusivity": "#e2d5ff",
    "sales": "#cde3ff",
    "testimonial": "#c8f2d0",
    "fear": "#ffd9b0",
}


class ReportError(Exception):
    """The directory is not a readable batch output."""


def e(value: Any) -> str:
    """HTML-escaped text (quotes too, so it is safe in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


# --- reading ------------------------------------------------------------------------------------


def verdict_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ReportError(f"{directory}: no such directory")
    files = sorted((directory / "verdicts").glob("*.jsonl"))
    if not files:
        raise ReportError(f"{directory}: no verdicts/*.jsonl; is it the output directory of healthmod batch?")
    return files


def iter_verdicts(files: list[Path]) -> Iterator[dict[str, Any]]:
    for path in files:
        yield from read_verdicts(path, ReportError)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def missing_kinds(verdict: dict[str, Any]) -> list[str]:
    return [
        k
        for k, d in (verdict.get("disclosures") or {}).items()
        if isinstance(d, dict) and d.get("required") and not d.get("present")
    ]


@dataclass
class Row:
    """What the table and the counts need of one verdict (the full verdict is re-read for details)."""

    index: int
    id: str
    status: str
    decision: str | None
    score: float
    flagged: int
    sentences: int
    missing: list[str]
    reasons: list[str]


@dataclass
class Totals:
    articles: int = 0
    status: Counter[str] = field(default_factory=Counter)
    decision: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    missing_severity: dict[str, Counter[str]] = field(default_factory=dict)
    categories: Counter[str] = field(default_factory=Counter)
    bins: list[Counter[str]] = field(default_factory=lambda: [Counter() for _ in range(BINS)])
    thresholds: Counter[float] = field(default_factory=Counter)
    with_text: int = 0
    provenance: Counter[tuple[str, str, str]] = field(default_factory=Counter)


def _add(totals: Totals, verdict: dict[str, Any]) -> None:
    totals.articles += 1
    status = str(verdict.get("status"))
    decision = verdict.get("decision")
    totals.status[status] += 1
    totals.decision[str(decision) if decision else "none"] += 1
    totals.reasons.update(str(r.get("code")) for r in verdict.get("reasons") or [])
    if "text" in verdict:
        totals.with_text += 1
    prov = verdict.get("provenance") or {}
    totals.provenance[
        (str(prov.get("profile") or "-"), str(prov.get("model_sha256") or "-"), str(prov.get("config_sha256") or "-"))
    ] += 1
    if status != "ok":
        return
    promo = verdict.get("promotional") or {}
    score = float(promo.get("score") or 0.0)
    totals.bins[min(BINS - 1, max(0, int(score * BINS)))][str(decision) if decision else "none"] += 1
    if promo.get("threshold") is not None:
        totals.thresholds[float(promo["threshold"])] += 1
    for s in promo.get("sentences") or []:
        totals.categories.update(s.get("categories", [])[:1])
    for kind in missing_kinds(verdict):
        totals.missing[kind] += 1
        severity = (verdict["disclosures"][kind] or {}).get("severity") or "warning"
        totals.missing_severity.setdefault(kind, Counter())[severity] += 1


def _row(index: int, verdict: dict[str, Any]) -> Row:
    promo = verdict.get("promotional") or {}
    ok = verdict.get("status") == "ok"
    return Row(
        index=index,
        id=str(verdict.get("id")),
        status=str(verdict.get("status")),
        decision=verdict.get("decision"),
        score=float(promo.get("score") or 0.0) if ok else 0.0,
        flagged=len(promo.get("sentences") or []),
        sentences=len(promo.get("sentence_scores") or []),
        missing=missing_kinds(verdict) if ok else [],
        reasons=[str(r.get("code")) for r in verdict.get("reasons") or []],
    )


# --- pieces of the page -------------------------------------------------------------------------


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def _bar(n: int, total: int, color: str) -> str:
    width = 100 * n / total if total else 0
    return (
        f'<span class="bar"><span style="width:{width:.1f}%;background:{color}"></span></span>'
        if n
        else '<span class="bar"></span>'
    )


def counts_section(totals: Totals) -> str:
    n = totals.articles
    decisions = [(d, totals.decision.get(d, 0)) for d in (*DECISIONS, "none")]
    rows = "".join(
        f'<tr class="decision-{d}"><th scope="row">{"not decided" if d == "none" else d}</th>'
        f'<td class="num" data-count="{c}">{c}</td><td class="num">{_pct(c, n)}</td>'
        f"<td>{_bar(c, n, COLORS[d])}</td></tr>"
        for d, c in decisions
        if c or d != "none"
    )
    status = "".join(
        f'<tr><th scope="row">{e(s)}</th><td class="num">{c}</td><td class="num">{_pct(c, n)}</td></tr>'
        for s, c in sorted(totals.status.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    top = max(totals.reasons.values(), default=0)
    reasons = "".join(
        f'<tr><th scope="row"><code>{e(code)}</code></th><td class="num" data-count="{c}">{c}</td>'
        f'<td class="num">{_pct(c, n)}</td><td>{_bar(c, top, "#0969da")}</td></tr>'
        for code, c in sorted(totals.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"""<section id="counts"><h2>Decisions and reasons</h2>
<div class="grid">
<table id="decision-counts"><caption>Decisions ({n} articles)</caption>
<thead><tr><th scope="col">decision</th><th scope="col">articles</th><th scope="col">share</th><th></th></tr></thead>
<tbody>{rows}</tbody></table>
<table id="status-counts"><caption>Status</caption>
<thead><tr><th scope="col">status</th><th scope="col">articles</th><th scope="col">share</th></tr></thead>
<tbody>{status}</tbody></table>
</div>
<table id="reason-counts"><caption>Reason codes (an article can have several)</caption>
<thead><tr><th scope="col">reason</th><th scope="col">articles</th><th scope="col">share</th><th></th></tr></thead>
<tbody>{reasons or '<tr><td colspan="4">none</td></tr>'}</tbody></table>
</section>"""


def _axis(value: int) -> tuple[int, int]:
    """A tick step (1, 2, 5, 10, 20, 50...) giving at most 5 ticks up to ``value``, and the axis maximum."""
    step = 1
    while -(-value // step) > 5:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step, max(step * -(-value // step), step)


def score_chart(totals: Totals) -> str:
    """An SVG histogram of article promotional scores, each bar stacked by decision."""
    width, height = 680, 280
    left, right, top, bottom = 48, 16, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(b.values()) for b in totals.bins), default=0)
    step, y_max = _axis(max(peak, 1))
    bar_w = plot_w / BINS
    parts = [
        f'<svg id="score-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="score-chart-title"><title id="score-chart-title">Articles by promotional score '
        f"(status ok), in bins of {1 / BINS:.1f}, stacked by decision</title>"
    ]
    for value in range(0, y_max + 1, step):
        y = top + plot_h - plot_h * value / y_max
        parts.append(f'<line class="gridline" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    for i, counter in enumerate(totals.bins):
        x = left + i * bar_w
        y = top + plot_h
        total = sum(counter.values())
        lo, hi = i / BINS, (i + 1) / BINS
        for decision in ("pass", "review", "reject", "none"):
            c = counter.get(decision, 0)
            if not c:
                continue
            h = plot_h * c / y_max
            y -= h
            parts.append(
                f'<rect class="col col-{decision}" x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" '
                f'height="{h:.1f}" fill="{COLORS[decision]}" data-bin="{i}" data-count="{c}">'
                f"<title>score {lo:.1f}-{hi:.1f}: {c} {decision}</title></rect>"
            )
        if total:
            parts.append(
                f'<text class="count" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{total}</text>'
            )
    for i in range(BINS + 1):
        x = left + i * bar_w
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{i / BINS:.1f}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}"/>'
        f'<text class="label" x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">'
        "article promotional score</text>"
    )
    if totals.thresholds:
        threshold = totals.thresholds.most_common(1)[0][0]
        x = left + plot_w * min(max(threshold, 0.0), 1.0)
        parts.append(
            f'<line class="threshold" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}"/>'
            f'<text class="label" x="{x + 4:.1f}" y="{top + 10}">article threshold {threshold:g}</text>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<span class="key"><span class="swatch" style="background:{COLORS[d]}"></span>{d}</span>'
        for d in ("pass", "review", "reject")
    )
    scored = sum(sum(b.values()) for b in totals.bins)
    table = "".join(
        f"<tr><td>{i / BINS:.1f}-{(i + 1) / BINS:.1f}</td>"
        + "".join(f'<td class="num">{b.get(d, 0)}</td>' for d in ("pass", "review", "reject"))
        + f'<td class="num">{sum(b.values())}</td></tr>'
        for i, b in enumerate(totals.bins)
    )
    return f"""<section id="scores"><h2>Promotional score distribution</h2>
<p>{scored} articles with status ok, by the promotional score of the whole article.</p>
<figure>{"".join(parts)}<figcaption class="legend">{legend}</figcaption></figure>
<details><summary>The same as a table</summary><table id="score-bins"><thead><tr><th scope="col">score</th>
<th scope="col">pass</th><th scope="col">review</th><th scope="col">reject</th><th scope="col">all</th></tr></thead>
<tbody>{table}</tbody></table></details>
</section>"""


def missing_section(totals: Totals) -> str:
    ok = totals.status.get("ok", 0)
    rows = []
    for kind, c in sorted(
        totals.missing.items(),
        key=lambda kv: (-kv[1], DISCLOSURE_KINDS.index(kv[0]) if kv[0] in DISCLOSURE_KINDS else 99),
    ):
        severity = totals.missing_severity.get(kind, Counter()).most_common(1)
        sev = severity[0][0] if severity else "warning"
        rows.append(
            f'<tr data-kind="{e(kind)}"><th scope="row"><code>{e(kind)}</code></th>'
            f'<td><span class="sev sev-{e(sev)}">{e(sev)}</span></td><td class="num" data-count="{c}">{c}</td>'
            f'<td class="num">{_pct(c, ok)}</td><td>{_bar(c, ok, "#8250df")}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="5">No article misses a required disclosure.</td></tr>'
    cats = ", ".join(f"{e(c)} {n}" for c, n in totals.categories.most_common()) or "none"
    return f"""<section id="missing"><h2>Disclosures most often missing</h2>
<table id="missing-counts"><caption>Articles (of {ok} checked) missing each required disclosure</caption>
<thead><tr><th scope="col">disclosure</th><th scope="col">severity</th><th scope="col">articles</th>
<th scope="col">share</th><th></th></tr></thead><tbody>{body}</tbody></table>
<p>Flagged sentences by their strongest category: {cats}.</p>
</section>"""


def articles_table(rows: list[Row], shown: int, total: int) -> str:
    head = [
        ("#", "number"),
        ("article", "text"),
        ("decision", "number"),
        ("status", "text"),
        ("score", "number"),
        ("flagged sentences", "number"),
        ("missing disclosures", "number"),
        ("reasons", "text"),
    ]
    ths = "".join(
        f'<th scope="col" aria-sort="none"><button type="button" data-col="{i}" data-type="{t}">{e(name)}'
        f'<span class="arrow" aria-hidden="true"></span></button></th>'
        for i, (name, t) in enumerate(head)
    )
    body = []
    for row in rows:
        decision = row.decision or "none"
        body.append(
            f'<tr data-index="{row.index}" class="decision-{e(decision)}">'
            f'<td class="num" data-value="{row.index}">{row.index + 1}</td>'
            f'<td data-value="{e(row.id)}"><a href="#a-{row.index}">{e(row.id)}</a></td>'
            f'<td data-value="{DECISION_RANK.get(row.decision, 0)}"><span class="badge badge-{e(decision)}">'
            f"{e(row.decision or 'none')}</span></td>"
            f"<td>{e(row.status)}</td>"
            f'<td class="num" data-value="{row.score:.4f}">{row.score:.2f}</td>'
            f'<td class="num" data-value="{row.flagged}">{row.flagged}</td>'
            f'<td data-value="{len(row.missing)}"><span class="num">{len(row.missing)}</span> '
            f'<span class="kinds">{e(", ".join(row.missing))}</span></td>'
            f"<td>{e(', '.join(row.reasons))}</td></tr>"
        )
    note = (
        f'<p class="note">Showing the {shown} most severe of {total} articles (reject first, then by score; '
        "healthmod report --max-articles). The counts above cover all.</p>"
        if shown < total
        else ""
    )
    return f"""<section id="articles"><h2>Articles</h2>
<p>Click a column header to sort (again to reverse); click an article for its highlighted view.</p>{note}
<table id="article-table" class="sortable"><thead><tr>{ths}</tr></thead>
<tbody>{"".join(body)}</tbody></table>
</section>"""


def highlighted_text(text: str, sentences: list[dict[str, Any]], anchor: str) -> str:
    """The cleaned text, escaped, with each flagged sentence in a <mark> of its strongest category."""
    out, at = [], 0
    order = sorted(enumerate(sentences), key=lambda pair: pair[1].get("start", 0))
    for i, s in order:
        start, end = int(s.get("start", 0)), int(s.get("end", 0))
        if start < at or end > len(text) or end <= start:
            continue
        categories = [str(c) for c in s.get("categories") or []]
        top = categories[0] if categories and categories[0] in PROMO_CATEGORIES else "hype"
        title = f"{', '.join(categories) or 'promotional'}; score {float(s.get('score') or 0):.2f}"
        out.append(e(text[at:start]))
        out.append(
            f'<mark class="promo cat-{top}" id="{anchor}-s{i}" title="{e(title)}">{e(text[start:end])}'
            f"<sup>{i + 1}</sup></mark>"
        )
        at = end
    out.append(e(text[at:]))
    return "".join(out)


def article_section(index: int, verdict: dict[str, Any]) -> str:
    anchor = f"a-{index}"
    decision = verdict.get("decision") or "none"
    status = str(verdict.get("status"))
    source = verdict.get("source") or {}
    promo = verdict.get("promotional") or {}
    sentences = promo.get("sentences") or []
    parts = [
        f'<section class="article-view" id="{anchor}"><h3><span class="badge badge-{e(decision)}">{e(decision)}'
        f"</span> {e(verdict.get('id'))}</h3>"
    ]
    facts = [("status", status)]
    for key in ("path", "url", "title", "format"):
        if source.get(key):
            facts.append((key, source[key]))
    if status == "ok":
        facts.append(
            ("promotional score", f"{float(promo.get('score') or 0):.2f} (threshold {promo.get('threshold')})")
        )
        facts.append(("flagged sentences", f"{len(sentences)} of {len(promo.get('sentence_scores') or [])}"))
    if verdict.get("error"):
        err = verdict["error"]
        facts.append(("error", f"{err.get('type')} in {err.get('stage')}: {err.get('message')}"))
    parts.append('<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts) + "</dl>")
    reasons = verdict.get("reasons") or []
    if reasons:
        parts.append(
            '<ul class="reasons">'
            + "".join(f"<li><code>{e(r.get('code'))}</code> {e(r.get('message'))}</li>" for r in reasons)
            + "</ul>"
        )
    missing = missing_kinds(verdict) if status == "ok" else []
    if missing:
        items = []
        for kind in missing:
            d = verdict["disclosures"][kind]
            trigger = d.get("trigger")
            why = (
                f'required by: "{trigger[:240]}{"..." if len(trigger) > 240 else ""}"' if trigger else "always required"
            )
            items.append(
                f'<li data-kind="{e(kind)}"><span class="sev sev-{e(d.get("severity") or "warning")}">'
                f"{e(d.get('severity') or 'warning')}</span> <code>{e(kind)}</code> "
                f'<span class="why">{e(why)}</span></li>'
            )
        parts.append(f'<h4>Missing disclosures</h4><ul class="missing">{"".join(items)}</ul>')
    if sentences:
        items = []
        for i, s in enumerate(sentences):
            chips = "".join(
                f'<span class="chip cat-{e(c) if c in PROMO_CATEGORIES else "hype"}">{e(c)}</span>'
                for c in s.get("categories") or []
            )
            cues = ", ".join(str(c) for c in s.get("cues") or [])
            items.append(
                f'<li><a href="#{anchor}-s{i}">{e(s.get("text"))}</a><br>{chips} '
                f'<span class="score">score {float(s.get("score") or 0):.2f}</span>'
                + (f' <span class="cues">cues: {e(cues)}</span>' if cues else "")
                + "</li>"
            )
        parts.append(f'<h4>Flagged sentences</h4><ol class="flagged">{"".join(items)}</ol>')
    if "text" in verdict and isinstance(verdict["text"], str):
        parts.append(
            f'<h4>Cleaned text</h4><div class="text">{highlighted_text(verdict["text"], sentences, anchor)}</div>'
        )
    elif status == "ok":
        parts.append(
            '<p class="note">The verdict has no text: run healthmod batch with --include-text to see the article '
            "with its sentences highlighted.</p>"
        )
    bp = verdict.get("boilerplate") or {}
    removed = bp.get("removed") or []
    regions = bp.get("regions") or []
    if removed or regions:
        by_reason = Counter(str(r.get("reason")) for r in removed)
        chars = sum(int(r.get("end", 0)) - int(r.get("start", 0)) for r in removed)
        summary = ", ".join(f"{e(k)} ×{v}" for k, v in by_reason.most_common())
        rows = "".join(
            f'<tr><td>{e(r.get("reason"))}</td><td class="num">{int(r.get("start", 0))}-{int(r.get("end", 0))}</td>'
            f'<td class="num">{int(r.get("end", 0)) - int(r.get("start", 0))}</td></tr>'
            for r in removed
        )
        parts.append(
            f"<h4>Boilerplate</h4><p>{bp.get('chars_in', '?')} characters in, {bp.get('chars_out', '?')} out; "
            f"{len(removed)} spans removed ({chars} characters): {summary or 'none'}.</p>"
        )
        if removed:
            parts.append(
                '<details><summary>Removed spans (offsets in the input)</summary><table class="removed"><thead><tr>'
                '<th scope="col">reason</th><th scope="col">span</th><th scope="col">characters</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></details>"
            )
        if regions:
            parts.append(
                '<h4>Set aside as regions</h4><ul class="regions">'
                + "".join(
                    f'<li><span class="chip">{e(r.get("kind"))}</span> <span class="region-text">{e(r.get("text"))}'
                    "</span></li>"
                    for r in regions
                )
                + "</ul>"
            )
    parts.append('<p class="back"><a href="#articles">back to the table</a></p></section>')
    return "".join(parts)


def _asset(name: str) -> str:
    return resources.files("healthmod").joinpath("web", name).read_text(encoding="utf-8")


def style() -> str:
    return _asset("report.css") + "".join(
        f".cat-{c} {{ background: {color}; }}\n" for c, color in CATEGORY_COLORS.items()
    )


def script() -> str:
    return _asset("report.js")


def render(directory: Path, max_articles: int) -> tuple[str, dict[str, int]]:
    files = verdict_files(directory)
    totals, rows = Totals(), []
    for index, verdict in enumerate(iter_verdicts(files)):
        _add(totals, verdict)
        rows.append(_row(index, verdict))
    chosen = sorted(rows, key=lambda r: (-DECISION_RANK.get(r.decision, 0), -r.score, r.index))[:max_articles]
    chosen_ids = {r.index for r in chosen}
    shown = sorted(chosen, key=lambda r: r.index)
    details = [
        article_section(index, verdict) for index, verdict in enumerate(iter_verdicts(files)) if index in chosen_ids
    ]
    summary = _read_json(directory / "summary.json")
    run = _read_json(directory / "run.json") or {}
    notes = []
    if (why := unfinished(directory)) is not None:
        notes.append(
            f"Not a finished batch: {why}. The figures cover the {totals.articles} articles done so far; rerun the "
            "batch command to finish it, then make the report again."
        )
    elif summary is not None and summary.get("articles") != totals.articles:
        notes.append(
            f"summary.json counts {summary.get('articles')} articles but the verdict files hold {totals.articles} "
            "(an unfinished or resumed run?); the counts here are from the verdict files."
        )
    if totals.with_text < totals.articles:
        notes.append(
            f"{totals.articles - totals.with_text} of {totals.articles} verdicts have no text (healthmod batch "
            "--include-text adds it), so their views list the flagged sentences without the article around them."
        )
    prov = ", ".join(
        f"profile {e(p)}, model {e(m[:12])}, config {e(c[:12])} ({n} articles)"
        for (p, m, c), n in totals.provenance.most_common()
    )
    seconds = f"; batch time {summary.get('seconds')} s" if summary and summary.get("seconds") is not None else ""
    inputs = ", ".join(str(i) for i in run.get("inputs") or [])
    code = script()
    script_hash = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>healthmod report: {e(directory.resolve().name)}</title>
<style>{style()}</style>
</head>
<body>
<header>
<h1>healthmod batch report</h1>
<p class="meta">{e(directory)}: {totals.articles} articles{seconds}. {prov}.
{("Inputs: " + e(inputs) + ".") if inputs else ""} Written by healthmod {e(__version__)} on {generated}.</p>
{"".join(f'<p class="note">{e(n)}</p>' for n in notes)}
<nav><a href="#counts">Decisions</a><a href="#scores">Scores</a><a href="#missing">Missing disclosures</a>
<a href="#articles">Articles</a></nav>
</header>
<main>
{counts_section(totals)}
{score_chart(totals)}
{missing_section(totals)}
{articles_table(shown, len(shown), totals.articles)}
<section id="details"><h2>Articles in detail</h2>
{"".join(details)}
</section>
</main>
<script>{code}</script>
</body>
</html>
"""
    return page, {"articles": totals.articles, "detailed": len(details)}


def write_report(directory: str | Path, out: str | Path, max_articles: int = 2000) -> dict[str, Any]:
    """Write the report of the batch output ``directory`` to ``out`` (``out/report.html`` when ``out`` is a
    directory); return how many articles it covers and the file written (``path``)."""
    directory, out = Path(directory), Path(out)
    if out.is_dir():
        out = out / "report.html"
    page, stats = render(directory, max_articles)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return {**stats, "path": str(out)}
