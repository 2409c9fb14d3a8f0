"""Raw files into one validated long city-year panel."""

from evalkit.panel.build import build, ensure_built, load, load_summary, panel_summary, read_raw
from evalkit.panel.codebook import indicator_codebook, indicator_label
from evalkit.panel.container import Panel
from evalkit.panel.tiers import city_tiers, unit_tiers

__all__ = [
    "Panel",
    "build",
    "city_tiers",
    "ensure_built",
    "indicator_codebook",
    "indicator_label",
    "load",
    "load_summary",
    "panel_summary",
    "read_raw",
    "unit_tiers",
]
