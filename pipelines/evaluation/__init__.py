"""Evaluation harnesses against the public gold data in ``../shared/eval``.

The gold files belong to their publishers, so they are read in place and never
copied into the repository. ``WIREFACTS_EVAL_DIR`` overrides the location.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def eval_dir() -> Path | None:
    """The gold-data folder, or None when it is absent (callers then skip cleanly)."""
    configured = os.environ.get("WIREFACTS_EVAL_DIR")
    path = Path(configured) if configured else REPO_ROOT.parent / "shared" / "eval"
    return path if path.is_dir() else None
