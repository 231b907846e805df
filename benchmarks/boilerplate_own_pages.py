"""Score text-mode boilerplate stripping on our own labelled pages, with the benchmark's metric.

Our pages (``corpus/boilerplate/page-*.txt`` and ``tests/fixtures/boilerplate/*.txt``) label every line
(``L|text``: B body, T title, M meta, X boilerplate, _ blank); the gold text is the body and title
lines. They are the pages the text rules were developed on, so this is a development figure, not a
held-out one (the held-out figure is ``boilerplate_eval.py`` on the ScrapingHub pages). Needs the
benchmark's metric in ``../shared/tools/eval_boilerplate.py``; skips cleanly without it.

    python benchmarks/boilerplate_own_pages.py [--per-page]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from healthmod.boilerplate import strip
from healthmod.config import load_config
from healthmod.document import Article

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT.parent / "shared" / "tools" / "eval_boilerplate.py"
GROUPS = {
    "pages 001-060": lambda name: name.startswith("page-") and int(name[5:]) <= 60,
    "pages 061-074": lambda name: name.startswith("page-") and 61 <= int(name[5:]) <= 74,
    "pages 075-092": lambda name: name.startswith("page-") and 75 <= int(name[5:]) <= 92,
    "pages 093-112": lambda name: name.startswith("page-") and 93 <= int(name[5:]) <= 112,
    "fixtures": lambda name: not name.startswith("page-"),
}


def labelled_pages() -> list[Path]:
    return sorted((ROOT / "corpus" / "boilerplate").glob("page-*.txt")) + sorted(
        (ROOT / "tests" / "fixtures" / "boilerplate").glob("*.txt")
    )


def page_and_gold(path: Path) -> tuple[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line[2:] for line in lines), "\n".join(line[2:] for line in lines if line[:1] in "BT")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-page", action="store_true")
    args = ap.parse_args()
    if not TOOL.is_file():
        print(f"skipped: {TOOL} not found (the benchmark's metric lives in ../shared)")
        return 0
    spec = importlib.util.spec_from_file_location("eval_boilerplate", TOOL)
    metric = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(metric)  # type: ignore[union-attr]
    cfg = load_config().boilerplate
    counts = {}
    for path in labelled_pages():
        raw, gold = page_and_gold(path)
        article = Article(id=path.stem, raw=raw)
        strip(article, cfg)
        counts[path.stem] = metric.page_counts(gold, article.text)
    for label, names in [("all", list(counts))] + [(g, [n for n in counts if f(n)]) for g, f in GROUPS.items()]:
        if names:
            p, r, f1 = metric.prf([counts[n] for n in names])
            print(f"{label:15} {len(names):3d} pages   precision {p:.3f}   recall {r:.3f}   F1 {f1:.3f}")
    if args.per_page:
        for name, row in counts.items():
            p, r, f1 = metric.prf([row])
            print(f"  {name:26} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
