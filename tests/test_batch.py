"""The batch runner: exactly-once output under kills and bad input, workers, WARC, Dask, plans."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, read_jsonl, write_jsonl
from healthmod.batch import BatchError, BatchOptions, run_batch
from healthmod.verdict import unfinished, validate

TOPICS = ["walking", "sleep", "hydration", "stretching", "vegetables", "sunlight", "reading labels", "posture"]


def articles(n: int) -> list[dict[str, str]]:
    """Short, distinct, English articles (some promotional) that every stage accepts."""
    out = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        pitch = " Order our miracle kit today and cure your fatigue for good!" if i % 3 == 0 else ""
        out.append(
            {
                "id": f"a{i}",
                "text": f"Article {i} on {topic}. Most adults can improve their health with regular {topic}, "
                f"and the benefits build up over months rather than days, according to the team.{pitch}",
            }
        )
    return out


def verdict_ids(out: Path) -> list[str]:
    return [v["id"] for p in sorted((out / "verdicts").glob("*.jsonl")) for v in read_jsonl(p)]


def test_two_workers_write_every_article_once(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", articles(40))
    out = tmp_path / "out"
    summary = run_batch([str(source)], BatchOptions(out=out, workers=2, shard_size=7))
    ids = verdict_ids(out)
    assert sorted(ids) == sorted(f"a{i}" for i in range(40)) and len(ids) == len(set(ids))
    assert summary["articles"] == 40 and summary["shards"] == 6
    assert len(list((out / "stats").glob("*.done"))) == 6
    for path in (out / "verdicts").glob("*.jsonl"):
        for verdict in read_jsonl(path):
            validate(verdict)


def test_corrupt_inputs_among_good_ones_become_error_verdicts(tmp_path):
    good = articles(5)
    lines = [json.dumps(good[0]), "{not json", json.dumps(good[1]), '["a list"]', json.dumps(good[2])]
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "mixed.jsonl", lines)
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "in" / "fine.txt").write_text(good[3]["text"], encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path / "in")], BatchOptions(out=out, workers=1, shard_size=3))
    verdicts = {v["id"]: v for p in (out / "verdicts").glob("*.jsonl") for v in read_jsonl(p)}
    assert len(verdicts) == 7 == summary["articles"]
    assert {k for k, v in verdicts.items() if v["status"] == "error"} == {
        "mixed.jsonl:2",
        "mixed.jsonl:4",
        "binary.txt",
    }
    assert verdicts["binary.txt"]["error"]["stage"] == "ingest"
    errors = read_jsonl(out / "errors.jsonl")
    assert sorted(e["id"] for e in errors) == ["binary.txt", "mixed.jsonl:2", "mixed.jsonl:4"]
    assert summary["status"] == {"ok": 4, "error": 3}


def test_an_id_not_encodable_as_utf8_still_gets_its_verdict(tmp_path):
    # JSON input can hold a lone surrogate ("\\ud800"): not encodable as UTF-8, so its verdict is written
    # with escapes, and every other verdict keeps its characters as they are.
    records = articles(3)
    records[0]["id"] = "odd-\ud800"
    records[1]["id"] = "café-ü"
    source = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out"
    summary = run_batch([str(source)], BatchOptions(out=out, workers=1, shard_size=10))
    raw = (out / "verdicts" / "shard-00000.jsonl").read_bytes()
    assert "café-ü".encode() in raw and b"odd-\\ud800" in raw
    assert sorted(verdict_ids(out)) == sorted(["odd-\ud800", "café-ü", "a2"]) and summary["articles"] == 3


def test_max_errors_stops_a_broken_run(tmp_path):
    write_jsonl(tmp_path / "bad.jsonl", ["{broken"] * 30)
    out = tmp_path / "out"
    with pytest.raises(BatchError, match=r"max-errors 5.*see errors\.jsonl"):
        run_batch([str(tmp_path / "bad.jsonl")], BatchOptions(out=out, workers=1, shard_size=10, max_errors=5))
    # the stop message points to errors.jsonl: it and the summary hold the shards that finished
    assert len(read_jsonl(out / "errors.jsonl")) == 10
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == {"error": 10}
    assert summary["complete"] is False and "--max-errors" in summary["stopped"]  # report and decide say so
    assert "--max-errors" in unfinished(out)


def test_max_errors_must_not_be_negative(run_cli, tmp_path):
    result = run_cli("batch", str(tmp_path), "--out", str(tmp_path / "out"), "--max-errors", "-1")
    assert result.code == 2 and "at least 0" in result.err


def test_unwritable_output_directory_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(BatchError, match="cannot create output directory"):
        run_batch([str(EXAMPLES / "articles")], BatchOptions(out=blocker / "out", workers=1))


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path, run_cli):
    source = write_jsonl(tmp_path / "in.jsonl", articles(25))
    out = tmp_path / "out"
    result = run_cli("batch", source, "--out", out, "--shard-size", "10", "--dry-run")
    assert result.code == 0, result.err
    plan = json.loads(result.out)
    assert plan["articles"] == 25 and plan["shards"] == 3 and plan["shards_left"] == 3
    assert plan["model_sha256"] and plan["config_sha256"]
    assert not out.exists()
    assert run_cli("batch", source, "--out", out, "--shard-size", "10").code == 0
    again = json.loads(run_cli("batch", source, "--out", out, "--shard-size", "10", "--dry-run").out)
    assert again["shards_done"] == 3 and again["shards_left"] == 0


def test_a_resume_over_changed_input_is_refused_and_the_dry_run_says_so(tmp_path, run_cli):
    # a shard counted as done must hold what the same shard of the input holds now
    (tmp_path / "in").mkdir()
    for i, record in enumerate(articles(6)):
        (tmp_path / "in" / f"{i}.txt").write_text(record["text"], encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("batch", tmp_path / "in", "--out", out, "--shard-size", "2").code == 0
    assert run_cli("batch", tmp_path / "in", "--out", out, "--shard-size", "2").code == 0  # unchanged: resumes
    (tmp_path / "in" / "00.txt").write_text(articles(7)[6]["text"], encoding="utf-8")  # sorts first
    for args in (["--dry-run"], []):
        refused = run_cli("batch", tmp_path / "in", "--out", out, "--shard-size", "2", *args)
        assert refused.code == 2 and "different input content" in refused.err
    assert sorted(verdict_ids(out)) == [f"{i}.txt" for i in range(6)]
    forced = run_cli("batch", tmp_path / "in", "--out", out, "--shard-size", "2", "--force")
    assert forced.code == 0 and sorted(verdict_ids(out)) == sorted(["00.txt", *(f"{i}.txt" for i in range(6))])


@pytest.mark.parametrize(
    ("first", "second", "word"),
    [(["--include-text"], [], "--include-text"), ([], ["-"], "standard input")],
    ids=["include-text", "stdin"],
)
def test_a_resume_that_would_mix_outputs_is_refused(tmp_path, healthmod_exe, first, second, word):
    source = write_jsonl(tmp_path / "in.jsonl", articles(3))
    out = tmp_path / "out"
    text = articles(4)[3]["text"]
    cmd = [str(healthmod_exe), "batch", str(source), *second, "--out", str(out)]
    assert subprocess.run([*cmd, *first], input=text, text=True, capture_output=True).returncode == 0
    again = subprocess.run(cmd, input=text, text=True, capture_output=True)
    assert again.returncode == 2 and word in again.stderr


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [
        (
            "https://example.org/a",
            "200 OK",
            "text/html; charset=utf-8",
            "<html><body><article><p>{}</p></article></body></html>",
        ),
        ("https://example.org/logo.png", "200 OK", "image/png", "not a page"),
        (
            "https://example.org/b",
            "200 OK",
            "text/html",
            "<html><body><nav>Home</nav><article><p>{}</p></article></body></html>",
        ),
        ("https://example.org/gone", "404 Not Found", "text/html", "<html><body><p>{}</p></body></html>"),
    ]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for i, (url, status, ctype, body) in enumerate(pages):
            payload = body.format(articles(4)[i]["text"]).encode("utf-8")
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_input_yields_its_html_responses(tmp_path, name):  # successful ones: not the 404 page
    write_warc(tmp_path / name)
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path / name)], BatchOptions(out=out, workers=1))
    verdicts = [v for p in (out / "verdicts").glob("*.jsonl") for v in read_jsonl(p)]
    assert summary["articles"] == 2
    assert sorted(v["source"]["url"] for v in verdicts) == ["https://example.org/a", "https://example.org/b"]
    assert all(v["status"] == "ok" and v["id"].startswith("<urn:uuid:") for v in verdicts)


def test_a_warc_cut_off_mid_record_is_an_error_verdict_and_the_run_goes_on(tmp_path):
    write_warc(tmp_path / "crawl.warc")
    data = (tmp_path / "crawl.warc").read_bytes()
    third = [i for i in range(len(data)) if data.startswith(b"WARC/1.0", i)][2]
    (tmp_path / "cut.warc").write_bytes(data[: third + 50])  # inside the third record's WARC headers
    (tmp_path / "fine.txt").write_text(articles(1)[0]["text"], encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path / "cut.warc"), str(tmp_path / "fine.txt")], BatchOptions(out=out, workers=1))
    verdicts = [v for p in sorted((out / "verdicts").glob("*.jsonl")) for v in read_jsonl(p)]
    assert [v["status"] for v in verdicts] == ["ok", "error", "ok"]  # page a, the cut, fine.txt
    assert verdicts[1]["error"]["stage"] == "ingest" and "cut.warc" in verdicts[1]["error"]["message"]
    assert summary["articles"] == 3


def test_dask_engine_on_a_local_cluster(tmp_path):
    pytest.importorskip("dask.distributed")
    source = write_jsonl(tmp_path / "in.jsonl", articles(12))
    out = tmp_path / "out"
    summary = run_batch([str(source)], BatchOptions(out=out, workers=2, shard_size=5, engine="dask"))
    assert summary["articles"] == 12 and summary["shards"] == 3
    ids = verdict_ids(out)
    assert sorted(ids) == sorted(f"a{i}" for i in range(12)) and len(ids) == len(set(ids))


def batch_under_way(
    exe: Path, tmp_path: Path, n_articles: int, workers: int, done: int, **popen: Any
) -> tuple[subprocess.Popen, list[str], Path]:
    """`healthmod batch` over ``n_articles`` in shards of 10, started and still running once ``done`` shards
    are finished: the process, its command (to resume with) and its output directory."""
    source = write_jsonl(tmp_path / "in.jsonl", articles(n_articles))
    out = tmp_path / "out"
    cmd = [str(exe), "batch", str(source), "--out", str(out), "--shard-size", "10", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, **popen)
    deadline = time.monotonic() + 120
    while len(list((out / "stats").glob("*.done"))) < done and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be stopped; give it more articles"
    return proc, cmd, out


def assert_resumes_with_every_article_once(cmd: list[str], out: Path, n_articles: int) -> None:
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    ids = verdict_ids(out)
    assert sorted(ids) == sorted(f"a{i}" for i in range(n_articles)) and len(ids) == len(set(ids))


def test_sigkill_mid_run_then_resume_keeps_every_article_once(tmp_path, healthmod_exe):
    proc, cmd, out = batch_under_way(
        healthmod_exe, tmp_path, 400, 1, 3, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "stats").glob("*.done")))
    assert 3 <= done_before < 40
    assert "has not finished" in unfinished(out)  # no summary.json: report and decide say the batch is partial
    assert_resumes_with_every_article_once(cmd, out, 400)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["articles"] == 400 and summary["complete"] is True and unfinished(out) is None


def test_a_rerun_takes_the_finished_summary_away_until_it_sums_up_again(tmp_path, monkeypatch):
    import healthmod.batch as batch_module

    source = write_jsonl(tmp_path / "in.jsonl", articles(3))
    out = tmp_path / "out"
    opts = BatchOptions(out=out, workers=1, shard_size=2)
    run_batch([str(source)], opts)
    assert unfinished(out) is None

    def killed(*args, **kwargs):  # the rerun dies before its end, as under a SIGKILL
        raise SystemExit(137)

    monkeypatch.setattr(batch_module, "write_summary", killed)
    with pytest.raises(SystemExit):
        run_batch([str(source)], opts)
    assert "has not finished" in unfinished(out)  # not the first run's summary, which no longer holds


def test_killing_the_driver_alone_ends_its_workers_and_the_run_resumes(tmp_path, healthmod_exe):
    proc, cmd, out = batch_under_way(
        healthmod_exe, tmp_path, 300, 2, 2, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    workers = _children(proc.pid)
    assert workers, "the run must still be going with its workers"
    proc.kill()  # the driver only, as `kill -9 PID` does
    proc.wait()
    deadline = time.monotonic() + 30
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, workers)), "workers outlived their driver"
    assert_resumes_with_every_article_once(cmd, out, 300)  # no leftover worker holds the run's lock


def test_ctrl_c_stops_the_run_with_a_message_and_it_resumes(tmp_path, healthmod_exe):
    proc, cmd, out = batch_under_way(
        healthmod_exe,
        tmp_path,
        300,
        2,
        2,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Ctrl-C as in a terminal: a test run started in the background of a shell ignores SIGINT, and the
        # batch would inherit that (rightly: `nohup healthmod batch ... &` must not stop on Ctrl-C)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the driver and its workers
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "interrupted" in err and "rerun" in err
    assert "Traceback" not in err
    assert_resumes_with_every_article_once(cmd, out, 300)


def test_a_second_run_on_the_same_directory_is_refused(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running batch holds
        with pytest.raises(BatchError, match="already writing"):
            run_batch([str(EXAMPLES / "articles")], BatchOptions(out=out, workers=1))
    summary = run_batch([str(EXAMPLES / "articles")], BatchOptions(out=out, workers=1))
    assert summary["articles"] == len(list((EXAMPLES / "articles").iterdir()))


def test_disk_full_during_a_write_stops_cleanly_and_resumes(tmp_path, monkeypatch):
    import errno

    import healthmod.batch as batch

    source = write_jsonl(tmp_path / "in.jsonl", articles(30))
    out = tmp_path / "out"
    real_write = batch._write_atomic
    calls = {"n": 0}

    def failing_write(path, text):
        calls["n"] += 1
        if calls["n"] == 7:  # in the middle of the third shard
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, text)

    monkeypatch.setattr(batch, "_write_atomic", failing_write)
    with pytest.raises(BatchError, match="No space left on device"):
        run_batch([str(source)], BatchOptions(out=out, workers=1, shard_size=5))
    monkeypatch.setattr(batch, "_write_atomic", real_write)
    run_batch([str(source)], BatchOptions(out=out, workers=1, shard_size=5))
    ids = verdict_ids(out)
    assert sorted(ids) == sorted(f"a{i}" for i in range(30)) and len(ids) == len(set(ids))


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_a_worker_killed_by_the_os_stops_the_run_and_resume_completes(tmp_path, healthmod_exe):
    proc, cmd, out = batch_under_way(
        healthmod_exe, tmp_path, 300, 2, 2, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    workers = _children(proc.pid)
    assert workers, "the run must still be going with its workers"
    os.kill(workers[0], signal.SIGKILL)  # what the OOM killer does
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2
    assert "worker process died" in err
    assert_resumes_with_every_article_once(cmd, out, 300)


def test_an_article_over_its_time_budget_becomes_an_error_verdict(tmp_path, monkeypatch):
    from healthmod.config import load_config
    from healthmod.pipeline import Pipeline

    config = load_config()
    pipeline = Pipeline(config)
    pipeline.moderate(articles(1)[0]["text"])  # pay spaCy's first-call warm-up outside the budget
    config.limits.article_seconds = 1.0
    slow_stage = pipeline.stages[1][1]

    def stalls_on_a(article):
        if article.id == "a1":
            time.sleep(8)  # a stage stuck on this article
        slow_stage(article)

    pipeline.stages[1] = (pipeline.stages[1][0], stalls_on_a)
    started = time.monotonic()
    verdicts = [pipeline.moderate(a["text"], id=a["id"]) for a in articles(3)]
    assert time.monotonic() - started < 6
    assert [v["status"] for v in verdicts] == ["ok", "error", "ok"]
    assert verdicts[1]["error"]["type"] == "ArticleTimeout"
    assert verdicts[1]["error"]["stage"] == pipeline.stages[1][0]
