"""Difference-in-differences estimators.

Staggered adoption: :func:`att_gt` estimates group-time ATTs (Callaway & Sant'Anna 2021) and
:func:`aggte` aggregates them; :func:`twfe` is the static two-way fixed-effects benchmark.
"""

from evalkit.did.aggte import aggte
from evalkit.did.attgt import att_gt
from evalkit.did.bootstrap import BootstrapResult, multiplier_bootstrap
from evalkit.did.data import DidPanel, first_treated_period, prepare_panel
from evalkit.did.results import AggregateResult, GroupTimeResult, WaldTest
from evalkit.did.twfe import TWFEResult, twfe

__all__ = [
    "AggregateResult",
    "BootstrapResult",
    "DidPanel",
    "GroupTimeResult",
    "TWFEResult",
    "WaldTest",
    "aggte",
    "att_gt",
    "first_treated_period",
    "multiplier_bootstrap",
    "prepare_panel",
    "twfe",
]
