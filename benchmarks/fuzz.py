"""Mutation fuzzing of the whole pipeline for a set time.

Seeds are our demo articles and test fixtures; each execution mutates one (byte flips, spliced
markers and tags, control characters, truncation, repetition, mixed encodings), decodes it as the
readers do and moderates it. A crash is an exception escaping Pipeline.run or a verdict that fails
the schema; crashing inputs are saved under benchmarks/_work/crashes/ to become regression tests.

    python benchmarks/fuzz.py [--seconds 60] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

from healthmod.ingest import DecodeError, article_from_text, decode
from healthmod.pipeline import Pipeline
from healthmod.verdict import validate

ROOT = Path(__file__).resolve().parents[1]
SPLICES = [
    b"<br />",
    b"<div>",
    b"</p>",
    b"<script>",
    b"<!--",
    b"END\n",
    b"\nRecommend\n",
    b"<<: ",
    b"\x00",
    b"\xff\xfe",
    b"\xe2\x80\x99",
    b"\xc3",
    b"\n\n",
    b"[1]",
    b"Disclaimer:",
    b"&nbsp;",
    b"\r",
    b"\x1b[31m",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(6)
        pos = rng.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(pos, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[pos:pos] = rng.choice(SPLICES)
        elif op == 2:
            del out[pos:]
        elif op == 3 and out:
            start = rng.randrange(len(out))
            out[pos:pos] = out[start : start + rng.randint(1, 2000)] * rng.randint(1, 50)
        elif op == 4:
            out[pos:pos] = bytes(rng.randrange(32) for _ in range(rng.randint(1, 20)))
        else:
            out[pos:pos] = "ü é 中文 العربية".encode(rng.choice(["utf-8", "utf-16-le", "latin-1"]), errors="ignore")
    return bytes(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    seeds = [p.read_bytes() for p in sorted((ROOT / "examples" / "articles").iterdir())]
    seeds += [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures").glob("*.txt"))]
    pipeline = Pipeline()
    rng = random.Random(args.seed)
    crashes_dir = ROOT / "benchmarks" / "_work" / "crashes"
    executions = crashes = decode_refusals = 0
    statuses: dict[str, int] = {}
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        data = mutate(rng.choice(seeds), rng)
        executions += 1
        try:
            text = decode(data)
        except DecodeError:
            decode_refusals += 1
            continue
        try:
            verdict = pipeline.run(article_from_text(text, f"fuzz-{executions}"))
            validate(verdict)
            statuses[verdict["status"]] = statuses.get(verdict["status"], 0) + 1
        except Exception:
            crashes += 1
            crashes_dir.mkdir(parents=True, exist_ok=True)
            (crashes_dir / f"crash-{executions}.bin").write_bytes(data)
            traceback.print_exc(limit=3)
    print(
        f"executions: {executions} in {args.seconds:.0f}s ({executions / args.seconds:.1f}/s); crashes: {crashes}; "
        f"refused by the decoder as binary: {decode_refusals}; verdicts by status: {statuses}"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
