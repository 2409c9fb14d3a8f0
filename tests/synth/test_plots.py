import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.figure import Figure

from evalkit.synth import synthetic_control
from evalkit.synth.plots import plot_actual_vs_synthetic, plot_gaps, plot_weights

from .conftest import CALIFORNIA_ARGS


@pytest.fixture(scope="module")
def fit(california):
    return synthetic_control(california, **CALIFORNIA_ARGS, leave_one_out=False)


def test_figures_from_tidy_frames(fit):
    first = plot_actual_vs_synthetic(fit.path(), title="California")
    assert isinstance(first, Figure) and len(first.axes[0].lines) == 3
    gaps = plot_gaps(fit.path(), fit.placebo_gaps)
    assert len(gaps.axes[0].lines) == 38 + 1 + 2
    bars = plot_weights(fit.weights(), top=5)
    assert len(bars.axes[0].patches) == 5
