"""Titles that fit their figure (plots.titles).

Oracle: the title's drawn width against the figure's, measured by matplotlib's own renderer
with the CJK font the reports use.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from evalkit.i18n import text
from evalkit.plots import use_cjk_font
from evalkit.plots.titles import set_fitted_title, two_line_title

LONG_ZH = text("cityhead_key_figure", "zh", outcome="年末金融机构贷款余额（对数）")


def _width(ax) -> float:
    renderer = ax.get_figure().canvas.get_renderer()
    return ax.title.get_window_extent(renderer).width


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_city_key_figure_title_fits_a_report_figure(language):
    use_cjk_font()
    title = text("cityhead_key_figure", language, outcome="年末金融机构贷款余额（对数）")
    fig, ax = plt.subplots(figsize=(7, 4.5))
    set_fitted_title(ax, title)
    assert _width(ax) <= fig.bbox.width
    joiner = " " if language == "en" else ""
    assert ax.get_title().replace("\n", joiner) == title
    plt.close(fig)


def test_a_title_that_fits_is_left_on_one_line():
    fig, ax = plt.subplots(figsize=(7, 4.5))
    set_fitted_title(ax, "Loans (log)")
    assert ax.get_title() == "Loans (log)"
    plt.close(fig)


def test_the_break_is_the_punctuation_closest_to_the_middle_and_loses_no_text():
    lines = two_line_title(LONG_ZH).split("\n")
    assert len(lines) == 2 and "".join(lines) == LONG_ZH
    assert abs(len(lines[0]) - len(lines[1])) <= 10
    assert two_line_title("没有可断开的位置") == "没有可断开的位置"
