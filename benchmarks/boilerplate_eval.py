"""Score the boilerplate stripper on the ScrapingHub benchmark (181 real pages) in ../shared.

Text mode strips the full-page text renderings; HTML mode extracts from the raw pages. Both
are scored by the benchmark's own metric (``../shared/tools/eval_boilerplate.py``). Skips
cleanly when ../shared is absent.

    python benchmarks/boilerplate_eval.py [--mode text|html|both] [--html-favor precision|balanced|recall]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from healthmod.boilerplate import strip
from healthmod.config import load_config
from healthmod.document import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TOOL = SHARED / "tools" / "eval_boilerplate.py"


def run(mode: str, work: Path, html_favor: str | None) -> None:
    pages, preds = work / f"{mode}-in", work / f"{mode}-out"
    preds.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(TOOL), "export", "--mode", mode, "--out", str(pages)], check=True, capture_output=True
    )
    cfg = load_config().boilerplate
    if html_favor:
        cfg = dataclasses.replace(cfg, html_favor=html_favor)
    files = sorted(pages.iterdir())
    t0 = time.perf_counter()
    for f in files:
        article = Article(id=f.stem, raw=f.read_text(encoding="utf-8"), is_html=mode == "html")
        strip(article, cfg)
        (preds / f"{f.stem}.txt").write_text(article.text, encoding="utf-8")
    elapsed = time.perf_counter() - t0
    print(f"== {mode} mode: {len(files)} pages in {elapsed:.2f}s ({len(files) / elapsed:.0f} pages/s)")
    subprocess.run([sys.executable, str(TOOL), "score", str(preds)], check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["text", "html", "both"], default="both")
    ap.add_argument("--html-favor", choices=["precision", "balanced", "recall"], help="override config.yaml's lean")
    args = ap.parse_args()
    if not TOOL.exists():
        print(f"skipped: {TOOL} not found (the shared benchmark data is absent)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ["text", "html"] if args.mode == "both" else [args.mode]:
            run(mode, Path(tmp), args.html_favor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
