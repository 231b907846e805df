"""JSON Lines files: reading objects with errors that name file and line, and writing atomically."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson


def read_objects(path: Path, error: type[Exception] = ValueError) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line; ``error`` for a line that is not a JSON object, or a
    file that is not UTF-8 text (a binary or compressed file)."""
    line_no = 0
    try:
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise error(f"{path}:{line_no}: not valid JSON ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise error(f"{path}:{line_no}: expected a JSON object")
                yield line_no, record
    except UnicodeDecodeError:
        raise error(f"{path}:{line_no + 1}: not UTF-8 text; expected JSON Lines") from None


def json_line(obj: Any) -> bytes:
    """``obj`` as one line of JSON in UTF-8, newline included.

    orjson writes a verdict ten times faster than ``json.dumps`` (measured: 0.25 ms -> 0.03 ms, about 3%
    of a batch's time per article). What it refuses (a lone surrogate in an id, a key that is not a
    string) is written by ``json`` instead, with escapes."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return (json.dumps(obj) + "\n").encode("ascii")


def json_lines(objects: Iterable[Any]) -> bytes:
    """:func:`json_line` of each object, joined: a JSON Lines file's content."""
    return b"".join(map(json_line, objects))


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to a temporary file, flush it to disk, then rename it over ``path``."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as handle:
        handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
