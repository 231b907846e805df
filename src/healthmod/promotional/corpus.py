"""The labelled corpus: reading, validating and splitting it by topic.

Layout (see corpus/README.md)::

    corpus/splits.yaml          topic -> train | dev | test
    corpus/sentences/*.jsonl    {"text", "label", "categories", "topic", "genre", "hard_negative"}
    corpus/articles/*.jsonl     {"id", "title", "text", "promo_strength", "promotional",
                                 "promo_sentences", "disclosures", "topic", "genre", "note"}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..document import DISCLOSURE_KINDS, PROMO_CATEGORIES
from ..jsonlines import read_objects

SPLITS = ("train", "dev", "test")


class CorpusError(ValueError):
    """A corpus file that does not follow the documented format; the message names file and line."""


@dataclass
class Corpus:
    root: Path
    sentences: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    split_of_topic: dict[str, str]

    def split(self, records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
        return [r for r in records if self.split_of_topic.get(r.get("topic", ""), "train") == name]

    def sha256(self) -> str:
        """Hash of every corpus file, in a fixed order: what a trained model was made from."""
        digest = hashlib.sha256()
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and path.suffix in {".jsonl", ".yaml"}:
                digest.update(path.relative_to(self.root).as_posix().encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()


def _check_sentence(r: dict[str, Any], where: str) -> None:
    if not isinstance(r.get("text"), str) or r.get("label") not in (0, 1):
        raise CorpusError(f"{where}: a sentence needs a string 'text' and a 'label' of 0 or 1")
    bad = set(r.get("categories", [])) - set(PROMO_CATEGORIES)
    if bad:
        raise CorpusError(f"{where}: unknown categories {sorted(bad)}")


def _check_article(r: dict[str, Any], where: str) -> None:
    if not isinstance(r.get("text"), str) or r.get("promo_strength") not in (0, 1, 2, 3):
        raise CorpusError(f"{where}: an article needs a string 'text' and 'promo_strength' 0-3")
    for s in r.get("promo_sentences", []):
        if s.get("text", "") not in r["text"]:
            raise CorpusError(f"{where}: promo sentence is not verbatim in the text: {s.get('text', '')[:60]!r}")
    for kind in r.get("disclosures", {}):
        if kind not in DISCLOSURE_KINDS:
            raise CorpusError(f"{where}: unknown disclosure kind {kind!r}")


def load_corpus(root: str | Path) -> Corpus:
    """Read and validate every corpus file under ``root``."""
    root = Path(root)
    splits_file = root / "splits.yaml"
    if not splits_file.exists():
        raise CorpusError(f"{splits_file}: missing (the topic split)")
    spec = yaml.safe_load(splits_file.read_text(encoding="utf-8"))
    split_of_topic = {topic: name for name in SPLITS for topic in spec.get(name, [])}
    sentences, articles = [], []
    for path in sorted((root / "sentences").glob("*.jsonl")):
        for line_no, r in read_objects(path, CorpusError):
            _check_sentence(r, f"{path}:{line_no}")
            sentences.append(r)
    for path in sorted((root / "articles").glob("*.jsonl")):
        for line_no, r in read_objects(path, CorpusError):
            _check_article(r, f"{path}:{line_no}")
            articles.append(r)
    corpus = Corpus(root, sentences, articles, split_of_topic)
    _check_splits(corpus, splits_file)
    return corpus


def _check_splits(corpus: Corpus, splits_file: Path) -> None:
    """Every record's topic is in a split (a misspelt test topic would otherwise train the model on test data),
    and each split holds sentences and articles (a model is fitted on train, tuned on dev, reported on test)."""
    for r in corpus.sentences + corpus.articles:
        if r.get("topic", "") not in corpus.split_of_topic:
            raise CorpusError(
                f"{splits_file}: topic {r.get('topic')!r} of {r.get('id') or r['text'][:40]!r} is in no split"
            )
    for name in SPLITS:
        if not corpus.split(corpus.sentences, name) or not corpus.split(corpus.articles, name):
            raise CorpusError(f"{corpus.root}: the {name} split holds no sentences or no articles")


def category_matrix(records: list[dict[str, Any]]) -> np.ndarray:
    return np.array([[int(c in r.get("categories", [])) for c in PROMO_CATEGORIES] for r in records])
