"""Synthetic control and synthetic DiD for every treated city of a design, computed once.

Placebo-in-space inference refits every donor for every city; doing it once for the batch
(in parallel) and letting each city report read its rows keeps rendering fast. The treated
cities, their first treated years, the donor pool (the design's controls), the indicators and
the seed come from the design (:func:`evalkit.design.build_design`). The table is recomputed
when the panel's inputs, evalkit's code or the design change (its fingerprint file says which).
Only the programmes in :data:`PRECOMPUTED` get a table: the 两创示范 pool of about 300 donors
would take hours; its city reports say so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

# called as evalkit.panel.load and evalkit.synth.city_counterfactuals: looked up per call
import evalkit.panel
import evalkit.synth
from evalkit.config import PROCESSED_DIR
from evalkit.design import build_design
from evalkit.fingerprint import code_fingerprint
from evalkit.util_io import atomic_path, write_text_atomic

if TYPE_CHECKING:
    from evalkit.design import Design

TABLE_FILE = "city_counterfactuals.csv"
STAMP_FILE = "city_counterfactuals.json"
PRECOMPUTED = ("zj_growth_plan",)
SETTINGS = {"replications": 200, "leave_one_out": False}


def _design(design: Design | None) -> Design:
    if design is not None:
        return design
    return build_design()


def _stamp(processed_dir: Path, design: Design) -> dict:
    inputs = json.loads((processed_dir / "inputs.json").read_text(encoding="utf-8"))
    return {
        "inputs": inputs.get("sha256"),
        "code": code_fingerprint(),
        "settings": SETTINGS,
        "design": json.loads(json.dumps(design.to_dict())),
    }


def ensure_counterfactuals(
    processed_dir: Path = PROCESSED_DIR, *, design: Design | None = None, n_jobs: int = 2
) -> bool:
    """Compute the per-city table of ``design`` (default: the growth plan's) unless current.

    Returns
    -------
    bool
        True if it was (re)computed; False if up to date or the programme is not in
        :data:`PRECOMPUTED`.
    """
    design = _design(design)
    if design.programme not in PRECOMPUTED:
        return False
    stamp = _stamp(processed_dir, design)
    stamp_path, table_path = processed_dir / STAMP_FILE, processed_dir / TABLE_FILE
    if table_path.is_file() and stamp_path.is_file():
        if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
            return False
    table = evalkit.synth.city_counterfactuals(
        evalkit.panel.load(processed_dir),
        design=design,
        replications=SETTINGS["replications"],
        leave_one_out=SETTINGS["leave_one_out"],
        n_jobs=n_jobs,
    ).table
    with atomic_path(table_path) as temporary:
        table.to_csv(temporary, index=False, float_format="%.10g")
    write_text_atomic(stamp_path, json.dumps(stamp, indent=2, sort_keys=True) + "\n")
    return True
