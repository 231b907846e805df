"""Where the shipped files (config.yaml, models/) live.

In a wheel they are packed under ``healthmod/_shipped``; in a source checkout (an editable
install, or running the tests) they are the top-level files of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "_shipped"
_REPO_ROOT = Path(__file__).resolve().parents[2]


def shipped_path(name: str) -> Path:
    """Path of a shipped file such as ``config.yaml`` or ``models/promo.skops``."""
    packaged = _PACKAGED / name
    return packaged if packaged.exists() else _REPO_ROOT / name
