"""The verdict policy (decide) on hand-built verdicts, and the verdict schema."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from conftest import PLAIN_BODY
from healthmod.config import Config, from_mapping, load_config, to_mapping
from healthmod.document import DISCLOSURE_KINDS
from healthmod.verdict import decide, error_verdict, provenance, validate

CONFIG = load_config()
SEVERITY = {kind: CONFIG.disclosures[kind].severity for kind in DISCLOSURE_KINDS}
ERROR_KINDS = [k for k, s in SEVERITY.items() if s == "error"]
WARNING_KINDS = [k for k, s in SEVERITY.items() if s == "warning"]


def make_verdict(
    score: float = 0.0,
    flagged: int = 0,
    categories: tuple[str, ...] = ("hype",),
    missing: tuple[str, ...] = (),
    present: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A complete, schema-valid ok verdict with the given findings (decision not yet taken)."""
    sentences = [
        {
            "start": i * 20,
            "end": i * 20 + 19,
            "text": f"Sentence {i} is great.",
            "score": 0.9,
            "categories": list(categories),
            "category_scores": dict.fromkeys(categories, 0.8),
            "cues": [],
        }
        for i in range(flagged)
    ]
    disclosures = {
        kind: {
            "required": kind in missing or kind in present,
            "present": kind in present,
            "trigger": "a trigger sentence." if kind in missing else None,
            "evidence": "some evidence." if kind in present else None,
            "severity": SEVERITY[kind],
        }
        for kind in DISCLOSURE_KINDS
    }
    return {
        "schema_version": 1,
        "id": "hand-built",
        "source": {"path": "x.txt", "format": "text"},
        "status": "ok",
        "decision": None,
        "reasons": [],
        "promotional": {
            "score": score,
            "flagged": score >= 0.5,
            "threshold": 0.5,
            "sentence_threshold": 0.4,
            "sentences": sentences,
        },
        "disclosures": disclosures,
        "boilerplate": {
            "chars_in": 100,
            "chars_out": 80,
            "removed": [{"start": 0, "end": 20, "reason": "share"}],
            "regions": [],
        },
        "provenance": provenance(CONFIG, "0" * 64),
        "timings_ms": {"limits": 0.1},
        "error": None,
    }


def codes(verdict: dict[str, Any], config: Config = CONFIG) -> tuple[str, list[str]]:
    decision, reasons = decide(verdict, config)
    return decision, [r["code"] for r in reasons]


def test_hand_built_verdict_is_schema_valid():
    validate(make_verdict(score=0.9, flagged=3, missing=("medical_advice",), present=("date",)))


# --- each shipped rule ------------------------------------------------------------------------


def test_pass_when_nothing_fires():
    assert decide(make_verdict(score=0.1, flagged=2, present=("authorship", "date")), CONFIG) == ("pass", [])


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.85, ("reject", ["promotional_article", "promotional_language"])),
        (0.99, ("reject", ["promotional_article", "promotional_language"])),
        (1.0, ("reject", ["promotional_article", "promotional_language"])),
        (0.8499, ("review", ["promotional_language"])),
        (0.5, ("review", ["promotional_language"])),
        (0.4999, ("pass", [])),
        (0.0, ("pass", [])),
    ],
)
def test_promotional_score_rules(score, expected):
    assert codes(make_verdict(score=score)) == expected


def test_promotional_article_message_has_the_score():
    _, reasons = decide(make_verdict(score=0.91234), CONFIG)
    by_code = {r["code"]: r["message"] for r in reasons}
    assert by_code["promotional_article"] == "The article as a whole reads as promotional (score 0.91)."


def test_promotional_language_message_lists_categories():
    _, reasons = decide(make_verdict(score=0.6, flagged=2, categories=("sales", "hype")), CONFIG)
    [reason] = reasons
    assert reason["code"] == "promotional_language"
    assert reason["message"] == "Promotional language (article score 0.60; categories: hype, sales)."


@pytest.mark.parametrize(
    ("flagged", "expected"),
    [
        (0, ("pass", [])),
        (2, ("pass", [])),
        (3, ("review", ["promotional_sentences"])),
        (12, ("review", ["promotional_sentences"])),
    ],
)
def test_promotional_sentences_rule(flagged, expected):
    assert codes(make_verdict(score=0.2, flagged=flagged)) == expected


def test_promotional_sentences_message_counts():
    _, reasons = decide(make_verdict(score=0.2, flagged=4), CONFIG)
    assert reasons == [{"code": "promotional_sentences", "message": "4 sentences read as promotional."}]


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_missing_error_disclosure_fires(kind):
    decision, reasons = decide(make_verdict(missing=(kind,)), CONFIG)
    assert decision == "review"
    assert reasons == [{"code": "missing_required_disclosure", "message": f"Missing required disclosures: {kind}."}]


@pytest.mark.parametrize("kind", [k for k in DISCLOSURE_KINDS if SEVERITY[k] != "error"])
def test_missing_non_error_disclosure_does_not_fire(kind):
    assert codes(make_verdict(missing=(kind,))) == ("pass", [])


def test_missing_message_lists_only_error_kinds():
    verdict = make_verdict(missing=("authorship", "medical_advice", "date", "supplement"))
    _, reasons = decide(verdict, CONFIG)
    assert reasons == [
        {
            "code": "missing_required_disclosure",
            "message": "Missing required disclosures: medical_advice, supplement.",
        }
    ]


def test_present_or_unrequired_error_kind_does_not_fire():
    verdict = make_verdict(present=tuple(ERROR_KINDS))
    assert codes(verdict) == ("pass", [])
    # Not required and not present: not missing either.
    verdict = make_verdict()
    assert all(not d["required"] for d in verdict["disclosures"].values())
    assert codes(verdict) == ("pass", [])


