"""Plan registry, treatment timing and target attainment from the policy documents."""

from evalkit.plans.errors import (
    AllocationError,
    PlanRegistryError,
    TimingWarning,
    UnknownUnitCodeError,
)
from evalkit.plans.registry import DEFAULT_PATH, PlanRegistry
from evalkit.plans.timing import TreatmentTiming, treatment_timing

__all__ = [
    "DEFAULT_PATH",
    "AllocationError",
    "PlanRegistry",
    "PlanRegistryError",
    "TimingWarning",
    "TreatmentTiming",
    "UnknownUnitCodeError",
    "treatment_timing",
]
