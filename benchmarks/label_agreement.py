"""How far careful readers agree on the disclosure labels: the ceiling for the checker's per-kind F1.

Our test split (64 articles) was labelled by the writers of its items; two more readers per article labelled it
again from the text alone, blind to the checker, to each other and to the writers' labels
(benchmarks/data/agreement/test-reading-1.jsonl and -2). The 161 real articles of ../shared were labelled once
(benchmarks/data/real_articles_disclosures.jsonl) and read again by other readers (real-reading-2.jsonl). All
readers followed the labelling guidelines and the corpus's conventions (corpus/README.md).

For each kind, the F1 of "missing" (required and not present) between two label sets (F1 is symmetric: either
set may be taken as the gold one), pooled over all pairs of readings of the same article, Cohen's kappa beside it;
and the checker's F1 against each set on the same articles, and on the test split against the majority of the
three readings (the writer's and the two readers').

    python benchmarks/label_agreement.py [--json]

The real articles are skipped, with a message, when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from disclosure_eval import ROOT, evaluate, gold, prf, real_records  # beside this script, on sys.path when run

AGREEMENT = ROOT / "benchmarks" / "data" / "agreement"
Missing = dict[str, dict[str, bool]]  # article id -> kind -> missing


def read_labels(path: Path) -> Missing:
    """``missing`` per article and kind of a label file (one {"id", "disclosures"} object per line)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["id"]] = {
                kind: bool(d["required"]) and not bool(d["present"]) for kind, d in record["disclosures"].items()
            }
    return out


def written_missing(records: list[dict[str, Any]], kinds: tuple[str, ...]) -> Missing:
    """``missing`` per article and kind of the labels the records carry."""
    return {r["id"]: {kind: gold(r, kind)["missing"] for kind in kinds} for r in records}


def kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two binary readings; None when both readings are constant (chance agreement is 1)."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    share_a, share_b = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    chance = share_a * share_b + (1 - share_a) * (1 - share_b)
    return None if chance == 1 else (observed - chance) / (1 - chance)


def compare(first: list[Missing], second: list[Missing], ids: list[str], kinds: tuple[str, ...]) -> dict[str, dict]:
    """Per kind: F1 and kappa of "missing" pooled over every pairing of a set in ``first`` with one in ``second``."""
    scores = {}
    for kind in kinds:
        pairs = [(a[i][kind], b[i][kind]) for a in first for b in second for i in ids]
        scores[kind] = {"f1": prf(pairs)["f1"], "kappa": kappa(pairs), "positives": sum(a or b for a, b in pairs)}
    return scores


def checker_missing(records: list[dict[str, Any]], kinds: tuple[str, ...]) -> Missing:
    from healthmod.pipeline import Pipeline

    _scores, rows = evaluate(Pipeline(), records, kinds)
    out: Missing = {}
    for record, kind, _gold, predicted, _found, _status in rows:
        out.setdefault(record["id"], {})[kind] = predicted["missing"]
    return out


def table(title: str, columns: dict[str, dict[str, dict]], kinds: tuple[str, ...]) -> None:
    print(f"\n== {title} ==")
    print(f"{'kind':22}" + "".join(f" | {name:>26}" for name in columns))
    for kind in kinds:
        cells = []
        for scores in columns.values():
            k = scores[kind]["kappa"]
            cells.append(f"F1 {scores[kind]['f1']:.2f}, kappa {'-' if k is None else f'{k:.2f}':>5}")
        print(f"{kind:22}" + "".join(f" | {c:>26}" for c in cells))
    means = [sum(s[kind]["f1"] for kind in kinds) / len(kinds) for s in columns.values()]
    print(f"{'mean F1':22}" + "".join(f" | {m:>26.3f}" for m in means))


def main(argv: list[str] | None = None) -> int:
    from healthmod.document import DISCLOSURE_KINDS
    from healthmod.promotional.corpus import load_corpus

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = ap.parse_args(argv)
    kinds = tuple(DISCLOSURE_KINDS)
    results = {}

    corpus = load_corpus(ROOT / "corpus")
    test = corpus.split(corpus.articles, "test")
    ids = [r["id"] for r in test]
    writers = written_missing(test, kinds)
    readers = [read_labels(AGREEMENT / f"test-reading-{n}.jsonl") for n in (1, 2)]
    checker = checker_missing(test, kinds)
    majority = {i: {k: sum(s[i][k] for s in (writers, *readers)) >= 2 for k in kinds} for i in ids}
    results["test"] = {
        "writer ~ reader": compare([writers], readers, ids, kinds),
        "reader ~ reader": compare(readers[:1], readers[1:], ids, kinds),
        "checker ~ writer": compare([checker], [writers], ids, kinds),
        "checker ~ reader": compare([checker], readers, ids, kinds),
        "checker ~ majority of 3": compare([checker], [majority], ids, kinds),
    }

    real = real_records()
    if real is None:
        print("skipping the real articles: ../shared is absent", file=sys.stderr)
    else:
        ids = [r["id"] for r in real]
        first = written_missing(real, kinds)
        second = read_labels(AGREEMENT / "real-reading-2.jsonl")
        checker = checker_missing(real, kinds)
        results["real"] = {
            "reading 1 ~ reading 2": compare([first], [second], ids, kinds),
            "checker ~ reading 1": compare([checker], [first], ids, kinds),
            "checker ~ reading 2": compare([checker], [second], ids, kinds),
        }

    if args.json:
        print(json.dumps(results))
    else:
        for name, columns in results.items():
            table(f"{name}: F1 of 'missing' between two label sets", columns, kinds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
