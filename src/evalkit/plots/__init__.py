"""Figures: functions that take tidy frames and return matplotlib Figures."""

from evalkit.plots.event_study import event_study_plot
from evalkit.plots.fonts import cjk_font_family, use_cjk_font
from evalkit.plots.localise import localise_figure
from evalkit.plots.trends import placebo_figure, trend_figure

__all__ = [
    "cjk_font_family",
    "event_study_plot",
    "localise_figure",
    "placebo_figure",
    "trend_figure",
    "use_cjk_font",
]
