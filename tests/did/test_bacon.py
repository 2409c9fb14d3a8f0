import numpy as np
import pytest

from evalkit.did import bacon_decomposition, twfe
from evalkit.errors import EstimationError
from evalkit.i18n import figure_text
from evalkit.simulate import simulate_staggered_panel


def test_weights_sum_to_one_and_reproduce_twfe_on_mpdta(mpdta):
    out = bacon_decomposition(mpdta, "lemp", "year", "countyreal", "first_treat")
    coefficient = twfe(mpdta, "lemp", "year", "countyreal", "first_treat").estimate
    assert out.table.weight.sum() == pytest.approx(1.0, abs=1e-12)
    assert out.weighted_estimate == pytest.approx(coefficient, abs=1e-12)
    assert out.twfe_estimate == pytest.approx(coefficient, abs=1e-12)
    assert len(out.table) == 3 + 2 * 3  # 3 cohorts vs never, 3 pairs in both directions


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reproduces_twfe_on_simulated_panels(seed):
    sim = simulate_staggered_panel(
        n_units=400, n_periods=9, effect_growth=0.3, cohort_gap=0.4, random_state=seed
    )
    out = bacon_decomposition(sim.data, "y", "year", "unit", "first_treated")
    coefficient = twfe(sim.data, "y", "year", "unit", "first_treated").estimate
    assert out.table.weight.sum() == pytest.approx(1.0, abs=1e-12)
    assert (out.table.weight >= 0).all()
    assert out.weighted_estimate == pytest.approx(coefficient, abs=1e-10)


def test_forbidden_comparisons_are_negative_when_effects_grow():
    # one early and one late cohort, no noise: a growing effect makes "later vs earlier" biased
    sim = simulate_staggered_panel(
        n_units=300, n_periods=10, cohorts=[2003, 2007], effect=0.0, effect_growth=1.0,
        noise_sd=0.0, never_treated_share=0.2, random_state=4,
    )  # fmt: skip
    out = bacon_decomposition(sim.data, "y", "year", "unit", "first_treated")
    by_type = out.by_type().set_index("type")
    assert by_type.loc["later vs earlier treated", "estimate"] < 0
    assert by_type.loc["treated vs never treated", "estimate"] > 0


def test_needs_never_treated_units(mpdta):
    with pytest.raises(EstimationError, match="fix: add never-treated units"):
        bacon_decomposition(
            mpdta[mpdta.first_treat > 0], "lemp", "year", "countyreal", "first_treat"
        )


def test_plot_returns_a_figure(mpdta):
    out = bacon_decomposition(mpdta, "lemp", "year", "countyreal", "first_treat")
    fig = out.plot(labels=figure_text("bacon", "zh"))
    assert len(fig.axes[0].collections) == 3
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-1] == f"双向固定效应 = {out.twfe_estimate:.3f}"
    assert "晚处理组 vs 早处理组（已处理对照）" in legend
    assert fig.axes[0].get_xlabel() == "权重"
    english = [t.get_text() for t in out.plot().axes[0].get_legend().get_texts()]
    assert english[-1] == f"TWFE = {out.twfe_estimate:.3f}"
    assert "later vs earlier treated" in english
    assert np.isclose(fig.axes[0].lines[0].get_ydata()[0], out.twfe_estimate)
