"""Forest plot: every unit's estimate and interval, the pooled estimate, and the zero line.

Drawn with matplotlib's ``errorbar`` rather than seaborn: seaborn's ``pointplot`` computes its
own intervals from raw observations and cannot draw intervals that an estimator supplies.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from evalkit.errors import ParameterError
from evalkit.plots.fonts import use_cjk_font

FOREST_COLUMNS = ("label", "estimate", "conf_low", "conf_high")
UNIT_COLOR = "#2e86c1"
FADED_COLOR = "#aab7b8"
POOLED_COLOR = "#c0392b"


def _check_columns(frame: pd.DataFrame, required: tuple[str, ...], name: str) -> None:
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise ParameterError(
            f"{name}: column(s) {missing} missing; the frame needs {list(required)} "
            f"(it has {list(frame.columns)})"
        )


def plot_forest(
    estimates: pd.DataFrame,
    *,
    xlabel: str,
    title: str = "",
    pooled: pd.Series | dict | None = None,
    pooled_label: str = "",
) -> Figure:
    """Plot estimates with their intervals, one row each, with the pooled estimate last.

    Parameters
    ----------
    estimates : pandas.DataFrame
        One row per unit: ``label, estimate, conf_low, conf_high`` and optionally ``faded``
        (bool: drawn in grey, e.g. where the verdict is "cannot tell"). Rows are drawn in the
        frame's order from the top.
    xlabel : str
        Axis label, e.g. "Effect (%)".
    title : str
        Figure title.
    pooled : mapping with ``estimate, conf_low, conf_high``, optional
        The pooled estimate, drawn as a diamond below the units.
    pooled_label : str
        Its row label.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> frame = pd.DataFrame({"label": ["a", "b"], "estimate": [1.0, -2.0],
    ...                       "conf_low": [0.5, -4.0], "conf_high": [1.5, 0.5]})
    >>> figure = plot_forest(frame, xlabel="%", pooled={"estimate": 0.2, "conf_low": -1.0,
    ...                      "conf_high": 1.4}, pooled_label="pooled")
    >>> [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    ['a', 'b', 'pooled']
    """
    _check_columns(estimates, FOREST_COLUMNS, "plot_forest")
    use_cjk_font()
    rows = estimates.reset_index(drop=True)
    n_rows = len(rows) + (pooled is not None)
    figure, axis = plt.subplots(figsize=(7, 0.8 + 0.32 * max(n_rows, 2)), layout="constrained")
    faded = rows["faded"].astype(bool) if "faded" in rows else pd.Series(False, index=rows.index)
    position = np.arange(len(rows), dtype=float)
    for is_faded, color in ((False, UNIT_COLOR), (True, FADED_COLOR)):
        part = rows.loc[faded == is_faded]
        if part.empty:
            continue
        errors = np.vstack(
            [part["estimate"] - part["conf_low"], part["conf_high"] - part["estimate"]]
        )
        axis.errorbar(
            part["estimate"], position[part.index], xerr=errors, fmt="o", color=color,
            ecolor=color, elinewidth=1.4, capsize=2.5, markersize=5,
        )  # fmt: skip
    labels = rows["label"].astype(str).tolist()
    if pooled is not None:
        low, high = float(pooled["conf_low"]), float(pooled["conf_high"])
        estimate = float(pooled["estimate"])
        y = float(len(rows))
        axis.errorbar(
            [estimate], [y], xerr=[[estimate - low], [high - estimate]], fmt="D",
            color=POOLED_COLOR, ecolor=POOLED_COLOR, elinewidth=2.0, capsize=3, markersize=7,
        )  # fmt: skip
        labels.append(pooled_label)
    axis.axvline(0.0, color="black", linewidth=0.8)
    axis.set_yticks(np.arange(n_rows), labels)
    axis.set_ylim(n_rows - 0.5, -0.5)
    axis.set_xlabel(xlabel)
    axis.grid(axis="x", color="#e5e8e8", linewidth=0.6)
    if title:
        axis.set_title(title, fontsize=11)
    return figure
