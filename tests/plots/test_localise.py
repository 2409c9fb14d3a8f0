"""Figures drawn with fixed English labels are put into the report's language."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from evalkit.errors import ParameterError
from evalkit.plans import plot_plan_timeline
from evalkit.plots import localise_figure
from evalkit.trend.plots import plot_its

PATH = pd.DataFrame(
    {
        "time": [2013, 2014, 2015, 2016],
        "actual": [1.0, 1.2, 1.9, 2.1],
        "fitted": [1.0, 1.2, 1.9, 2.1],
        "counterfactual": [1.0, 1.2, 1.4, 1.6],
        "pred_low": [0.9, 1.1, 1.2, 1.3],
        "pred_high": [1.1, 1.3, 1.6, 1.9],
        "period": ["pre", "pre", "post", "post"],
    }
)
LINKS = pd.DataFrame(
    {
        "unit_code": ["330400", "330400"],
        "unit_name": ["嘉兴市", "嘉兴市"],
        "programme": ["zj_growth_plan", "liangchuang_demo"],
        "membership": ["confirmed", "inferred"],
        "via": ["province", "direct"],
        "period_start": [2015, 2016],
        "period_end": [2017, 2018],
    }
)


def _legend(figure) -> list[str]:
    return [text.get_text() for text in figure.axes[0].get_legend().get_texts()]


def test_its_legend_is_chinese_in_zh_and_english_in_en():
    zh = localise_figure(plot_its(PATH, title="城镇个体劳动者 (万人)", ylabel="对数"), "zh")
    assert _legend(zh) == ["实际值", "计划前趋势的外推"]
    assert zh.axes[0].get_title() == "城镇个体劳动者 (万人)"  # not a known label: kept
    en = localise_figure(plot_its(PATH), "en")
    assert _legend(en) == ["actual", "pre-plan trend"]
    plt.close("all")


def test_plan_timeline_programmes_and_axis_follow_the_language():
    zh = localise_figure(plot_plan_timeline(LINKS), "zh")
    assert zh.axes[0].get_xlabel() == "年份"
    assert _legend(zh)[:2] == [
        "小微企业创业创新基地城市示范（两创示范）",
        "浙江省小微企业三年成长计划",
    ]
    assert "推断" in _legend(zh) and "inferred" not in _legend(zh)
    en = localise_figure(plot_plan_timeline(LINKS), "en")
    assert en.axes[0].get_xlabel() == "Year"
    assert "Low-carbon city pilot" not in _legend(en)
    assert _legend(en)[0] == "Entrepreneurship and Innovation Base Demonstration Cities"
    plt.close("all")


def test_longer_labels_get_room_again():
    figure = plot_plan_timeline(LINKS)
    before = figure.axes[0].get_position().x1
    localise_figure(figure, "zh")
    figure.canvas.draw()
    legend = figure.axes[0].get_legend().get_window_extent()
    assert figure.axes[0].get_position().x1 < before  # axes shrank for the wider legend
    assert legend.x1 <= figure.bbox.x1 + 0.5  # and the legend is inside the figure
    plt.close(figure)


def test_unknown_language_is_refused():
    figure, _ = plt.subplots()
    with pytest.raises(ParameterError, match=r"language='fr' is not supported"):
        localise_figure(figure, "fr")
    plt.close(figure)
