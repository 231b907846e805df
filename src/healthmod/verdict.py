"""The verdict record, and the policy that turns findings into pass / review / reject.

:func:`decide` reads only the verdict record (scores, categories, disclosures), never the
article, so a changed policy can be re-applied to a finished batch without re-scoring.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from . import __version__
from .config import DECISION_RANK, SEVERITY_RANK, Condition, Config
from .document import DISCLOSURE_KINDS, Article
from .jsonlines import read_objects

SCHEMA_VERSION = 1


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("healthmod").joinpath("verdict.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(schema())


def validate(verdict: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``verdict`` does not follow the schema."""
    _validator().validate(verdict)


VERDICT_KEYS = {"id", "status", "decision", "promotional"}


def read_verdicts(path: Path, error: type[Exception] = ValueError) -> Iterator[dict[str, Any]]:
    """The verdicts of one JSON Lines file written by healthmod; ``error`` names file and line of a bad one."""
    for line_no, record in read_objects(path, error):
        if not set(record) >= VERDICT_KEYS:
            raise error(f"{path}:{line_no}: not a healthmod verdict")
        yield record


def unfinished(directory: Path) -> str | None:
    """Why the batch output ``directory`` is not a finished run (None if it is): a run writes summary.json
    with ``"complete": true`` at its end, with false and why (``"stopped"``) when it stopped early, and none
    before; decide's output is finished when its source was."""
    try:
        summary = json.loads((directory / "summary.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "the batch has not finished (killed, interrupted or still running; it has no summary.json)"
    except (OSError, ValueError):
        return "its summary.json cannot be read"
    if isinstance(summary, dict) and summary.get("complete") is False:
        return str(summary.get("stopped") or "the batch stopped before the end of its input")
    return None  # complete, or written before healthmod recorded completion


def provenance(config: Config, model_sha256: str | None) -> dict[str, Any]:
    return {
        "healthmod_version": __version__,
        "model_sha256": model_sha256,
        "config_sha256": config.sha256(),
        "profile": config.profile,
    }


def _unchecked_disclosures() -> dict[str, Any]:
    """The disclosures of an article that never reached the disclosure stage: none required, none found."""
    return {kind: {"required": False, "present": False, "trigger": None, "evidence": None} for kind in DISCLOSURE_KINDS}


def _empty_findings(threshold: float) -> dict[str, Any]:
    return {
        "promotional": {"score": 0.0, "flagged": False, "threshold": threshold, "sentences": []},
        "disclosures": _unchecked_disclosures(),
        "boilerplate": {"chars_in": 0, "chars_out": 0, "removed": []},
    }


def from_article(article: Article, config: Config, prov: dict[str, Any], include_text: bool = False) -> dict[str, Any]:
    """The verdict of an article that went through every stage (or was skipped by one)."""
    flagged = [s for s in article.sentences if s.score >= article.sentence_threshold]
    verdict: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": article.id,
        "source": article.source,
        "status": "skipped" if article.skip_reason else "ok",
        "decision": None,
        "reasons": [],
        "promotional": {
            "score": round(article.promo_score, 4),
            "flagged": article.promo_flagged,
            "threshold": article.promo_threshold,
            "sentence_threshold": article.sentence_threshold,
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "score": round(s.score, 4),
                    "categories": sorted(s.categories, key=lambda c: -s.categories[c]),
                    "category_scores": {c: round(v, 4) for c, v in s.categories.items()},
                    "cues": s.cues,
                }
                for s in flagged
            ],
            # Every scored sentence as [start, end, score], so `healthmod decide` can re-count the
            # flagged sentences under another sentence threshold without re-scoring.
            "sentence_scores": [[s.start, s.end, round(s.score, 4)] for s in article.sentences],
        },
        "disclosures": {
            kind: {
                "required": d.required,
                "present": d.present,
                "trigger": d.trigger,
                "evidence": d.evidence,
                "severity": d.severity,
            }
            for kind, d in article.disclosures.items()
        }
        or _unchecked_disclosures(),
        "boilerplate": {
            "chars_in": len(article.source_text or article.raw),
            "chars_out": len(article.text),
            "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in article.removed],
            "regions": [
                {"kind": r.kind, "start": r.start, "end": r.end, "text": r.text[:500]} for r in article.regions
            ],
        },
        "provenance": prov,
        "timings_ms": {k: round(v * 1000, 3) for k, v in article.timings.items()},
        "error": None,
    }
    if include_text:
        verdict["text"] = article.text
    if article.skip_reason:
        code, message = article.skip_reason
        verdict["reasons"] = [{"code": code, "message": message}]
        return verdict
    verdict["decision"], verdict["reasons"] = decide(verdict, config)
    return verdict


def error_verdict(
    article_id: str,
    source: dict[str, Any],
    exc_type: str,
    message: str,
    stage: str,
    prov: dict[str, Any],
    threshold: float = 0.5,
) -> dict[str, Any]:
    """The verdict of an article that could not be processed: status "error", no decision. ``threshold``: the
    model's article threshold, which the verdict reports as for any article."""
    return {
        "schema_version": SCHEMA_VERSION,
        "id": article_id,
        "source": source,
        "status": "error",
        "decision": None,
        "reasons": [{"code": f"error_{stage}", "message": message}],
        **_empty_findings(threshold),
        "provenance": prov,
        "error": {"type": exc_type, "message": message, "stage": stage},
    }


def _facts(verdict: dict[str, Any]) -> dict[str, Any]:
    promo = verdict["promotional"]
    missing = {
        k: d.get("severity", "warning") for k, d in verdict["disclosures"].items() if d["required"] and not d["present"]
    }
    categories = sorted({c for s in promo["sentences"] for c in s["categories"]})
    return {
        "score": promo["score"],
        "flagged": len(promo["sentences"]),
        "categories": ", ".join(categories) or "none",
        "category_set": set(categories),
        "missing_map": missing,
        "missing": ", ".join(missing) or "none",
        "missing_errors": ", ".join(k for k, s in missing.items() if s == "error") or "none",
    }


def _fires(when: Condition, facts: dict[str, Any]) -> bool:
    checks = [
        when.promo_score_at_least is None or facts["score"] >= when.promo_score_at_least,
        when.flagged_sentences_at_least is None or facts["flagged"] >= when.flagged_sentences_at_least,
        when.any_category is None or bool(facts["category_set"] & set(when.any_category)),
        when.missing_severity_at_least is None
        or any(
            SEVERITY_RANK[s] >= SEVERITY_RANK[when.missing_severity_at_least] for s in facts["missing_map"].values()
        ),
        when.missing_any is None or bool(set(facts["missing_map"]) & set(when.missing_any)),
    ]
    return all(checks)


def decide(verdict: dict[str, Any], config: Config) -> tuple[str, list[dict[str, str]]]:
    """Apply the verdict policy: the most severe decision among the rules that fire, and their reasons."""
    facts = _facts(verdict)
    decision, reasons = "pass", []
    for rule in config.verdict.rules:
        if _fires(rule.when, facts):
            reasons.append({"code": rule.code, "message": rule.message.format(**facts)})
            if DECISION_RANK[rule.decision] > DECISION_RANK[decision]:
                decision = rule.decision
    return decision, reasons
