"""Titles that fit their figure (plots.titles).

Oracle: the title's drawn width against the figure's, measured by matplotlib's own renderer
with the CJK font the reports use.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from evalkit.i18n import figure_text, text
from evalkit.plots import plot_event_study, use_cjk_font
from evalkit.plots.titles import set_fitted_title, two_line_title

LONG_ZH = text("cityhead_key_figure", "zh", outcome="年末金融机构贷款余额（对数）")


def _inside(ax) -> bool:
    box = ax.title.get_window_extent()
    return box.x0 >= 0 and box.x1 <= ax.get_figure().bbox.width


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_city_key_figure_title_fits_a_report_figure(language):
    use_cjk_font()
    title = text("cityhead_key_figure", language, outcome="年末金融机构贷款余额（对数）")
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.set_ylabel("平均处理效应估计值\n(a wide label pushes the axes right)")
    set_fitted_title(ax, title)
    assert _inside(ax)
    joiner = " " if language == "en" else ""
    assert ax.get_title().replace("\n", joiner) == title
    plt.close(fig)


def test_a_figure_made_without_pyplot_is_measured_too():
    fig = Figure(figsize=(3, 2))  # the reports' figures have a plain canvas
    ax = fig.subplots()
    set_fitted_title(ax, "A rather long title, which cannot fit on a three-inch figure")
    assert "\n" in ax.get_title() and _inside(ax)


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


def test_the_event_study_figure_keeps_a_long_title_inside():
    use_cjk_font()
    tidy = pd.DataFrame({"event_time": [-2, -1, 0, 1], "estimate": [0.1, 0.0, 0.2, 0.3],
                         "conf_low": [-0.1, 0.0, 0.0, 0.1],
                         "conf_high": [0.3, 0.0, 0.4, 0.5]})  # fmt: skip
    fig = plot_event_study(tidy, labels=figure_text("event_study", "zh"), title=LONG_ZH)
    assert _inside(fig.axes[0]) and "\n" in fig.axes[0].get_title()
    plt.close(fig)
