"""Shared fixtures: one loaded Pipeline for the whole session, paths, and CLI runners."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
EXAMPLES = REPO / "examples"
LAYOUT = FIXTURES / "our-article-example-layout.txt"
LAYOUT_EXPECTED = FIXTURES / "our-article-example-layout.expected.json"
SHARED_EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "scraped-article.txt"
# A finding line printed by `healthmod check`: path:line:col: ...
FINDING_RE = r"^.+:\d+:\d+: "


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def pipeline():
    """One Pipeline with the shipped config and model (loading spaCy and the model is slow)."""
    from healthmod.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def config():
    from healthmod.config import load_config

    return load_config()


@pytest.fixture
def run_cli(capsys):
    """Run ``healthmod.cli.main(argv)`` in-process; SystemExit (from --help, --version) gives its code."""
    from healthmod.cli import main

    def run(*argv: str | Path) -> CliResult:
        capsys.readouterr()  # drop anything printed before
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def healthmod_exe() -> Path:
    """The installed ``healthmod`` console script next to the running interpreter."""
    exe = Path(sys.executable).parent / "healthmod"
    if not exe.exists():
        pytest.skip(f"console script not installed at {exe}")
    return exe


@pytest.fixture
def run_exe(healthmod_exe):
    """Run the real ``healthmod`` console script in a subprocess."""

    def run(*argv: str | Path, cwd: Path | None = None) -> CliResult:
        proc = subprocess.run(
            [str(healthmod_exe), *map(str, argv)], capture_output=True, text=True, timeout=300, cwd=cwd
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def layout_expected() -> dict[str, Any]:
    return json.loads(LAYOUT_EXPECTED.read_text(encoding="utf-8"))


def text_lines(text: str) -> list[str]:
    """Non-blank lines of ``text``, stripped: what "a line of the cleaned text" means in the tests."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


# A body long and English enough to pass the limits, boilerplate and language stages.
PLAIN_BODY = (
    "Walking every day is good for the heart, and it is easy for most people to fit into a normal week "
    "without any special equipment or a gym membership."
)
