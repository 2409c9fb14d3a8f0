import pytest

from evalkit.design import rollout_sample
from evalkit.design.rollout import first_round_start
from evalkit.errors import ParameterError
from evalkit.plans import PlanRegistry


def test_rollout_sample_has_zhejiang_treated_from_the_first_round(panel):
    plans = PlanRegistry.load().plans
    first = int(plans.loc[plans["programme"] == "zj_growth_plan", "period_start"].min())
    assert first_round_start() == first
    sample = rollout_sample(panel, ["night_lights"], years=(2008, 2018))
    treated = sample.loc[sample.first_treated_year > 0, "unit_code"].unique()
    assert len(treated) == (panel.units["province_code"] == "330000").sum()
    assert all(code.startswith("33") for code in treated)
    assert set(sample.first_treated_year) == {0, first}
    assert sample.year.min() == 2008 and sample.year.max() == 2018
    assert not sample.duplicated(["unit_code", "year"]).any()


def test_first_treated_year_outside_window_is_a_parameter_error(panel):
    first = first_round_start()
    with pytest.raises(
        ParameterError,
        match=f"first_treated_year={first} must lie after the first sample year {first + 1}",
    ):
        rollout_sample(panel, ["night_lights"], years=(first + 1, first + 3))
