"""Plan registry, treatment timing, target attainment, and extraction from policy documents."""

from evalkit.plans.attainment import ATTAINMENT_COLUMNS, Attainment, attainment
from evalkit.plans.errors import (
    AllocationError,
    PlanRegistryError,
    RegistryWarning,
    TimingWarning,
    UnknownUnitCodeError,
)
from evalkit.plans.extract import ExtractionError, TargetExtraction, extract_targets
from evalkit.plans.extract_compare import Comparison, compare
from evalkit.plans.figures import plot_plan_timeline
from evalkit.plans.registry import DEFAULT_PATH, PlanRegistry
from evalkit.plans.reported_extract import ReportedExtraction, extract_reported
from evalkit.plans.timing import TreatmentTiming, treatment_timing

__all__ = [
    "ATTAINMENT_COLUMNS",
    "DEFAULT_PATH",
    "AllocationError",
    "Attainment",
    "Comparison",
    "ExtractionError",
    "PlanRegistry",
    "PlanRegistryError",
    "RegistryWarning",
    "ReportedExtraction",
    "TargetExtraction",
    "TimingWarning",
    "TreatmentTiming",
    "UnknownUnitCodeError",
    "attainment",
    "compare",
    "extract_reported",
    "extract_targets",
    "plot_plan_timeline",
    "treatment_timing",
]
