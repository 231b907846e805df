"""The labels of the real articles that benchmarks/disclosure_eval.py --real scores against: ids and 0/1 values
only (the articles' text stays in ../shared), one record per article, by the labelling guidelines' rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from healthmod.document import DISCLOSURE_KINDS

LABELS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "real_articles_disclosures.jsonl"


def _records() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_real_article_labels_hold_ids_and_values_only():
    records = _records()
    assert len(records) == 161
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert set(record) == {"id", "disclosures"}
        assert set(record["disclosures"]) == set(DISCLOSURE_KINDS)
        for label in record["disclosures"].values():
            assert set(label) == {"required", "present"} and set(label.values()) <= {0, 1}


def test_authorship_and_date_are_always_required_in_the_real_article_labels():
    for record in _records():
        assert record["disclosures"]["authorship"]["required"] == 1
        assert record["disclosures"]["date"]["required"] == 1


def test_disclosure_eval_scores_only_the_articles_named_by_the_id_prefix():
    root = LABELS.parents[2]
    wire_dev = [
        r
        for path in sorted((root / "corpus" / "articles").glob("wire-*.jsonl"))
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if r["topic"] in yaml.safe_load((root / "corpus" / "splits.yaml").read_text(encoding="utf-8"))["dev"]
    ]
    script = root / "benchmarks" / "disclosure_eval.py"
    args = ["--split", "dev", "--ids", "wire-", "--kind", "date", "--json"]
    out = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=True).stdout
    [scores] = [json.loads(line) for line in out.splitlines()]
    assert scores["split"] == "dev (wire-*)" and scores["articles"] == len(wire_dev) > 0
    assert scores["scores"]["date"]["present"]["support"] == sum(r["disclosures"]["date"]["present"] for r in wire_dev)
