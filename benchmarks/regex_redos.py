"""Every regular expression of healthmod against adversarial inputs (catastrophic backtracking check).

Each pattern defined at module level in any module of the product is run (search and finditer) over inputs of
100,000 characters built to nearly match: long runs of one character, of words, of digits and
separators, of tags and markers. Prints the slowest pattern/input pairs and exits 1 if any run
exceeds the budget.

    python benchmarks/regex_redos.py [--budget 0.5] [--length 100000]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from typing import Any


def modules() -> list[str]:
    """Every module of the healthmod package, so a pattern added anywhere is checked."""
    import healthmod

    return [m.name for m in pkgutil.walk_packages(healthmod.__path__, "healthmod.")]


def _regexes(obj: object, path: str, depth: int = 0) -> dict[str, re.Pattern[Any]]:
    """Every compiled regular expression reachable from ``obj`` (lists, dicts, rule objects)."""
    if isinstance(obj, re.Pattern):
        return {path: obj}
    if depth > 3 or isinstance(obj, (str, bytes, int, float, type)) or (callable(obj) and not hasattr(obj, "__dict__")):
        return {}
    items: list[tuple[str, object]] = []
    if isinstance(obj, dict):
        items = [(f"{path}[{k}]", v) for k, v in obj.items()]
    elif isinstance(obj, (list, tuple)):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(obj)]
    elif getattr(type(obj), "__module__", "").startswith("healthmod"):
        items = [(f"{path}.{k}", v) for k, v in vars(obj).items()] if hasattr(obj, "__dict__") else []
    found: dict[str, re.Pattern[Any]] = {}
    for sub_path, value in items:
        found.update(_regexes(value, sub_path, depth + 1))
    return found


def patterns() -> dict[str, re.Pattern[Any]]:
    found: dict[str, re.Pattern[Any]] = {}
    for name in modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if not attr.startswith("__") and not isinstance(value, type(importlib)):
                found.update(_regexes(value, f"{name}.{attr}"))
    return found


def adversarial(n: int) -> dict[str, str]:
    return {
        "a*n": "a" * n,
        "space*n": " " * n,
        "digits": "1" * n,
        "digits+seps": "1 " * (n // 2),
        "words": "word " * (n // 5),
        "Capitalised": "By Ann " + "Lee " * (n // 4),
        "tags": "<a" * (n // 2),
        "open tag": "<div " + "x=1 " * (n // 4),
        "dots": "." * n,
        "date-ish": "Published 12 " * (n // 13),
        "url-ish": "http://" + "a." * (n // 2),
        "cue-ish": "completely " * (n // 11),
        "newlines": "a\n" * (n // 2),
        "mixed": ("Se" + "é" + "1-" + " ") * (n // 5),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--budget", type=float, default=0.5, help="seconds allowed per pattern and input")
    ap.add_argument("--length", type=int, default=100_000)
    args = ap.parse_args()
    results = []
    for pname, pattern in patterns().items():
        for iname, text in adversarial(args.length).items():
            start = time.perf_counter()
            subject = text.encode() if isinstance(pattern.pattern, bytes) else text
            pattern.search(subject)
            sum(1 for _ in pattern.finditer(subject))
            results.append((time.perf_counter() - start, pname, iname))
    results.sort(reverse=True)
    print(
        f"{len(results)} runs ({len({r[1] for r in results})} patterns x {len(adversarial(10))} inputs of "
        f"{args.length} characters); slowest:"
    )
    for seconds, pname, iname in results[:8]:
        print(f"  {seconds * 1000:8.1f} ms  {pname}  on {iname}")
    over = [r for r in results if r[0] > args.budget]
    print(f"over the {args.budget}s budget: {len(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
