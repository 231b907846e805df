"""Corpus statistics and the near-duplicate check reported in corpus/README.md.

Counts sentences and articles by split, label, genre and topic, and finds near-duplicate pairs:
two items whose word-trigram sets overlap with a Jaccard similarity of at least --threshold.

    python benchmarks/corpus_report.py [--corpus corpus] [--threshold 0.6]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from healthmod.promotional.corpus import load_corpus


def near_duplicates(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) of texts whose word-trigram sets are at least ``threshold`` alike."""
    if len(texts) < 2:
        return []
    vec = CountVectorizer(ngram_range=(3, 3), binary=True, token_pattern=r"(?u)\b\w+\b")
    x = vec.fit_transform([re.sub(r"\s+", " ", t.lower()) for t in texts]).astype(np.float32)
    sizes = np.asarray(x.sum(axis=1)).ravel()
    inter = sparse.triu(x @ x.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    jaccard = inter.data / np.maximum(union, 1)
    keep = jaccard >= threshold
    return sorted(
        zip(inter.row[keep].tolist(), inter.col[keep].tolist(), jaccard[keep].tolist(), strict=True),
        key=lambda t: -t[2],
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--threshold", type=float, default=0.6)
    args = ap.parse_args()
    c = load_corpus(args.corpus)
    print(
        f"sentences: {len(c.sentences)}  articles: {len(c.articles)}  topics: "
        f"{len({r['topic'] for r in c.sentences + c.articles})}"
    )
    for split in ("train", "dev", "test"):
        s, a = c.split(c.sentences, split), c.split(c.articles, split)
        print(
            f"  {split:5}: {len(s)} sentences ({sum(r['label'] for r in s)} promotional), "
            f"{len(a)} articles ({sum(r['promotional'] for r in a)} promotional)"
        )
    print(
        "sentence labels:",
        dict(Counter(r["label"] for r in c.sentences)),
        " hard negatives:",
        sum(bool(r.get("hard_negative")) for r in c.sentences),
    )
    print("sentence categories:", dict(Counter(cat for r in c.sentences for cat in r.get("categories", []))))
    print("sentence genres:", dict(Counter(r.get("genre") for r in c.sentences)))
    print("article genres:", dict(Counter(r.get("genre") for r in c.articles)))
    print("article promo_strength:", dict(sorted(Counter(r["promo_strength"] for r in c.articles).items())))
    words = [len(r["text"].split()) for r in c.articles]
    print(f"article length: median {int(np.median(words))} words, range {min(words)}-{max(words)}")
    for name, records in (("sentences", c.sentences), ("articles", c.articles)):
        pairs = near_duplicates([r["text"] for r in records], args.threshold)
        print(f"near-duplicate {name} (trigram Jaccard >= {args.threshold}): {len(pairs)}")
        for i, j, score in pairs[:10]:
            print(f"   {score:.2f}  {records[i]['text'][:60]!r}  ~  {records[j]['text'][:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
