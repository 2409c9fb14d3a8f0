"""Difference-in-differences estimators."""

from evalkit.did.twfe import TWFEResult, twfe

__all__ = ["TWFEResult", "twfe"]
