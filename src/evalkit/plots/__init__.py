"""Figures: functions that take tidy frames and return matplotlib Figures.

Every figure function is named ``plot_<what>`` and takes the texts it draws as a ``labels``
mapping (English by default; a report passes ``evalkit.i18n.figure_text(figure, language)``).
The older names (``event_study_plot``, ``trend_figure``, ``placebo_figure``) and the old
``language=`` keyword still work for one release with a DeprecationWarning.
"""

from evalkit.plots.event_study import event_study_plot, plot_event_study
from evalkit.plots.fonts import cjk_font_family, use_cjk_font
from evalkit.plots.trends import placebo_figure, plot_placebo, plot_trends, trend_figure

__all__ = [
    "cjk_font_family",
    "event_study_plot",
    "placebo_figure",
    "plot_event_study",
    "plot_placebo",
    "plot_trends",
    "trend_figure",
    "use_cjk_font",
]
