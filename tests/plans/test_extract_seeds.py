"""Precision and recall of the extractors on the seeds the registry was transcribed from.

The figures are computed here from the seed documents (../shared/seeds, or $EVALKIT_SEEDS_DIR)
and the committed registry; the floors are what was measured when the extractors were written
(scripts/extract_eval.py prints the same table). A missing seed folder fails, it does not skip.
The keyword table was written with these seeds in view: the indicator mapping is in-sample here.
"""

from __future__ import annotations

import pytest

from evalkit.plans.extract_seeds import seed_comparisons

#: comparison -> (precision floor, recall floor), as measured (rounded down).
FLOORS = {
    "targets:lanxi_growth_2018": (0.995, 1.0),  # 217/218, 217/217
    "targets:jiaxing_growth_2021": (1.0, 1.0),  # 32/32, 32/32
    "reported:000_bfe12aea64607f33.txt": (0.59, 1.0),  # 26/44, 26/26
    "reported-keyed:000_bfe12aea64607f33.txt": (0.89, 1.0),  # 26/29, 26/26
    "reported:002_e9b2abd4ad84d207.txt": (0.25, 0.88),  # 16/64, 16/18
    "reported-keyed:002_e9b2abd4ad84d207.txt": (0.84, 0.88),  # 16/19, 16/18
}


@pytest.fixture(scope="module")
def comparisons():
    return seed_comparisons()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_seed_precision_and_recall_stay_at_or_above_the_measured_floor(comparisons, name):
    result = comparisons[name]
    precision_floor, recall_floor = FLOORS[name]
    assert result.precision >= precision_floor, result.summary()
    assert result.recall >= recall_floor, result.summary()


def test_target_seeds_meet_the_issue_aim_of_95_percent(comparisons):
    for name in ("targets:lanxi_growth_2018", "targets:jiaxing_growth_2021"):
        assert min(comparisons[name].precision, comparisons[name].recall) >= 0.95


def test_lanxi_allocation_table_is_read_in_full(comparisons):
    lanxi = comparisons["targets:lanxi_growth_2018"]
    assert lanxi.n_registry == 217 and lanxi.misses.empty
    (false_hit,) = lanxi.false_hits.itertuples()
    assert (false_hit.indicator_zh, false_hit.target, false_hit.unit) == ("其中改建", 50.0, "%")
