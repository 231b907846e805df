"""Readers: decoding bytes, files, directories, JSONL(.gz) records."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from conftest import write_jsonl
from healthmod.ingest import DecodeError, decode, read_inputs

SAMPLE = "Café au lait – naïve “smart quotes” and 10 µg of vitamin B₁₂ 😀\nSecond line."
CP1252_SAMPLE = "Café – “quotes” cost 5 € and naïve"
RNG = random.Random(7)


# --- decode -----------------------------------------------------------------------------------


def test_decode_utf8():
    assert decode(SAMPLE.encode("utf-8")) == SAMPLE


def test_decode_utf8_with_bom_drops_the_bom():
    text = decode(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert text == SAMPLE
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(codec):
    data = (
        SAMPLE.encode("utf-16")
        if codec == "utf-16"
        else ((b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff") + SAMPLE.encode(codec))
    )
    text = decode(data)
    assert text == SAMPLE


def test_decode_cp1252_fallback():
    data = CP1252_SAMPLE.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the premise: these bytes are not UTF-8
    assert decode(data) == CP1252_SAMPLE


def test_decode_empty():
    assert decode(b"") == ""


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x00\x00\x08\x00some zip-like header",
        b"text with a NUL\x00 byte in the middle",
        bytes(range(1, 9)) * 200,
        bytes(RNG.randrange(256) for _ in range(4000)),
        bytes(RNG.randrange(1, 256) for _ in range(4000)),
        b"\x01\x02\x03\x04\x05\x06abc" * 100,
    ],
    ids=["zip-header", "one-nul", "control-bytes", "random-bytes", "random-bytes-no-nul", "mostly-control"],
)
def test_decode_refuses_binary(data):
    with pytest.raises(DecodeError, match="binary content"):
        decode(data)


def test_decode_allows_ordinary_whitespace_controls():
    text = "col1\tcol2\r\nline\x0cpage\n" * 50
    assert decode(text.encode()) == text


# --- files and directories --------------------------------------------------------------------


def test_read_file_kinds_and_relative_ids(tmp_path):
    root = tmp_path / "in"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("Plain text article.", encoding="utf-8")
    (root / "sub" / "b.md").write_text("# A heading\n\nMarkdown body.", encoding="utf-8")
    (root / "sub" / "deeper" / "c.html").write_text("<html><body><p>Para</p></body></html>", encoding="utf-8")
    write_jsonl(root / "sub" / "d.jsonl", [{"text": "first"}, {"id": "named", "text": "second"}])
    (root / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # not an input type: ignored

    articles = list(read_inputs([str(root)]))
    by_id = {a.id: a for a in articles}
    assert sorted(by_id) == sorted(["a.txt", "sub/b.md", "sub/deeper/c.html", "sub/d.jsonl:1", "named"])
    assert len(articles) == 5
    assert by_id["a.txt"].raw == "Plain text article."
    assert by_id["a.txt"].source == {"format": "text", "path": str(root / "a.txt")}
    assert by_id["sub/b.md"].source["format"] == "markdown"
    assert by_id["sub/deeper/c.html"].is_html
    assert by_id["sub/deeper/c.html"].source["format"] == "html"
    assert by_id["named"].source["line"] == 2
    assert all(a.ingest_error is None for a in articles)


def test_single_file_argument_uses_its_name_as_id(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("Some text.", encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.id == "draft.txt"
    assert article.raw == "Some text."


def test_glob_pattern_limits_directory_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.md").write_text("y", encoding="utf-8")
    assert [a.id for a in read_inputs([str(tmp_path)], pattern="*.md")] == ["b.md"]


def test_missing_file_becomes_an_ingest_error(tmp_path):
    [article] = read_inputs([str(tmp_path / "absent.txt")])
    assert article.ingest_error is not None
    assert article.ingest_error[0] == "FileNotFoundError"
    assert "absent.txt" in article.ingest_error[1]


def test_binary_file_becomes_an_ingest_error_not_an_exception(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "b.txt").write_text("Readable.", encoding="utf-8")
    articles = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in articles] == ["a.txt", "b.txt"]
    assert articles[0].ingest_error[0] == "DecodeError"
    assert articles[1].ingest_error is None


@pytest.mark.parametrize("data", [b"\xff\xfeA", b"\xff\xfe\x00\xd8"], ids=["odd-length", "lone-surrogate"])
def test_invalid_utf16_becomes_an_ingest_error(tmp_path, data):
    (tmp_path / "bad.txt").write_bytes(data)
    [article] = read_inputs([str(tmp_path / "bad.txt")])
    assert article.ingest_error is not None


def test_html_detected_by_content_in_a_txt_file(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>T</title></head><body><p>Hello.</p></body></html>",
        encoding="utf-8",
    )
    [article] = read_inputs([str(path)])
    assert article.is_html
    assert article.source["format"] == "html"


def test_html_detected_by_several_block_tags_in_a_txt_file(tmp_path):
    path = tmp_path / "fragment.txt"
    path.write_text("<div><p>One paragraph.</p><p>Another paragraph.</p></div>", encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.is_html


def test_one_stray_tag_does_not_make_text_html(tmp_path):
    path = tmp_path / "scraped.txt"
    path.write_text("A heading <br /> and the paragraph after it.\n\nMore text.", encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert not article.is_html
    assert article.source["format"] == "text"


# --- JSONL ----------------------------------------------------------------------------------------


def test_jsonl_bad_lines_become_error_articles(tmp_path):
    path = write_jsonl(
        tmp_path / "records.jsonl",
        [
            {"id": "good-1", "text": "First article."},
            '{"id": "broken", "text": "unterminated',
            "",
            "[1, 2, 3]",
            {"id": "no-text", "title": "Only a title"},
            "   ",
            {"id": "bad-type", "text": 5},
            {"text": "Second good article.", "url": "https://example.invalid/a", "title": "T"},
            {"id": "html-rec", "html": "<p>Body</p>"},
        ],
    )
    articles = list(read_inputs([str(path)]))
    non_blank = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(articles) == len(non_blank) == 7
    ids = [a.id for a in articles]
    assert ids == [
        "good-1",
        "records.jsonl:2",
        "records.jsonl:4",
        "no-text",
        "bad-type",
        "records.jsonl:8",
        "html-rec",
    ]
    errors = {a.id: a.ingest_error for a in articles if a.ingest_error}
    assert set(errors) == {"records.jsonl:2", "records.jsonl:4", "no-text", "bad-type"}
    assert errors["records.jsonl:2"][0] == "JSONDecodeError"
    assert "records.jsonl:2" in errors["records.jsonl:2"][1]
    assert "JSON object" in errors["records.jsonl:4"][1]
    assert "'text' or 'html'" in errors["no-text"][1]
    assert "'text' or 'html'" in errors["bad-type"][1]
    good = {a.id: a for a in articles if not a.ingest_error}
    assert good["good-1"].raw == "First article."
    assert good["records.jsonl:8"].source == {
        "path": str(path),
        "line": 8,
        "url": "https://example.invalid/a",
        "title": "T",
        "format": "text",
    }
    assert good["html-rec"].is_html and good["html-rec"].raw == "<p>Body</p>"
    assert [a.source["line"] for a in articles] == [1, 2, 4, 5, 7, 8, 9]


def test_jsonl_gz(tmp_path):
    path = tmp_path / "records.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "z1", "text": "Zipped one."}) + "\n")
        handle.write("\n")
        handle.write(json.dumps({"text": "Zipped two."}) + "\n")
    articles = list(read_inputs([str(path)]))
    assert [(a.id, a.raw) for a in articles] == [("z1", "Zipped one."), ("records.jsonl.gz:3", "Zipped two.")]
    assert all(a.ingest_error is None for a in articles)


def test_truncated_gz_yields_an_error_article(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress("".join(json.dumps({"text": f"record {i} " * 20}) + "\n" for i in range(200)).encode())
    path.write_bytes(data[: len(data) // 2])
    articles = list(read_inputs([str(path)]))
    assert articles, "a truncated file must still yield an Article"
    assert articles[-1].ingest_error is not None
    assert all(a.ingest_error is None for a in articles[:-1])


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        ("article-7", "article-7"),
        (42, "42"),
        (0, "0"),
    ],
)
def test_jsonl_record_id_is_kept(tmp_path, record_id, expected):
    path = write_jsonl(tmp_path / "ids.jsonl", [{"id": record_id, "text": "Body."}])
    [article] = read_inputs([str(path)])
    assert article.id == expected


def test_jsonl_without_id_uses_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "x.ndjson", ["", {"text": "a"}])
    [article] = read_inputs([str(path)])
    assert article.id == "x.ndjson:2"


def test_jsonl_with_utf8_bom(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "first", "text": "Body."}).encode() + b"\n")
    [article] = read_inputs([str(path)])
    assert article.ingest_error is None
    assert article.id == "first"


def test_inputs_are_read_in_argument_order(tmp_path):
    a = tmp_path / "z.txt"
    b = tmp_path / "a.txt"
    a.write_text("z", encoding="utf-8")
    b.write_text("a", encoding="utf-8")
    assert [x.id for x in read_inputs([str(a), str(b)])] == ["z.txt", "a.txt"]


def test_directory_order_is_stable(tmp_path):
    for name in ["b.txt", "a.txt", "c.md"]:
        Path(tmp_path / name).write_text(name, encoding="utf-8")
    assert [x.id for x in read_inputs([str(tmp_path)])] == ["a.txt", "b.txt", "c.md"]


def test_mojibake_is_repaired():
    garbled = "The patient’s “miracle” cure costs £40 and works".encode().decode("latin-1")
    assert decode(garbled.encode("utf-8")) == "The patient’s “miracle” cure costs £40 and works"


def test_mixed_encodings_in_one_file_are_read():
    data = "Mixed: café and ".encode() + "naïve claims".encode("cp1252")
    assert decode(data) == "Mixed: café and naïve claims"


def test_clean_text_is_left_alone():
    text = "Plain “curly quotes”, an em dash — and £40 stay exactly as written."
    assert decode(text.encode("utf-8")) == text


def test_a_file_named_html_is_read_as_html_only_when_it_holds_a_tag(tmp_path):
    (tmp_path / "plain.html").write_text("Walking helps. Most adults can walk a little more each day.\n")
    (tmp_path / "tagged.html").write_text("<p>Walking helps.</p>\n")
    formats = {a.id: (a.source["format"], a.is_html) for a in read_inputs([str(tmp_path)])}
    assert formats == {"plain.html": ("text", False), "tagged.html": ("html", True)}
