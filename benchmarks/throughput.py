"""End-to-end batch throughput and worker memory.

Generates a JSONL corpus of ~1,000-word plain-text articles (from our own corpus, in a scraped
layout; or from ../shared/data/real-articles when present and --real is given), runs
`healthmod batch` with 1 and with 2 workers, and reports articles per second, the speed-up, and
the peak resident memory of the worker processes (sampled from /proc while the run goes on).

    python benchmarks/throughput.py [--articles 600] [--workers 1 2] [--real]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stage_speed import make_pages

SHARED_REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-articles"


def real_pages(n: int) -> list[str]:
    texts = [json.loads(line)["text"] for p in sorted(SHARED_REAL.glob("*.jsonl")) for line in p.open()]
    return [texts[i % len(texts)] for i in range(n)]


def tree_rss_mb(pid: int) -> dict[int, float]:
    """Resident memory of ``pid`` and each descendant, in MB, from /proc."""
    out: dict[int, float] = {}
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        out[p] = rss / 1024
        stack += [int(c) for c in children]
    return out


def run(source: Path, workers: int, out: Path) -> tuple[float, float]:
    cmd = [
        sys.executable,
        "-m",
        "healthmod.cli",
        "batch",
        str(source),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--shard-size",
        "50",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak_worker = 0.0
    while proc.poll() is None:
        rss = tree_rss_mb(proc.pid)
        workers_rss = [v for k, v in rss.items() if k != proc.pid] or list(rss.values())
        peak_worker = max([peak_worker, *workers_rss])
        time.sleep(0.2)
    if proc.returncode:
        raise SystemExit(f"batch failed with exit code {proc.returncode}")
    return time.perf_counter() - start, peak_worker


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--real", action="store_true", help="use ../shared/data/real-articles when present")
    args = ap.parse_args()
    pages = real_pages(args.articles) if args.real and SHARED_REAL.is_dir() else make_pages(args.articles)
    words = sum(len(p.split()) for p in pages) / len(pages)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "input.jsonl"
        source.write_text("".join(json.dumps({"id": f"p{i}", "text": t}) + "\n" for i, t in enumerate(pages)))
        print(f"{len(pages)} articles, {words:.0f} words each on average")
        rates = {}
        for n in args.workers:
            seconds, peak = run(source, n, Path(tmp) / f"out-{n}")
            rates[n] = len(pages) / seconds
            print(
                f"workers={n}: {seconds:.1f} s, {rates[n]:.1f} articles/s end to end "
                f"({rates[n] / n:.1f} per worker), peak worker RSS {peak:.0f} MB"
            )
        if 1 in rates and 2 in rates:
            print(f"speed-up 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
