"""Instructions per article of the whole pipeline, counted by valgrind's callgrind: the steady measure of cost on a
host whose wall-clock speed swings by 10-50% from one minute to the next.

Runs the pipeline over --articles generated pages (stage_speed.make_pages: 1,000 body words, 1,125 in all)
under callgrind, and again over none (imports, model and spaCy loading, a warm-up of 20 pages), and prints the
difference per article. Compare two versions of the code by pointing PYTHONPATH at each one's src/ (a git
worktree, say):

    python benchmarks/instruction_count.py [--articles 60] [--stage pipeline|boilerplate]
    PYTHONPATH=/tmp/old/src python benchmarks/instruction_count.py --articles 60

``--stage boilerplate`` counts the text-mode boilerplate stage alone (the warm-up and the pages go through
``boilerplate.strip`` only). ``--stage disclosures`` counts the disclosure check alone: both runs strip, parse and
score the same pages, and only the first run checks their disclosures.

Needs valgrind; a run takes a few minutes (callgrind runs the program about 50x slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WARM_UP = 20


def run_pages(n: int, stage: str, articles: int) -> None:
    """The measured program: a pipeline (or the stage alone), a warm-up, then ``n`` pages (for the disclosure stage,
    the ``articles`` pages are made ready in any case, and ``n`` of them checked)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from healthmod.document import Article
    from healthmod.pipeline import Pipeline
    from stage_speed import make_pages

    pages = make_pages(n + WARM_UP)  # seeded: the first WARM_UP pages are the same whatever n is
    if stage == "boilerplate":
        from healthmod.boilerplate import strip
        from healthmod.config import load_config

        cfg = load_config().boilerplate
        for i, text in enumerate(pages):
            strip(Article(id=str(i), raw=text), cfg)
        return
    if stage == "disclosures":
        check_pages(make_pages(articles + WARM_UP), n)
        return
    pipeline = Pipeline()
    pipeline.run_many([Article(id=str(i), raw=text) for i, text in enumerate(pages[:WARM_UP])])
    pipeline.run_many([Article(id=str(i), raw=text) for i, text in enumerate(pages[WARM_UP:])])


def check_pages(pages: list[str], n: int) -> None:
    """Strip, parse and score every page, as the pipeline does; check the disclosures of the warm-up pages and of
    ``n`` more."""
    from healthmod.disclosures import check_disclosures
    from healthmod.document import Article
    from healthmod.pipeline import Pipeline

    pipeline = Pipeline()
    ready = []
    for i, text in enumerate(pages):
        article = Article(id=str(i), raw=text)
        doc = pipeline._prepare(article, 0)  # the stages before scoring, then spaCy (0: no time budget)
        pipeline.scorer(article, doc)
        ready.append((article, doc))
    for article, doc in ready[: WARM_UP + n]:
        check_disclosures(article, doc, pipeline.config)


def program(n: int, stage: str, articles: int) -> list[str]:
    """The command line of the measured program over ``n`` pages."""
    return [sys.executable, __file__, "--run", str(n), "--stage", stage, "--articles", str(articles)]


def instructions(n: int, out_dir: Path, stage: str, articles: int) -> int:
    """Instructions callgrind counts for the whole program over ``n`` pages."""
    out = out_dir / f"callgrind.{n}"
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *program(n, stage, articles)]
    # a fixed hash seed: string hashing otherwise moves the count by about 0.5% from run to run
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(encoding="utf-8"), re.M)
    if found is None:
        raise SystemExit(f"no instruction count in {out}")
    return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--stage", choices=["pipeline", "boilerplate", "disclosures"], default="pipeline")
    ap.add_argument("--run", type=int, help=argparse.SUPPRESS)  # the measured program itself
    args = ap.parse_args()
    if args.run is not None:
        run_pages(args.run, args.stage, args.articles)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed; skipping")
        return 0
    # One run outside callgrind first: it compiles the modules' bytecode caches, which a fresh checkout or an edited
    # module lacks, so that neither measured run pays for compiling (it moved a count by up to 10%).
    subprocess.run(program(0, args.stage, args.articles), check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        total = instructions(args.articles, Path(tmp), args.stage, args.articles)
        base = instructions(0, Path(tmp), args.stage, args.articles)
    print(
        f"{args.stage}: {(total - base) / args.articles / 1e6:.2f} M instructions per article ({args.articles} pages; "
        f"start-up and "
        f"warm-up {base / 1e6:.0f} M)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
