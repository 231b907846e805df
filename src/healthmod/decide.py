"""`healthmod decide`: apply another verdict policy to a finished batch, without re-scoring.

A verdict keeps what the policy needs: the article score, every sentence's score
(``promotional.sentence_scores``), the flagged sentences with their categories, and each
disclosure's trigger, evidence and presence. So the policy part of a config (``verdict``,
``disclosures.*.required`` and ``severity``, the promotional thresholds) can be re-applied from
the verdicts alone, with no model, no spaCy and no article text, and the decisions compared.

What cannot be re-derived is said, per verdict (``redecision.limitations``) and in the diff:

* a *lowered* ``promotional.sentence_threshold`` flags more sentences (counted exactly, from
  ``sentence_scores``), but the categories and cues of those sentences were never computed, so
  ``any_category`` rules do not see them (they are marked ``rescore_needed``); a *raised* one is exact;
* a *lowered* ``promotional.category_threshold`` cannot add categories; a raised one is exact;
* a disclosure scored with ``required: always`` or ``never`` has no trigger recorded, so switching
  it to ``triggered`` keeps the recorded requirement;
* settings that change scoring itself (``limits``, ``boilerplate``, the model) need a new batch;
  they are listed under ``not_reapplied``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, to_mapping
from .jsonlines import json_lines, write_atomic
from .verdict import decide, read_verdicts, unfinished

# Disclosure kinds whose rule has no trigger (disclosures.RULES): required unless the policy says never.
TRIGGERLESS = frozenset({"authorship", "date"})
DECISIONS = ("pass", "review", "reject")
# Config keys that re-deciding applies; any other difference needs a new batch.
REAPPLIED = ("verdict", "disclosures", "profile", "promotional.sentence_threshold", "promotional.article_threshold")


class DecideError(RuntimeError):
    """A batch output that cannot be re-decided (absent, malformed, or the output would overwrite it)."""


@dataclass
class Context:
    """What re-deciding needs besides the verdict: the new config and what the batch was scored with."""

    config: Config
    scored_config: dict[str, Any] | None = None  # run.json "config" of the batch
    tuned: dict[str, float] | None = None  # the model's own thresholds (what null means)
    limitations: Counter[str] = field(default_factory=Counter)  # by kind of limitation
    limited: int = 0  # verdicts with at least one


def _scored(ctx: Context, *keys: str) -> Any:
    data: Any = ctx.scored_config
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _threshold(ctx: Context, name: str, recorded: float | None) -> float | None:
    value = getattr(ctx.config.promotional, f"{name}_threshold")
    if value is not None:
        return value
    if ctx.tuned and name in ctx.tuned:
        return ctx.tuned[name]
    return recorded


def reapply(verdict: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """The verdict with the policy of ``ctx.config`` applied; ``verdict`` itself is not changed."""
    if verdict.get("status") != "ok":
        return verdict
    limits: list[str] = []
    promo = dict(verdict["promotional"])
    _sentences(verdict, promo, ctx, limits)
    article_t = _threshold(ctx, "article", promo.get("threshold"))
    if article_t is not None:
        promo["threshold"] = article_t
        promo["flagged"] = promo["score"] >= article_t
    disclosures = {kind: _disclosure(kind, d, ctx, limits) for kind, d in verdict["disclosures"].items()}
    new = {**verdict, "promotional": promo, "disclosures": disclosures}
    new["decision"], new["reasons"] = decide(new, ctx.config)
    previous = verdict.get("redecision")
    new["redecision"] = {
        "previous_decision": verdict["decision"],
        "previous_reasons": verdict["reasons"],
        "previous_profile": (verdict.get("provenance") or {}).get("profile"),
        "config_sha256": ctx.config.sha256(),
        "profile": ctx.config.profile,
        "limitations": limits,
    }
    if previous:  # decided more than once: keep the first decision as the one to compare with
        new["redecision"]["previous_decision"] = previous["previous_decision"]
        new["redecision"]["previous_reasons"] = previous["previous_reasons"]
        new["redecision"]["previous_profile"] = previous.get("previous_profile")
    new["provenance"] = {**verdict.get("provenance", {}), "profile": ctx.config.profile}
    for limit in limits:
        ctx.limitations[limit.split(":")[0]] += 1
    ctx.limited += bool(limits)
    return new


def _sentences(verdict: dict[str, Any], promo: dict[str, Any], ctx: Context, limits: list[str]) -> None:
    recorded = promo.get("sentence_threshold")
    new_t = _threshold(ctx, "sentence", recorded)
    if new_t is None or recorded is None:
        return
    sentences = [dict(s) for s in promo["sentences"] if s["score"] >= new_t]
    if new_t < recorded:
        scores = promo.get("sentence_scores")
        if scores is None:
            limits.append(
                "sentence threshold lowered: the verdict has no sentence_scores, so its flagged sentences are "
                "unchanged (re-score)"
            )
        else:
            known = {s["start"] for s in sentences}
            text = verdict.get("text")
            added = [
                {
                    "start": start,
                    "end": end,
                    "text": text[start:end] if isinstance(text, str) else "",
                    "score": score,
                    "categories": [],
                    "category_scores": {},
                    "cues": [],
                    "rescore_needed": True,
                }
                for start, end, score in scores
                if new_t <= score < recorded and start not in known
            ]
            if added:
                limits.append(
                    f"sentence threshold lowered: {len(added)} newly flagged sentence(s) have no categories or "
                    "cues (re-score for any_category rules)"
                )
            sentences = sorted(sentences + added, key=lambda s: s["start"])
    new_ct, old_ct = ctx.config.promotional.category_threshold, _scored(ctx, "promotional", "category_threshold")
    if old_ct is not None and new_ct != old_ct:
        if new_ct < old_ct:
            limits.append("category threshold lowered: categories below the old threshold were not kept (re-score)")
        else:
            for s in sentences:
                scores = s.get("category_scores") or {}
                kept = [c for c in s["categories"] if scores.get(c, 1.0) >= new_ct]
                s["categories"] = kept or s["categories"][:1]
    promo["sentence_threshold"] = new_t
    promo["sentences"] = sentences


def _disclosure(kind: str, d: dict[str, Any], ctx: Context, limits: list[str]) -> dict[str, Any]:
    policy = ctx.config.disclosures[kind]
    new = {**d, "severity": policy.severity}
    if policy.required == "never":
        new["required"] = False
    elif policy.required == "always" or kind in TRIGGERLESS or d.get("trigger"):
        new["required"] = True
    else:  # triggered, and no trigger recorded
        scored_rule = _scored(ctx, "disclosures", kind, "required")
        if scored_rule in ("always", "never"):  # the batch never looked for the trigger
            new["required"] = d["required"]
            limits.append(
                f"{kind} scored with required: {scored_rule}: its trigger was not looked for, so the recorded "
                "requirement is kept (re-score)"
            )
        else:  # the batch looked for the trigger and it did not fire
            new["required"] = False
    return new


# --- a batch output ---------------------------------------------------------------------------------


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: data}


def not_reapplied(scored: dict[str, Any] | None, config: Config) -> list[str]:
    """The settings that differ from the batch's and that re-deciding cannot apply."""
    if not scored:
        return []
    old, new = _flatten(scored), _flatten(to_mapping(config))
    changed = []
    for key in sorted(set(old) | set(new)):
        if key.startswith(REAPPLIED) or key == "promotional.category_threshold":
            continue
        if old.get(key) != new.get(key):
            changed.append(f"{key}: {old.get(key)!r} -> {new.get(key)!r}")
    return changed


