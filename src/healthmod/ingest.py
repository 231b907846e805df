"""Readers: files, directories, JSONL(.gz) records, WARC(.gz) files and standard input, to Articles.

A reader never raises for one bad input: an unreadable file, a binary file or a malformed
JSONL line becomes an Article carrying ``ingest_error``, which the pipeline turns into an
error verdict, so every input yields exactly one verdict.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ftfy

from .document import Article
from .html import looks_like_html

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")


class DecodeError(ValueError):
    """Bytes that are not text healthmod can read."""


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; mojibake (text
    decoded with the wrong codec somewhere upstream) is repaired; binary is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16 text ({exc.reason})") from exc
    head = data[:8192]
    if b"\x00" in head:
        raise DecodeError("binary content (NUL bytes): not a text, HTML or JSONL file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # legacy or mixed encodings: UTF-8 parts become mojibake, which ftfy repairs
        text = data.decode("cp1252", errors="replace")
    if ftfy.is_bad(text[:20_000]):
        text = ftfy.fix_encoding(text)
    sample = text[:8192]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and control / len(sample) > 0.05:
        raise DecodeError("binary content (control characters): not a text, HTML or JSONL file")
    return text


# An HTML tag: a file named .html without one is plain text, which the HTML extractor would find nothing in.
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s/>]")


def _format_of(path: Path, text: str) -> str:
    if (path.suffix.lower() in {".html", ".htm"} and HTML_TAG.search(text)) or looks_like_html(text):
        return "html"
    return "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"


def article_from_text(text: str, article_id: str, **source: Any) -> Article:
    fmt = source.pop("format", None) or ("html" if looks_like_html(text) else "text")
    return Article(id=article_id, raw=text, is_html=fmt == "html", source={"format": fmt, **source})


def read_stdin() -> Article:
    try:
        return article_from_text(decode(sys.stdin.buffer.read()), "stdin", path="-")
    except DecodeError as exc:
        return Article(id="stdin", raw="", source={"path": "-"}, ingest_error=("DecodeError", f"stdin: {exc}"))


def read_file(path: Path, article_id: str) -> Article:
    """One text, Markdown or HTML file as an Article (or an Article carrying its read error)."""
    source = {"path": str(path)}
    try:
        text = decode(path.read_bytes())
    except (OSError, DecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Article(id=article_id, raw="", source=source, ingest_error=(type(exc).__name__, f"{path}: {reason}"))
    return article_from_text(text, article_id, format=_format_of(path, text), **source)


def _open_lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as handle:
        yield from handle


def read_jsonl(path: Path, prefix: str) -> Iterator[Article]:
    """Records ``{"id", "text" or "html", "url", "title"}``, one Article per non-blank line."""
    line_no = 0
    try:
        for line_no, line in enumerate(_open_lines(path), 1):
            if line.strip():
                yield _record_article(line, path, prefix, line_no)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Article(
            id=f"{prefix}:{line_no + 1}",
            raw="",
            source={"path": str(path), "line": line_no + 1},
            ingest_error=(type(exc).__name__, f"{path}: cannot read past line {line_no}: {exc}"),
        )


def _record_article(line: str, path: Path, prefix: str, line_no: int) -> Article:
    source: dict[str, Any] = {"path": str(path), "line": line_no}
    fallback_id = f"{prefix}:{line_no}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Article(
            id=fallback_id,
            raw="",
            source=source,
            ingest_error=("JSONDecodeError", f"{path}:{line_no}: malformed JSON ({exc.msg})"),
        )
    if not isinstance(record, dict):
        return Article(
            id=fallback_id,
            raw="",
            source=source,
            ingest_error=("ValueError", f"{path}:{line_no}: a record must be a JSON object"),
        )
    raw_id = record.get("id")
    article_id = fallback_id if raw_id is None or raw_id == "" else str(raw_id)
    source.update({k: record[k] for k in ("url", "title") if isinstance(record.get(k), str)})
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) else text
    if not isinstance(content, str):
        return Article(
            id=article_id,
            raw="",
            source=source,
            ingest_error=("ValueError", f"{path}:{line_no}: a record needs a string 'text' or 'html'"),
        )
    fmt = "html" if isinstance(html, str) else None
    return article_from_text(content, article_id, **source, **({"format": fmt} if fmt else {}))


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, prefix: str) -> Iterator[Article]:
    """HTML responses of a WARC file as crawlers write them (successful ones: status 2xx); other records
    are passed over."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or not record.http_headers:
                    continue
                if not (record.http_headers.get_statuscode() or "").startswith("2"):
                    continue  # an error page or a redirect, not an article
                if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
                    continue
                count += 1
                yield _warc_article(record, path, prefix, count)
    except Exception as exc:  # any failure of the WARC parser on these bytes is this file's error, not the run's
        yield Article(
            id=f"{prefix}:{count + 1}",
            raw="",
            source={"path": str(path)},
            ingest_error=(type(exc).__name__, f"{path}: cannot read past record {count}: {exc}"),
        )


