import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from evalkit.i18n import figure_text, text
from evalkit.plots import placebo_figure, plot_placebo, plot_trends


@pytest.fixture
def trends():
    years = np.arange(2010, 2020)
    return pd.concat(
        pd.DataFrame({"year": years, "group": group, "mean": years - 2010 + shift})
        for group, shift in [("this_city", 1.0), ("rest_of_province", 0.0), ("comparison", -1.0)]
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_trend_lines_carry_the_data_and_the_start(trends, language):
    figure = plot_trends(
        trends, ylabel="log GDP", start=2015, labels=figure_text("trends", language)
    )
    axis = figure.axes[0]
    lines = {line.get_label(): line for line in axis.get_lines()}
    city = lines[text("this_city", language)]
    np.testing.assert_array_equal(city.get_ydata(), np.arange(10) + 1.0)
    start_line = [line for line in axis.get_lines() if line.get_linestyle() == ":"]
    assert start_line[0].get_xdata()[0] == 2014.5
    assert axis.get_xlabel() == text("year", language)
    plt.close(figure)


def test_placebo_histogram_counts_every_effect_and_marks_the_estimate():
    effects = pd.Series(np.linspace(-1, 1, 40))
    figure = plot_placebo(effects, 0.8)
    axis = figure.axes[0]
    assert sum(patch.get_height() for patch in axis.patches) == 40
    assert axis.get_lines()[0].get_xdata()[0] == 0.8
    plt.close(figure)


def test_old_name_still_draws_with_a_warning():
    with pytest.warns(DeprecationWarning, match="placebo_figure is renamed plot_placebo"):
        figure = placebo_figure(pd.Series([0.1, 0.2]), 0.3)
    assert len(figure.axes) == 1
    plt.close(figure)
