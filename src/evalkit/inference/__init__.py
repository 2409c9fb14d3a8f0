"""Inference beyond analytic standard errors: placebo and permutation methods."""

from evalkit.inference.placebo import PlaceboResult, placebo_in_space

__all__ = ["PlaceboResult", "placebo_in_space"]