def _warc_article(record: Any, path: Path, prefix: str, n: int) -> Article:
    headers = record.rec_headers
    article_id = headers.get_header("WARC-Record-ID") or f"{prefix}:{n}"
    source = {"path": str(path), "url": headers.get_header("WARC-Target-URI"), "format": "html"}
    try:
        text = decode(record.content_stream().read())
    except (DecodeError, OSError, ValueError) as exc:
        return Article(id=article_id, raw="", source=source, ingest_error=(type(exc).__name__, f"{path}: {exc}"))
    return Article(id=article_id, raw=text, is_html=True, source=source)


def iter_files(root: Path, pattern: str | None = None) -> list[Path]:
    """Input files below ``root``, in a stable order."""
    if pattern:
        return sorted(p for p in root.rglob(pattern) if p.is_file())
    return sorted(
        p for p in root.rglob("*") if p.is_file() and (p.suffix.lower() in TEXT_SUFFIXES or is_jsonl(p) or is_warc(p))
    )


def read_inputs(inputs: list[str], pattern: str | None = None) -> Iterator[Article]:
    """Every article of every input argument, in order; ``-`` reads one article from stdin."""
    for arg in inputs:
        if arg == "-":
            yield read_stdin()
            continue
        root = Path(arg)
        if root.is_dir():
            for path in iter_files(root, pattern):
                yield from _read_path(path, path.relative_to(root).as_posix())
        else:
            yield from _read_path(root, root.name)


def fingerprint(inputs: list[str], pattern: str | None = None) -> str:
    """A hash of what the inputs hold now: every input file's path, size and modification time (files as
    ``read_inputs`` finds them). Standard input cannot be read twice, so it never gives the same hash."""
    digest = hashlib.sha256()
    for arg in inputs:
        if arg == "-":
            digest.update(os.urandom(16))
            continue
        root = Path(arg)
        for path in iter_files(root, pattern) if root.is_dir() else [root]:
            try:
                stat = path.stat()
                digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            except OSError:
                digest.update(f"{path}\0missing\n".encode())
    return digest.hexdigest()


def count_articles(inputs: list[str], pattern: str | None = None) -> int:
    """How many articles ``read_inputs`` will yield, counted without decoding them (for plans and ETAs)."""
    total = 0
    for arg in inputs:
        root = Path(arg)
        paths = [] if arg == "-" else iter_files(root, pattern) if root.is_dir() else [root]
        total += 1 if arg == "-" else sum(_count_path(p) for p in paths)
    return total


def _count_path(path: Path) -> int:
    if is_jsonl(path):
        try:
            return sum(1 for line in _open_lines(path) if line.strip())
        except (OSError, EOFError, gzip.BadGzipFile):
            return 1
    if is_warc(path):
        return sum(1 for _ in read_warc(path, path.name))
    return 1


def _read_path(path: Path, article_id: str) -> Iterator[Article]:
    if is_jsonl(path):
        yield from read_jsonl(path, article_id)
    elif is_warc(path):
        yield from read_warc(path, article_id)
    else:
        yield read_file(path, article_id)
