"""`healthmod report`: one self-contained HTML file from a batch output: counts, chart, missing
disclosures, a sortable table and a highlighted view per article; every article string escaped."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from conftest import EXAMPLES, PLAIN_BODY, read_jsonl, write_jsonl
from healthmod.verdict import error_verdict


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """`healthmod batch examples/articles --include-text` (in-process, one worker)."""
    from healthmod.cli import main

    out = tmp_path_factory.mktemp("report") / "run"
    assert main(["batch", str(EXAMPLES / "articles"), "--out", str(out), "--include-text", "--workers", "1"]) == 0
    return out


def verdicts_of(directory: Path) -> list[dict[str, Any]]:
    return [v for path in sorted((directory / "verdicts").glob("*.jsonl")) for v in read_jsonl(path)]


def make_report(run_cli, directory: Path, out: Path, *extra: str) -> lxml.html.HtmlElement:
    result = run_cli("report", directory, "--out", out, *extra)
    assert result.code == 0, result.err
    assert out.is_file()
    assert str(out) in result.out
    return lxml.html.fromstring(out.read_text(encoding="utf-8"))


def cell_counts(doc: lxml.html.HtmlElement, table_id: str) -> dict[str, int]:
    rows = doc.get_element_by_id(table_id).xpath(".//tbody/tr[td[@data-count]]")
    return {row.xpath("string(./th)").strip(): int(row.xpath("./td[@data-count]/@data-count")[0]) for row in rows}


URL_ATTRIBUTES = ("src", "href", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background")


def external_references(text: str) -> list[str]:
    """Anything in the page that would make the browser fetch: a URL attribute that is not a fragment,
    CSS url() or @import, link/iframe/object/embed/img elements."""
    doc = lxml.html.fromstring(text)
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("link", "iframe", "object", "embed", "img", "frame", "base"):
            found.append(f"<{element.tag}>")
        for name in URL_ATTRIBUTES:
            value = (element.get(name) or "").strip()
            if value and not value.startswith("#"):
                found.append(f"{element.tag} {name}={value}")
        found += re.findall(r"url\(|@import", element.get("style") or "")
    for style in doc.xpath("//style"):
        found += re.findall(r"url\(|@import", style.text_content())
    return found


# --- the report of a real batch ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(batch_dir, tmp_path_factory):
    from healthmod.cli import main

    out = tmp_path_factory.mktemp("html") / "sub" / "report.html"
    assert main(["report", str(batch_dir), "--out", str(out)]) == 0
    return out


def test_counts_match_the_summary(batch_dir, report):
    doc = lxml.html.fromstring(report.read_text(encoding="utf-8"))
    summary = json.loads((batch_dir / "summary.json").read_text(encoding="utf-8"))
    decisions = cell_counts(doc, "decision-counts")
    assert {k: v for k, v in decisions.items() if v} == summary["decision"]
    reasons = cell_counts(doc, "reason-counts")
    assert reasons == summary["reasons"]
    assert f"{summary['articles']} articles" in doc.xpath("string(//header)")


def test_one_table_row_per_article_with_a_view(batch_dir, report):
    doc = lxml.html.fromstring(report.read_text(encoding="utf-8"))
    verdicts = verdicts_of(batch_dir)
    rows = doc.xpath('//table[@id="article-table"]/tbody/tr')
    assert len(rows) == len(verdicts) == 13
    for row, verdict in zip(rows, verdicts, strict=True):
        link = row.xpath(".//a")[0]
        assert link.text_content() == verdict["id"]
        target = doc.get_element_by_id(link.get("href")[1:])
        assert verdict["id"] in target.xpath("string(./h3)")
        assert row.xpath("string(./td[3])").strip() == verdict["decision"]
        assert float(row.xpath("./td[5]/@data-value")[0]) == pytest.approx(verdict["promotional"]["score"])
        # The highlighted view: one <mark> per flagged sentence, reading exactly the sentence.
        marks = target.xpath('.//div[@class="text"]//mark')
        sentences = verdict["promotional"]["sentences"]
        assert len(marks) == len(sentences)
        for mark, sentence in zip(marks, sentences, strict=True):
            assert mark.text_content() == sentence["text"] + mark.xpath("string(./sup)")
        # The text around the marks is the cleaned text, whole.
        text_div = target.xpath('.//div[@class="text"]')[0]
        shown = "".join(
            node if isinstance(node, str) else "" for node in text_div.xpath(".//text()[not(ancestor::sup)]")
        )
        assert shown == verdict["text"]
        # Removed boilerplate spans are listed with their reasons.
        removed = verdict["boilerplate"]["removed"]
        reasons = target.xpath('.//table[@class="removed"]/tbody/tr/td[1]/text()')
        assert reasons == [r["reason"] for r in removed]


def test_missing_disclosures_most_often_first(batch_dir, report):
    doc = lxml.html.fromstring(report.read_text(encoding="utf-8"))
    expected = Counter(
        k for v in verdicts_of(batch_dir) for k, d in v["disclosures"].items() if d["required"] and not d["present"]
    )
    rows = doc.xpath('//table[@id="missing-counts"]/tbody/tr')
    counts = [(r.get("data-kind"), int(r.xpath("./td[@data-count]/@data-count")[0])) for r in rows]
    assert dict(counts) == dict(expected)
    assert [c for _, c in counts] == sorted((c for _, c in counts), reverse=True)


def test_score_chart_is_inline_svg(batch_dir, report):
    doc = lxml.html.fromstring(report.read_text(encoding="utf-8"))
    svg = doc.xpath('//svg[@id="score-chart"]')
    assert svg, "no inline SVG chart"
    bars = svg[0].xpath(".//rect[@data-count]")
    assert sum(int(b.get("data-count")) for b in bars) == len(verdicts_of(batch_dir))
    by_bin = Counter()
    for b in bars:
        by_bin[int(b.get("data-bin"))] += int(b.get("data-count"))
    expected = Counter(min(9, int(v["promotional"]["score"] * 10)) for v in verdicts_of(batch_dir))
    assert by_bin == expected


def test_self_contained(report):
    text = report.read_text(encoding="utf-8")
    assert external_references(text) == []
    doc = lxml.html.fromstring(text)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and scripts[0].get("src") is None
    # The Content-Security-Policy allows exactly the inline script, by its hash, and nothing from elsewhere.
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp
    assert "http" not in csp


def test_sortable_headers(report):
    doc = lxml.html.fromstring(report.read_text(encoding="utf-8"))
    buttons = doc.xpath('//table[@id="article-table"]/thead//th/button')
    assert [b.get("data-type") for b in buttons][:5] == ["number", "text", "number", "text", "number"]
    assert all(b.getparent().get("aria-sort") == "none" for b in buttons)


# --- limits and edge cases ---------------------------------------------------------------------------


def test_max_articles_keeps_the_most_severe(run_cli, batch_dir, tmp_path):
    doc = make_report(run_cli, batch_dir, tmp_path / "r.html", "--max-articles", "3")
    rows = doc.xpath('//table[@id="article-table"]/tbody/tr')
    assert len(rows) == 3
    top = sorted(
        (v for v in verdicts_of(batch_dir) if v["decision"] == "reject"),
        key=lambda v: -v["promotional"]["score"],
    )[:3]
    assert {r.xpath("string(.//a)") for r in rows} == {v["id"] for v in top}
    assert "3 most severe of 13" in doc.xpath("string(//section[@id='articles'])")
    assert len(doc.xpath('//section[@class="article-view"]')) == 3
    rejects = sum(v["decision"] == "reject" for v in verdicts_of(batch_dir))
    assert rejects > 3 and cell_counts(doc, "decision-counts")["reject"] == rejects  # counts cover every article


def crafted_batch(directory: Path, pipeline, with_text: bool = True) -> list[dict[str, Any]]:
    """A batch output holding hostile strings in every field that reaches the page."""
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    body = (
        f"{PLAIN_BODY} Our miracle pills cure arthritis overnight with no side effects at all, guaranteed. "
        f"Buy now {evil} while stocks last!"
    )
    ok = pipeline.moderate(body, id=f"{evil}.txt", include_text=with_text, url="javascript:alert(1)")
    assert ok["promotional"]["sentences"]
    if with_text:  # the pipeline read the body as HTML and dropped the tags: put them back in the text
        ok["text"] += f"\n{evil}"
    ok["reasons"].append({"code": '"><svg onload=alert(2)>', "message": "</table><iframe src=//evil.example>"})
    ok["boilerplate"]["regions"] = [
        {"kind": "disclaimer<b>", "start": 0, "end": 5, "text": "</div><script>x()</script>"}
    ]
    ok["disclosures"]["medical_advice"].update(required=True, present=False, trigger="<img src=//evil.example/t>")
    skipped = pipeline.moderate("", id="empty.txt")
    failed = error_verdict("broken.bin", {"path": "broken.bin"}, "BinaryInput", "<b>binary</b>", "ingest", {})
    verdicts = [ok, skipped, failed]
    (directory / "verdicts").mkdir(parents=True)
    write_jsonl(directory / "verdicts" / "shard-00000.jsonl", verdicts)
    return verdicts


def test_article_strings_are_escaped(run_cli, pipeline, tmp_path):
    verdicts = crafted_batch(tmp_path / "run", pipeline)
    out = tmp_path / "r.html"
    doc = make_report(run_cli, tmp_path / "run", out)
    text = out.read_text(encoding="utf-8")
    assert len(doc.xpath("//script")) == 1  # only the report's own
    assert not doc.xpath("//img | //iframe | //svg[not(@id='score-chart')] | //*[@onerror or @onload]")
    assert external_references(text) == []
    assert "javascript:" not in " ".join(doc.xpath("//@href"))
    # The hostile strings are shown as text.
    page_text = doc.text_content()
    assert verdicts[0]["id"] in page_text
    assert "</table><iframe src=//evil.example>" in page_text
    assert "</div><script>x()</script>" in page_text
    assert '<script>alert("x")</script>' in doc.xpath('string(//div[@class="text"])')
    # Statuses other than ok are listed, not charted.
    rows = doc.xpath('//table[@id="article-table"]/tbody/tr')
    assert [r.xpath("string(./td[4])") for r in rows] == ["ok", "skipped", "error"]
    assert sum(int(b) for b in doc.xpath("//svg//rect/@data-count")) == 1
    assert cell_counts(doc, "decision-counts").get("not decided") == 2


def test_without_text_the_view_says_how_to_get_it(run_cli, pipeline, tmp_path):
    crafted_batch(tmp_path / "run", pipeline, with_text=False)
    doc = make_report(run_cli, tmp_path / "run", tmp_path / "r.html")
    assert not doc.xpath('//div[@class="text"]')
    assert "--include-text" in doc.text_content()
    assert doc.xpath('//ol[@class="flagged"]/li')  # the flagged sentences are still listed


def test_summary_that_disagrees_is_noted(run_cli, pipeline, tmp_path):
    crafted_batch(tmp_path / "run", pipeline)
    (tmp_path / "run" / "summary.json").write_text(json.dumps({"articles": 99, "seconds": 1.5}), encoding="utf-8")
    doc = make_report(run_cli, tmp_path / "run", tmp_path / "r.html")
    assert "summary.json counts 99 articles but the verdict files hold 3" in doc.text_content()


def test_a_batch_that_has_not_finished_is_said_to_be_partial(run_cli, pipeline, batch_dir, tmp_path):
    crafted_batch(tmp_path / "run", pipeline)  # verdict files and no summary.json: killed, or still running
    partial = make_report(run_cli, tmp_path / "run", tmp_path / "r.html").text_content()
    assert "Not a finished batch: the batch has not finished" in partial and "the 3 articles done so far" in partial
    finished = make_report(run_cli, batch_dir, tmp_path / "finished.html").text_content()
    assert "Not a finished batch" not in finished


def test_out_naming_a_directory_writes_report_html_in_it(run_cli, batch_dir):
    result = run_cli("report", batch_dir, "--out", batch_dir)
    assert result.code == 0, result.err
    assert (batch_dir / "report.html").is_file() and str(batch_dir / "report.html") in result.out
    assert not list(batch_dir.glob(".*.tmp-*"))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "no such directory"),
        (lambda d: d.mkdir(), "no verdicts/*.jsonl"),
        (
            lambda d: ((d / "verdicts").mkdir(parents=True), (d / "verdicts" / "s.jsonl").write_text("{oops\n")),
            "s.jsonl:1",
        ),
        (
            lambda d: ((d / "verdicts").mkdir(parents=True), (d / "verdicts" / "s.jsonl").write_text("[1]\n")),
            "s.jsonl:1: expected a JSON object",
        ),
        (
            lambda d: ((d / "verdicts").mkdir(parents=True), (d / "verdicts" / "s.jsonl").write_text('{"a": 1}\n')),
            "not a healthmod verdict",
        ),
    ],
)
def test_bad_directory_is_exit_2(run_cli, tmp_path, setup, message):
    directory = tmp_path / "run"
    setup(directory)
    result = run_cli("report", directory, "--out", tmp_path / "r.html")
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "r.html").exists()
