import pytest

from evalkit.errors import EstimationError
from evalkit.synth import donor_pool


def test_exclusions_are_listed_with_reasons():
    pool = donor_pool(["a", "b", "c"], {"b": "low-carbon pilot 2012"})
    assert pool.units == ("a", "c")
    assert pool.exclusions.to_dict("records") == [{"unit": "b", "reason": "low-carbon pilot 2012"}]
    assert len(pool) == 2


def test_excluding_a_non_candidate_is_an_error():
    with pytest.raises(EstimationError) as error:
        donor_pool(["a", "b"], {"z": "typo"})
    assert str(error.value) == (
        "donor_pool: exclude names unit(s) ['z'] that are not candidates; rule: only "
        "candidates can be excluded; fix: check the unit codes (type and spelling)"
    )


def test_empty_reason_is_an_error():
    with pytest.raises(EstimationError, match="has no reason"):
        donor_pool(["a", "b"], {"a": "  "})


def test_repeated_candidate_is_an_error():
    with pytest.raises(EstimationError, match=r"\['a'\] appear more than once"):
        donor_pool(["a", "a", "b"])
