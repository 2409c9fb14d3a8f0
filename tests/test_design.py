import pytest

from evalkit.design import rollout_sample
from evalkit.errors import ParameterError


def test_rollout_sample_has_zhejiang_treated_from_2015(panel):
    sample = rollout_sample(panel, ["night_lights"], years=(2008, 2018))
    treated = sample.loc[sample.first_treated_year > 0, "unit_code"].unique()
    assert len(treated) == 11
    assert all(code.startswith("33") for code in treated)
    assert set(sample.first_treated_year) == {0, 2015}
    assert sample.year.min() == 2008 and sample.year.max() == 2018
    assert not sample.duplicated(["unit_code", "year"]).any()


def test_start_outside_window_is_a_parameter_error(panel):
    with pytest.raises(
        ParameterError, match="start_year=2015 must lie after the first sample year 2016"
    ):
        rollout_sample(panel, ["night_lights"], years=(2016, 2018))
