"""Evaluation designs built from the plan registry (:func:`build_design`, :class:`Design`)."""

from evalkit.design.build import (
    DEFAULT_OUTCOMES,
    DEFAULT_PROGRAMME,
    DEFAULT_YEARS,
    PROGRAMMES,
    build_design,
    design_variant,
)
from evalkit.design.design import ConfounderPolicy, Design
from evalkit.design.outcomes import outcome_column, outcome_frame
from evalkit.design.rollout import rollout_sample
from evalkit.design.sensitivity import confounder_variants, programme_counts

__all__ = [
    "DEFAULT_OUTCOMES",
    "DEFAULT_PROGRAMME",
    "DEFAULT_YEARS",
    "PROGRAMMES",
    "ConfounderPolicy",
    "Design",
    "build_design",
    "confounder_variants",
    "design_variant",
    "outcome_column",
    "outcome_frame",
    "programme_counts",
    "rollout_sample",
]
