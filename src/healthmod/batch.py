"""The batch runner: readers -> shards -> worker pipelines -> one verdict file per shard.

Articles are read in a stable order and cut into shards of ``shard_size``. Each shard is
moderated by one worker (one Pipeline, so one model, per worker process) and written to
``verdicts/shard-NNNNN.jsonl`` through a temporary file and an atomic rename; its stats go to
``stats/shard-NNNNN.json`` and a ``.done`` marker is written last. A rerun skips shards whose
marker exists, so a run killed at any moment resumes with every article exactly once.
``summary.json`` and ``errors.jsonl`` are rebuilt from the shard files at the end.

Engines: ``local`` (a process pool on this machine) and ``dask`` (the same shard task on a
Dask cluster; the output directory must be reachable from every worker, e.g. a shared disk).
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config, to_mapping
from .document import Article
from .ingest import count_articles, fingerprint, read_inputs
from .jsonlines import json_lines
from .jsonlines import write_atomic as _write_atomic
from .pipeline import Pipeline

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


class BatchError(RuntimeError):
    """A batch that cannot start or go on (mixed outputs, unwritable directory, too many errors)."""


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class BatchOptions:
    out: Path
    config: Config | None = None  # resolved (file and profile merged); None: the shipped defaults
    model_path: str | None = None
    workers: int = field(default_factory=available_cores)
    shard_size: int = 500
    include_text: bool = False
    force: bool = False
    glob: str | None = None
    progress: bool = False
    max_errors: int | None = None
    engine: str = "local"
    scheduler: str | None = None


@dataclass
class ShardResult:
    index: int
    stats: dict[str, Any] = field(default_factory=dict)


# -- worker side ----------------------------------------------------------------------------------
_pipelines: dict[tuple[str | None, str | None], Pipeline] = {}


def _pipeline_for(config: Config | None, model_path: str | None) -> Pipeline:
    """This process's Pipeline for these settings, built on first use (one model per worker)."""
    key = (config.sha256() if config else None, model_path)
    if key not in _pipelines:
        _pipelines[key] = Pipeline(config, model_path)
    return _pipelines[key]


def _worker_start(driver: int, lock: int) -> None:
    """Set up a worker forked from the driver ``driver``: let go of its copy of the run's lock (file
    descriptor ``lock``), leave Ctrl-C to the driver, and on Linux die with the driver. A worker left behind
    by a driver killed on its own would otherwise wait forever and hold the lock, refusing every resume."""
    with suppress(OSError):
        os.close(lock)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle: it lets the pool finish
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != driver:  # the driver died before the line above took effect
        os._exit(1)


def _shard_name(index: int) -> str:
    return f"shard-{index:05d}"


def process_shard(
    index: int, articles: list[Article], out: str, include_text: bool, settings: tuple[Config | None, str | None]
) -> ShardResult:
    """Moderate one shard and write its verdicts, stats and completion marker."""
    pipeline = _pipeline_for(*settings)
    root = Path(out)
    started = time.perf_counter()
    verdicts = pipeline.run_many(articles, include_text)
    stats = shard_stats(verdicts, time.perf_counter() - started)
    _write_atomic(root / "verdicts" / f"{_shard_name(index)}.jsonl", json_lines(verdicts))
    _write_atomic(root / "stats" / f"{_shard_name(index)}.json", json.dumps(stats))
    _write_atomic(root / "stats" / f"{_shard_name(index)}.done", "")
    return ShardResult(index, stats)


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
    """What must not change between a run and its resumption: otherwise outputs would mix, or a shard
    counted as done would hold other articles than the same shard of the input now."""
    return {
        "healthmod_version": __version__,
        "config_sha256": pipeline.config.sha256(),
        "model_sha256": pipeline.scorer.sha256,
        "inputs": [i if i == "-" else str(Path(i).resolve()) for i in inputs],
        "inputs_fingerprint": fingerprint(inputs, opts.glob),
        "shard_size": opts.shard_size,
        "glob": opts.glob,
        "include_text": opts.include_text,
    }


# How a refusal names what differs from the run already in the output directory.
IDENTITY_WORDS = {
    "healthmod_version": "healthmod version",
    "config_sha256": "config",
    "model_sha256": "model",
    "inputs": "list of inputs",
    "inputs_fingerprint": "input content (files added, removed or changed since; standard input is never the same)",
    "shard_size": "shard size",
    "glob": "--glob",
    "include_text": "--include-text",
}


def _identity_changes(opts: BatchOptions, identity: dict[str, Any]) -> list[str]:
    """What differs between ``identity`` and the run already in ``opts.out`` (nothing when there is none)."""
    run_file = opts.out / "run.json"
    if not run_file.exists():
        return []
    previous = json.loads(run_file.read_text(encoding="utf-8"))
    return [IDENTITY_WORDS.get(k, k) for k, v in identity.items() if previous.get(k) != v]


def _refusal(opts: BatchOptions, changed: list[str]) -> str:
    return (
        f"{opts.out} holds a run with a different {'; '.join(changed)}. Use another --out, or --force to discard "
        "it and start again"
    )


