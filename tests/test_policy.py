"""Verdict policy profiles: the policy table of each shipped profile case by case, profile selection
and validation, and the README's tables against the shipped config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, read_jsonl
from healthmod.config import Config, ConfigError, load_config, profile_names
from healthmod.document import DISCLOSURE_KINDS
from healthmod.verdict import decide, provenance, validate

PLATFORM = load_config()
PUBLISHER = load_config(profile="publisher")
DRAFTS = Path(__file__).resolve().parent / "fixtures" / "drafts"


def make_verdict(
    config: Config,
    score: float = 0.0,
    sentences: tuple[tuple[str, ...], ...] = (),
    missing: tuple[str, ...] = (),
    present: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A schema-valid ok verdict as a batch scored under ``config``: one flagged sentence per entry of
    ``sentences`` (its categories), disclosure severities as the config records them."""
    flagged = [
        {
            "start": i * 30,
            "end": i * 30 + 25,
            "text": f"Flagged sentence number {i}.",
            "score": 0.9,
            "categories": list(cats),
            "category_scores": dict.fromkeys(cats, 0.8),
            "cues": [],
        }
        for i, cats in enumerate(sentences)
    ]
    return {
        "schema_version": 1,
        "id": "policy-case",
        "source": {"path": "case.txt", "format": "text"},
        "status": "ok",
        "decision": None,
        "reasons": [],
        "promotional": {
            "score": score,
            "flagged": score >= 0.39,
            "threshold": 0.39,
            "sentence_threshold": 0.39,
            "sentences": flagged,
            "sentence_scores": [[s["start"], s["end"], s["score"]] for s in flagged],
        },
        "disclosures": {
            kind: {
                "required": kind in missing or kind in present,
                "present": kind in present,
                "trigger": "a trigger sentence." if kind in missing else None,
                "evidence": "the evidence." if kind in present else None,
                "severity": config.disclosures[kind].severity,
            }
            for kind in DISCLOSURE_KINDS
        },
        "boilerplate": {"chars_in": 100, "chars_out": 90, "removed": [], "regions": []},
        "provenance": provenance(config, "0" * 64),
        "error": None,
    }


def case(config: Config, **findings: Any) -> tuple[str, list[str]]:
    verdict = make_verdict(config, **findings)
    validate(verdict)
    decision, reasons = decide(verdict, config)
    assert all(r["message"] and "{" not in r["message"] for r in reasons)
    return decision, [r["code"] for r in reasons]


BYLINE_AND_DATE = ("authorship", "date")

# (findings, expected decision, expected reason codes): one row per line of the README's table, and
# the boundaries on either side of each threshold.
PLATFORM_CASES = [
    ({}, "pass", []),
    ({"score": 0.85}, "reject", ["promotional_article", "promotional_language"]),
    ({"score": 0.8499}, "review", ["promotional_language"]),
    ({"score": 0.5}, "review", ["promotional_language"]),
    ({"score": 0.4999}, "pass", []),
    ({"sentences": (("hype",),) * 3}, "review", ["promotional_sentences"]),
    ({"sentences": (("hype",),) * 2}, "pass", []),
    ({"sentences": (("safety",),)}, "pass", []),  # one safety sentence is not a reason on the platform
    ({"missing": ("medical_advice",)}, "review", ["missing_required_disclosure"]),
    ({"missing": ("supplement",)}, "review", ["missing_required_disclosure"]),
    ({"missing": ("regulatory_status",)}, "review", ["missing_required_disclosure"]),
    ({"missing": ("authorship", "date", "references", "evidence_caveat")}, "pass", []),
    ({"missing": ("sponsorship", "conflict_of_interest")}, "pass", []),
    (
        {"score": 0.9, "sentences": (("overclaim",),) * 4, "missing": ("medical_advice",)},
        "reject",
        ["promotional_article", "promotional_language", "promotional_sentences", "missing_required_disclosure"],
    ),
]

