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
from evalkit.plans.registry import DEFAULT_PATH, PlanRegistry
from evalkit.plans.timing import TreatmentTiming, treatment_timing

__all__ = [
    "ATTAINMENT_COLUMNS",
    "DEFAULT_PATH",
    "AllocationError",
    "Attainment",
    "PlanRegistry",
    "PlanRegistryError",
    "RegistryWarning",
    "TimingWarning",
    "TreatmentTiming",
    "UnknownUnitCodeError",
    "attainment",
    "plot_plan_timeline",
    "treatment_timing",
]
