"""report.city_analysis: one language-independent computation per city, shared by a batch."""

from __future__ import annotations

import pytest

from evalkit.memo import MEMO_ENV
from evalkit.panel import load
from evalkit.plans import PlanRegistry
from evalkit.report import city_analysis
from evalkit.report.city_analysis import analyse_city

ARGS = {"programme": "zj_growth_plan", "outcomes": ["loans", "va_secondary"], "years": (2008, 2023)}


@pytest.fixture(scope="module")
def inputs():
    return load(), PlanRegistry.load()


def test_a_batch_computes_once_and_the_second_call_reads_the_same_results(
    inputs, tmp_path, monkeypatch
):
    panel, registry = inputs
    monkeypatch.delenv(MEMO_ENV, raising=False)
    computed = analyse_city(panel, registry, "330100", **ARGS)
    monkeypatch.setenv(MEMO_ENV, str(tmp_path))
    first = analyse_city(panel, registry, "330100", **ARGS)
    calls = []
    original = city_analysis.evaluate_city
    monkeypatch.setattr(city_analysis, "evaluate_city", lambda *a: calls.append(a) or original(*a))
    second = analyse_city(panel, PlanRegistry.load(), "330100", **ARGS)
    assert calls == []  # read from the batch cache, nothing estimated
    for result in (first, second):
        assert [h.headline for h in result.heads] == [h.headline for h in computed.heads]
        assert [h.verdict for h in result.heads] == [h.verdict for h in computed.heads]
        assert result.notes == computed.notes and result.its_notes == computed.its_notes
        assert result.design.to_dict() == computed.design.to_dict()
        assert result.sample.equals(computed.sample)
        assert {o: f.estimate for o, f in result.its_fits.items()} == {
            o: f.estimate for o, f in computed.its_fits.items()
        }
        assert result.attainment.own.equals(computed.attainment.own)
    assert len(list(tmp_path.glob("*.pkl"))) >= 1


def test_the_notes_are_data_not_warnings(inputs, recwarn):
    panel, registry = inputs
    result = analyse_city(panel, registry, "330200", **ARGS)
    assert [h.outcome for h in result.heads] == ARGS["outcomes"]
    assert not [w for w in recwarn if w.category is not DeprecationWarning]
    assert all(isinstance(note, str) for note in [*result.notes, *result.its_notes])
