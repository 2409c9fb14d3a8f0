"""Old names keep working for one release, warn with the new name, and give the same numbers."""

import importlib
import pkgutil
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import evalkit
import evalkit.did
import evalkit.inference
import evalkit.panel
import evalkit.plots
import evalkit.synth
import evalkit.trend
from evalkit.deprecation import RENAMED, renamed_keywords
from evalkit.did import sun_abraham, twfe
from evalkit.errors import ParameterError
from evalkit.inference import randomization_test
from evalkit.simulate import simulate_staggered_panel
from evalkit.synth.placebo import placebo_standard_error
from evalkit.trend import interrupted_time_series

DOCS = Path(__file__).resolve().parent.parent / "docs" / "estimators.md"


@pytest.fixture(scope="module")
def sim():
    data = simulate_staggered_panel(n_units=60, n_periods=6, noise_sd=0.1, random_state=4).data
    return data.assign(province=data["unit"] % 6)


def _old_and_new(old_call, new_call, message):
    with pytest.warns(DeprecationWarning, match=re.escape(message)):
        old = old_call()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        new = new_call()
    return old, new


def test_old_cluster_keyword_gives_the_same_fit(sim):
    args = (sim, "y", "year", "unit", "first_treated")
    old, new = _old_and_new(
        lambda: twfe(*args, clustervar="province"),
        lambda: twfe(*args, clustervars="province"),
        "twfe: the keyword 'clustervar' is renamed 'clustervars'; fix: write clustervars=...",
    )
    pd.testing.assert_frame_equal(old.tidy(), new.tidy())
    assert new.n_clusters == 6


def test_old_seed_keyword_gives_the_same_draws():
    estimates = np.array([0.1, -0.3, 0.25, 0.4, -0.05])
    old, new = _old_and_new(
        lambda: placebo_standard_error(estimates, replications=40, seed=3),
        lambda: placebo_standard_error(estimates, replications=40, random_state=3),
        "placebo_standard_error: the keyword 'seed' is renamed 'random_state'",
    )
    assert old == new


def test_old_randomization_cluster_keyword(sim):
    args = (sim.assign(cohort=sim["first_treated"]), "y", "year", "unit", "first_treated")
    old, new = _old_and_new(
        lambda: randomization_test(*args, cluster="cohort", n_permutations=30, random_state=1),
        lambda: randomization_test(*args, clustervars="cohort", n_permutations=30, random_state=1),
        "randomization_test: the keyword 'cluster' is renamed 'clustervars'",
    )
    assert old.p_value == new.p_value


def test_old_column_keywords_of_trend():
    years = np.arange(2000, 2016)
    data = pd.DataFrame({"year": years, "y": 0.1 * (years - 2000) + (years >= 2010)})
    old, new = _old_and_new(
        lambda: interrupted_time_series(data, time="year", outcome="y", start=2010),
        lambda: interrupted_time_series(data, tname="year", yname="y", start=2010),
        "interrupted_time_series: the keyword 'time' is renamed 'tname'",
    )
    assert old.level_change == pytest.approx(new.level_change) == pytest.approx(1.0)


def test_sun_abraham_control_group_values_follow_r_did(sim):
    args = (sim, "y", "year", "unit", "first_treated")
    old, new = _old_and_new(
        lambda: sun_abraham(*args, control_group="never"),
        lambda: sun_abraham(*args, control_group="nevertreated"),
        "sun_abraham: control_group='never' is renamed control_group='nevertreated'",
    )
    np.testing.assert_array_equal(old.estimate, new.estimate)


def test_old_function_names_warn_and_delegate():
    from evalkit.panel.cache import code_fingerprint, panel_code_fingerprint

    with pytest.warns(DeprecationWarning, match="code_fingerprint is renamed panel_code"):
        assert code_fingerprint() == panel_code_fingerprint()


def test_both_old_and_new_keyword_is_an_error():
    @renamed_keywords(seed="random_state")
    def draw(*, random_state=0):
        return random_state

    with pytest.raises(
        ParameterError,
        match=re.escape(
            "draw: both 'seed' and 'random_state' given; rule: 'seed' is the old name of "
            "'random_state'; fix: pass only random_state=..."
        ),
    ):
        draw(seed=1, random_state=2)


def test_new_signature_is_what_inspect_shows():
    import inspect

    parameters = inspect.signature(twfe).parameters
    assert "clustervars" in parameters and "clustervar" not in parameters


def test_every_rename_is_listed_in_the_docs():
    # renames register on import: import every module, not only the ones this file uses
    for module in pkgutil.walk_packages(evalkit.__path__, "evalkit."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    listed = DOCS.read_text(encoding="utf-8")
    rows = [
        f"| `{where}` | `{old}` | `{new}` |"
        for where, old, new in RENAMED
        if where.startswith("evalkit.")
    ]
    assert [row for row in rows if row not in listed] == []
    assert len(set(rows)) == len(rows) == listed.count("\n| `evalkit.")
