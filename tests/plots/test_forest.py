import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from evalkit.errors import ParameterError
from evalkit.plots.forest import FADED_COLOR, POOLED_COLOR, UNIT_COLOR, plot_forest


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["杭州", "宁波", "温州"],
            "estimate": [1.0, -2.0, 0.5],
            "conf_low": [0.2, -5.0, -1.0],
            "conf_high": [1.8, 1.0, 2.0],
            "faded": [False, True, True],
        }
    )


def test_rows_top_to_bottom_with_pooled_last(frame):
    figure = plot_forest(
        frame, xlabel="%", pooled={"estimate": 0.1, "conf_low": -1, "conf_high": 1.2},
        pooled_label="合并",
    )  # fmt: skip
    axis = figure.axes[0]
    assert [t.get_text() for t in axis.get_yticklabels()] == ["杭州", "宁波", "温州", "合并"]
    # the y axis is inverted so the first row is on top
    assert axis.get_ylim() == (3.5, -0.5)
    plt.close(figure)


def test_points_sit_at_the_estimates_and_faded_rows_are_grey(frame):
    figure = plot_forest(frame, xlabel="%")
    lines = [line for line in figure.axes[0].get_lines() if line.get_marker() == "o"]
    by_color = {to_rgba(line.get_color()): line for line in lines}
    solid = by_color[to_rgba(UNIT_COLOR)]
    faded = by_color[to_rgba(FADED_COLOR)]
    np.testing.assert_allclose(np.asarray(solid.get_xdata(), dtype=float), [1.0])
    np.testing.assert_allclose(np.asarray(faded.get_xdata(), dtype=float), [-2.0, 0.5])
    np.testing.assert_allclose(np.asarray(faded.get_ydata(), dtype=float), [1.0, 2.0])
    plt.close(figure)


def test_pooled_is_a_diamond_at_its_estimate(frame):
    figure = plot_forest(
        frame, xlabel="%", pooled={"estimate": 0.3, "conf_low": -1, "conf_high": 1.2}
    )
    diamonds = [line for line in figure.axes[0].get_lines() if line.get_marker() == "D"]
    assert len(diamonds) == 1
    assert to_rgba(diamonds[0].get_color()) == to_rgba(POOLED_COLOR)
    np.testing.assert_allclose(np.asarray(diamonds[0].get_xdata(), dtype=float), [0.3])
    plt.close(figure)


def test_zero_line_drawn(frame):
    figure = plot_forest(frame, xlabel="%")
    vertical = [line for line in figure.axes[0].get_lines() if list(line.get_xdata()) == [0.0, 0.0]]
    assert len(vertical) == 1
    plt.close(figure)


def test_missing_column_names_it(frame):
    with pytest.raises(ParameterError, match=r"column\(s\) \['conf_high'\] missing"):
        plot_forest(frame.drop(columns="conf_high"), xlabel="%")
