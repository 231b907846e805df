"""Per-kind precision / recall / F1 of the disclosure checker on our labelled articles.

Runs the full pipeline (healthmod.pipeline.Pipeline) over corpus/articles/*.jsonl and compares, for
each of the nine kinds, what it found with the labels: "missing" (required and not present, the
figure that matters), and "required" and "present" on their own. The split is the fixed topic split
of corpus/splits.yaml. Rules are developed on train and dev; test is only reported, never tuned on.

    python benchmarks/disclosure_eval.py [--split dev test] [--errors] [--json] [--real] [--ids wire-]

--real also scores the 161 real news stories and press releases of ../shared/data/real-articles against our
labels of them (benchmarks/data/real_articles_disclosures.jsonl: ids and 0/1 values only, made blind to the
checker by the labelling guidelines), as two halves fixed in benchmarks/data/real_articles_split.json: real-dev,
whose errors may be read (--errors), and real-test, held out; and all 161 together. Skipped, with a message,
when ../shared is absent.

--ids wire- scores only the corpus articles whose id starts with the prefix: the `wire-*` items are news stories and
press releases written as a news-extraction tool gives them (corpus/README.md), the layout real news comes in.

--errors lists the articles each kind gets wrong ("missing" false positives and negatives), with the
trigger and evidence the checker found; use it on train, dev or real-dev only (never on test or real-test).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_REAL = ROOT.parent / "shared" / "data" / "real-articles"
REAL_LABELS = ROOT / "benchmarks" / "data" / "real_articles_disclosures.jsonl"
REAL_SPLIT = ROOT / "benchmarks" / "data" / "real_articles_split.json"
FIELDS = ("missing", "required", "present")


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float | int]:
    """Precision, recall and F1 of the positive class from (gold, predicted) pairs.

    With no gold and no predicted positives all three are 1.0 (nothing to find, nothing wrongly found).
    """
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn, "predicted": tp + fp}


def gold(record: dict[str, Any], kind: str) -> dict[str, bool]:
    label = record.get("disclosures", {}).get(kind, {})
    required, present = bool(label.get("required")), bool(label.get("present"))
    return {"required": required, "present": present, "missing": required and not present}


def predict(pipeline: Any, record: dict[str, Any]) -> dict[str, Any]:
    return pipeline.moderate(record["text"], id=record.get("id", "article"), is_html=False)


def evaluate(pipeline: Any, records: list[dict[str, Any]], kinds: tuple[str, ...]) -> tuple[dict, list]:
    """Scores per kind and field, and the per-article rows (for --errors)."""
    rows = []
    for record in records:
        verdict = predict(pipeline, record)
        found = verdict.get("disclosures") or {}
        for kind in kinds:
            d = found.get(kind) or {}
            required, present = bool(d.get("required")), bool(d.get("present"))
            pred = {"required": required, "present": present, "missing": required and not present}
            rows.append((record, kind, gold(record, kind), pred, d, verdict["status"]))
    scores = {
        kind: {f: prf([(g[f], p[f]) for _r, k, g, p, _d, _s in rows if k == kind]) for f in FIELDS} for kind in kinds
    }
    return scores, rows


def real_records() -> list[dict[str, Any]] | None:
    """The real articles with our labels, in the labels' order; None when ../shared is absent."""
    if not SHARED_REAL.is_dir():
        return None
    texts = {
        r["id"]: r
        for path in sorted(SHARED_REAL.glob("*.jsonl"))
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    labels = [json.loads(line) for line in REAL_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{**texts[label["id"]], "disclosures": label["disclosures"]} for label in labels]


def print_table(split: str, n: int, scores: dict[str, dict[str, dict]]) -> None:
    print(f"\n== {split}: {n} articles ==")
    head = f"{'kind':22}" + "".join(f" | {f + ' P/R/F1 (n)':>25}" for f in FIELDS)
    print(head)
    print("-" * len(head))
    for kind, by_field in scores.items():
        cells = "".join(
            f" | {s['precision']:.2f}/{s['recall']:.2f}/{s['f1']:.2f} ({s['support']:>3})" for s in by_field.values()
        )
        print(f"{kind:22}{cells}")
    for f in FIELDS:
        mean = sum(s[f]["f1"] for s in scores.values()) / len(scores)
        print(f"mean F1 of {f}: {mean:.3f}")


def print_errors(rows: list) -> None:
    for record, kind, g, p, d, status in rows:
        if g["missing"] == p["missing"] and g["required"] == p["required"] and g["present"] == p["present"]:
            continue
        flags = [f"{f}: gold {int(g[f])} pred {int(p[f])}" for f in FIELDS if g[f] != p[f]]
        print(f"\n[{kind}] {record.get('id')} ({record.get('genre')}, status {status}): " + "; ".join(flags))
        print(f"   trigger : {d.get('trigger')!r}")
        print(f"   evidence: {d.get('evidence')!r}")
        if record.get("note"):
            print(f"   note    : {record['note']}")


def main(argv: list[str] | None = None) -> int:
    from healthmod.document import DISCLOSURE_KINDS
    from healthmod.pipeline import Pipeline
    from healthmod.promotional.corpus import SPLITS, load_corpus

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", nargs="+", choices=SPLITS, default=["dev", "test"], help="splits to report")
    ap.add_argument("--kind", nargs="+", choices=DISCLOSURE_KINDS, default=list(DISCLOSURE_KINDS))
    ap.add_argument("--errors", action="store_true", help="list the articles each kind gets wrong")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object per split")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"), help="corpus folder (default: corpus/)")
    ap.add_argument("--real", action="store_true", help="also score the labelled real articles of ../shared")
    ap.add_argument("--ids", metavar="PREFIX", help="only the corpus articles whose id starts with PREFIX (e.g. wire-)")
    args = ap.parse_args(argv)

    corpus = load_corpus(args.corpus)
    pipeline = Pipeline()
    kinds = tuple(args.kind)
    prefix = args.ids or ""
    named = f" ({prefix}*)" if prefix else ""
    sets = {
        split + named: [r for r in corpus.split(corpus.articles, split) if r.get("id", "").startswith(prefix)]
        for split in args.split
    }
    if args.real:
        real = real_records()
        if real is None:
            print(f"skipping the real articles: {SHARED_REAL} is absent", file=sys.stderr)
        else:
            halves = json.loads(REAL_SPLIT.read_text(encoding="utf-8"))
            for half in ("dev", "test"):
                ids = set(halves[half])
                sets[f"real-{half}"] = [r for r in real if r["id"] in ids]
            sets["real (all)"] = real
    for split, records in sets.items():
        scores, rows = evaluate(pipeline, records, kinds)
        if args.json:
            print(json.dumps({"split": split, "articles": len(records), "scores": scores}))
        else:
            print_table(split, len(records), scores)
        if args.errors and not split.startswith(("test", "real-test", "real (all)")):  # held out: never read
            print_errors(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
