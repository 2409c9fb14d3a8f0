"""Inference beyond analytic standard errors: placebo, permutation, bootstrap and HonestDiD."""

from evalkit.inference.aggregated import AggregatedTResult, aggregated_t_test
from evalkit.inference.few_clusters import (
    RECOMMENDED,
    FewClustersTable,
    few_cluster_pvalues,
    zhejiang_pvalue_table,
)
from evalkit.inference.honest import (
    HonestSummary,
    SensitivityResult,
    average_l_vec,
    breakdown_relative_magnitude,
    breakdown_smoothness,
    calibrated_m_grid,
    drop_reference_period,
    honest_summary,
    original_cs,
    sensitivity_relative_magnitudes,
    sensitivity_smoothness,
)
from evalkit.inference.multiplicity import (
    AttainableP,
    adjust_batch,
    bh_qvalues,
    smallest_attainable_p,
)
from evalkit.inference.placebo import PlaceboResult, placebo_in_space
from evalkit.inference.power import (
    implied_standard_error,
    mde_percent,
    minimum_detectable_effect,
)
from evalkit.inference.randomization import RandomizationResult, randomization_test
from evalkit.inference.recommend import (
    DesignFacts,
    Headline,
    Recommendation,
    design_facts,
    recommend,
    recommended_headline,
    rule_table,
)
from evalkit.inference.wild_bootstrap import (
    WildBootstrapResult,
    bootstrap_weights,
    twfe_wild_bootstrap,
    wild_cluster_bootstrap,
)

__all__ = [
    "RECOMMENDED",
    "AggregatedTResult",
    "AttainableP",
    "DesignFacts",
    "FewClustersTable",
    "Headline",
    "HonestSummary",
    "PlaceboResult",
    "RandomizationResult",
    "Recommendation",
    "SensitivityResult",
    "WildBootstrapResult",
    "adjust_batch",
    "aggregated_t_test",
    "average_l_vec",
    "bh_qvalues",
    "bootstrap_weights",
    "breakdown_relative_magnitude",
    "breakdown_smoothness",
    "calibrated_m_grid",
    "design_facts",
    "drop_reference_period",
    "few_cluster_pvalues",
    "honest_summary",
    "implied_standard_error",
    "mde_percent",
    "minimum_detectable_effect",
    "original_cs",
    "placebo_in_space",
    "randomization_test",
    "recommend",
    "recommended_headline",
    "rule_table",
    "sensitivity_relative_magnitudes",
    "sensitivity_smoothness",
    "smallest_attainable_p",
    "twfe_wild_bootstrap",
    "wild_cluster_bootstrap",
    "zhejiang_pvalue_table",
]
