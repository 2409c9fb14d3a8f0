"""Raw files into one validated long city-year panel."""

from evalkit.panel.build import build, ensure_built, load, load_summary, panel_summary, read_raw
from evalkit.panel.codebook import indicator_codebook, indicator_label
from evalkit.panel.container import Panel

__all__ = [
    "Panel",
    "build",
    "ensure_built",
    "indicator_codebook",
    "indicator_label",
    "load",
    "load_summary",
    "panel_summary",
    "read_raw",
]