PUBLISHER_CASES = [
    ({"present": BYLINE_AND_DATE}, "pass", []),
    ({"score": 0.7, "present": BYLINE_AND_DATE}, "reject", ["promotional_article", "promotional_language"]),
    ({"score": 0.6999, "present": BYLINE_AND_DATE}, "review", ["promotional_language"]),
    ({"score": 0.35, "present": BYLINE_AND_DATE}, "review", ["promotional_language"]),
    ({"score": 0.3499, "present": BYLINE_AND_DATE}, "pass", []),
    ({"sentences": (("hype",),), "present": BYLINE_AND_DATE}, "review", ["promotional_sentences"]),
    (
        {"sentences": (("hype", "safety"),), "present": BYLINE_AND_DATE},
        "reject",
        ["safety_claim", "promotional_sentences"],
    ),
    ({"sentences": (("overclaim",),), "present": BYLINE_AND_DATE}, "review", ["promotional_sentences"]),
    (
        {"sentences": (("overclaim",),), "missing": ("medical_advice",), "present": BYLINE_AND_DATE},
        "reject",
        ["unqualified_claim", "promotional_sentences", "missing_required_disclosure"],
    ),
    (
        {"sentences": (("overclaim",),), "missing": ("supplement",), "present": BYLINE_AND_DATE},
        "reject",
        ["unqualified_claim", "promotional_sentences", "missing_required_disclosure"],
    ),
    (
        {"sentences": (("overclaim",),), "missing": ("references",), "present": BYLINE_AND_DATE},
        "review",
        ["promotional_sentences", "missing_required_disclosure"],
    ),
    ({"missing": ("authorship",), "present": ("date",)}, "review", ["missing_required_disclosure"]),
    ({"missing": ("date",), "present": ("authorship",)}, "review", ["missing_required_disclosure"]),
    *[
        ({"missing": (kind,), "present": BYLINE_AND_DATE}, "review", ["missing_required_disclosure"])
        for kind in ("evidence_caveat", "sponsorship", "conflict_of_interest", "references", "medical_advice")
    ],
]


@pytest.mark.parametrize(("findings", "decision", "codes"), PLATFORM_CASES)
def test_platform_policy_case(findings, decision, codes):
    assert case(PLATFORM, **findings) == (decision, codes)


@pytest.mark.parametrize(("findings", "decision", "codes"), PUBLISHER_CASES)
def test_publisher_policy_case(findings, decision, codes):
    assert case(PUBLISHER, **findings) == (decision, codes)


@pytest.mark.parametrize(("findings", "decision", "codes"), PLATFORM_CASES)
def test_publisher_is_never_more_lenient_than_platform(findings, decision, codes):
    rank = {"pass": 0, "review": 1, "reject": 2}
    platform = case(PLATFORM, **findings)[0]
    publisher = case(PUBLISHER, **findings)[0]
    assert rank[publisher] >= rank[platform]


def test_messages_fill_in_the_facts():
    _, reasons = decide(make_verdict(PUBLISHER, score=0.42, sentences=(("sales", "hype"),)), PUBLISHER)
    by_code = {r["code"]: r["message"] for r in reasons}
    assert by_code["promotional_language"] == "Promotional language (score 0.42; categories: hype, sales)."
    assert by_code["promotional_sentences"] == "1 sentence(s) read as promotional; hedge or remove them."
    assert "missing_required_disclosure" not in by_code


def test_publisher_disclosure_severities():
    assert PUBLISHER.disclosures["authorship"].required == "always"
    assert PUBLISHER.disclosures["authorship"].severity == "error"
    assert PUBLISHER.disclosures["date"].required == "always"
    assert PUBLISHER.disclosures["date"].severity == "error"
    assert PLATFORM.disclosures["date"].severity == "info"
    assert PUBLISHER.profile == "publisher" and PLATFORM.profile == "platform"
    # What the publisher profile does not set is the platform's.
    assert PUBLISHER.limits == PLATFORM.limits
    assert PUBLISHER.boilerplate == PLATFORM.boilerplate
    assert PUBLISHER.disclosures["supplement"] == PLATFORM.disclosures["supplement"]


def test_every_rule_of_every_profile_has_a_message():
    for name in profile_names():
        for rule in load_config(profile=name).verdict.rules:
            assert rule.code and rule.message.strip()


# --- selecting and validating profiles ------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_profile_names_it_and_suggests():
    with pytest.raises(ConfigError, match=r"unknown profile 'publsher' \(did you mean 'publisher'\?\)"):
        load_config(profile="publsher")


def test_profile_from_the_user_file_and_the_command_line_wins(tmp_path):
    path = write(tmp_path, "profile: publisher\n")
    assert load_config(path).profile == "publisher"
    assert load_config(path, profile="platform").profile == "platform"
    assert load_config(path).sha256() == PUBLISHER.sha256()


