"""Per-stage speed on generated 1,000-word plain-text articles (one core, one process).

Articles are assembled from our own corpus (corpus/articles) into scraped-page layouts: a
navigation block, a duplicated title, the body padded to 1,000 words, and a related list.
Reports articles per second for boilerplate stripping (text and HTML), sentence splitting,
promotional scoring (after sentence splitting; in batches, as the pipeline runs it, and one
article at a time), disclosure checking, and the model load time.

    python benchmarks/stage_speed.py [--articles 300]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


BODY_WORDS = 1000  # the issues' article size
SHORT_PARAGRAPH = 12  # words


def trimmed(body: list[str], excess: int) -> list[str]:
    """``body`` less its last ``excess`` words (fewer than the last paragraph has), so that it holds exactly
    BODY_WORDS: whole paragraphs overshoot by about 25 words. The cut paragraph ends with a full stop; a
    short remainder joins the paragraph above, so that no line too short to read as body is left."""
    if excess <= 0:
        return body
    *above, last = body
    kept = last.split()[:-excess]
    tail = " ".join(kept).rstrip(",;:") + "."
    if len(kept) >= SHORT_PARAGRAPH or not above:
        return [*above, tail]
    return [*above[:-1], f"{above[-1]} {tail}"]


def make_pages(n: int, seed: int = 0) -> list[str]:
    """Scraped-looking pages of 1,000 body words, built from our corpus articles."""
    records = [
        json.loads(line)
        for p in sorted((ROOT / "corpus" / "articles").glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    nav = ["Home", "News", "Health", "Science", "Wellness", "Subscribe", "Sign in", "Search"]
    pages = []
    for _ in range(n):
        first = rng.choice(records)
        body: list[str] = []
        words = 0
        paragraphs = iter([p for p in first["text"].split("\n\n") if p.strip()])
        # Paragraphs until the body reaches 1,000 words (the issues' article size): the first article's,
        # then long paragraphs of others. Whole long articles alone would overshoot (up to 1,283 words).
        while words < BODY_WORDS:
            paragraph = next(paragraphs, None)
            if paragraph is None:
                paragraphs = iter([p for p in rng.choice(records)["text"].split("\n\n") if len(p.split()) > 12])
                continue
            body.append(paragraph)
            words += len(paragraph.split())
        body = trimmed(body, words - BODY_WORDS)
        related = [rng.choice(records)["title"] for _ in range(8)]
        pages.append(
            "\n\n".join(
                [
                    *nav,
                    first["title"],
                    first["title"],
                    *body,
                    "Related articles",
                    *related,
                    "© 2025 Example Health. All rights reserved.",
                    "Privacy Policy",
                ]
            )
        )
    return pages


def rate(label: str, n: int, seconds: float) -> None:
    print(f"{label:38} {n / seconds:10.0f} articles/s   ({seconds * 1000 / n:.2f} ms each)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    from healthmod.boilerplate import strip
    from healthmod.config import load_config
    from healthmod.disclosures import check_disclosures
    from healthmod.document import Article
    from healthmod.nlp import get_nlp, parse
    from healthmod.pipeline import BATCH_SIZE
    from healthmod.promotional import PromotionalScorer
    from healthmod.promotional.vectors import WORDS_KEY

    config = load_config()
    pages = make_pages(args.articles)
    words = sum(len(p.split()) for p in pages) / len(pages)
    print(f"{len(pages)} pages, {words:.0f} words each on average")

    gc.freeze()  # as Pipeline does once loaded: the garbage collector leaves the loaded modules alone
    for page in pages[:20]:  # warm-up: patterns compiled on first use
        strip(Article(id="warm-up", raw=page), config.boilerplate)
    t0 = time.perf_counter()
    articles = []
    for i, page in enumerate(pages):
        article = Article(id=str(i), raw=page)
        strip(article, config.boilerplate)
        articles.append(article)
    rate("boilerplate (text mode)", len(pages), time.perf_counter() - t0)

    htmls = [
        "<html><body><nav><a>Home</a><a>News</a></nav><article>"
        + "".join(f"<p>{p}</p>" for p in a.text.split("\n\n"))
        + "</article><footer>© 2025</footer></body></html>"
        for a in articles[:100]
    ]
    t0 = time.perf_counter()
    for i, html in enumerate(htmls):
        strip(Article(id=str(i), raw=html, is_html=True), config.boilerplate)
    rate("boilerplate (HTML mode)", len(htmls), time.perf_counter() - t0)

    get_nlp()
    parse("Warm-up.")
    t0 = time.perf_counter()
    docs = [parse(a.text) for a in articles]
    rate("sentence splitting (spaCy)", len(pages), time.perf_counter() - t0)

    t0 = time.perf_counter()
    scorer = PromotionalScorer(config.promotional, None, config.limits.max_sentence_chars)
    print(f"{'model load':38} {time.perf_counter() - t0:10.2f} s")
    gc.freeze()
    pairs = list(zip(articles, docs, strict=True))
    t0 = time.perf_counter()
    for start in range(0, len(pairs), BATCH_SIZE):  # as Pipeline.run_many scores them
        scorer.score_many(pairs[start : start + BATCH_SIZE])
    rate(f"promotional scoring (batches of {BATCH_SIZE})", len(pages), time.perf_counter() - t0)
    for doc in docs:  # forget the token arrays the first pass read, so the second reads them too
        doc.user_data.pop(WORDS_KEY, None)
    t0 = time.perf_counter()
    for article, doc in pairs:
        scorer(article, doc)
    rate("promotional scoring (one at a time)", len(pages), time.perf_counter() - t0)

    t0 = time.perf_counter()
    for article, doc in zip(articles, docs, strict=True):
        check_disclosures(article, doc, config)
    rate("disclosure checking", len(pages), time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
