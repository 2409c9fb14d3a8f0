"""Difference-in-differences estimators.

Staggered adoption: :func:`att_gt` estimates group-time ATTs (Callaway & Sant'Anna 2021) and
:func:`aggte` aggregates them; :func:`twfe` is the static two-way fixed-effects benchmark,
:func:`event_study` its dynamic version; :func:`sun_abraham` and :func:`imputation` (Borusyak,
Jaravel & Spiess) are heterogeneity-robust event studies; :func:`bacon_decomposition` splits
the TWFE coefficient into its 2x2 comparisons; :func:`membership_bounds` bounds the ATT
over the unknown members of a cohort; :func:`tier_matched` compares within a unit tier.
the TWFE coefficient into its 2x2 comparisons. :func:`city_event_study` is one treated city's
event study against the never-treated units, with placebo inference and a pre-trend test.
"""

from evalkit.did.aggte import aggte
from evalkit.did.attgt import att_gt
from evalkit.did.bacon import BaconDecomposition, bacon_decomposition
from evalkit.did.bootstrap import BootstrapResult, multiplier_bootstrap
from evalkit.did.city_event_study import (
    CityEventStudyResult,
    CityPretrendTest,
    city_event_study,
)
from evalkit.did.compare import EstimatorComparison, comparison_plot, etable, etable_cells
from evalkit.did.data import DidPanel, first_treated_period, prepare_panel
from evalkit.did.event_study import EventStudyResult, PretrendTest, event_study, sup_t_critical
from evalkit.did.imputation import imputation
from evalkit.did.membership_bounds import MembershipBounds, count_assignments, membership_bounds
from evalkit.did.results import AggregateResult, GroupTimeResult, WaldTest
from evalkit.did.sun_abraham import SunAbrahamResult, sun_abraham
from evalkit.did.tier_matched import TierMatchedResult, tier_matched
from evalkit.did.twfe import FixedEffectsFit, TWFEResult, fe_regression, twfe

__all__ = [
    "AggregateResult",
    "BaconDecomposition",
    "BootstrapResult",
    "CityEventStudyResult",
    "CityPretrendTest",
    "DidPanel",
    "EstimatorComparison",
    "EventStudyResult",
    "FixedEffectsFit",
    "GroupTimeResult",
    "MembershipBounds",
    "PretrendTest",
    "SunAbrahamResult",
    "TWFEResult",
    "TierMatchedResult",
    "WaldTest",
    "aggte",
    "att_gt",
    "bacon_decomposition",
    "city_event_study",
    "comparison_plot",
    "count_assignments",
    "etable",
    "etable_cells",
    "event_study",
    "fe_regression",
    "first_treated_period",
    "imputation",
    "membership_bounds",
    "multiplier_bootstrap",
    "prepare_panel",
    "sun_abraham",
    "sup_t_critical",
    "tier_matched",
    "twfe",
]