def test_user_file_adds_a_profile_and_changes_one(tmp_path):
    path = write(
        tmp_path,
        "profiles:\n"
        "  lenient:\n"
        "    verdict:\n"
        "      rules:\n"
        "        - {code: only_reject, decision: reject, message: m, when: {promo_score_at_least: 0.99}}\n"
        "  publisher:\n"
        "    disclosures: {date: {severity: warning}}\n",
    )
    assert [r.code for r in load_config(path, "lenient").verdict.rules] == ["only_reject"]
    publisher = load_config(path, "publisher")
    assert publisher.disclosures["date"].severity == "warning"
    assert publisher.disclosures["authorship"].severity == "error"  # the shipped publisher setting stays
    assert "lenient" in profile_names(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("profiles: {publisher: {limitz: {}}}\n", "profiles.publisher: unknown key 'profiles.publisher.limitz'"),
        (
            "profiles: {publisher: {disclosures: {date: {severity: fatal}}}}\n",
            "profiles.publisher.disclosures.date.severity: 'fatal' is not one of",
        ),
        (
            "profiles: {strict: {verdict: {rules: [{code: x, decision: block, message: m}]}}}\n",
            "profiles.strict.verdict.rules[0].decision: 'block' is not one of",
        ),
        (
            "profiles: {strict: {verdict: {rules: [{code: x, decision: review, message: '{nope}'}]}}}\n",
            "profiles.strict.verdict.rules[0].message",
        ),
        ("profiles: {strict: {profile: platform}}\n", "profiles.strict: a profile cannot set 'profile'"),
        ("profiles: [platform]\n", "profiles: expected a mapping"),
        ("profiles: {strict: 3}\n", "profiles.strict: expected a mapping"),
        ("profile: 7\n", "profile: expected str"),
        ("verdict: {category_severity: {glamour: error}}\n", "verdict.category_severity.glamour"),
    ],
)
def test_profile_validation_names_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert message in str(info.value)


def test_an_unused_profile_is_validated_too(tmp_path):
    with pytest.raises(ConfigError, match=r"profiles\.unused\.limits\.min_body_words"):
        load_config(write(tmp_path, "profiles: {unused: {limits: {min_body_words: -1}}}\n"), "platform")


@pytest.mark.parametrize("command", ["check", "batch", "decide"])
def test_cli_unknown_profile_exits_2_naming_it(run_cli, tmp_path, command):
    draft = DRAFTS / "turmeric.txt"
    args = {
        "check": ["check", draft],
        "batch": ["batch", draft, "--out", tmp_path / "out"],
        "decide": ["decide", tmp_path, "--out", tmp_path / "out2"],
    }[command]
    result = run_cli(*args, "--profile", "editorial")
    assert result.code == 2
    assert "unknown profile 'editorial'" in result.err
    assert "platform, publisher" in result.err
    assert not (tmp_path / "out").exists()


def test_check_profile_changes_the_decision(run_cli):
    draft = DRAFTS / "walking-suppressed.md"
    platform = run_cli("check", "--format", "json", draft).json_lines()[0]
    publisher = run_cli("check", "--format", "json", "--profile", "publisher", draft).json_lines()[0]
    assert platform["provenance"]["profile"] == "platform"
    assert publisher["provenance"]["profile"] == "publisher"
    assert publisher["disclosures"]["date"]["severity"] == "error"
    assert platform["disclosures"]["date"]["severity"] == "info"


def test_batch_profile_is_recorded(run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli("batch", DRAFTS / "turmeric.txt", "--out", out, "--profile", "publisher")
    assert result.code == 0, result.err
    [verdict] = read_jsonl(out / "verdicts" / "shard-00000.jsonl")
    assert verdict["provenance"]["profile"] == "publisher"
    assert verdict["provenance"]["config_sha256"] == PUBLISHER.sha256()
    assert verdict["disclosures"]["authorship"]["severity"] == "error"


# --- the README's tables ---------------------------------------------------------------------------------


def readme_policy(profile: str) -> list[tuple[str, str]]:
    """The (rule, decision) rows of the README's policy table for ``profile``."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(rf"^The `{profile}` profile.*?\n\n(\|.*?)\n\n", text, re.S | re.M)
    assert section, f"README has no policy table for the {profile} profile"
    rows = []
    for line in section.group(1).splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0].startswith("`"):
            rows.append((cells[0].strip("`"), cells[-1]))
    return rows


@pytest.mark.parametrize("profile", ["platform", "publisher"])
def test_readme_policy_table_matches_the_config(profile):
    rules = load_config(profile=profile).verdict.rules
    assert readme_policy(profile) == [(r.code, r.decision) for r in rules]
