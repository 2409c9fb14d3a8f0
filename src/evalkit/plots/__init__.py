"""Figures: functions that take tidy frames and return matplotlib Figures.

Every figure function is named ``plot_<what>``; the older names (``event_study_plot``,
``trend_figure``, ``placebo_figure``) still work for one release with a DeprecationWarning.
"""

from evalkit.plots.event_study import event_study_plot, plot_event_study
from evalkit.plots.fonts import cjk_font_family, use_cjk_font
from evalkit.plots.localise import localise_figure
from evalkit.plots.trends import placebo_figure, plot_placebo, plot_trends, trend_figure

__all__ = [
    "cjk_font_family",
    "event_study_plot",
    "localise_figure",
    "placebo_figure",
    "plot_event_study",
    "plot_placebo",
    "plot_trends",
    "trend_figure",
    "use_cjk_font",
]
