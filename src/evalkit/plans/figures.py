"""Timeline figure of plans and designations by city (returns a Figure; never shows or saves)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from evalkit.plots import use_cjk_font

MEMBERSHIP_HATCH = {"confirmed": "", "inferred": "//", "incomplete-batch": "xx"}


def plot_plan_timeline(
    links: pd.DataFrame, *, last_year: int = 2023, labels: Mapping[str, str] | None = None
) -> Figure:
    """Draw one row per unit and one bar per plan period, coloured by programme.

    Parameters
    ----------
    links : pandas.DataFrame
        The output of :meth:`PlanRegistry.unit_plans`: ``unit_code, unit_name, programme,
        membership, via, period_start, period_end``. Open-ended rows run to ``last_year``.
    last_year : int
        Right edge for open-ended designations.
    labels : mapping of str to str, optional
        Texts drawn, by key: ``year`` (horizontal axis, default "Year"), and a programme code
        or a membership value (``inferred``, ``incomplete-batch``) for its legend entry
        (default: the code itself). A report passes
        :func:`evalkit.i18n.figure_text` ``("plan_timeline", language)``.

    Returns
    -------
    matplotlib.figure.Figure
        Hatching marks inferred (//) and unknown (xx) membership; a dot marks rows that reach
        the unit through a county or district awardee.

    Examples
    --------
    >>> links = pd.DataFrame({"unit_code": ["330100"], "unit_name": ["杭州市"],
    ...     "programme": ["liangchuang_demo"], "membership": ["confirmed"], "via": ["direct"],
    ...     "period_start": [2015], "period_end": [2017]})
    >>> plot_plan_timeline(links).axes[0].get_ylabel()
    ''
    >>> figure = plot_plan_timeline(links, labels={"liangchuang_demo": "两创示范"})
    >>> [t.get_text() for t in figure.axes[0].get_legend().get_texts()][0]
    '两创示范'
    """
    text = {"year": "Year", **(labels or {})}
    use_cjk_font()
    programmes = sorted(links["programme"].unique())
    colours = dict(zip(programmes, plt.get_cmap("tab10").colors, strict=False))
    units = links.drop_duplicates("unit_code").sort_values("unit_code", ascending=False)
    rows = {code: index for index, code in enumerate(units["unit_code"])}
    height = 0.8 / max(len(programmes), 1)
    figure, axis = plt.subplots(figsize=(10, 0.28 * len(rows) + 1.5))
    for link in links.itertuples():
        end = last_year if pd.isna(link.period_end) else int(link.period_end)
        offset = programmes.index(link.programme) * height - 0.4
        y = rows[link.unit_code] + offset
        axis.barh(
            y, end - int(link.period_start) + 1, left=int(link.period_start), height=height,
            color=colours[link.programme], hatch=MEMBERSHIP_HATCH[link.membership],
            edgecolor="black", linewidth=0.3, align="edge",
        )  # fmt: skip
        if link.via == "sub_unit":
            axis.plot(int(link.period_start) + 0.3, y + height / 2, "k.", markersize=4)
    axis.set_yticks(list(rows.values()), units["unit_name"] + " " + units["unit_code"])
    axis.set_xlabel(text["year"])
    axis.grid(axis="x", linewidth=0.3)
    handles = [Patch(facecolor=colours[p], label=text.get(p, p)) for p in programmes]
    handles += [Patch(facecolor="white", edgecolor="black", hatch=h, label=text.get(m, m))
                for m, h in MEMBERSHIP_HATCH.items() if h]  # fmt: skip
    axis.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    figure.tight_layout()
    return figure
