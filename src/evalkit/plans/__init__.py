"""Plan registry, treatment timing and target attainment from the policy documents."""

from evalkit.plans.attainment import ATTAINMENT_COLUMNS, Attainment, attainment
from evalkit.plans.errors import (
    AllocationError,
    PlanRegistryError,
    RegistryWarning,
    TimingWarning,
    UnknownUnitCodeError,
)
from evalkit.plans.figures import plot_plan_timeline
from evalkit.plans.outcomes import (
    DEFAULT_OUTCOMES,
    OutcomeCatalogueError,
    direction,
    expected_sign,
    outcome_catalogue,
    outcome_columns,
    outcome_coverage,
    outcome_measures,
    render_catalogue,
)
from evalkit.plans.registry import DEFAULT_PATH, PlanRegistry
from evalkit.plans.timing import TreatmentTiming, treatment_timing

__all__ = [
    "ATTAINMENT_COLUMNS",
    "DEFAULT_OUTCOMES",
    "DEFAULT_PATH",
    "AllocationError",
    "Attainment",
    "OutcomeCatalogueError",
    "PlanRegistry",
    "PlanRegistryError",
    "RegistryWarning",
    "TimingWarning",
    "TreatmentTiming",
    "UnknownUnitCodeError",
    "attainment",
    "direction",
    "expected_sign",
    "outcome_catalogue",
    "outcome_columns",
    "outcome_coverage",
    "outcome_measures",
    "plot_plan_timeline",
    "render_catalogue",
    "treatment_timing",
]
