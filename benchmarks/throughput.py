"""End-to-end batch throughput and worker memory.

Generates a JSONL corpus of ~1,000-word plain-text articles (from our own corpus, in a scraped
layout; or from ../shared/data/real-articles when present and --real is given), runs
`healthmod batch` with 1 and with 2 workers, and reports articles per second, the speed-up, and
the peak resident memory of the worker processes (sampled from /proc while the run goes on).

Real web text keeps bringing words never seen before (names, numbers, codes, typos), which is what
makes an NLP process's memory grow; so each generated article gets --novel-words made-up words.
Several --articles sizes show whether memory stays flat as the input grows. The start-up of a run
(imports, loading the model and spaCy, starting workers: a one-article run of the same command) is
reported too, with the rate after it: what a long run over millions of articles sees.

    python benchmarks/throughput.py [--articles 600] [--workers 1 2] [--novel-words 20] [--real]
    python benchmarks/throughput.py --articles 10000 100000 --workers 2     # memory flatness
    python benchmarks/throughput.py --articles 10000 --repeat 3             # median of 3 runs in turns
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
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


def with_novel_words(page: str, count: int, rng: random.Random) -> str:
    words = page.split(" ")
    for _ in range(count):
        i = rng.randrange(len(words))
        words[i] += "".join(rng.choice(string.ascii_lowercase) for _ in range(6))
    return " ".join(words)


def write_input(path: Path, n: int, real: bool, novel: int) -> float:
    """Write ``n`` articles to ``path`` (cycling through a pool of pages); return mean words per article."""
    pool = real_pages(min(n, 2000)) if real and SHARED_REAL.is_dir() else make_pages(min(n, 2000))
    rng = random.Random(0)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = with_novel_words(pool[i % len(pool)], novel, rng) if novel else pool[i % len(pool)]
            out.write(json.dumps({"id": f"p{i}", "text": text}) + "\n")
    return sum(len(p.split()) for p in pool) / len(pool)


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


def start_up_seconds(source: Path, workers: int, out: Path) -> float:
    """Wall time of the same command over the input's first article: imports, model and spaCy
    loading, worker start, output set-up. A long run pays it once; the rest is per article."""
    first = out.with_suffix(".jsonl")
    with source.open(encoding="utf-8") as lines:
        first.write_text(next(lines), encoding="utf-8")
    return run(first, workers, out)[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[600])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--novel-words", type=int, default=20, help="made-up words added to each article")
    ap.add_argument("--real", action="store_true", help="use ../shared/data/real-articles when present")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs of each worker count, in turns (the host's speed swings)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n_articles in args.articles:
            source = Path(tmp) / "input.jsonl"
            words = write_input(source, n_articles, args.real, args.novel_words)
            print(f"{n_articles} articles, {words:.0f} words each on average, {args.novel_words} novel words each")
            rates: dict[int, list[float]] = {n: [] for n in args.workers}
            for turn in range(args.repeat):
                for n in args.workers:
                    out = Path(tmp) / f"{n_articles}-{n}-{turn}"
                    startup = start_up_seconds(source, n, out.with_name(f"start-{out.name}"))
                    seconds, peak = run(source, n, out)
                    rate = n_articles / seconds
                    steady = f"{n_articles / (seconds - startup):.1f}" if seconds > startup else "n/a"
                    rates[n].append(rate)
                    print(
                        f"  workers={n}: {seconds:.1f} s, {rate:.1f} articles/s end to end "
                        f"({rate / n:.1f} per worker), peak worker RSS {peak:.0f} MB; "
                        f"start-up {startup:.1f} s, {steady} articles/s after it",
                        flush=True,
                    )
            if args.repeat > 1:
                for n, found in rates.items():
                    print(
                        f"  workers={n}, {args.repeat} runs: median {statistics.median(found):.1f} articles/s "
                        f"({min(found):.1f}-{max(found):.1f}), {statistics.median(found) / n:.1f} per worker"
                    )
            if 1 in rates and 2 in rates:
                one, two = statistics.median(rates[1]), statistics.median(rates[2])
                print(f"  speed-up 1 -> 2 workers: {two / one:.2f}x end to end (medians)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
