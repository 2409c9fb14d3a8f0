"""Plan registry, treatment timing, target attainment, and extraction from policy documents."""

from evalkit.plans.ambition import AMBITION_COLUMNS, Ambition, ambition, ambition_table
from evalkit.plans.attainment import (
    ATTAINMENT_COLUMNS,
    DENOMINATORS,
    ROUND_COLUMNS,
    Attainment,
    attainment,
    round_attainment,
)
from evalkit.plans.cross_city import RANKED_INDICATORS, cross_city_table
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
from evalkit.plans.labels import DisplayTable, display_table
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
from evalkit.plans.projection import (
    VERDICT_RULE,
    Projection,
    flat_pace,
    flow_from_stock,
    project_cumulative_path,
    project_growth_path,
    project_growth_via_denominator,
    project_share_of_flow,
    verdict,
)
from evalkit.plans.registry import DEFAULT_PATH, PlanRegistry
from evalkit.plans.reported_extract import ReportedExtraction, extract_reported
from evalkit.plans.timing import TreatmentTiming, treatment_timing
from evalkit.plans.unit_sections import UnitAttainment, unit_attainment

__all__ = [
    "AMBITION_COLUMNS",
    "ATTAINMENT_COLUMNS",
    "DEFAULT_OUTCOMES",
    "DEFAULT_PATH",
    "DENOMINATORS",
    "RANKED_INDICATORS",
    "ROUND_COLUMNS",
    "VERDICT_RULE",
    "AllocationError",
    "Ambition",
    "Attainment",
    "Comparison",
    "DisplayTable",
    "ExtractionError",
    "OutcomeCatalogueError",
    "PlanRegistry",
    "PlanRegistryError",
    "Projection",
    "RegistryWarning",
    "ReportedExtraction",
    "TargetExtraction",
    "TimingWarning",
    "TreatmentTiming",
    "UnitAttainment",
    "UnknownUnitCodeError",
    "ambition",
    "ambition_table",
    "attainment",
    "compare",
    "cross_city_table",
    "direction",
    "display_table",
    "expected_sign",
    "extract_reported",
    "extract_targets",
    "flat_pace",
    "flow_from_stock",
    "outcome_catalogue",
    "outcome_columns",
    "outcome_coverage",
    "outcome_measures",
    "plot_plan_timeline",
    "project_cumulative_path",
    "project_growth_path",
    "project_growth_via_denominator",
    "project_share_of_flow",
    "render_catalogue",
    "round_attainment",
    "treatment_timing",
    "unit_attainment",
    "verdict",
]
