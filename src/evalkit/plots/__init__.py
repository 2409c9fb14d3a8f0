"""Figures: functions that take tidy frames and return matplotlib Figures."""

from evalkit.plots.fonts import cjk_font_family, use_cjk_font

__all__ = ["cjk_font_family", "use_cjk_font"]
