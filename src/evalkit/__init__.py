"""evalkit: reproducible evaluation of regional enterprise-support plans.

The public API is re-exported here and imported lazily, so ``import evalkit`` stays fast::

    import evalkit
    panel = evalkit.load()
    result = evalkit.att_gt(frame, "y", "year", "unit", "first_treated_year")
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from evalkit.errors import EvalkitError

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

_EXPORTS = {
    "Panel": "evalkit.panel",
    "build": "evalkit.panel",
    "load": "evalkit.panel",
    "read_raw": "evalkit.panel",
    "PlanRegistry": "evalkit.plans",
    "treatment_timing": "evalkit.plans",
    "attainment": "evalkit.plans",
    "att_gt": "evalkit.did",
    "aggte": "evalkit.did",
    "twfe": "evalkit.did",
    "interrupted_time_series": "evalkit.trend",
    "synthetic_control": "evalkit.synth",
    "synthdid": "evalkit.synth",
    "placebo_in_space": "evalkit.inference",
    "load_results": "evalkit.render",
    "simulate_staggered_panel": "evalkit.simulate",
    "simulate_province_rollout": "evalkit.simulate",
}

__all__ = ["EvalkitError", "__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'evalkit' has no attribute {name!r}")
