import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

from evalkit.trend import interrupted_time_series
from evalkit.trend.plots import plot_its, plot_placebo_breaks


def test_its_figures():
    years = np.arange(2000, 2016)
    data = pd.DataFrame({"year": years, "y": 0.1 * years + (years >= 2010) + np.sin(years)})
    fit = interrupted_time_series(data, tname="year", yname="y", start=2010)
    figure = plot_its(fit.path, title="t")
    assert len(figure.axes[0].lines) == 4  # two segments, projection, start line
    bars = plot_placebo_breaks(fit.placebos, 2.0)
    assert len(bars.axes[0].patches) == len(fit.placebos)
