"""The command line: check, strip, batch, and the exit codes."""

from __future__ import annotations

import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

import healthmod
from conftest import EXAMPLES, LAYOUT, PLAIN_BODY, read_jsonl, text_lines, write_jsonl
from healthmod.boilerplate import strip
from healthmod.config import load_config
from healthmod.ingest import TEXT_SUFFIXES, read_inputs
from healthmod.verdict import validate

SUBCOMMANDS = ["check", "strip", "batch", "train", "evaluate"]


def example_files() -> list[Path]:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if not files:
        pytest.skip("no example inputs")
    return files


def records(n: int, prefix: str = "r") -> list[dict[str, str]]:
    topics = ["walking", "swimming", "cycling", "rowing", "dancing", "gardening", "stretching", "climbing"]
    return [
        {
            "id": f"{prefix}{i}",
            "text": PLAIN_BODY.replace("Walking", topics[i % len(topics)].capitalize()) + f" This is note {i}.",
        }
        for i in range(n)
    ]


def batch_ids(out: Path) -> list[str]:
    return [v["id"] for path in sorted((out / "verdicts").glob("*.jsonl")) for v in read_jsonl(path)]


def cleaned(path: Path) -> str:
    [article] = read_inputs([str(path)])
    strip(article, load_config().boilerplate)
    return article.text


# --- version and help ------------------------------------------------------------------------------


def test_version(run_cli):
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"healthmod {healthmod.__version__}"


