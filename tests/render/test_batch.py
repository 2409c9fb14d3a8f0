"""Tests of evalkit.render.batch: which cities, parameter checks before any kernel, the index.

A small hand-made panel summary stands in for the real one: the checks only read its unit
codes, indicator ids and year range.
"""

from __future__ import annotations

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.errors import ParameterError
from evalkit.render.batch import (
    city_parameters,
    pooled_parameters,
    report_notebook_validators,
    treated_cities,
    write_batch_index,
)
from evalkit.render.engine import RenderOutcome
from evalkit.render.index_data import POOLED_NOTEBOOKS
from evalkit.render.render import RenderSummary

# Hangzhou and Ningbo are Zhejiang cities (treated by the growth plan); Beijing is not.
SUMMARY = {
    "units": [{"unit_code": "330200"}, {"unit_code": "110000"}, {"unit_code": "330100"}],
    "indicators": ["gdp", "loans"],
    "years": [2005, 2023],
}


def test_treated_cities_are_the_programmes_units_present_in_the_summary():
    assert treated_cities(SUMMARY) == ["330100", "330200"]
    assert treated_cities({"units": [], "indicators": [], "years": [2000, 2001]}) == []


def test_unknown_programme_is_named_with_the_valid_ones():
    with pytest.raises(ParameterError) as error:
        treated_cities(SUMMARY, "growth")
    assert str(error.value) == "programme='growth'; valid: ['zj_growth_plan', 'liangchuang_demo']"


def test_valid_parameters_come_back_complete_and_as_lists():
    found = city_parameters(
        SUMMARY, "330200", outcomes=("loans",), first_year=2005, end_year=2023, seed=7
    )
    assert found == {
        "city_code": "330200",
        "outcomes": ["loans"],
        "programme": "zj_growth_plan",
        "first_year": 2005,
        "end_year": 2023,
        "language": "zh",
        "seed": 7,
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"city_code": "110000"},
            "city_code='110000' is not a treated city of zj_growth_plan in the panel; "
            "valid: ['330100', '330200']",
        ),
        (
            {"outcomes": "gdp"},
            "outcomes='gdp'; rule: a non-empty list of indicator ids; valid: ['gdp', 'loans']",
        ),
        ({"outcomes": ["gdp", "wages"]}, "outcome(s) ['wages'] not in the panel; valid: "
                                         "['gdp', 'loans']"),
        (
            {"first_year": 2004},
            "years 2004-2023 out of range; valid: 2005 <= first_year < end_year <= 2023",
        ),
        (
            {"first_year": 2010, "end_year": 2010},
            "years 2010-2010 out of range; valid: 2005 <= first_year < end_year <= 2023",
        ),
        ({"seed": True}, "seed=True; valid: a non-negative integer"),
        ({"seed": -1}, "seed=-1; valid: a non-negative integer"),
        ({"seed": 1.0}, "seed=1.0; valid: a non-negative integer"),
        ({"language": "fr"}, "language='fr' is not supported; choose one of ('zh', 'en')"),
    ],
)  # fmt: skip
def test_each_bad_parameter_is_one_line_naming_value_and_valid_choices(arguments, message):
    defaults = {"city_code": "330100", "outcomes": ["gdp"], "first_year": 2005, "end_year": 2023}
    with pytest.raises(ParameterError) as error:
        city_parameters(SUMMARY, **(defaults | arguments))
    assert str(error.value) == message


def test_pooled_parameters_take_exactly_the_language():
    assert pooled_parameters("liangchuang_did", {"language": "zh"}) == {"language": "zh"}
    with pytest.raises(ParameterError) as error:
        pooled_parameters("province_did", {"language": "en", "seed": 1})
    assert str(error.value) == (
        "province_did: parameters ['language', 'seed']; valid: ['language'] for the pooled "
        f"reports {sorted(POOLED_NOTEBOOKS)}"
    )
    with pytest.raises(ParameterError, match=r"^unknown: parameters \['language'\]; valid: \[\]"):
        pooled_parameters("unknown", {"language": "en"})
    with pytest.raises(ParameterError, match=r"^language='de' is not supported"):
        pooled_parameters("province_did", {"language": "de"})


def test_validators_cover_the_city_notebook_and_each_pooled_notebook_on_disk():
    validators = report_notebook_validators(SUMMARY)
    expected = {"notebooks/city_report.ipynb"} | {
        f"notebooks/{name}.ipynb"
        for name in POOLED_NOTEBOOKS
        if (PROJECT_ROOT / "notebooks" / f"{name}.ipynb").is_file()
    }
    assert set(validators) == expected
    notebook, validate = validators["notebooks/city_report.ipynb"]
    assert notebook == PROJECT_ROOT / "notebooks" / "city_report.ipynb"
    assert validate({"city_code": "330100", "outcomes": ["gdp"], "first_year": 2005,
                     "end_year": 2023})["programme"] == "zj_growth_plan"  # fmt: skip
    with pytest.raises(ParameterError, match=r"^city report parameters \['colour'\] invalid"):
        validate({"city_code": "330100", "colour": "red"})
    with pytest.raises(ParameterError, match=r"^city report parameters \(no city_code\) invalid"):
        validate({"seed": 1})
    _, pooled = validators["notebooks/province_did.ipynb"]
    with pytest.raises(ParameterError, match=r"^province_did: parameters \[\]"):
        pooled({})


def test_batch_index_lists_a_failed_job_with_its_error(tmp_path):
    failed = RenderOutcome("330100", ok=False, seconds=1.0, error="cell 3: boom")
    index = write_batch_index(RenderSummary((failed,)), tmp_path, language="zh")
    assert index == {"330100": {"error": "cell 3: boom"}}
    assert "cell 3: boom" in (tmp_path / "index.html").read_text("utf-8")
    with pytest.raises(ParameterError, match=r"^language='xx'"):
        write_batch_index(RenderSummary(()), tmp_path, language="xx")
