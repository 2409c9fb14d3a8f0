"""The plan timeline figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from evalkit.plans import plot_plan_timeline


def test_timeline_draws_one_bar_per_link_and_one_row_per_unit(registry):
    links = registry.unit_plans(["330100", "330200", "310000"])
    figure = plot_plan_timeline(links, last_year=2023)
    axis = figure.axes[0]
    assert len(axis.patches) == len(links)
    assert len(axis.get_yticks()) == 3
    assert any("杭州" in label.get_text() or "330100" in label.get_text()
               for label in axis.get_yticklabels())  # fmt: skip