def test_version_subprocess(run_exe):
    result = run_exe("--version")
    assert result.code == 0
    assert result.out.strip() == f"healthmod {healthmod.__version__}"


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_of_every_subcommand(run_cli, command):
    result = run_cli(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: healthmod {command}")


def test_no_command_is_a_usage_error(run_cli):
    result = run_cli()
    assert result.code == 2
    assert "usage:" in result.err


# --- check ------------------------------------------------------------------------------------------


def test_check_json_one_valid_verdict_per_input(run_cli, tmp_path):
    second = tmp_path / "plain.txt"
    second.write_text(PLAIN_BODY + "\n\n" + PLAIN_BODY.replace("Walking", "Swimming") + "\n", encoding="utf-8")
    inputs = [LAYOUT, second, *[p for p in example_files() if p.name != "README.md"][:2]]
    result = run_cli("check", "--format", "json", *inputs)
    verdicts = result.json_lines()
    assert [v["id"] for v in verdicts] == [p.name for p in inputs]
    for verdict in verdicts:
        assert verdict["status"] == "ok", verdict["reasons"]
        validate(verdict)
        assert "text" not in verdict
    assert result.code == 1  # no input error, and the layout example is flagged


def test_check_json_include_text(run_cli):
    [verdict] = run_cli("check", "--format", "json", "--include-text", LAYOUT).json_lines()
    assert verdict["text"] == cleaned(LAYOUT)
    validate(verdict)


def test_check_passing_article_exits_0(run_cli, tmp_path):
    path = tmp_path / "calm.txt"
    path.write_text("By Ann Lee\nPublished 3 March 2024\n\n" + PLAIN_BODY + "\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", path)
    [verdict] = result.json_lines()
    assert verdict["decision"] == "pass", verdict["reasons"]
    assert result.code == 0


def test_check_missing_file_exits_2(run_cli, tmp_path):
    missing = tmp_path / "absent.txt"
    result = run_cli("check", missing)
    assert result.code == 2
    assert re.search(rf"^{re.escape(str(missing))}:1:1: error error_ingest ", result.out, re.M)
    [verdict] = run_cli("check", "--format", "json", missing).json_lines()
    assert verdict["status"] == "error"
    assert verdict["error"]["stage"] == "ingest"


def test_check_empty_file_exits_2_skipped(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_cli("check", "--format", "json", empty)
    assert result.code == 2
    [verdict] = result.json_lines()
    assert verdict["status"] == "skipped"
    assert verdict["decision"] is None
    assert verdict["reasons"][0]["code"] == "empty"
    text = run_cli("check", empty)
    assert text.code == 2
    assert f"{empty}: skipped" in text.out


def test_check_worst_exit_code_wins(run_cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run_cli("check", "--format", "json", LAYOUT, empty)
    assert [v["status"] for v in result.json_lines()] == ["ok", "skipped"]
    assert result.code == 2


def test_check_reads_stdin(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LAYOUT.read_bytes())))
    result = run_cli("check", "--format", "json", "-")
    [verdict] = result.json_lines()
    assert verdict["id"] == "stdin"
    assert verdict["status"] == "ok"
    assert result.code == 1


def test_check_binary_stdin_exits_2(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01\x02 binary")))
    assert run_cli("check", "-").code == 2


def test_broken_pipe_exits_0(run_cli, monkeypatch):
    class ClosedPipe(io.TextIOBase):
        def write(self, s):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert run_cli("strip", LAYOUT).code == 0


# --- strip ------------------------------------------------------------------------------------------


def test_strip_prints_cleaned_text(run_cli):
    result = run_cli("strip", LAYOUT)
    assert result.code == 0
    assert result.out == cleaned(LAYOUT) + "\n"
    lines = text_lines(result.out)
    assert "END" not in lines and "Recommend" not in lines
    assert "Achievement 3: Benefits that last" in lines


def test_strip_several_inputs_need_out(run_cli, tmp_path):
    result = run_cli("strip", LAYOUT, LAYOUT)
    assert result.code == 2
    assert "--out" in result.err


def test_strip_one_input_holding_several_articles_needs_out_too(run_cli, tmp_path):
    records_file = write_jsonl(tmp_path / "recs.jsonl", records(3))
    (tmp_path / "dir").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "dir" / name).write_text(LAYOUT.read_text(encoding="utf-8"), encoding="utf-8")
    for path in (records_file, tmp_path / "dir"):
        result = run_cli("strip", path)
        assert result.code == 2 and "several articles need --out" in result.err and result.out == ""


def test_strip_explain_heads_each_of_several_articles(run_cli, tmp_path):
    result = run_cli("strip", "--explain", LAYOUT, LAYOUT)
    assert result.code == 0
    heads = [line for line in result.out.split("\n") if line.startswith("==> ")]
    assert len(heads) == 2 and all(LAYOUT.name in head for head in heads)
    assert "==> " not in run_cli("strip", "--explain", LAYOUT).out  # one article: the listing alone


def test_strip_out_writes_one_file_per_input(run_cli, tmp_path):
    inputs = [LAYOUT, *example_files()]
    out = tmp_path / "clean"
    result = run_cli("strip", "--out", out, *inputs)
    assert result.code == 0
    assert result.out == ""
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(f"{p.name.split('.')[0]}.txt" for p in inputs)
    for path in inputs:
        assert (out / f"{path.name.split('.')[0]}.txt").read_text(encoding="utf-8") == cleaned(path) + "\n"


def test_strip_out_keeps_every_jsonl_record(run_cli, tmp_path):
    path = write_jsonl(tmp_path / "recs.jsonl", records(3))
    out = tmp_path / "clean"
    assert run_cli("strip", "--out", out, path).code == 0
    assert len(list(out.iterdir())) == 3


def test_strip_missing_input_exits_2(run_cli, tmp_path):
    result = run_cli("strip", tmp_path / "absent.txt")
    assert result.code == 2
    assert "absent.txt" in result.err


def test_strip_explain_marks_removed_lines(run_cli):
    result = run_cli("strip", "--explain", LAYOUT)
    assert result.code == 0
    raw = LAYOUT.read_text(encoding="utf-8").split("\n")
    out = result.out.rstrip("\n").split("\n")
    assert len(out) == len(raw)
    marks = {}
    for n, line in enumerate(out, 1):
        m = re.match(r"^\s*(\d+) (.{28})\| (.*)$", line)
        assert m, line
        assert int(m[1]) == n
        assert m[3] == raw[n - 1]
        marks[n] = m[2].strip()
    by_text = {raw[n - 1]: mark for n, mark in marks.items()}
    assert sorted([marks[1], marks[3]]) == ["drop:duplicate_line", "keep"]  # the title, printed twice
    assert by_text["END"] == "drop:end_marker"
    assert by_text["Recommend"] == "drop:end_marker"
    assert next(mark for text, mark in by_text.items() if text.startswith("<<:")) == "drop:prev_next"
    assert next(mark for text, mark in by_text.items() if text.startswith("Disclaimer:")) == "region:disclaimer"
    assert next(mark for text, mark in by_text.items() if "<br />" in text) == "keep"
    assert all(mark == "" for text, mark in by_text.items() if not text.strip())
    teaser = next(text for text in raw if text.endswith("..."))
    assert by_text[teaser].startswith("drop:")


# --- batch ------------------------------------------------------------------------------------------


def test_batch_over_examples(run_cli, tmp_path):
    files = example_files()
    out = tmp_path / "out"
    result = run_cli("batch", EXAMPLES, "--out", out, "--shard-size", "5")
    assert result.code == 0, result.err
    expected_ids = sorted(p.relative_to(EXAMPLES).as_posix() for p in files)
    ids = batch_ids(out)
    assert sorted(ids) == expected_ids
    assert all(n == 1 for n in Counter(ids).values())
    for path in (out / "verdicts").glob("*.jsonl"):
        for verdict in read_jsonl(path):
            validate(verdict)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == len(files)
    assert summary["shards"] == -(-len(files) // 5)
    assert sum(summary["status"].values()) == len(files)
    assert json.loads(result.out)["articles"] == len(files)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["config_sha256"] == load_config().sha256()


def test_batch_jsonl_with_malformed_line(run_cli, tmp_path):
    good = records(3)
    path = write_jsonl(tmp_path / "in.jsonl", [good[0], '{"id": "x", "text": ', good[1], good[2]])
    out = tmp_path / "out"
    result = run_cli("batch", path, "--out", out)
    assert result.code == 0, result.err
    verdicts = {v["id"]: v for v in read_jsonl(out / "verdicts" / "shard-00000.jsonl")}
    assert sorted(verdicts) == sorted(["r0", "r1", "r2", "in.jsonl:2"])
    bad = verdicts["in.jsonl:2"]
    assert bad["status"] == "error"
    assert bad["decision"] is None
    assert "malformed JSON" in bad["error"]["message"]
    assert "in.jsonl:2" in bad["error"]["message"]
    assert bad["error"]["stage"] == "ingest"
    assert bad["source"]["line"] == 2
    for rid in ("r0", "r1", "r2"):
        assert verdicts[rid]["status"] == "ok"
        assert verdicts[rid]["decision"] in ("pass", "review", "reject")
        validate(verdicts[rid])
    errors = read_jsonl(out / "errors.jsonl")
    assert [e["id"] for e in errors] == ["in.jsonl:2"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == 4
    assert summary["status"] == {"ok": 3, "error": 1}


def test_batch_rerun_skips_finished_shards(run_cli, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", records(7))
    out = tmp_path / "out"
    assert run_cli("batch", path, "--out", out, "--shard-size", "2").code == 0
    shard_files = sorted((out / "verdicts").glob("*.jsonl"))
    assert len(shard_files) == 4
    # Simulate a run killed during shard 2: its verdicts and marker never got written.
    for p in out.glob("*/shard-00002*"):
        p.unlink()
    finished = {p: p.stat().st_mtime_ns for p in shard_files if p.exists()}
    result = run_cli("batch", path, "--out", out, "--shard-size", "2")
    assert result.code == 0, result.err
    assert {p: p.stat().st_mtime_ns for p in finished} == finished  # not rewritten
    assert (out / "verdicts" / "shard-00002.jsonl").exists()
    ids = batch_ids(out)
    assert sorted(ids) == sorted(f"r{i}" for i in range(7))
    assert len(ids) == len(set(ids))
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["articles"] == 7


def test_batch_rerun_with_other_config_is_refused_unless_forced(run_cli, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", records(3))
    out = tmp_path / "out"
    assert run_cli("batch", path, "--out", out).code == 0
    before = (out / "verdicts" / "shard-00000.jsonl").read_text(encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(f"limits: {{min_body_words: {load_config().limits.min_body_words + 2}}}\n", encoding="utf-8")

    refused = run_cli("batch", path, "--out", out, "--config", other)
    assert refused.code == 2
    assert "different config" in refused.err and "--force" in refused.err
    assert (out / "verdicts" / "shard-00000.jsonl").read_text(encoding="utf-8") == before

    forced = run_cli("batch", path, "--out", out, "--config", other, "--force")
    assert forced.code == 0, forced.err
    new_sha = load_config(other).sha256()
    verdicts = [v for p in (out / "verdicts").glob("*.jsonl") for v in read_jsonl(p)]
    assert sorted(v["id"] for v in verdicts) == ["r0", "r1", "r2"]
    assert all(v["provenance"]["config_sha256"] == new_sha for v in verdicts)
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["config_sha256"] == new_sha


def test_batch_rerun_with_same_config_file_is_accepted(run_cli, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", records(2))
    same = tmp_path / "same.yaml"
    default = load_config().limits.min_body_words
    same.write_text(f"limits: {{min_body_words: {default}}}\n", encoding="utf-8")  # equal to the default
    out = tmp_path / "out"
    assert run_cli("batch", path, "--out", out).code == 0
    assert run_cli("batch", path, "--out", out, "--config", same).code == 0
    assert sorted(batch_ids(out)) == ["r0", "r1"]


def test_batch_rerun_with_other_shard_size(run_cli, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", records(6))
    out = tmp_path / "out"
    assert run_cli("batch", path, "--out", out, "--shard-size", "4").code == 0
    for p in out.glob("*/shard-00001*"):
        p.unlink()
    result = run_cli("batch", path, "--out", out, "--shard-size", "2")
    if result.code != 2:  # either refused, or every id exactly once
        ids = batch_ids(out)
        assert sorted(ids) == sorted(f"r{i}" for i in range(6))


def test_batch_rerun_with_other_inputs(run_cli, tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", records(3, "a"))
    second = write_jsonl(tmp_path / "b.jsonl", records(3, "b"))
    out = tmp_path / "out"
    assert run_cli("batch", first, "--out", out).code == 0
    result = run_cli("batch", second, "--out", out)
    assert result.code == 2 or {"b0", "b1", "b2"} <= set(batch_ids(out))


@pytest.mark.parametrize("size", ["0", "-1"])
def test_batch_rejects_bad_shard_size(run_cli, tmp_path, size):
    path = write_jsonl(tmp_path / "in.jsonl", records(2))
    assert run_cli("batch", path, "--out", tmp_path / "out", "--shard-size", size).code == 2


def test_batch_unwritable_output_exits_2(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    path = write_jsonl(tmp_path / "in.jsonl", records(1))
    result = run_cli("batch", path, "--out", blocker / "out")
    assert result.code == 2
    assert "cannot create output directory" in result.err


def test_verdicts_do_not_depend_on_the_entry_point(pipeline, run_cli, tmp_path):
    """check --format json, batch and Pipeline.run agree on the decision for the same article."""
    [from_check] = run_cli("check", "--format", "json", LAYOUT).json_lines()
    out = tmp_path / "out"
    assert run_cli("batch", LAYOUT, "--out", out).code == 0
    [from_batch] = read_jsonl(out / "verdicts" / "shard-00000.jsonl")
    [article] = read_inputs([str(LAYOUT)])
    from_api = pipeline.run(article)
    for verdict in (from_check, from_batch):
        assert verdict["decision"] == from_api["decision"]
        assert verdict["reasons"] == from_api["reasons"]
        assert verdict["disclosures"] == from_api["disclosures"]
        assert verdict["promotional"] == from_api["promotional"]
