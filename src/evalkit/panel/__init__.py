"""Raw files into one validated long city-year panel."""

from evalkit.panel.breaks import common_breaks, consistent_window, series_breaks
from evalkit.panel.build import build, ensure_built, load, load_summary, panel_summary, read_raw
from evalkit.panel.byo import UserDataError, read_user_indicators
from evalkit.panel.codebook import derived_codebook, indicator_codebook, indicator_label
from evalkit.panel.columns import outcome_columns
from evalkit.panel.container import Panel
from evalkit.panel.flags import JUMP_LOG
from evalkit.panel.quality import flagged_unit_years
from evalkit.panel.tiers import city_tiers, unit_tiers

__all__ = [
    "JUMP_LOG",
    "Panel",
    "UserDataError",
    "build",
    "city_tiers",
    "common_breaks",
    "consistent_window",
    "derived_codebook",
    "ensure_built",
    "flagged_unit_years",
    "indicator_codebook",
    "indicator_label",
    "load",
    "load_summary",
    "outcome_columns",
    "panel_summary",
    "read_raw",
    "read_user_indicators",
    "series_breaks",
    "unit_tiers",
]
