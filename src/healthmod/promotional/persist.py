"""Saving and loading the model without unpickling arbitrary files.

A model is three files: the fitted estimators as a skops file (``promo.skops``), the arrays
scoring reads (:class:`~.linear.LinearModel`) as an ``.npz`` of plain arrays (``promo.npz``), and
a JSON sidecar (``promo.json``) that holds the format version, library versions, the corpus hash,
the training settings, the metrics and both files' SHA-256.

The pipeline loads the arrays (:func:`load_scorer`): no object is unpickled, and neither skops nor
scikit-learn is imported, which halves a run's start-up. Training, evaluation and anyone inspecting
the estimators load the skops file (:func:`load_model`), after checking that every type in it is on
:data:`TRUSTED_TYPES` (a reviewed list). Both check first that the files exist, the sidecar parses,
the format version matches and the file's hash matches the sidecar (tampering or truncation). Any
failure raises :class:`ModelError` with a message saying which check.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .linear import LinearModel

if TYPE_CHECKING:
    from .model import PromoModel

# 2: word features from spaCy tokens (TokenNgrams) instead of HashingVectorizer;
# 3: the article model reads the document model's log-odds instead of its probability;
# 4: the arrays scoring reads are saved beside the estimators (promo.npz)
FORMAT_VERSION = 4
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


MODEL_FILE = "promo.skops"  # the estimators' file in the folder `healthmod train --out` writes


def model_file(path: str | Path) -> Path:
    """The estimators' file of the model a user names in any of the usual ways: that file itself, the
    arrays (``.npz``) or the sidecar (``.json``) beside it, or the folder `healthmod train --out` wrote."""
    path = Path(path)
    if path.is_dir():
        return path / MODEL_FILE
    return path.with_suffix(".skops") if path.suffix in (".npz", ".json") else path


def sidecar_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def arrays_path(model_path: Path) -> Path:
    return model_path.with_suffix(".npz")


def save_model(model: PromoModel, path: str | Path, metadata: dict[str, Any]) -> dict[str, Any]:
    """Write the model and its sidecar; return the sidecar, which records the model file's hash."""
    import skops.io as sio  # here, not above: it imports all of scikit-learn, which scoring never needs

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_deterministic_zip(sio.dumps(model.to_state(), compression=zipfile.ZIP_DEFLATED)))
    arrays_path(path).write_bytes(_npz(LinearModel.of(model).arrays()))
    meta = {
        "format_version": FORMAT_VERSION,
        **metadata,
        "model_sha256": sha256_file(path),
        "arrays_sha256": sha256_file(arrays_path(path)),
    }
    sidecar_path(path).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    """``arrays`` as an .npz file (what ``np.load`` reads), byte for byte the same for the same arrays:
    numpy's own writer stamps each member with the time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, arrays[name], allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, member.getvalue())
    return out.getvalue()


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


def _checked_metadata(path: Path) -> dict[str, Any]:
    """The sidecar of the model at ``path``, once it and the model's files have passed the checks every
    load makes (the scorer reads only the arrays, but a model whose estimators were altered is refused
    too: the verdicts name the model by the estimators' hash)."""
    if not path.is_file():
        raise ModelError(f"model file {path} not found (run `healthmod train` to make one)")
    meta = read_metadata(path)
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"model {path} has format version {meta.get('format_version')!r}; this healthmod "
            f"reads version {FORMAT_VERSION}. Retrain it with `healthmod train`."
        )
    for data, key in ((path, "model_sha256"), (arrays_path(path), "arrays_sha256")):
        if not data.is_file():
            raise ModelError(f"model file {data} not found: a model is {path.name} with its .json and .npz beside it")
        if sha256_file(data) != meta.get(key):
            raise ModelError(f"model {data} does not match the hash in its sidecar: it was modified or truncated")
    return meta


def load_scorer(path: str | Path) -> tuple[LinearModel, dict[str, Any]]:
    """The arrays the pipeline scores with, and the sidecar, after checking them; raise ModelError otherwise."""
    path = model_file(path)
    meta = _checked_metadata(path)
    try:
        with np.load(arrays_path(path), allow_pickle=False) as npz:
            return LinearModel.from_arrays({name: npz[name] for name in npz.files}), meta
    except Exception as exc:  # numpy raises many kinds on a file that is not its format
        raise ModelError(f"model {arrays_path(path)} could not be read ({type(exc).__name__}: {exc})") from exc


def load_model(path: str | Path) -> tuple[PromoModel, dict[str, Any]]:
    """The fitted estimators and the sidecar, after checking them and the types in the file; raise
    ModelError otherwise."""
    import skops.io as sio  # see save_model

    from .model import PromoModel

    path = model_file(path)
    meta = _checked_metadata(path)
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
