import threading
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from evalkit import memo
from evalkit.did.twfe import twfe
from evalkit.simulate import simulate_staggered_panel

CALLS: list[tuple] = []


def _counted(frame, scale=1.0):
    CALLS.append((len(frame), scale))
    if scale < 0:
        raise ValueError("negative scale")
    warnings.warn(f"scaled by {scale}", UserWarning, stacklevel=1)
    return frame["y"].sum() * scale


counted = memo.memoize(_counted)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    CALLS.clear()
    monkeypatch.setenv(memo.MEMO_ENV, str(tmp_path))
    return tmp_path


def frame():
    return pd.DataFrame({"y": [1.0, 2.0, 4.0], "g": ["a", "b", "c"]})


def test_without_the_variable_every_call_computes(monkeypatch):
    monkeypatch.delenv(memo.MEMO_ENV, raising=False)
    CALLS.clear()
    with pytest.warns(UserWarning, match="scaled by 2"):
        assert counted(frame(), scale=2.0) == 14.0
    with pytest.warns(UserWarning):
        counted(frame(), scale=2.0)
    assert len(CALLS) == 2


def test_an_equal_call_is_read_back_with_its_warnings(cache):
    with pytest.warns(UserWarning, match="scaled by 2"):
        first = counted(frame(), scale=2.0)
    with pytest.warns(UserWarning, match="scaled by 2"):  # replayed, not recomputed
        second = counted(frame().copy(), scale=2.0)
    assert first == second == 14.0
    assert CALLS == [(3, 2.0)]
    assert [p.suffix for p in sorted(cache.iterdir())] == [".lock", ".pkl"]


def test_changed_content_dtype_columns_index_or_parameters_give_new_keys():
    base = frame()
    variants = [
        base.assign(y=[1.0, 2.0, 4.5]),
        base.assign(y=base["y"].astype("float32")),
        base.rename(columns={"g": "h"}),
        base.set_axis([5, 6, 7]),
        base.rename_axis("row"),
    ]
    key = memo.call_key(_counted, (base,), {"scale": 1.0})
    keys = {memo.call_key(_counted, (v,), {"scale": 1.0}) for v in variants}
    keys |= {memo.call_key(_counted, (base,), {"scale": 1}), memo.call_key(_counted, (base,), {})}
    assert key not in keys and len(keys) == len(variants) + 2
    assert memo.call_key(_counted, (base.copy(),), {"scale": 1.0}) == key


class Keyed:
    """A container keyed by what its content_key() says (as Panel and PlanRegistry are)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def content_key(self) -> str:
        return self.key


def test_an_object_with_a_content_key_is_keyed_by_it():
    same = memo.call_key(_counted, (Keyed("a"),), {})
    assert memo.call_key(_counted, (Keyed("a"),), {}) == same
    assert memo.call_key(_counted, (Keyed("b"),), {}) != same
    assert memo.content_hash(frame(), [1]) == memo.content_hash(frame().copy(), [1])
    assert memo.content_hash(frame()) != memo.content_hash(frame().assign(y=0.0))
    with pytest.raises(memo.UnhashableError):
        memo.content_hash(object())


def test_the_code_fingerprint_is_part_of_the_key(monkeypatch):
    key = memo.call_key(_counted, (frame(),), {})
    monkeypatch.setattr(memo, "code_fingerprint", lambda: "another version of evalkit")
    assert memo.call_key(_counted, (frame(),), {}) != key


def test_other_arguments_and_failures_are_computed_not_cached(cache):
    generator = np.random.default_rng(0)
    assert memo.cached_call(lambda rng: rng.integers(10**9), (generator,), {}) != memo.cached_call(
        lambda rng: rng.integers(10**9), (generator,), {}
    )
    with pytest.raises(memo.UnhashableError):
        memo.call_key(_counted, (frame(), generator), {})
    for _ in range(2):
        with pytest.raises(ValueError, match="negative scale"):
            counted(frame(), scale=-1.0)
    assert CALLS == [(3, -1.0), (3, -1.0)]
    assert not list(cache.glob("*.pkl")) and not list(cache.glob(".*"))


def test_concurrent_callers_compute_once(cache):
    def slow(x):
        CALLS.append(x)
        time.sleep(0.3)
        return x * 2

    slow.__qualname__ = "slow_for_the_lock_test"
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(memo.cached_call(slow, (21,), {})))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42, 42, 42] and CALLS == [21]


def test_a_decorated_estimator_gives_the_same_result_cached_and_uncached(tmp_path, monkeypatch):
    data = simulate_staggered_panel(n_units=40, n_periods=5, random_state=2).data
    direct = twfe(data, "y", "year", "unit", "first_treated").tidy()
    monkeypatch.setenv(memo.MEMO_ENV, str(tmp_path))
    computed = twfe(data, "y", "year", "unit", "first_treated").tidy()
    read_back = twfe(data.copy(), "y", "year", "unit", "first_treated").tidy()
    pd.testing.assert_frame_equal(direct, computed, check_exact=True)
    pd.testing.assert_frame_equal(direct, read_back, check_exact=True)
    assert len(list(tmp_path.glob("*.pkl"))) == 1
