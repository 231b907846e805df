"""How well this machine runs two healthmod processes at once: the ceiling for a 2-worker batch.

Runs the same in-process moderation loop (generated 1,000-word pages, Pipeline.run on each, no
batch machinery, no input reading or output writing) in one process, then in N independent
processes started together, and reports the speed of each. If two independent processes each run
slower than one alone (shared caches, memory bandwidth, a virtual machine's scheduling), no batch
runner can scale better than that ratio: compare it with the speed-up from
`benchmarks/throughput.py`.

    python benchmarks/core_scaling.py [--articles 400] [--processes 2]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time

from stage_speed import make_pages


def moderate_all(pages: list[str], ready: mp.Barrier | None = None) -> float:
    """Articles per second of one process moderating ``pages`` (after its pipeline is warm)."""
    from healthmod.document import Article
    from healthmod.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.run(Article(id="warm-up", raw=pages[0]))
    if ready is not None:
        ready.wait()
    start = time.perf_counter()
    for i, page in enumerate(pages):
        pipeline.run(Article(id=str(i), raw=page))
    return len(pages) / (time.perf_counter() - start)


def _worker(pages: list[str], ready: mp.Barrier, results: mp.Queue) -> None:
    results.put(moderate_all(pages, ready))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=400, help="articles per process")
    ap.add_argument("--processes", type=int, default=2)
    args = ap.parse_args()
    pages = make_pages(args.articles)
    ctx = mp.get_context("spawn")  # each process loads its own pipeline, as batch workers do

    alone = _run(ctx, pages, 1)[0]
    print(f"1 process:  {alone:6.1f} articles/s")
    together = _run(ctx, pages, args.processes)
    total = sum(together)
    each = ", ".join(f"{r:.1f}" for r in together)
    print(f"{args.processes} processes: {total:6.1f} articles/s in all ({each} each)")
    print(f"scaling 1 -> {args.processes} independent processes: {total / alone:.2f}x")
    return 0


def _run(ctx: mp.context.BaseContext, pages: list[str], n: int) -> list[float]:
    ready, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(pages, ready, results)) for _ in range(n)]
    for p in procs:
        p.start()
    rates = [results.get() for _ in procs]
    for p in procs:
        p.join()
    return rates


if __name__ == "__main__":
    sys.exit(main())
