"""The batch runner: readers -> shards -> worker pipelines -> one verdict file per shard.

Articles are read in a stable order and cut into shards of ``shard_size``. Each shard is
moderated by one worker process (one Pipeline, so one model, per process) and written to
``verdicts/shard-NNNNN.jsonl`` through a temporary file and an atomic rename; its stats go to
``stats/shard-NNNNN.json`` and a ``.done`` marker is written last. A rerun skips shards whose
marker exists, so a run killed at any moment resumes with every article exactly once.
``summary.json`` and ``errors.jsonl`` are rebuilt from the shard files at the end.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from . import __version__
from .config import to_mapping
from .document import Article
from .ingest import read_inputs
from .pipeline import Pipeline


class BatchError(RuntimeError):
    """A batch that cannot start or go on (mixed outputs, unwritable directory...)."""


@dataclass
class BatchOptions:
    out: Path
    config_path: str | None = None
    model_path: str | None = None
    workers: int = 1
    shard_size: int = 500
    include_text: bool = False
    force: bool = False
    glob: str | None = None
    progress: bool = False


@dataclass
class ShardResult:
    index: int
    stats: dict[str, Any] = field(default_factory=dict)


# -- worker side ----------------------------------------------------------------------------------
_pipeline: Pipeline | None = None


def _init_worker(config_path: str | None, model_path: str | None) -> None:
    global _pipeline
    _pipeline = Pipeline(config_path, model_path)


def _shard_name(index: int) -> str:
    return f"shard-{index:05d}"


def process_shard(index: int, articles: list[Article], out: str, include_text: bool) -> ShardResult:
    """Moderate one shard and write its verdicts, stats and completion marker."""
    assert _pipeline is not None, "worker not initialised"
    root = Path(out)
    started = time.perf_counter()
    verdicts = [_pipeline.run(article, include_text) for article in articles]
    stats = shard_stats(verdicts, time.perf_counter() - started)
    _write_atomic(
        root / "verdicts" / f"{_shard_name(index)}.jsonl",
        "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in verdicts),
    )
    _write_atomic(root / "stats" / f"{_shard_name(index)}.json", json.dumps(stats))
    _write_atomic(root / "stats" / f"{_shard_name(index)}.done", "")
    return ShardResult(index, stats)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def shard_stats(verdicts: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    timings: Counter[str] = Counter()
    for v in verdicts:
        timings.update(v.get("timings_ms", {}))
    return {
        "articles": len(verdicts),
        "seconds": round(seconds, 4),
        "status": dict(Counter(v["status"] for v in verdicts)),
        "decision": dict(Counter(str(v["decision"]) for v in verdicts if v["decision"])),
        "reasons": dict(Counter(r["code"] for v in verdicts for r in v["reasons"])),
        "stage_ms": {k: round(t, 3) for k, t in timings.items()},
    }


# -- driver side ------------------------------------------------------------------------------------
def shards(articles: Iterable[Article], size: int) -> Iterator[tuple[int, list[Article]]]:
    it = iter(articles)
    index = 0
    while chunk := list(islice(it, size)):
        yield index, chunk
        index += 1


def _run_identity(opts: BatchOptions, pipeline: Pipeline, inputs: list[str]) -> dict[str, Any]:
    """What must not change between a run and its resumption: otherwise outputs would mix."""
    return {
        "healthmod_version": __version__,
        "config_sha256": pipeline.config.sha256(),
        "model_sha256": pipeline.scorer.sha256,
        "inputs": [str(Path(i).resolve()) if i != "-" else i for i in inputs],
        "shard_size": opts.shard_size,
        "glob": opts.glob,
    }


def prepare_output(opts: BatchOptions, pipeline: Pipeline, inputs: list[str]) -> None:
    """Create the output layout; refuse to mix outputs of a different config or model."""
    try:
        for sub in ("verdicts", "stats"):
            (opts.out / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create output directory {opts.out}: {exc.strerror}") from exc
    identity = _run_identity(opts, pipeline, inputs)
    run_file = opts.out / "run.json"
    if run_file.exists():
        previous = json.loads(run_file.read_text(encoding="utf-8"))
        changed = [k for k, v in identity.items() if previous.get(k) != v]
        if changed and not opts.force:
            raise BatchError(
                f"{opts.out} holds a run with a different {', '.join(changed)}; use another --out, "
                "or --force to discard it and start again"
            )
        if changed:
            for path in [*opts.out.glob("verdicts/*"), *opts.out.glob("stats/*")]:
                path.unlink()
    run = {**identity, "model_path": str(pipeline.scorer.path), "config": to_mapping(pipeline.config)}
    _write_atomic(run_file, json.dumps(run, indent=2))


def run_batch(inputs: list[str], opts: BatchOptions) -> dict[str, Any]:
    """Moderate every article of ``inputs`` into ``opts.out``; return the summary."""
    pipeline = Pipeline(opts.config_path, opts.model_path)
    prepare_output(opts, pipeline, inputs)
    done = {p.stem for p in (opts.out / "stats").glob("*.done")}
    todo = (
        (i, chunk) for i, chunk in shards(read_inputs(inputs, opts.glob), opts.shard_size) if _shard_name(i) not in done
    )
    progress = Progress(enabled=opts.progress)
    if opts.workers <= 1:
        global _pipeline
        _pipeline = pipeline
        for index, chunk in todo:
            progress.update(process_shard(index, chunk, str(opts.out), opts.include_text))
    else:
        _run_pool(todo, opts, progress)
    progress.close()
    return write_summary(opts.out)


def _run_pool(todo: Iterator[tuple[int, list[Article]]], opts: BatchOptions, progress: Progress) -> None:
    """Keep at most two shards per worker in flight, so memory stays flat however large the input."""
    with ProcessPoolExecutor(
        opts.workers, initializer=_init_worker, initargs=(opts.config_path, opts.model_path)
    ) as pool:
        pending: set[Future[ShardResult]] = set()
        for index, chunk in todo:
            pending.add(pool.submit(process_shard, index, chunk, str(opts.out), opts.include_text))
            if len(pending) >= 2 * opts.workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    progress.update(future.result())
        for future in pending:
            progress.update(future.result())


def write_summary(out: Path) -> dict[str, Any]:
    """Merge the per-shard stats into summary.json and collect error verdicts into errors.jsonl."""
    totals: dict[str, Any] = {
        "articles": 0,
        "shards": 0,
        "seconds": 0.0,
        "status": Counter(),
        "decision": Counter(),
        "reasons": Counter(),
        "stage_ms": Counter(),
    }
    for path in sorted((out / "stats").glob("*.json")):
        stats = json.loads(path.read_text(encoding="utf-8"))
        totals["shards"] += 1
        totals["articles"] += stats["articles"]
        totals["seconds"] += stats["seconds"]
        for key in ("status", "decision", "reasons", "stage_ms"):
            totals[key].update(stats[key])
    summary = {k: dict(v) if isinstance(v, Counter) else v for k, v in totals.items()}
    summary["seconds"] = round(summary["seconds"], 3)
    _write_atomic(out / "summary.json", json.dumps(summary, indent=2, sort_keys=True))
    errors = [
        line
        for path in sorted((out / "verdicts").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if '"status": "error"' in line
    ]
    _write_atomic(out / "errors.jsonl", "".join(line + "\n" for line in errors))
    return summary


class Progress:
    """Articles, articles per second and shards, on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.perf_counter()
        self.articles = 0

    def update(self, result: ShardResult) -> None:
        self.articles += result.stats["articles"]
        if self.enabled:
            rate = self.articles / max(time.perf_counter() - self.started, 1e-9)
            print(f"\r{self.articles} articles  {rate:.0f}/s  (shard {result.index})", end="", file=sys.stderr)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr)