def test_missing_uses_severity_recorded_in_the_verdict():
    verdict = make_verdict(missing=("date",))
    verdict["disclosures"]["date"]["severity"] = "error"
    assert codes(verdict) == ("review", ["missing_required_disclosure"])


def test_most_severe_decision_wins_and_every_fired_rule_is_listed():
    verdict = make_verdict(score=0.9, flagged=5, missing=("regulatory_status", "authorship"))
    decision, reasons = decide(verdict, CONFIG)
    assert decision == "reject"
    assert [r["code"] for r in reasons] == [
        "promotional_article",
        "promotional_language",
        "promotional_sentences",
        "missing_required_disclosure",
    ]
    assert all(r["message"] for r in reasons)


def test_review_rules_together_stay_review():
    assert codes(make_verdict(score=0.6, flagged=3, missing=("medical_advice",))) == (
        "review",
        ["promotional_language", "promotional_sentences", "missing_required_disclosure"],
    )


def test_decide_does_not_modify_the_verdict():
    verdict = make_verdict(score=0.9, flagged=3, missing=("medical_advice",))
    before = copy.deepcopy(verdict)
    decide(verdict, CONFIG)
    assert verdict == before


# --- custom policies -------------------------------------------------------------------------------


def custom(rules: list[dict[str, Any]]) -> Config:
    data = to_mapping(CONFIG)
    data["verdict"] = {"rules": rules}
    return from_mapping(Config, data)


def test_rule_order_and_decision_rank_are_independent():
    cfg = custom(
        [
            {"code": "r1", "decision": "reject", "message": "m1", "when": {"flagged_sentences_at_least": 1}},
            {"code": "r2", "decision": "review", "message": "m2", "when": {"flagged_sentences_at_least": 1}},
        ]
    )
    assert codes(make_verdict(flagged=1), cfg) == ("reject", ["r1", "r2"])


def test_all_conditions_of_a_rule_must_hold():
    cfg = custom(
        [
            {
                "code": "both",
                "decision": "reject",
                "message": "{missing}",
                "when": {"promo_score_at_least": 0.5, "missing_any": ["sponsorship"]},
            }
        ]
    )
    assert codes(make_verdict(score=0.7), cfg) == ("pass", [])
    assert codes(make_verdict(missing=("sponsorship",)), cfg) == ("pass", [])
    assert decide(make_verdict(score=0.7, missing=("sponsorship",)), cfg) == (
        "reject",
        [{"code": "both", "message": "sponsorship"}],
    )


def test_any_category_condition():
    cfg = custom(
        [
            {
                "code": "sales",
                "decision": "review",
                "message": "{categories}",
                "when": {"any_category": ["sales", "fear"]},
            }
        ]
    )
    assert codes(make_verdict(flagged=1, categories=("hype",)), cfg) == ("pass", [])
    assert decide(make_verdict(flagged=1, categories=("fear", "hype")), cfg) == (
        "review",
        [{"code": "sales", "message": "fear, hype"}],
    )


def test_rule_without_conditions_always_fires():
    cfg = custom([{"code": "always", "decision": "review", "message": "m"}])
    assert codes(make_verdict(), cfg) == ("review", ["always"])


# --- the schema ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_verdict(pipeline):
    verdict = pipeline.moderate(PLAIN_BODY + " " + PLAIN_BODY.replace("Walking", "Swimming"), id="real")
    assert verdict["status"] == "ok"
    return verdict


def test_pipeline_verdict_is_schema_valid(real_verdict):
    validate(real_verdict)
    assert set(real_verdict["disclosures"]) == set(DISCLOSURE_KINDS)


@pytest.mark.parametrize("kind", ["medical_advice", "date"])
def test_verdict_missing_a_disclosure_kind_is_invalid(real_verdict, kind):
    verdict = copy.deepcopy(real_verdict)
    del verdict["disclosures"][kind]
    with pytest.raises(jsonschema.ValidationError, match=kind):
        validate(verdict)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("status",), "done"),
        (("decision",), "block"),
        (("promotional", "score"), 1.5),
        (("schema_version",), 2),
        (("extra_field",), 1),
        (("disclosures", "date", "present"), "yes"),
        (("disclosures", "unknown_kind"), {"required": False, "present": False, "trigger": None, "evidence": None}),
    ],
    ids=[
        "status",
        "decision",
        "score-range",
        "schema-version",
        "extra-field",
        "disclosure-field-type",
        "unknown-disclosure-kind",
    ],
)
def test_schema_rejects_bad_values(real_verdict, path, value):
    verdict = copy.deepcopy(real_verdict)
    target = verdict
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validate(verdict)


def test_error_verdict_shape():
    prov = provenance(CONFIG, None)
    verdict = error_verdict("a-1", {"path": "a.txt"}, "ValueError", "boom", "ingest", prov)
    assert verdict["status"] == "error"
    assert verdict["decision"] is None
    assert verdict["error"] == {"type": "ValueError", "message": "boom", "stage": "ingest"}
    assert verdict["reasons"] == [{"code": "error_ingest", "message": "boom"}]
    assert verdict["provenance"] == prov


def test_error_verdict_is_schema_valid():
    validate(error_verdict("a-1", {"path": "a.txt"}, "ValueError", "boom", "ingest", provenance(CONFIG, None)))


def test_skipped_verdict_is_schema_valid(pipeline):
    verdict = pipeline.moderate("Too short.")
    assert verdict["status"] == "skipped"
    validate(verdict)
