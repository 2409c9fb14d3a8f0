"""Raw files into one validated long city-year panel."""

from evalkit.panel.build import build, load, read_raw
from evalkit.panel.codebook import indicator_codebook, indicator_label
from evalkit.panel.container import Panel

__all__ = ["Panel", "build", "indicator_codebook", "indicator_label", "load", "read_raw"]