def _tuned_thresholds(run: dict[str, Any], first_ok: dict[str, Any] | None) -> dict[str, float] | None:
    if isinstance(run.get("model_thresholds"), dict):
        return run["model_thresholds"]
    model_path = run.get("model_path")
    if model_path:
        try:
            meta = json.loads(Path(model_path).with_suffix(".json").read_text(encoding="utf-8"))
            return {k: float(v) for k, v in meta["thresholds"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    scored = run.get("config", {}).get("promotional", {}) if isinstance(run.get("config"), dict) else {}
    if first_ok is not None and scored:
        promo = first_ok["promotional"]
        tuned = {}
        if scored.get("sentence_threshold") is None and promo.get("sentence_threshold") is not None:
            tuned["sentence"] = promo["sentence_threshold"]
        if scored.get("article_threshold") is None:
            tuned["article"] = promo["threshold"]
        return tuned or None
    return None


def redecide_batch(source: Path, out: Path, config: Config) -> dict[str, Any]:
    """Re-apply ``config``'s policy to the verdicts of the batch output ``source``; write ``out``.

    Writes ``out/verdicts/*.jsonl`` (same shard names), ``out/summary.json``, ``out/errors.jsonl``,
    ``out/run.json`` and ``out/decide-diff.json``; returns the diff.
    """
    started = time.perf_counter()
    shards = sorted((source / "verdicts").glob("*.jsonl"))
    if not shards:
        raise DecideError(f"{source}: no verdicts (expected {source / 'verdicts'}/*.jsonl from healthmod batch)")
    if out.resolve() == source.resolve():
        raise DecideError(f"--out {out} is the batch output itself; give another directory")
    existing = list((out / "verdicts").glob("*.jsonl")) if (out / "verdicts").is_dir() else []
    if existing and not (out / "decide-diff.json").exists():
        raise DecideError(f"{out} already holds verdicts that healthmod decide did not write; give another --out")
    try:
        (out / "verdicts").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DecideError(f"cannot create output directory {out}: {exc.strerror}") from exc
    for path in existing:
        path.unlink()
    run: dict[str, Any] = {}
    if (source / "run.json").exists():
        try:
            run = json.loads((source / "run.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            raise DecideError(f"{source / 'run.json'}: not valid JSON ({exc})") from exc
    ctx = Context(config, run.get("config") if isinstance(run.get("config"), dict) else None)

    matrix: dict[str, Counter[str]] = {d: Counter() for d in DECISIONS}
    changes: dict[str, list[str]] = {}
    added: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    status: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    previous_profiles: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    articles = 0
    for shard in shards:
        verdicts = list(read_verdicts(shard, DecideError))
        if ctx.tuned is None:
            first_ok = next((v for v in verdicts if v["status"] == "ok"), None)
            ctx.tuned = _tuned_thresholds(run, first_ok)
        lines: list[dict[str, Any]] = []
        for verdict in verdicts:
            new = reapply(verdict, ctx)
            articles += 1
            status[new["status"]] += 1
            reasons.update(r["code"] for r in new["reasons"])
            if new["status"] == "error":
                errors.append(new)
            if new["status"] == "ok":
                before, after = verdict["decision"], new["decision"]
                decisions[after] += 1
                matrix[before][after] += 1
                previous_profiles[str((verdict.get("provenance") or {}).get("profile"))] += 1
                if before != after:
                    changes.setdefault(f"{before}->{after}", []).append(new["id"])
                old_codes = {r["code"] for r in verdict["reasons"]}
                new_codes = {r["code"] for r in new["reasons"]}
                added.update(new_codes - old_codes)
                removed.update(old_codes - new_codes)
            lines.append(new)
        write_atomic(out / "verdicts" / shard.name, json_lines(lines))
    seconds = round(time.perf_counter() - started, 4)
    changed = sum(len(ids) for ids in changes.values())
    why = unfinished(source)  # decisions over part of a batch: said in the diff, the line and the summary
    diff = {
        "source": str(source),
        "out": str(out),
        "articles": articles,
        "decided": sum(decisions.values()),
        "changed": changed,
        "unchanged": sum(decisions.values()) - changed,
        "from": {"profiles": dict(previous_profiles), "config_sha256": run.get("config_sha256")},
        "to": {"profile": config.profile, "config_sha256": config.sha256()},
        "matrix": {before: {after: matrix[before][after] for after in DECISIONS} for before in DECISIONS},
        "changes": {k: {"count": len(v), "ids": v} for k, v in sorted(changes.items())},
        "reasons": {"added": dict(added), "removed": dict(removed)},
        "limitations": dict(ctx.limitations),
        "verdicts_with_limitations": ctx.limited,
        "not_reapplied": not_reapplied(ctx.scored_config, config),
        "source_unfinished": why,
        "seconds": seconds,
    }
    summary = {
        "articles": articles,
        "status": dict(status),
        "decision": dict(decisions),
        "reasons": dict(reasons),
        "seconds": seconds,
        "decided_from": str(source),
        "profile": config.profile,
        "config_sha256": config.sha256(),
        "complete": why is None,
        **({"stopped": f"its source {source} is not a finished batch: {why}"} if why else {}),
    }
    write_atomic(out / "summary.json", json.dumps(summary, indent=2, sort_keys=True))
    write_atomic(out / "errors.jsonl", json_lines(errors))
    decided_run = {
        **run,
        "model_thresholds": ctx.tuned,
        "decided": {
            "from": str(source),
            "profile": config.profile,
            "config_sha256": config.sha256(),
            "config": to_mapping(config),
        },
    }
    write_atomic(out / "run.json", json.dumps(decided_run, indent=2))
    write_atomic(out / "decide-diff.json", json.dumps(diff, indent=2))
    return diff


def one_line(diff: dict[str, Any]) -> str:
    """The diff as one line: how many decisions changed, and from what to what."""
    moves = ", ".join(f"{k} {v['count']}" for k, v in diff["changes"].items()) or "none"
    line = (
        f"decide: {diff['articles']} articles, {diff['decided']} decided under profile {diff['to']['profile']}; "
        f"{diff['changed']} decisions changed ({moves}); wrote {diff['out']}"
    )
    if diff["limitations"]:
        line += f"; {diff['verdicts_with_limitations']} verdicts with limitations (see decide-diff.json)"
    if diff["not_reapplied"]:
        line += f"; {len(diff['not_reapplied'])} setting(s) not re-applied (need a new batch)"
    if diff.get("source_unfinished"):
        line += f"; warning: {diff['source'].rstrip('/')} is not a finished batch ({diff['source_unfinished']})"
    return line
