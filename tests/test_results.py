"""The shared result schema: tidy frames and the one-term display mixin."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from evalkit.results import TIDY_COLUMNS, OneTermResult, tidy_frame


@dataclass(frozen=True)
class _Fit(OneTermResult):
    term: str
    estimate: float
    std_error: float
    statistic: float
    p_value: float
    conf_low: float
    conf_high: float

    def summary(self) -> str:
        return f"{self.term}: {self.estimate}"


def test_one_term_result_tidies_its_fields_in_schema_order_and_displays_both():
    fit = _Fit("treated_post", 0.5, 0.25, 2.0, 0.05, 0.01, 0.99)
    tidy = fit.tidy()
    assert list(tidy.columns) == TIDY_COLUMNS
    assert tidy.iloc[0].tolist() == ["treated_post", 0.5, 0.25, 2.0, 0.05, 0.01, 0.99]
    html = fit._repr_html_()
    assert html.startswith('<div class="evalkit-result"><p>treated_post: 0.5</p>')
    assert "<td>0.2500</td>" in html


def test_tidy_frame_uses_t_with_df_and_normal_without():
    normal = tidy_frame(["a"], [1.0], [0.5]).iloc[0]
    assert normal.conf_high == pytest.approx(1.0 + 1.959963984540054 * 0.5)
    small = tidy_frame(["a"], [1.0], [0.5], df=4, event_time=[0]).iloc[0]
    assert small.conf_high == pytest.approx(1.0 + 2.7764451051977987 * 0.5)
    assert small.event_time == 0
