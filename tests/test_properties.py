"""Property-based tests: whatever the web sends, no stage raises, offsets stay inside the text,
stripping only ever returns text that was in the input, and every verdict is schema-valid."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthmod.boilerplate import strip
from healthmod.config import load_config
from healthmod.document import Article
from healthmod.ingest import DecodeError, decode, read_jsonl
from healthmod.verdict import validate

CFG = load_config().boilerplate
# HEALTHMOD_PROPERTY_EXAMPLES raises the example count for a long run (see benchmarks/fuzz.py).
EXAMPLES = int(os.environ.get("HEALTHMOD_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as scrapers produce it: any code point (control characters, NUL, lone surrogates, mixed
# scripts), plus lines and markers that make the rules fire.
MARKERS = [
    "END",
    "Recommend",
    "<<: prev",
    ">>: next",
    "Share on Facebook",
    "<br />",
    "Disclaimer: x",
    "© 2024",
    "By Ann Lee",
    "Published 3 March 2024",
    "References",
    "[1] Ref",
    "Tom says:",
    "...",
    "\n",
    "\n\n",
    " ",
]
PROSE = "The trial enrolled adults with the condition and reported the results at the annual meeting."
texty = st.lists(st.one_of(st.text(max_size=80), st.sampled_from(MARKERS), st.just(PROSE)), max_size=40).map("".join)


def check_article_invariants(article: Article) -> None:
    source = article.source_text
    for seg in article.segments:  # the clean text is made only of pieces of the input
        assert (
            article.text[seg.clean_start : seg.clean_start + seg.length]
            == source[seg.source_start : seg.source_start + seg.length]
        )
    for span in article.removed:
        assert 0 <= span.start <= span.end <= len(source)
    for region in article.regions:
        assert source[region.start : region.end] == region.text


@SETTINGS
@given(texty)
def test_text_stripping_never_raises_and_only_returns_input_text(text):
    article = Article(id="p", raw=text)
    strip(article, CFG)
    check_article_invariants(article)


html_tags = st.sampled_from(["div", "p", "article", "nav", "footer", "span", "h1", "li", "ul", "table", "td", "a"])


@st.composite
def html_documents(draw):
    depth = draw(st.integers(0, 60))
    tags = [draw(html_tags) for _ in range(depth)]
    inner = draw(st.one_of(st.just(PROSE), st.text(max_size=60)))
    doc = "<html><body>" + "".join(f"<{t}>" for t in tags) + inner + "".join(f"</{t}>" for t in reversed(tags))
    cut = draw(st.integers(0, len(doc)))
    return doc[: cut or None] + draw(st.sampled_from(["", "</body></html>", "<p>", "<!--"]))


@SETTINGS
@given(html_documents())
def test_nested_and_truncated_html_never_raises(html):
    article = Article(id="h", raw=html, is_html=True)
    strip(article, CFG)
    check_article_invariants(article)


@SETTINGS
@given(st.binary(max_size=2000))
def test_decoding_random_bytes_gives_text_or_a_decode_error(data):
    try:
        text = decode(data)
    except DecodeError:
        return
    assert isinstance(text, str)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40), st.builds(json.dumps, st.dictionaries(st.text(max_size=5), st.text(max_size=20)))
        ),
        max_size=20,
    )
)
def test_jsonl_reader_gives_one_article_per_non_blank_line(tmp_path_factory, lines):
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    path = Path(tmp_path_factory.mktemp("jsonl")) / "in.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8", errors="surrogatepass")
    text = path.read_text(encoding="utf-8", errors="replace")
    expected = sum(1 for line in text.split("\n") if line.strip())  # JSONL lines end at \n only
    assert len(list(read_jsonl(path, "in.jsonl"))) == expected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.one_of(texty, html_documents(), st.text(max_size=500)))
def test_every_verdict_is_schema_valid_with_offsets_inside_the_clean_text(pipeline, content):
    verdict = pipeline.moderate(content, include_text=True)
    validate(verdict)
    assert verdict["status"] in {"ok", "skipped", "error"}
    if verdict["status"] == "error":
        assert verdict["error"]["stage"] and verdict["decision"] is None
    text = verdict.get("text", "")
    for sentence in verdict["promotional"]["sentences"]:
        assert 0 <= sentence["start"] <= sentence["end"] <= len(text)
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
