"""Configuration as validated data.

The schema is a tree of dataclasses; :func:`from_mapping` walks a YAML mapping against it
and rejects unknown, missing or misspelt keys, wrong types and out-of-range values with an
error that names the key path and the value. The shipped ``config.yaml`` is the one place
defaults live; a user file is merged over it key by key, so it only needs the keys it changes.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from .document import DISCLOSURE_KINDS, PROMO_CATEGORIES
from .resources import shipped_path

Severity = Literal["info", "warning", "error"]
Decision = Literal["pass", "review", "reject"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
DECISION_RANK = {"pass": 0, "review": 1, "reject": 2}


DEFAULT_PROFILE = "platform"


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the key and the value."""


def _range(lo: float | None = None, hi: float | None = None) -> dict[str, Any]:
    return {"min": lo, "max": hi}


@dataclass
class Limits:
    # Articles larger than this (UTF-8 bytes) get an error verdict instead of being processed.
    max_article_bytes: int = field(metadata=_range(1, None))
    # Sentences longer than this many characters are scored on their first part only.
    max_sentence_chars: int = field(metadata=_range(50, None))
    # Share of common English function words among word tokens below which text is "not English".
    min_english_ratio: float = field(metadata=_range(0.0, 1.0))
    # Articles with fewer body words than this after stripping are skipped as "no article body".
    min_body_words: int = field(metadata=_range(0, None))
    # Seconds one article may take in batch and check before it becomes an error verdict; 0: no limit.
    article_seconds: float = field(metadata=_range(0.0, None))


@dataclass
class BoilerplateConfig:
    # A line with at least this many words and sentence punctuation counts as prose.
    prose_min_words: int = field(metadata=_range(1, None))
    # This many or more consecutive short lines form a list-like run (navigation, teaser lists).
    list_run_min_lines: int = field(metadata=_range(2, None))
    # Drop every line after a terminating marker ("END", "Recommend", "Related articles"...).
    cut_after_terminator: bool
    # Body blocks separated by fewer than this many furniture blocks belong to one cluster of text.
    cluster_gap: int = field(metadata=_range(1, None))
    # Clusters with less than this share of the largest cluster's words are dropped as off-article.
    cluster_min_share: float = field(metadata=_range(0.0, 1.0))
    # How to handle HTML input: trafilatura extraction followed by the text stage.
    html_extractor: Literal["trafilatura"]
    # Which way the extractor leans when unsure whether a block is article text: "precision" leaves out
    # more doubtful blocks (on real pages it gives up a little body text for much less furniture).
    html_favor: Literal["precision", "balanced", "recall"]


@dataclass
class PromotionalConfig:
    # A sentence scoring at least this is flagged as promotional; null: the model's dev-tuned threshold.
    sentence_threshold: float | None = field(metadata=_range(0.0, 1.0))
    # An article scoring at least this is flagged as promotional; null: the model's dev-tuned threshold.
    article_threshold: float | None = field(metadata=_range(0.0, 1.0))
    # Path of a trained model file (.skops); empty means the shipped model.
    model: str
    # Category scores below this are not reported on a flagged sentence.
    category_threshold: float = field(metadata=_range(0.0, 1.0))


@dataclass
class DisclosurePolicy:
    # When the disclosure is required: always, only when its trigger fires, or never.
    required: Literal["always", "triggered", "never"]
    # How serious a missing disclosure of this kind is.
    severity: Severity


@dataclass
class Condition:
    """What must hold for a policy rule to fire; unset parts are not checked, set parts must all hold."""

    promo_score_at_least: float | None = field(default=None, metadata=_range(0.0, 1.0))
    flagged_sentences_at_least: int | None = field(default=None, metadata=_range(0, None))
    any_category: list[Literal[PROMO_CATEGORIES]] | None = None  # type: ignore[valid-type]
    missing_severity_at_least: Severity | None = None
    missing_any: list[Literal[DISCLOSURE_KINDS]] | None = None  # type: ignore[valid-type]


@dataclass
class Rule:
    code: str
    decision: Decision
    message: str
    when: Condition = field(default_factory=Condition)


@dataclass
class VerdictPolicy:
    # Rules are checked in order; the decision is the most severe among the rules that fire.
    rules: list[Rule]
    # Severity of a flagged sentence in `healthmod check`'s findings (and SARIF levels).
    sentence_severity: Severity = "warning"
    # A flagged sentence in one of these categories gets this severity instead (the highest applies).
    category_severity: dict[Literal[PROMO_CATEGORIES], Severity] = field(default_factory=dict)  # type: ignore[valid-type]


@dataclass
class Config:
    """Every setting; the shipped ``config.yaml`` gives each one its default."""

    limits: Limits
    boilerplate: BoilerplateConfig
    promotional: PromotionalConfig
    disclosures: dict[Literal[DISCLOSURE_KINDS], DisclosurePolicy]  # type: ignore[valid-type]
    verdict: VerdictPolicy
    # The policy profile in force: a name under `profiles`, whose settings are merged over the rest.
    profile: str = DEFAULT_PROFILE

    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(to_mapping(self), sort_keys=True).encode()).hexdigest()


# --- generic validation -------------------------------------------------------------------


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp).replace("typing.", ""))


