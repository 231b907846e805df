"""`healthmod decide`: a changed policy re-applied to a batch output without re-scoring, and its diff."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, PLAIN_BODY, read_jsonl, write_jsonl
from healthmod.batch import BatchOptions, run_batch
from healthmod.config import load_config
from healthmod.verdict import unfinished, validate

DRAFTS = Path(__file__).resolve().parent / "fixtures" / "drafts"


def batch(inputs: list[Path], out: Path, config_text: str | None = None) -> dict[str, dict[str, Any]]:
    """Run a batch (in process) and return its verdicts by id."""
    config_path = None
    if config_text is not None:
        config_path = out.with_suffix(".yaml")
        config_path.write_text(config_text, encoding="utf-8")
    config = load_config(config_path) if config_path else None
    run_batch([str(p) for p in inputs], BatchOptions(out=out, config=config, workers=1))
    return verdicts_of(out)


def verdicts_of(out: Path) -> dict[str, dict[str, Any]]:
    return {v["id"]: v for p in sorted((out / "verdicts").glob("*.jsonl")) for v in read_jsonl(p)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Any]:
    """The examples and the drafts, with a malformed JSONL record, batched under each shipped profile."""
    root = tmp_path_factory.mktemp("decide")
    records = write_jsonl(
        root / "records.jsonl", [{"id": "calm", "text": PLAIN_BODY + " " + PLAIN_BODY}, '{"id": "broken", "text": ']
    )
    inputs = [EXAMPLES, DRAFTS, records]
    return {
        "root": root,
        "inputs": inputs,
        "platform_dir": root / "platform",
        "platform": batch(inputs, root / "platform"),
        "publisher": batch(inputs, root / "publisher", "profile: publisher\n"),
    }


@pytest.fixture(scope="module")
def decided(runs) -> dict[str, Any]:
    """decide over the platform batch with the publisher profile (via the CLI, in process)."""
    from healthmod.cli import main

    out = runs["root"] / "decided"
    code = main(["decide", str(runs["platform_dir"]), "--out", str(out), "--profile", "publisher"])
    assert code == 0
    return {"out": out, "verdicts": verdicts_of(out), "diff": json.loads((out / "decide-diff.json").read_text())}


def test_decide_gives_what_a_batch_under_the_new_profile_gives(runs, decided):
    publisher, redecided = runs["publisher"], decided["verdicts"]
    assert set(redecided) == set(publisher) == set(runs["platform"])
    for article_id, expected in publisher.items():
        got = redecided[article_id]
        assert got["status"] == expected["status"]
        assert (got["decision"], got["reasons"]) == (expected["decision"], expected["reasons"]), article_id
        assert got["disclosures"] == expected["disclosures"], article_id
        assert got["promotional"] == expected["promotional"], article_id


def test_the_diff_counts_and_names_every_change(runs, decided):
    platform, publisher, diff = runs["platform"], runs["publisher"], decided["diff"]
    ok = [i for i, v in platform.items() if v["status"] == "ok"]
    expected: dict[str, list[str]] = {}
    for article_id in ok:
        before, after = platform[article_id]["decision"], publisher[article_id]["decision"]
        if before != after:
            expected.setdefault(f"{before}->{after}", []).append(article_id)
    assert diff["articles"] == len(platform)
    assert diff["decided"] == len(ok)
    assert diff["changed"] == sum(len(ids) for ids in expected.values()) > 0
    assert diff["unchanged"] == len(ok) - diff["changed"]
    assert {k: sorted(v["ids"]) for k, v in diff["changes"].items()} == {k: sorted(v) for k, v in expected.items()}
    assert {k: v["count"] for k, v in diff["changes"].items()} == {k: len(v) for k, v in expected.items()}
    matrix = Counter((platform[i]["decision"], publisher[i]["decision"]) for i in ok)
    for before, row in diff["matrix"].items():
        for after, n in row.items():
            assert n == matrix[(before, after)], (before, after)
    # The publisher profile is stricter: nothing moves towards pass.
    rank = {"pass": 0, "review": 1, "reject": 2}
    assert all(rank[k.split("->")[1]] > rank[k.split("->")[0]] for k in diff["changes"])
    assert diff["from"]["profiles"] == {"platform": len(ok)}
    assert diff["to"]["profile"] == "publisher"
    assert diff["to"]["config_sha256"] == load_config(profile="publisher").sha256()
    assert diff["limitations"] == {} and diff["not_reapplied"] == []
    assert diff["reasons"]["added"]  # the publisher's own rules fire
    added = Counter(
        code
        for i in ok
        for code in {r["code"] for r in publisher[i]["reasons"]} - {r["code"] for r in platform[i]["reasons"]}
    )
    assert diff["reasons"]["added"] == dict(added)


def test_outputs_summary_errors_and_schema(runs, decided):
    out = decided["out"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    publisher_decisions = Counter(v["decision"] for v in runs["publisher"].values() if v["decision"])
    assert summary["decision"] == dict(publisher_decisions)
    assert summary["articles"] == len(runs["platform"])
    assert summary["status"] == {"ok": len(runs["platform"]) - 1, "error": 1}
    assert summary["profile"] == "publisher"
    [error] = read_jsonl(out / "errors.jsonl")
    assert error["id"] == "records.jsonl:2" and error["status"] == "error" and "redecision" not in error
    assert sorted(p.name for p in (out / "verdicts").iterdir()) == sorted(
        p.name for p in (runs["platform_dir"] / "verdicts").iterdir() if p.suffix == ".jsonl"
    )
    for verdict in decided["verdicts"].values():
        validate(verdict)
        if verdict["status"] == "ok":
            previous = runs["platform"][verdict["id"]]
            assert verdict["redecision"]["previous_decision"] == previous["decision"]
            assert verdict["redecision"]["previous_reasons"] == previous["reasons"]
            assert verdict["redecision"]["previous_profile"] == "platform"
            assert verdict["redecision"]["profile"] == "publisher"
            assert verdict["provenance"]["profile"] == "publisher"
            assert verdict["provenance"]["config_sha256"] == previous["provenance"]["config_sha256"]  # as scored


def test_one_line_summary(runs, run_cli, tmp_path):
    result = run_cli("decide", runs["platform_dir"], "--out", tmp_path / "again", "--profile", "publisher")
    assert result.code == 0, result.err
    diff = json.loads((tmp_path / "again" / "decide-diff.json").read_text(encoding="utf-8"))
    [line] = result.out.splitlines()
    assert line.startswith(f"decide: {diff['articles']} articles, {diff['decided']} decided under profile publisher;")
    assert f"{diff['changed']} decisions changed (" in line
    for move, change in diff["changes"].items():
        assert f"{move} {change['count']}" in line
    # Running it again over its own output directory replaces it.
    assert run_cli("decide", runs["platform_dir"], "--out", tmp_path / "again", "--profile", "publisher").code == 0


def test_decide_over_an_unfinished_batch_says_so(runs, run_cli, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(runs["platform_dir"], partial)
    (partial / "summary.json").unlink()  # as a killed batch leaves it
    result = run_cli("decide", partial, "--out", tmp_path / "decided", "--profile", "publisher")
    assert result.code == 0, result.err
    assert f"warning: {partial} is not a finished batch (the batch has not finished" in result.out
    diff = json.loads((tmp_path / "decided" / "decide-diff.json").read_text(encoding="utf-8"))
    assert "has not finished" in diff["source_unfinished"]
    # the decided output carries it on, for a report made from it
    assert f"its source {partial} is not a finished batch" in unfinished(tmp_path / "decided")
    assert decided_summary(tmp_path / "decided")["complete"] is False
    again = run_cli("decide", runs["platform_dir"], "--out", tmp_path / "whole", "--profile", "publisher")
    assert "warning" not in again.out and decided_summary(tmp_path / "whole")["complete"] is True


def decided_summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_decide_never_loads_or_calls_the_model(runs, run_cli, monkeypatch, tmp_path):
    import healthmod.nlp
    import healthmod.pipeline
    import healthmod.promotional

    def refuse(*args, **kwargs):
        raise AssertionError("decide must not score")

    monkeypatch.setattr(healthmod.promotional.PromotionalScorer, "__init__", refuse)
    monkeypatch.setattr(healthmod.promotional.PromotionalScorer, "__call__", refuse)
    monkeypatch.setattr(healthmod.pipeline.Pipeline, "__init__", refuse)
    monkeypatch.setattr(healthmod.nlp, "parse", refuse)
    result = run_cli("decide", runs["platform_dir"], "--out", tmp_path / "d", "--profile", "publisher")
    assert result.code == 0, result.err
    assert verdicts_of(tmp_path / "d").keys() == runs["platform"].keys()


def test_decide_does_not_even_import_the_model_stack(runs, tmp_path):
    code = (
        "import sys\n"
        "from healthmod.cli import main\n"
        f"assert main(['decide', {str(runs['platform_dir'])!r}, '--out', {str(tmp_path / 'd')!r},"
        " '--profile', 'publisher']) == 0\n"
        "heavy = ('healthmod.promotional', 'healthmod.pipeline', 'spacy', 'sklearn')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_decide_back_restores_the_first_decisions(runs, decided, run_cli, tmp_path):
    result = run_cli("decide", decided["out"], "--out", tmp_path / "back", "--profile", "platform")
    assert result.code == 0, result.err
    back = verdicts_of(tmp_path / "back")
    diff = json.loads((tmp_path / "back" / "decide-diff.json").read_text(encoding="utf-8"))
    assert diff["changed"] == decided["diff"]["changed"]
    for article_id, original in runs["platform"].items():
        assert (back[article_id]["decision"], back[article_id]["reasons"]) == (
            original["decision"],
            original["reasons"],
        )
        if original["status"] == "ok":
            assert back[article_id]["redecision"]["previous_decision"] == original["decision"]


# --- thresholds and settings decide cannot apply ---------------------------------------------------------------


@pytest.fixture(scope="module")
def drafts_run(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("thresholds")
    return {"root": root, "dir": root / "base", "verdicts": batch([DRAFTS], root / "base")}


def decide_with(run_cli, source: Path, out: Path, config_text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    config = out.with_suffix(".yaml")
    config.write_text(config_text, encoding="utf-8")
    result = run_cli("decide", source, "--out", out, "--config", config)
    assert result.code == 0, result.err
    return verdicts_of(out), json.loads((out / "decide-diff.json").read_text(encoding="utf-8"))


def test_raised_sentence_threshold_is_exact(drafts_run, run_cli, tmp_path):
    text = "promotional: {sentence_threshold: 0.95}\n"
    redecided, diff = decide_with(run_cli, drafts_run["dir"], tmp_path / "raised", text)
    rescored = batch([DRAFTS], tmp_path / "batch-raised", text)
    for article_id, expected in rescored.items():
        assert redecided[article_id]["promotional"]["sentences"] == expected["promotional"]["sentences"]
        assert redecided[article_id]["decision"] == expected["decision"]
    assert diff["limitations"] == {}


def test_lowered_sentence_threshold_counts_exactly_and_says_what_is_missing(drafts_run, run_cli, tmp_path):
    # Lowered to just under the best-scoring unflagged sentence, so at least one sentence is newly flagged
    # whatever the shipped model's scores are.
    unflagged = [
        score
        for v in drafts_run["verdicts"].values()
        if v["status"] == "ok"
        for _, _, score in v["promotional"]["sentence_scores"]
        if score < v["promotional"]["sentence_threshold"]
    ]
    text = f"promotional: {{sentence_threshold: {max(unflagged) - 0.001:.6f}}}\n"
    redecided, diff = decide_with(run_cli, drafts_run["dir"], tmp_path / "lowered", text)
    rescored = batch([DRAFTS], tmp_path / "batch-lowered", text)
    newly = 0
    for article_id, expected in rescored.items():
        got = redecided[article_id]["promotional"]["sentences"]
        assert [(s["start"], s["end"]) for s in got] == [
            (s["start"], s["end"]) for s in expected["promotional"]["sentences"]
        ]
        newly += sum(1 for s in got if s.get("rescore_needed"))
        assert all(s["categories"] == [] for s in got if s.get("rescore_needed"))
        validate(redecided[article_id])
    assert newly > 0
    assert diff["limitations"]["sentence threshold lowered"] >= 1
    limited = [v for v in redecided.values() if v.get("redecision", {}).get("limitations")]
    assert diff["verdicts_with_limitations"] == len(limited) <= sum(diff["limitations"].values())


def test_settings_that_change_scoring_are_listed(drafts_run, run_cli, tmp_path):
    _, diff = decide_with(run_cli, drafts_run["dir"], tmp_path / "gap", "boilerplate: {cluster_gap: 6}\n")
    assert diff["not_reapplied"] == ["boilerplate.cluster_gap: 4 -> 6"]
    assert diff["changed"] == 0


def test_disclosure_policy_is_reapplied(drafts_run, run_cli, tmp_path):
    text = "disclosures:\n  sponsorship: {required: never}\n  date: {severity: error}\n"
    redecided, _ = decide_with(run_cli, drafts_run["dir"], tmp_path / "disclosures", text)
    for article_id, verdict in redecided.items():
        assert verdict["disclosures"]["sponsorship"]["required"] is False
        assert verdict["disclosures"]["date"]["severity"] == "error"
        if not drafts_run["verdicts"][article_id]["disclosures"]["date"]["present"]:
            assert "missing_required_disclosure" in [r["code"] for r in verdict["reasons"]]


def test_triggerless_kinds_match_the_disclosure_rules():
    from healthmod.decide import TRIGGERLESS
    from healthmod.disclosures import RULES

    assert {kind for kind, rule in RULES.items() if rule.trigger is None} == TRIGGERLESS


# --- errors ---------------------------------------------------------------------------------------------------


def test_decide_errors_exit_2(runs, run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("decide", empty, "--out", tmp_path / "o1")
    assert result.code == 2 and "no verdicts" in result.err

    result = run_cli("decide", runs["platform_dir"], "--out", runs["platform_dir"])
    assert result.code == 2 and "batch output itself" in result.err

    broken = tmp_path / "broken"
    (broken / "verdicts").mkdir(parents=True)
    (broken / "verdicts" / "shard-00000.jsonl").write_text('{"id": "a"}\n{not json\n', encoding="utf-8")
    result = run_cli("decide", broken, "--out", tmp_path / "o2")
    assert result.code == 2
    assert re.search(r"shard-00000\.jsonl:1: not a healthmod verdict", result.err)

    foreign = tmp_path / "foreign"
    (foreign / "verdicts").mkdir(parents=True)
    (foreign / "verdicts" / "shard-00000.jsonl").write_text("{}\n", encoding="utf-8")
    result = run_cli("decide", runs["platform_dir"], "--out", foreign)
    assert result.code == 2 and "did not write" in result.err

    bad_config = tmp_path / "bad.yaml"
    bad_config.write_text("verdict: {rulez: []}\n", encoding="utf-8")
    result = run_cli("decide", runs["platform_dir"], "--out", tmp_path / "o3", "--config", bad_config)
    assert result.code == 2 and "verdict.rulez" in result.err


def test_decide_help(run_cli):
    result = run_cli("decide", "--help")
    assert result.code == 0
    assert result.out.startswith("usage: healthmod decide")
    assert "--profile" in result.out and "--model" not in result.out
