"""Parameterized reports: analyses for notebooks, rendering, results and the index."""

from evalkit.report.results import load_results, publish_results

__all__ = ["load_results", "publish_results"]