def prepare_output(opts: BatchOptions, pipeline: Pipeline, inputs: list[str]) -> None:
    """Create the output layout; refuse to mix outputs of a different config, model or input."""
    try:
        for sub in ("verdicts", "stats"):
            (opts.out / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create output directory {opts.out}: {exc.strerror}") from exc
    identity = _run_identity(opts, pipeline, inputs)
    run_file = opts.out / "run.json"
    changed = _identity_changes(opts, identity)
    if changed and not opts.force:
        raise BatchError(_refusal(opts, changed))
    if changed:
        for path in [*opts.out.glob("verdicts/*"), *opts.out.glob("stats/*")]:
            path.unlink()
    run = {**identity, "model_path": str(pipeline.scorer.path), "config": to_mapping(pipeline.config)}
    try:
        _write_atomic(run_file, json.dumps(run, indent=2))
    except OSError as exc:
        raise BatchError(f"cannot write to output directory {opts.out}: {exc.strerror}") from exc


def done_shards(out: Path) -> set[str]:
    return {p.stem for p in (out / "stats").glob("*.done")}


def plan(inputs: list[str], opts: BatchOptions) -> dict[str, Any]:
    """What a run would do: articles, shards done and left, config and model (for --dry-run)."""
    pipeline = _pipeline_for(opts.config, opts.model_path)
    total = count_articles(inputs, opts.glob)
    n_shards = -(-total // opts.shard_size)
    done = done_shards(opts.out) if (opts.out / "stats").is_dir() else set()
    changed = _identity_changes(opts, _run_identity(opts, pipeline, inputs))
    if changed and opts.force:
        done = set()  # --force discards them
    finished = sum(_shard_name(i) in done for i in range(n_shards))
    return {
        "refused": _refusal(opts, changed) if changed and not opts.force else None,
        "articles": total,
        "shards": n_shards,
        "shards_done": finished,
        "shards_left": n_shards - finished,
        "shard_size": opts.shard_size,
        "workers": opts.workers,
        "engine": opts.engine,
        "out": str(opts.out),
        "config_sha256": pipeline.config.sha256(),
        "model": str(pipeline.scorer.path),
        "model_sha256": pipeline.scorer.sha256,
    }


@contextmanager
def exclusive(out: Path) -> Iterator[int]:
    """Hold DIR/.lock for the whole run: a second run on the same directory is refused, not mixed in."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = (out / ".lock").open("w")
    except OSError as exc:
        raise BatchError(f"cannot create output directory {out}: {exc.strerror}") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BatchError(f"another healthmod batch is already writing to {out}; wait for it to finish") from exc
        yield handle.fileno()


def run_batch(inputs: list[str], opts: BatchOptions) -> dict[str, Any]:
    """Moderate every article of ``inputs`` into ``opts.out``; return the summary."""
    with exclusive(opts.out) as lock:
        return _run_locked(inputs, opts, lock)


def _run_locked(inputs: list[str], opts: BatchOptions, lock: int) -> dict[str, Any]:
    settings = (opts.config, opts.model_path)
    pipeline = _pipeline_for(*settings)
    prepare_output(opts, pipeline, inputs)
    # A summary from an earlier run would outlive a kill of this one: gone until this run sums up (report and
    # decide read a missing summary as a batch that has not finished).
    (opts.out / "summary.json").unlink(missing_ok=True)
    done = done_shards(opts.out)
    todo = (
        (i, chunk) for i, chunk in shards(read_inputs(inputs, opts.glob), opts.shard_size) if _shard_name(i) not in done
    )
    total = count_articles(inputs, opts.glob) if opts.progress and sys.stderr.isatty() else None
    progress = Progress(enabled=opts.progress, total=total, already=len(done) * opts.shard_size)
    guard = ErrorGuard(opts.max_errors)
    tracker = _Tracker(progress, guard)
    try:
        if opts.engine == "dask":
            _run_dask(todo, opts, settings, tracker)
        elif opts.workers <= 1:
            for index, chunk in todo:
                tracker(process_shard(index, chunk, str(opts.out), opts.include_text, settings))
        else:
            _run_pool(todo, opts, settings, tracker, lock)
    except BrokenProcessPool as exc:
        raise BatchError(
            "a worker process died (killed by the operating system, or out of memory); finished shards are kept: "
            "rerun the command to resume"
        ) from exc
    except OSError as exc:
        raise BatchError(f"writing to {opts.out} failed: {exc.strerror or exc}; rerun the command to resume") from exc
    except BatchError:  # stopped by --max-errors: what finished is summed up, its errors listed
        write_summary(opts.out, stopped="the batch was stopped by --max-errors before the end of its input")
        raise
    finally:
        progress.close()
    return write_summary(opts.out)


@dataclass
class ErrorGuard:
    """Stops a run that is clearly broken: more than ``limit`` error verdicts."""

    limit: int | None
    errors: int = 0

    def add(self, result: ShardResult) -> None:
        self.errors += result.stats["status"].get("error", 0)
        if self.limit is not None and self.errors > self.limit:
            raise BatchError(
                f"stopped: {self.errors} articles failed, over --max-errors {self.limit} "
                "(see errors.jsonl; rerun as it is to go on, or with --force once the input is fixed)"
            )


@dataclass
class _Tracker:
    progress: Progress
    guard: ErrorGuard

    def __call__(self, result: ShardResult) -> None:
        self.progress.update(result)
        self.guard.add(result)


def _bounded(
    todo: Iterator[tuple[int, list[Article]]],
    submit: Callable[[int, list[Article]], Any],
    collect: Callable[[set[Any]], tuple[set[Any], set[Any]]],
    limit: int,
    tracker: _Tracker,
) -> None:
    """Keep at most ``limit`` shards in flight, so memory stays flat however large the input."""
    pending: set[Any] = set()
    for index, chunk in todo:
        pending.add(submit(index, chunk))
        while len(pending) >= limit:
            finished, pending = collect(pending)
            for future in finished:
                tracker(future.result())
    while pending:
        finished, pending = collect(pending)
        for future in finished:
            tracker(future.result())


def _run_pool(
    todo: Iterator[tuple[int, list[Article]]],
    opts: BatchOptions,
    settings: tuple[Config | None, str | None],
    tracker: _Tracker,
    lock: int,
) -> None:
    with ProcessPoolExecutor(opts.workers, initializer=_worker_start, initargs=(os.getpid(), lock)) as pool:

        def submit(index: int, chunk: list[Article]) -> Future[ShardResult]:
            return pool.submit(process_shard, index, chunk, str(opts.out), opts.include_text, settings)

        def collect(pending: set[Any]) -> tuple[set[Any], set[Any]]:
            done, rest = wait(pending, return_when=FIRST_COMPLETED)
            return set(done), set(rest)

        _bounded(todo, submit, collect, 2 * opts.workers, tracker)


def _run_dask(
    todo: Iterator[tuple[int, list[Article]]],
    opts: BatchOptions,
    settings: tuple[Config | None, str | None],
    tracker: _Tracker,
) -> None:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import wait as dask_wait
    except ImportError as exc:
        raise BatchError("the dask engine needs the optional extra: pip install 'healthmod[dask]'") from exc
    cluster = None if opts.scheduler else LocalCluster(n_workers=opts.workers, threads_per_worker=1, processes=True)
    with Client(opts.scheduler or cluster) as client:
        workers = max(len(client.scheduler_info()["workers"]), 1)

        def submit(index: int, chunk: list[Article]) -> Any:
            return client.submit(
                process_shard,
                index,
                chunk,
                str(opts.out),
                opts.include_text,
                settings,
                pure=False,
                key=f"shard-{index}",
            )

        def collect(pending: set[Any]) -> tuple[set[Any], set[Any]]:
            done = dask_wait(list(pending), return_when="FIRST_COMPLETED").done
            return set(done), pending - set(done)

        _bounded(todo, submit, collect, 2 * workers, tracker)
    if cluster is not None:
        cluster.close()


def write_summary(out: Path, stopped: str | None = None) -> dict[str, Any]:
    """Merge the per-shard stats into summary.json and collect error verdicts into errors.jsonl.

    stopped: why the run ended before the end of its input, if it did (``"complete": false`` in the summary).
    """
    totals: dict[str, Any] = {"articles": 0, "shards": 0, "seconds": 0.0}
    counters: dict[str, Counter[str]] = {k: Counter() for k in ("status", "decision", "reasons", "stage_ms")}
    with_errors = []  # only these shards' verdicts are read again: a run's end should not parse them all
    for path in sorted((out / "stats").glob("*.json")):
        stats = json.loads(path.read_text(encoding="utf-8"))
        if stats["status"].get("error"):
            with_errors.append(out / "verdicts" / f"{path.stem}.jsonl")
        totals["shards"] += 1
        totals["articles"] += stats["articles"]
        totals["seconds"] += stats["seconds"]
        for key, counter in counters.items():
            counter.update(stats[key])
    summary = {
        **totals,
        **{k: dict(v) for k, v in counters.items()},
        "seconds": round(totals["seconds"], 3),
        "complete": stopped is None,
        **({"stopped": stopped} if stopped else {}),
    }
    _write_atomic(out / "summary.json", json.dumps(summary, indent=2, sort_keys=True))
    errors = [
        line
        for path in with_errors
        for line in path.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["status"] == "error"
    ]
    _write_atomic(out / "errors.jsonl", "".join(line + "\n" for line in errors))
    return summary


class Progress:
    """Articles, articles per second and ETA on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool, total: int | None = None, already: int = 0):
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self.started = time.perf_counter()
        self.articles = 0
        self.already = already

    def update(self, result: ShardResult) -> None:
        self.articles += result.stats["articles"]
        if not self.enabled:
            return
        rate = self.articles / max(time.perf_counter() - self.started, 1e-9)
        line = f"\r{self.already + self.articles} articles  {rate:.0f}/s"
        if self.total:
            left = max(self.total - self.already - self.articles, 0)
            line += f"  {100 * (self.total - left) / self.total:.0f}%  ETA {left / max(rate, 1e-9):.0f}s"
        print(line, end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr)
