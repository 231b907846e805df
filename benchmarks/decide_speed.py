"""How much faster `healthmod decide` re-applies a policy than `healthmod batch` scores.

Builds a few hundred inputs from our own texts (the demo pages in examples/articles, as files,
and the corpus articles in corpus/articles, as JSONL records, each repeated with a numbered
paragraph so no two inputs are identical), runs `healthmod batch` on them with the default
(platform) profile, then `healthmod decide` on that output with the stricter publisher profile.
Both are timed end to end as the user runs them (separate processes, start-up included).

    python benchmarks/decide_speed.py [--articles 300] [--workers 1] [--profile publisher]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_inputs(target: Path, n: int) -> int:
    """Write about ``n`` inputs under ``target``: example files and a JSONL of corpus articles."""
    examples = sorted(p for p in (ROOT / "examples" / "articles").iterdir() if p.suffix in {".txt", ".md", ".html"})
    records = [
        json.loads(line)
        for p in sorted((ROOT / "corpus" / "articles").glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    files = target / "files"
    files.mkdir(parents=True)
    n_files = n // 3
    for k in range(n_files):
        path = examples[k % len(examples)]
        copy = files / f"{path.stem}-{k // len(examples):03d}{path.suffix}"
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = []
    for k in range(n - n_files):
        record, round_ = records[k % len(records)], k // len(records)
        note = f"\n\nThis is reprint {round_} of the article, kept here for the benchmark only."
        out.append({"id": f"corpus-{round_:03d}-{k % len(records):03d}", "text": record["text"] + note})
    (target / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    return n


def run(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "healthmod.cli", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"healthmod {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return seconds, proc.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=1, help="batch worker processes")
    parser.add_argument("--profile", default="publisher", help="profile decide re-applies")
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this directory")
    opts = parser.parse_args()
    work = opts.keep or Path(tempfile.mkdtemp(prefix="healthmod-decide-speed-"))
    try:
        inputs = work / "inputs"
        if inputs.exists():
            shutil.rmtree(inputs)
        for sub in ("batch", "decided"):
            if (work / sub).exists():
                shutil.rmtree(work / sub)
        n = make_inputs(inputs, opts.articles)
        batch_s, batch_out = run(
            ["batch", str(inputs / "files"), str(inputs / "records.jsonl"), "--out", str(work / "batch"),
             "--workers", str(opts.workers)]
        )  # fmt: skip
        decide_s, decide_out = run(
            ["decide", str(work / "batch"), "--out", str(work / "decided"), "--profile", opts.profile]
        )
        diff = json.loads((work / "decided" / "decide-diff.json").read_text(encoding="utf-8"))
        print(f"inputs:  {n} articles ({json.loads(batch_out)['status']})")
        print(f"batch:   {batch_s:8.2f} s  (platform profile, {opts.workers} worker(s), scoring)")
        print(f"decide:  {decide_s:8.2f} s  ({opts.profile} profile, no scoring)")
        print(f"ratio:   {batch_s / decide_s:8.1f}x faster")
        print(f"changed: {diff['changed']} of {diff['decided']} decisions; matrix {json.dumps(diff['matrix'])}")
        print(decide_out)
    finally:
        if opts.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
