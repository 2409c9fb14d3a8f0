"""Inference beyond analytic standard errors: placebo, permutation, bootstrap and HonestDiD."""

from evalkit.inference.aggregated import AggregatedTResult, aggregated_t_test
from evalkit.inference.few_clusters import (
    RECOMMENDED,
    FewClustersTable,
    few_cluster_pvalues,
    zhejiang_pvalue_table,
)
from evalkit.inference.honest import (
    SensitivityResult,
    drop_reference_period,
    original_cs,
    sensitivity_relative_magnitudes,
    sensitivity_smoothness,
)
from evalkit.inference.placebo import PlaceboResult, placebo_in_space
from evalkit.inference.randomization import RandomizationResult, randomization_test
from evalkit.inference.wild_bootstrap import (
    WildBootstrapResult,
    bootstrap_weights,
    twfe_wild_bootstrap,
    wild_cluster_bootstrap,
)

__all__ = [
    "RECOMMENDED",
    "AggregatedTResult",
    "FewClustersTable",
    "PlaceboResult",
    "RandomizationResult",
    "SensitivityResult",
    "WildBootstrapResult",
    "aggregated_t_test",
    "bootstrap_weights",
    "drop_reference_period",
    "few_cluster_pvalues",
    "original_cs",
    "placebo_in_space",
    "randomization_test",
    "sensitivity_relative_magnitudes",
    "sensitivity_smoothness",
    "twfe_wild_bootstrap",
    "wild_cluster_bootstrap",
    "zhejiang_pvalue_table",
]
