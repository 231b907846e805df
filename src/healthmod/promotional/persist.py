"""Saving and loading the model without unpickling arbitrary files.

The model is a skops file (``promo.skops``) beside a JSON sidecar (``promo.json``) that holds
the format version, library versions, the corpus hash, the training settings, the metrics and
the file's own SHA-256. Loading checks, in order: both files exist, the sidecar parses, the
format version matches, the model file's hash matches the sidecar (tampering or truncation),
and every type in the file is on :data:`TRUSTED_TYPES` (a reviewed list); only then does skops
build the objects. Any failure raises :class:`ModelError` with a message saying which check.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import skops.io as sio

from .model import PromoModel

# 2: word features from spaCy tokens (TokenNgrams) instead of HashingVectorizer;
# 3: the article model reads the document model's log-odds instead of its probability
FORMAT_VERSION = 3
# An object id in a skops schema: "__id__": 1234, or a member file name "1234.npy".
OBJECT_ID = re.compile(r'("__id__": (\d+))|"(\d+)\.npy"')
# Types outside skops' defaults that a healthmod model may contain; reviewed by hand. skops
# already trusts builtins, numpy, scipy sparse matrices and scikit-learn's estimators.
TRUSTED_TYPES = [
    "healthmod.promotional.features.CueCounts",
    "healthmod.promotional.features.TokenNgrams",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.model_selection._split.StratifiedKFold",
    "numpy.dtype",
    "builtins.getattr",
]


class ModelError(RuntimeError):
    """A model file that healthmod refuses to load; the message says why."""


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecar_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def save_model(model: PromoModel, path: str | Path, metadata: dict[str, Any]) -> dict[str, Any]:
    """Write the model and its sidecar; return the sidecar, which records the model file's hash."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_deterministic_zip(sio.dumps(model.to_state(), compression=zipfile.ZIP_DEFLATED)))
    meta = {"format_version": FORMAT_VERSION, **metadata, "model_sha256": sha256_file(path)}
    sidecar_path(path).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite skops' zip so that equal models give equal bytes.

    skops names arrays and objects after their Python ``id()``, which changes from run to run;
    they are renumbered in order of first appearance in the schema, and timestamps are fixed.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    schema = src.read("schema.json").decode("utf-8")
    order: dict[str, str] = {}
    for match in OBJECT_ID.finditer(schema):
        order.setdefault(match.group(2) or match.group(3), str(len(order) + 1))

    def renumber(match: re.Match[str]) -> str:
        old = match.group(2) or match.group(3)
        return match.group(0).replace(old, order[old])

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        members = {"schema.json": OBJECT_ID.sub(renumber, schema).encode("utf-8")}
        for name in src.namelist():
            if name != "schema.json":
                stem, dot, ext = name.partition(".")
                members[f"{order.get(stem, stem)}{dot}{ext}"] = src.read(name)
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, members[name])
    return out.getvalue()


def read_metadata(path: str | Path) -> dict[str, Any]:
    side = sidecar_path(Path(path))
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"model metadata {side} is missing; a model needs its sidecar") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"model metadata {side} is not valid JSON") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"model metadata {side} is not a JSON object")
    return meta


def load_model(path: str | Path) -> tuple[PromoModel, dict[str, Any]]:
    """Load a model after checking its sidecar, hash and types; raise ModelError otherwise."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"model file {path} not found (run `healthmod train` to make one)")
    meta = read_metadata(path)
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"model {path} has format version {meta.get('format_version')!r}; this healthmod "
            f"reads version {FORMAT_VERSION}. Retrain it with `healthmod train`."
        )
    if sha256_file(path) != meta.get("model_sha256"):
        raise ModelError(f"model {path} does not match the hash in its sidecar: it was modified or truncated")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # skops raises many kinds on a file that is not its format
        raise ModelError(f"model {path} is not a readable skops file ({type(exc).__name__})") from exc
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise ModelError(f"model {path} contains types that are not on the trusted list: {', '.join(unknown)}")
    try:
        state = sio.load(path, trusted=untrusted)
        return PromoModel.from_state(state), meta
    except Exception as exc:  # same: any failure to build the objects is a refused model
        raise ModelError(f"model {path} could not be loaded ({type(exc).__name__}: {exc})") from exc
