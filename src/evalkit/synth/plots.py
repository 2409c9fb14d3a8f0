"""Figures for synthetic counterfactuals. Each takes tidy frames and returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from evalkit.plots.fonts import use_cjk_font


def _start_line(ax, path: pd.DataFrame) -> None:
    post = path.loc[path["period"] == "post", "time"]
    if len(post):
        ax.axvline(post.min() - 0.5, color="grey", linestyle=":", linewidth=1)


def plot_actual_vs_synthetic(
    path: pd.DataFrame,
    *,
    title: str = "",
    ylabel: str = "",
    labels: tuple[str, str] = ("actual", "synthetic"),
) -> Figure:
    """Plot the treated unit's outcome against its synthetic counterfactual.

    Parameters
    ----------
    path : pandas.DataFrame
        ``time, actual, synthetic, period`` as from :meth:`SynthResult.path`.
    title, ylabel : str
        Figure labels (Chinese text renders through :func:`evalkit.plots.use_cjk_font`).
    labels : (str, str)
        Legend labels of the two lines.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> path = pd.DataFrame({"time": [1, 2, 3], "actual": [1.0, 2, 4], "synthetic": [1.0, 2, 3],
    ...                      "period": ["pre", "pre", "post"]})
    >>> len(plot_actual_vs_synthetic(path).axes)
    1
    """
    use_cjk_font()
    figure, ax = plt.subplots(figsize=(7, 4))
    ax.plot(path["time"], path["actual"], color="black", label=labels[0])
    ax.plot(path["time"], path["synthetic"], color="tab:blue", linestyle="--", label=labels[1])
    _start_line(ax, path)
    ax.set(title=title, ylabel=ylabel)
    ax.legend(frameon=False)
    return figure


def plot_gaps(
    path: pd.DataFrame,
    placebo_gaps: pd.DataFrame | None = None,
    *,
    title: str = "",
    ylabel: str = "gap",
) -> Figure:
    """Plot the treated gap path over the placebo units' gap paths (grey).

    Parameters
    ----------
    path : pandas.DataFrame
        ``time, gap, period`` as from :meth:`SynthResult.path`.
    placebo_gaps : pandas.DataFrame, optional
        Long ``unit, time, gap`` as in :attr:`SynthResult.placebo_gaps`.
    title, ylabel : str
        Figure labels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> path = pd.DataFrame({"time": [1, 2], "gap": [0.0, 1.0], "period": ["pre", "post"]})
    >>> placebo = pd.DataFrame({"unit": ["b", "b"], "time": [1, 2], "gap": [0.1, -0.2]})
    >>> len(plot_gaps(path, placebo).axes[0].lines)
    4
    """
    use_cjk_font()
    figure, ax = plt.subplots(figsize=(7, 4))
    if placebo_gaps is not None:
        for _, rows in placebo_gaps.groupby("unit", sort=False):
            ax.plot(rows["time"], rows["gap"], color="lightgrey", linewidth=0.8)
    ax.plot(path["time"], path["gap"], color="black", linewidth=1.8)
    ax.axhline(0, color="grey", linewidth=0.8)
    _start_line(ax, path)
    ax.set(title=title, ylabel=ylabel)
    return figure


def plot_weights(weights: pd.DataFrame, *, top: int = 15, title: str = "") -> Figure:
    """Horizontal bar chart of the largest donor weights.

    Parameters
    ----------
    weights : pandas.DataFrame
        ``unit, weight`` as from :meth:`SynthResult.weights`.
    top : int
        Number of donors shown.
    title : str
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> table = pd.DataFrame({"unit": ["a", "b"], "weight": [0.7, 0.3]})
    >>> len(plot_weights(table).axes[0].patches)
    2
    """
    use_cjk_font()
    shown = weights.sort_values("weight", ascending=False).head(top).iloc[::-1]
    figure, ax = plt.subplots(figsize=(6, 0.3 * len(shown) + 1.2))
    ax.barh(shown["unit"].astype(str), shown["weight"], color="tab:blue")
    ax.set(title=title, xlabel="weight", xlim=(0, 1))
    return figure
