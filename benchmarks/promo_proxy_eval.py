"""ROC-AUC of the shipped (or given) promotional model on the real labelled proxy sets in ../shared.

The proxies each cover part of "promotional" (clickbait headlines, loaded Wikipedia wording,
direct causal claims in abstracts); the model is never trained on them. Skips cleanly when
../shared is absent.

    python benchmarks/promo_proxy_eval.py [--model models/promo.skops]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from healthmod.promotional.evaluate import evaluate_file

PROXIES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "promo-dev"
SETS = ["headlines-clickbait.jsonl", "wiki-npov.jsonl", "claim-strength-abstracts.jsonl"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model file (.skops); default: the shipped model")
    args = ap.parse_args()
    if not PROXIES.is_dir():
        print(f"skipped: {PROXIES} not found (the shared proxy sets are absent)")
        return 0
    for name in SETS:
        result = evaluate_file(PROXIES / name, "sentence", args.model)
        print(
            json.dumps(
                {
                    "set": name,
                    "n": result["n"],
                    "roc_auc": result["roc_auc"],
                    "pr_auc": result["pr_auc"],
                    "f1_at_model_threshold": result["f1"],
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