def _convert(value: Any, tp: Any, path: str, meta: dict[str, Any]) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        return _convert(value, inner[0], path, meta)
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{path}: {value!r} is not one of {', '.join(map(repr, args))}")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{path}: expected a list, got {value!r}")
        return [_convert(v, args[0], f"{path}[{i}]", {}) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: expected a mapping, got {value!r}")
        return {
            _convert(k, args[0], f"{path}.{k}", {}): _convert(v, args[1], f"{path}.{k}", {}) for k, v in value.items()
        }
    if is_dataclass(tp):
        return from_mapping(tp, value, path)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, tp) or (tp is not bool and isinstance(value, bool)):
        raise ConfigError(f"{path}: expected {_type_name(tp)}, got {value!r}")
    lo, hi = meta.get("min"), meta.get("max")
    if value != value:  # NaN compares false with everything, so it would slip past the range check
        raise ConfigError(f"{path}: {value!r} is not a number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(f"{path}: {value!r} is out of range [{lo}, {'' if hi is None else hi}]")
    return value


def from_mapping(cls: type, data: Any, path: str = "") -> Any:
    """Build dataclass ``cls`` from a mapping, rejecting unknown keys and wrong values."""
    where = path or "config"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping, got {data!r}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(f"{where}: unknown key '{path + '.' if path else ''}{key}'{hint}")
    kwargs = {}
    for name, f in known.items():
        key_path = f"{path}.{name}" if path else name
        if name in data:
            kwargs[name] = _convert(data[name], hints[name], key_path, dict(f.metadata))
        elif f.default is MISSING and f.default_factory is MISSING:
            raise ConfigError(f"{where}: missing required key '{key_path}'")
    return cls(**kwargs)


def to_mapping(obj: Any) -> Any:
    if is_dataclass(obj):
        return {f.name: to_mapping(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [to_mapping(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_mapping(v) for k, v in obj.items()}
    return obj


def _merge(base: dict[str, Any], over: dict[str, Any], where: str = "") -> dict[str, Any]:
    """``over`` merged into ``base`` key by key; null where ``base`` has a mapping is refused (it would
    silently drop the defaults under it, a whole profile say)."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(merged.get(key), dict) and value is None:
            raise ConfigError(f"{where}{key}: expected a mapping, got null (leave the key out to keep its defaults)")
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, f"{where}{key}.")
        else:
            merged[key] = value
    return merged


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping, got {type(data).__name__}")
    return data


# The names a verdict rule's message may use, with sample values to check templates on load.
MESSAGE_FIELDS = {"score": 0.5, "flagged": 1, "categories": "hype", "missing": "date", "missing_errors": "date"}


def _check_messages(config: Config, prefix: str = "") -> None:
    for i, rule in enumerate(config.verdict.rules):
        try:
            rule.message.format(**MESSAGE_FIELDS)
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(
                f"{prefix}verdict.rules[{i}].message: {rule.message!r} cannot be filled in ({exc!r}); "
                f"it may use {{{'}, {'.join(MESSAGE_FIELDS)}}}"
            ) from exc


def load_config(path: str | Path | None = None, profile: str | None = None) -> Config:
    """The shipped defaults, with the file at ``path`` (if any) merged over them, then the settings of
    the selected profile (``profile``, else the file's ``profile`` key) merged over that; all validated."""
    data = _read_yaml(shipped_path("config.yaml"))
    if path is not None:
        data = _merge(data, _read_yaml(Path(path)))
    return resolve(data, profile)


def resolve(data: dict[str, Any], profile: str | None = None) -> Config:
    """Validate a merged config mapping and every profile in it; return the config of the selected profile.

    ``profiles`` maps a profile name to a partial config (any keys but ``profile`` and ``profiles``)
    merged over the rest of the file. Every profile is validated, not only the selected one, so a
    mistake in a profile is reported the day it is written.
    """
    data = dict(data)
    profiles = data.pop("profiles", None)
    if profiles is None:
        profiles = {}
    if not isinstance(profiles, dict):
        raise ConfigError(f"profiles: expected a mapping of profile names to settings, got {profiles!r}")
    if profile is not None:
        data["profile"] = profile
    base = from_mapping(Config, data)
    _check_messages(base)
    checked = {}
    for name, over in profiles.items():
        where = f"profiles.{name}"
        if not isinstance(name, str):
            raise ConfigError(f"profiles: a profile name must be a string, got {name!r}")
        over = {} if over is None else over
        if not isinstance(over, dict):
            raise ConfigError(f"{where}: expected a mapping of settings, got {over!r}")
        for key in ("profile", "profiles"):
            if key in over:
                raise ConfigError(f"{where}: a profile cannot set '{key}'")
        merged = {**_merge(data, over), "profile": name}
        checked[name] = from_mapping(Config, merged, where)
        _check_messages(checked[name], where + ".")
    if base.profile not in checked:
        close = difflib.get_close_matches(base.profile, list(checked), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        known = ", ".join(checked) or "none"
        raise ConfigError(f"profile: unknown profile {base.profile!r}{hint}; the profiles are: {known}")
    return checked[base.profile]


def profile_names(path: str | Path | None = None) -> list[str]:
    """The profile names defined by the shipped config and the file at ``path``."""
    data = _read_yaml(shipped_path("config.yaml"))
    if path is not None:
        data = _merge(data, _read_yaml(Path(path)))
    profiles = data.get("profiles")
    return list(profiles) if isinstance(profiles, dict) else []
