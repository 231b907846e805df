"""Repeated kill-and-resume trial: SIGKILL `healthmod batch` at random moments, resume, count
lost and duplicated verdicts (both must be 0).

    python benchmarks/kill_resume.py [--trials 20] [--articles 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def articles(n: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"a{i}",
            "text": f"Article {i}: regular walking helps most adults, and the benefits build up "
            f"over months, the researchers said. Order our miracle kit today and cure fatigue for good! {i}",
        }
        for i in range(n)
    ]


def ids(out: Path) -> list[str]:
    return [
        json.loads(line)["id"]
        for p in sorted((out / "verdicts").glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lost = duplicated = 0
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles(args.articles)))
        expected = {f"a{i}" for i in range(args.articles)}
        for trial in range(args.trials):
            out = Path(tmp) / f"out-{trial}"
            cmd = [
                sys.executable,
                "-m",
                "healthmod.cli",
                "batch",
                str(source),
                "--out",
                str(out),
                "--shard-size",
                "10",
                "--workers",
                str(rng.choice([1, 2])),
            ]
            delay = rng.uniform(2.0, 12.0)  # start-up takes a few seconds: kills land in all phases
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(delay)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            done_at_kill = len(list((out / "stats").glob("*.done"))) if out.exists() else 0
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            got = ids(out)
            trial_lost = len(expected - set(got))
            trial_dup = len(got) - len(set(got))
            lost += trial_lost
            duplicated += trial_dup
            print(
                f"trial {trial + 1:2}: killed after {delay:4.1f}s with {done_at_kill:2} shards done; "
                f"resumed: {len(set(got))} ids, lost {trial_lost}, duplicated {trial_dup}"
            )
    print(f"{args.trials} kill-and-resume trials: lost {lost}, duplicated {duplicated}")
    return 1 if lost or duplicated else 0


if __name__ == "__main__":
    sys.exit(main())
